/**
 * Cascading single choice over a `{ code, name, children }` tree (地区 province/city/district,
 * 国民经济分类 门类/大类/中类/小类), shown like the platform's: a read-only field, and under it one column per
 * level; choosing a node with no children (or at maxDepth) completes the choice. A search box finds deep
 * nodes by name or code without clicking through four levels.
 *
 * `Cascader` is the plain MUI control (value = codes from the root); `CascaderInput` binds it to a
 * react-admin form field.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Box,
  CircularProgress,
  InputAdornment,
  List,
  ListItemButton,
  ListItemText,
  Popover,
  TextField,
  Typography,
} from '@mui/material';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import { FieldTitle, useInput, useTranslate, type InputProps } from 'ra-core';
import { nodesAlong, searchPaths, useReferenceTree, type ReferenceTree, type TreeNode } from './referenceTrees';

export interface CascaderProps {
  options: readonly TreeNode[];
  /** Codes from the root, e.g. ['440000', '440100', '440106']. */
  value: readonly string[];
  onChange: (codes: string[], nodes: TreeNode[]) => void;
  onBlur?: () => void;
  label?: ReactNode;
  placeholder?: string;
  /** Levels to choose down to (2 for province/city); by default down to the leaves. */
  maxDepth?: number;
  required?: boolean;
  disabled?: boolean;
  error?: boolean;
  helperText?: ReactNode;
  loading?: boolean;
  fullWidth?: boolean;
  name?: string;
  id?: string;
  size?: 'small' | 'medium';
}

const COLUMN_WIDTH = 200;

export function Cascader({
  options,
  value,
  onChange,
  onBlur,
  label,
  placeholder,
  maxDepth = Infinity,
  required,
  disabled,
  error,
  helperText,
  loading,
  fullWidth = true,
  name,
  id,
  size,
}: CascaderProps) {
  const translate = useTranslate();
  const anchor = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  // While the popover is open, the path the user is browsing (not yet chosen).
  const [browsing, setBrowsing] = useState<TreeNode[]>([]);

  const selected = useMemo(() => nodesAlong(options, value), [options, value]);
  const display = selected.map((n) => n.name).join(' / ');

  const columns: (readonly TreeNode[])[] = [options];
  for (const node of browsing) {
    if (node.children?.length && columns.length < maxDepth) columns.push(node.children);
  }
  const matches = useMemo(() => searchPaths(options, search, maxDepth), [options, search, maxDepth]);

  const openPopover = () => {
    if (disabled) return;
    setBrowsing(selected);
    setSearch('');
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    onBlur?.();
  };
  const choose = (path: TreeNode[]) => {
    onChange(
      path.map((n) => n.code),
      path,
    );
    setOpen(false);
    onBlur?.();
  };
  const pick = (level: number, node: TreeNode) => {
    const path = [...browsing.slice(0, level), node];
    if (!node.children?.length || path.length >= maxDepth) choose(path);
    else setBrowsing(path);
  };

  return (
    <>
      <TextField
        ref={anchor}
        id={id}
        name={name}
        label={label}
        value={display}
        placeholder={placeholder ?? translate('app.cascader.placeholder')}
        required={required}
        disabled={disabled}
        error={error}
        helperText={helperText}
        fullWidth={fullWidth}
        size={size}
        onClick={openPopover}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
            e.preventDefault();
            openPopover();
          }
        }}
        slotProps={{
          input: {
            readOnly: true,
            endAdornment: (
              <InputAdornment position="end">
                {loading ? <CircularProgress size={18} /> : <ArrowDropDownIcon />}
              </InputAdornment>
            ),
          },
          inputLabel: display ? { shrink: true } : undefined,
        }}
        sx={{ '& input': { cursor: disabled ? 'default' : 'pointer' } }}
      />
      <Popover
        open={open}
        anchorEl={anchor.current}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Box sx={{ p: 1 }}>
          <TextField
            autoFocus
            size="small"
            fullWidth
            placeholder={translate('app.cascader.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </Box>
        {loading && !options.length ? (
          <Typography sx={{ p: 2 }} color="text.secondary">
            {translate('app.cascader.loading')}
          </Typography>
        ) : search.trim() ? (
          <List dense sx={{ maxHeight: 320, overflow: 'auto', minWidth: COLUMN_WIDTH * 2 }}>
            {matches.length === 0 && (
              <Typography sx={{ px: 2, py: 1 }} color="text.secondary">
                {translate('app.cascader.no_match')}
              </Typography>
            )}
            {matches.map((path) => (
              <ListItemButton key={path.map((n) => n.code).join('/')} onClick={() => choose(path)}>
                <ListItemText primary={path.map((n) => n.name).join(' / ')} />
              </ListItemButton>
            ))}
          </List>
        ) : (
          <Box sx={{ display: 'flex', maxHeight: 320 }}>
            {columns.map((nodes, level) => (
              <List
                key={level}
                dense
                role="listbox"
                sx={{ width: COLUMN_WIDTH, overflow: 'auto', borderRight: 1, borderColor: 'divider' }}
              >
                {nodes.map((node) => (
                  <ListItemButton
                    key={node.code}
                    role="option"
                    selected={browsing[level]?.code === node.code}
                    aria-selected={browsing[level]?.code === node.code}
                    onClick={() => pick(level, node)}
                  >
                    <ListItemText primary={node.name} />
                    {node.children?.length && level + 1 < maxDepth ? <ChevronRightIcon fontSize="small" /> : null}
                  </ListItemButton>
                ))}
              </List>
            ))}
          </Box>
        )}
      </Popover>
    </>
  );
}

export interface CascaderInputProps extends Omit<InputProps, 'format' | 'parse'> {
  /** Which reference tree the API serves: 'regions' or 'industries'. */
  tree: ReferenceTree;
  maxDepth?: number;
  fullWidth?: boolean;
}

/** A react-admin input storing the codes from the root (string[]) in the form field `source`. */
export function CascaderInput({ tree, maxDepth, fullWidth = true, label, helperText, ...props }: CascaderInputProps) {
  const translate = useTranslate();
  const { data, isPending, isError } = useReferenceTree(tree);
  const { field, fieldState, isRequired, id } = useInput({ ...props, defaultValue: props.defaultValue ?? [] });
  const errorMessage = fieldState.error?.message;
  return (
    <Cascader
      id={id}
      name={field.name}
      options={data ?? []}
      value={Array.isArray(field.value) ? field.value : []}
      onChange={(codes) => field.onChange(codes)}
      onBlur={field.onBlur}
      label={label === false ? undefined : <FieldTitle label={label} source={props.source} resource={props.resource} />}
      required={isRequired}
      disabled={props.disabled}
      loading={isPending}
      error={!!fieldState.error || isError}
      helperText={
        isError
          ? translate('app.cascader.load_failed')
          : errorMessage
            ? translate(errorMessage, { _: errorMessage })
            : helperText || undefined
      }
      maxDepth={maxDepth}
      fullWidth={fullWidth}
    />
  );
}

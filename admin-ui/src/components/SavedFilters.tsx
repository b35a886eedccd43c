/**
 * 保存的筛选 (issue 11): the list's current filter saved under a name, applied again with one click, deleted — kept on
 * the server (GET/POST/DELETE /api/saved-filters), so a regulator finds them in any browser. One menu for the 5G工厂
 * list and for 待我处理; it reads and sets the filter through react-admin's list context.
 */
import { useState, type MouseEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Divider, IconButton, ListItemIcon, ListItemText, Menu, MenuItem, TextField, Tooltip } from '@mui/material';
import BookmarkBorderIcon from '@mui/icons-material/BookmarkBorder';
import CheckIcon from '@mui/icons-material/Check';
import DeleteIcon from '@mui/icons-material/Delete';
import { useListContext, useNotify, useTranslate } from 'ra-core';
import { apiRequest } from '../providers/http';
import { FormDialog } from './FormDialog';

export type SavedFilterResource = 'projects' | 'queue';

interface SavedFilter {
  id: string;
  name: string;
  filter: Record<string, unknown>;
}

/** The filter as it is worth keeping: no empty values; keys in one order so two equal filters compare equal. */
export function keptFilter(values: Record<string, unknown>, ignore: readonly string[] = []): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (ignore.includes(key) || value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    kept[key] = value;
  }
  return kept;
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(keptFilter(a)) === JSON.stringify(keptFilter(b));

/**
 * @param neutral filter keys that alone do not make a filter worth saving (the queue's default scope 全部).
 */
export function SavedFiltersMenu({ resource, neutral = {} }: { resource: SavedFilterResource; neutral?: Record<string, unknown> }) {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const queryKey = ['saved-filters', resource];
  const { data: saved = [] } = useQuery({
    queryKey,
    queryFn: async () => (await apiRequest<{ data: SavedFilter[] }>('/saved-filters', { query: new URLSearchParams({ resource }) })).data,
    retry: false,
  });
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const current = keptFilter(filterValues);
  const worthSaving = Object.keys(current).some((key) => !(key in neutral) || neutral[key] !== current[key]);
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const save = useMutation({
    mutationFn: (body: { name: string }) => apiRequest<SavedFilter>('/saved-filters', { method: 'POST', body: { resource, name: body.name, filter: current } }),
    onSuccess: (kept) => {
      setNaming(false);
      notify('app.saved_filters.saved', { type: 'success', messageArgs: { name: kept.name } });
      void refresh();
    },
    onError: (error: Error & { body?: { errors?: Record<string, unknown> } }) => {
      const field = error.body?.errors?.name;
      setProblem(typeof field === 'string' ? field : error.message);
    },
  });
  const remove = useMutation({
    mutationFn: (filter: SavedFilter) => apiRequest(`/saved-filters/${encodeURIComponent(filter.id)}`, { method: 'DELETE' }),
    onSuccess: (_, filter) => {
      notify('app.saved_filters.deleted', { type: 'info', messageArgs: { name: filter.name } });
      void refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const apply = (filter: SavedFilter) => {
    setAnchor(null);
    setFilters({ ...neutral, ...filter.filter }, displayedFilters);
  };
  const openNaming = () => {
    setAnchor(null);
    const matching = saved.find((f) => same(f.filter, current));
    setName(matching?.name ?? '');
    setProblem(undefined);
    setNaming(true);
  };
  const submit = () => {
    const trimmed = name.trim();
    if (!trimmed) return setProblem(translate('app.saved_filters.name_required'));
    save.mutate({ name: trimmed });
  };
  const taken = saved.some((f) => f.name === name.trim());

  return (
    <>
      <Button size="small" startIcon={<BookmarkBorderIcon />} onClick={(e: MouseEvent<HTMLElement>) => setAnchor(e.currentTarget)} aria-haspopup="menu" data-testid="saved-filters-button">
        {translate('app.saved_filters.title')}
        {saved.length ? `（${saved.length}）` : ''}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { minWidth: 260, maxWidth: 360 } } }}>
        {saved.length === 0 && (
          <MenuItem disabled>
            <ListItemText primary={translate('app.saved_filters.none')} />
          </MenuItem>
        )}
        {saved.map((filter) => (
          <MenuItem key={filter.id} onClick={() => apply(filter)} selected={same(filter.filter, current)} data-testid="saved-filter">
            <ListItemIcon>{same(filter.filter, current) ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
            <ListItemText primary={filter.name} slotProps={{ primary: { noWrap: true } }} />
            <Tooltip title={translate('app.saved_filters.delete')}>
              <IconButton
                size="small"
                edge="end"
                aria-label={translate('app.saved_filters.delete_named', { name: filter.name })}
                disabled={remove.isPending}
                onClick={(e) => {
                  e.stopPropagation();
                  remove.mutate(filter);
                }}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </MenuItem>
        ))}
        <Divider />
        <MenuItem onClick={openNaming} disabled={!worthSaving}>
          <ListItemText primary={translate('app.saved_filters.save_current')} secondary={worthSaving ? undefined : translate('app.saved_filters.nothing_to_save')} />
        </MenuItem>
      </Menu>
      <FormDialog
        open={naming}
        onClose={() => setNaming(false)}
        maxWidth="xs"
        title={translate('app.saved_filters.save_title')}
        hint={translate('app.saved_filters.save_hint')}
        submit={{ label: translate(taken ? 'app.saved_filters.replace' : 'app.saved_filters.save'), onSubmit: submit, disabled: save.isPending }}
      >
        <TextField
          autoFocus
          fullWidth
          size="small"
          name="savedFilterName"
          label={translate('app.saved_filters.name')}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setProblem(undefined);
          }}
          slotProps={{ htmlInput: { maxLength: 30 } }}
          error={Boolean(problem)}
          helperText={problem ?? (taken ? translate('app.saved_filters.replaces', { name: name.trim() }) : ' ')}
        />
      </FormDialog>
    </>
  );
}

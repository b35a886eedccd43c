/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * A list edited as the manual shows 边缘计算部署 (图19–21): a table of the rows with 编辑 / 删除 on each, and 新增
 * opening a dialog with every field of a row; 保存 in the dialog checks the row with the submit schema (a row is a
 * unit: its required fields are needed before it joins the list) and puts it in the table. The list itself is one
 * field of the section's form, saved with the section on 暂存.
 */
import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormHelperText,
  IconButton,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import DeleteIcon from '@mui/icons-material/Delete';
import { Form } from 'react-admin';
import { FieldTitle, useInput, useTranslate } from 'ra-core';
import type { FieldValues, Resolver } from 'react-hook-form';
import { useFormContext, useWatch } from 'react-hook-form';
import { sectionSchema, type SectionKey } from '../../../../domain/form';
import { fieldPath } from '../../providers/http';
import { firstErrorMessage } from '../../components/CodeInputs';
import { requiredColumns, setErrorAt } from './formState';
import { labelOf, type FieldSpec } from './layout';
import { Input } from './SectionFields';
import { listColumns } from './SectionView';
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable';

type RowsSpec = Extract<FieldSpec, { kind: 'rows' }>;

/** The row checked as 提交 checks it (inside its list), its messages keyed by the row's own fields. */
function rowResolver(section: SectionKey, list: string): Resolver<FieldValues> {
  const schema = sectionSchema(section, 'submit');
  return async (values) => {
    const result = schema.safeParse({ [list]: [values] });
    const prefix = `${list}.0.`;
    const errors: Record<string, any> = {};
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = fieldPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
        if (path.startsWith(prefix)) setErrorAt(errors, path.slice(prefix.length), issue.message);
      }
    }
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

function RowFields({ section, spec, required }: { section: SectionKey; spec: RowsSpec; required: ReadonlySet<string> }) {
  const values = useWatch();
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2, rowGap: 0.5, pt: 1 }}>
      {spec.columns.map((column) => (
        <Box key={column.source} sx={{ gridColumn: column.kind === 'longtext' ? 'span 2' : undefined }}>
          <Input section={section} spec={column} rowsSource={spec.source} values={values} isRequired={required.has(column.source!)} />
        </Box>
      ))}
    </Box>
  );
}

export function DialogRowsInput({ section, spec, isRequired }: { section: SectionKey; spec: RowsSpec; isRequired?: boolean }) {
  const translate = useTranslate();
  const { field, fieldState } = useInput({ source: spec.source, isRequired });
  const { formState } = useFormContext();
  const rows: any[] = Array.isArray(field.value) ? field.value : [];
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);
  const required = useMemo(() => new Set(requiredColumns(section, spec.source)), [section, spec.source]);
  const resolver = useMemo(() => rowResolver(section, spec.source), [section, spec.source]);
  const label = labelOf(section, spec.source);
  const shown = (spec.summary ?? spec.columns.map((c) => c.source!)).map((source) => spec.columns.find((c) => c.source === source)!);
  const rowErrors = Array.isArray(fieldState.error) ? fieldState.error : [];
  const listMessage = !Array.isArray(fieldState.error) ? firstErrorMessage(fieldState.error) : undefined;
  void formState.errors; // subscribe: row messages from the server arrive as form errors

  const save = (values: Record<string, any>) => {
    const next = [...rows];
    if (editing?.index === null || editing?.index === undefined) next.push(values);
    else next[editing.index] = values;
    field.onChange(next);
    setEditing(null);
  };
  const remove = (index: number) => field.onChange(rows.filter((_, i) => i !== index));
  const title = translate(editing?.index === null ? 'app.form.rows_add_title' : 'app.form.rows_edit_title', { list: label });

  const problemsOf = (index: number) => (rowErrors[index] ? firstErrorMessage(rowErrors[index]) : undefined);
  const rowProps = (_: unknown, index: number) => ({ 'data-problem': problemsOf(index) ? 'true' : undefined });
  const columns: SimpleColumn<any>[] = [
    ...listColumns(section, spec, translate('app.form.rows_number'), shown),
    {
      label: translate('app.form.rows_actions'),
      width: 96,
      nowrap: true,
      cell: (_, index) => {
        const problems = problemsOf(index);
        return (
          <>
            <Tooltip title={translate('app.form.rows_edit')}>
              <IconButton size="small" aria-label={`${translate('app.form.rows_edit')}第${index + 1}行`} onClick={() => setEditing({ index })}>
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            <Tooltip title={translate('app.form.rows_delete')}>
              <IconButton size="small" aria-label={`${translate('app.form.rows_delete')}第${index + 1}行`} onClick={() => remove(index)}>
                <DeleteIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            {problems && <FormHelperText error>{translate(problems, { _: problems })}</FormHelperText>}
          </>
        );
      },
    },
  ];

  return (
    <Box sx={{ my: 1 }} data-testid={`rows-${spec.source}`}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 0.5 }}>
        <Typography variant="body2" color={listMessage ? 'error' : 'text.secondary'}>
          <FieldTitle label={label} source={spec.source} isRequired={isRequired} />
        </Typography>
        <Button size="small" variant="outlined" startIcon={<AddIcon />} onClick={() => setEditing({ index: null })}>
          {translate('app.form.rows_add')}
        </Button>
      </Stack>
      <Box sx={{ overflowX: 'auto' }}>
        <SimpleTable columns={columns} rows={rows} rowKey={(_, index) => index} rowProps={rowProps} empty={translate('app.form.rows_empty')} />
      </Box>
      {listMessage && <FormHelperText error>{translate(listMessage, { _: listMessage })}</FormHelperText>}
      <Dialog open={editing !== null} onClose={() => setEditing(null)} maxWidth="md" fullWidth aria-labelledby={`${spec.source}-dialog-title`}>
        {editing !== null && (
          <Form
            record={(editing.index === null ? {} : (rows[editing.index] ?? {})) as any}
            resolver={resolver}
            onSubmit={save}
            disableInvalidFormNotification
          >
            <DialogTitle id={`${spec.source}-dialog-title`}>{title}</DialogTitle>
            <DialogContent dividers>
              <RowFields section={section} spec={spec} required={required} />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setEditing(null)}>{translate('ra.action.cancel')}</Button>
              <Button type="submit" variant="contained">
                {translate('app.form.rows_save')}
              </Button>
            </DialogActions>
          </Form>
        )}
      </Dialog>
    </Box>
  );
}

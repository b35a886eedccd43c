/**
 * 对比版本 as a table (issue 11.5): 页签 · 字段 · 修改前 · 修改后, in the form's Chinese labels; rows added or removed
 * in lists read as rows, replaced pictures are shown side by side. Used by 查看 › 对比版本, the 暂存 entries of the
 * history, and the dialogs of a stale 推荐 (single or bulk).
 */
import { Box, Chip, Typography } from '@mui/material';
import { useTranslate } from 'ra-core';
import { CHANGE_KIND_LABELS, displayValue, isFileId, type FieldChange } from '../../../domain/form/diff';
import { useImageUrl } from '../components/ImageUpload';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';

function Thumbnail({ fileId, alt }: { fileId: string; alt: string }) {
  const { url, failed } = useImageUrl(fileId);
  const translate = useTranslate();
  if (failed) return <Typography variant="body2">{translate('app.upload.preview_failed')}</Typography>;
  if (!url) return <Typography variant="body2">{translate('app.upload.loading')}</Typography>;
  return <Box component="img" src={url} alt={alt} sx={{ maxWidth: 160, maxHeight: 110, border: 1, borderColor: 'divider', borderRadius: 1, display: 'block' }} />;
}

function Value({ value, label }: { value: unknown; label: string }) {
  if (isFileId(value)) return <Thumbnail fileId={value} alt={label} />;
  return <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{displayValue(value)}</Typography>;
}

const KIND_COLOR: Record<FieldChange['kind'], 'default' | 'success' | 'error' | 'warning' | 'info'> = {
  added: 'success',
  removed: 'error',
  changed: 'warning',
  rowAdded: 'success',
  rowRemoved: 'error',
  fileReplaced: 'info',
};

export function DiffTable({ changes, testId = 'diff-table' }: { changes: FieldChange[]; testId?: string }) {
  const translate = useTranslate();
  if (changes.length === 0) {
    return <Typography color="text.secondary" data-testid={testId}>{translate('app.versions.no_changes')}</Typography>;
  }
  const columns: SimpleColumn<FieldChange>[] = [
    { label: translate('app.versions.section'), width: '12%', cell: (change) => change.sectionLabel },
    {
      label: translate('app.versions.field'),
      width: '26%',
      cell: (change) => (
        <>
          <Typography variant="body2">{change.label}</Typography>
          <Chip size="small" variant="outlined" color={KIND_COLOR[change.kind]} label={CHANGE_KIND_LABELS[change.kind]} sx={{ mt: 0.5 }} />
        </>
      ),
    },
    {
      label: translate('app.versions.before'),
      cell: (change) => (change.before === undefined ? '—' : <Value value={change.before} label={`${change.label}（修改前）`} />),
    },
    {
      label: translate('app.versions.after'),
      cell: (change) => (change.after === undefined ? '—' : <Value value={change.after} label={`${change.label}（修改后）`} />),
    },
  ];
  return (
    <SimpleTable
      columns={columns}
      rows={changes}
      rowKey={(change) => `${change.section}:${change.path}:${change.kind}`}
      testId={testId}
      sx={{ tableLayout: 'fixed', '& td, & th': { verticalAlign: 'top' } }}
    />
  );
}

/**
 * 相关材料 (合同协议, 验收报告, 证明材料): the list with name, size, uploader and time, 下载 for whoever may read the
 * project, and — while the enterprise may still change the declaration — 上传材料 (PDF, JPEG or PNG, ≤ 20 MB, at most 20)
 * and 删除. Each upload and removal is saved at once (POST/DELETE /api/projects/:id/materials), so there is nothing
 * to 暂存 here; a version of the declaration keeps the materials it had.
 */
import { useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  FormHelperText,
  Stack,
  Typography,
} from '@mui/material';
import UploadIcon from '@mui/icons-material/Upload';
import DownloadIcon from '@mui/icons-material/Download';
import DeleteIcon from '@mui/icons-material/Delete';
import { useNotify, useTranslate, type RaRecord } from 'ra-core';
import {
  MATERIAL_KIND_LABELS,
  MATERIAL_KINDS,
  MATERIAL_MESSAGES,
  MAX_MATERIALS,
  MAX_MATERIAL_BYTES,
  requiredMaterialKinds,
  type MaterialItem,
  type MaterialKind,
  type Problem,
} from '../../../../domain/form';
import { beijingText } from '../../../../domain/time';
import { apiBlob, apiRequest } from '../../providers/http';
import { triggerDownload } from '../../providers/dataProvider';
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable';
import { SelectField } from '../../components/SelectField';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function itemsOf(record: RaRecord | undefined): MaterialItem[] {
  const items = record?.sections?.materials?.items;
  return Array.isArray(items) ? items : [];
}

export function MaterialsPanel({
  record,
  editable,
  onChanged,
  problems = [],
}: {
  record: RaRecord | undefined;
  editable: boolean;
  onChanged?: (record: RaRecord) => void;
  problems?: readonly Problem[];
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const picker = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<MaterialKind>('contract');
  const [busy, setBusy] = useState(false);
  const [localError, setLocalError] = useState<string>();
  const items = itemsOf(record);
  const required = new Set(requiredMaterialKinds(record?.sections ?? {}));
  const id = record?.id;
  const base = `/projects/${encodeURIComponent(String(id))}/materials`;

  const upload = async (file: File) => {
    setLocalError(undefined);
    if (file.size > MAX_MATERIAL_BYTES) return setLocalError(MATERIAL_MESSAGES.tooLarge);
    if (!/\.(pdf|jpe?g|png)$/i.test(file.name)) return setLocalError(MATERIAL_MESSAGES.badExtension);
    setBusy(true);
    try {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file);
      const saved = await apiRequest<RaRecord>(base, { method: 'POST', body: form });
      onChanged?.(saved);
      notify('app.materials.uploaded', { type: 'success', messageArgs: { name: file.name } });
    } catch (error) {
      setLocalError((error as Error).message);
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: MaterialItem) => {
    setBusy(true);
    try {
      const saved = await apiRequest<RaRecord>(`${base}/${encodeURIComponent(item.fileId)}`, { method: 'DELETE' });
      onChanged?.(saved);
      notify('app.materials.removed', { type: 'success', messageArgs: { name: item.name } });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const download = (item: MaterialItem) =>
    apiBlob(`${base}/${encodeURIComponent(item.fileId)}`)
      .then(({ blob, filename }) => triggerDownload(blob, filename ?? item.name))
      .catch((error: Error) => notify(error.message, { type: 'error' }));

  const columns: SimpleColumn<MaterialItem>[] = [
    { label: translate('app.materials.kind'), cell: (item) => MATERIAL_KIND_LABELS[item.kind] },
    { label: translate('app.materials.name'), breakAll: true, cell: (item) => item.name },
    { label: translate('app.materials.size'), nowrap: true, cell: (item) => fileSizeText(item.size) },
    { label: translate('app.materials.uploaded_by'), cell: (item) => item.uploadedBy },
    { label: translate('app.materials.uploaded_at'), nowrap: true, cell: (item) => beijingText(new Date(item.uploadedAt)) },
    {
      label: translate('app.form.rows_actions'),
      nowrap: true,
      cell: (item) => (
        <>
          <Button size="small" startIcon={<DownloadIcon />} onClick={() => void download(item)} aria-label={`${translate('app.materials.download')} ${item.name}`}>
            {translate('app.materials.download')}
          </Button>
          {editable && (
            <Button
              size="small"
              color="error"
              startIcon={<DeleteIcon />}
              disabled={busy}
              onClick={() => void remove(item)}
              aria-label={`${translate('app.materials.remove')} ${item.name}`}
            >
              {translate('app.materials.remove')}
            </Button>
          )}
        </>
      ),
    },
  ];

  return (
    <Box data-testid="materials">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.materials.hint', { max: MAX_MATERIALS })}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap' }} useFlexGap>
        {MATERIAL_KINDS.map((k) => {
          const present = items.some((i) => i.kind === k);
          return (
            <Chip
              key={k}
              size="small"
              variant={present ? 'filled' : 'outlined'}
              color={present ? 'success' : required.has(k) ? 'error' : 'default'}
              label={`${MATERIAL_KIND_LABELS[k]}${required.has(k) ? ' *' : ''}：${translate(present ? 'app.materials.present' : required.has(k) ? 'app.materials.required_missing' : 'app.materials.optional')}`}
            />
          );
        })}
      </Stack>
      {problems.length > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="materials-problems">
          {problems.map((p) => (
            <div key={p.path}>{p.message}</div>
          ))}
        </Alert>
      )}
      <Box sx={{ overflowX: 'auto' }}>
        <SimpleTable
          columns={columns}
          rows={items}
          rowKey={(item) => item.fileId}
          rowProps={() => ({ 'data-testid': 'material-row' })}
          empty={translate('app.materials.none')}
        />
      </Box>
      {editable && (
        <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
          <SelectField
            size="small"
            label={translate('app.materials.kind')}
            value={kind}
            onValue={setKind}
            options={MATERIAL_KINDS.map((k) => ({ value: k, label: MATERIAL_KIND_LABELS[k] }))}
            sx={{ width: 180 }}
            name="materialKind"
          />
          <input
            ref={picker}
            type="file"
            accept={ACCEPT}
            hidden
            aria-label={translate('app.materials.upload')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void upload(file);
            }}
          />
          <Button
            variant="outlined"
            startIcon={<UploadIcon />}
            disabled={busy || items.length >= MAX_MATERIALS}
            onClick={() => picker.current?.click()}
          >
            {translate(busy ? 'app.upload.uploading' : 'app.materials.upload')}
          </Button>
          {items.length >= MAX_MATERIALS && <FormHelperText>{MATERIAL_MESSAGES.tooMany}</FormHelperText>}
        </Stack>
      )}
      {localError && <FormHelperText error>{localError}</FormHelperText>}
    </Box>
  );
}

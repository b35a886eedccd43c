/**
 * 对比版本 (issue 11.5): pick any two saved versions of the declaration and see what changed, field by field
 * (GET /api/projects/:id/versions, GET /api/projects/:id/diff). DiffDialog shows one pair, for the history's 暂存
 * entries.
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext, useTranslate } from 'ra-core';
import type { FieldChange } from '../../../domain/form/diff';
import { apiRequest } from '../providers/http';
import { chinaTime } from '../components/beijingTime';
import { DiffTable } from './DiffTable';

interface Version {
  formVersion: number;
  savedAt: string;
  savedBy: string | null;
  sections: { section: string; label: string }[];
  submitted: boolean;
}

function useDiff(id: string | undefined, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['projects', id, 'diff', from, to],
    queryFn: () => apiRequest<{ changes: FieldChange[] }>(`/projects/${encodeURIComponent(id!)}/diff`, { query: new URLSearchParams({ from: String(from), to: String(to) }) }),
    enabled: !!id && from !== null && to !== null,
  });
}

function DiffResult({ id, from, to }: { id: string; from: number | null; to: number | null }) {
  const { data, isPending, error } = useDiff(id, from, to);
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (isPending) return <CircularProgress size={24} />;
  return <DiffTable changes={data.changes} />;
}

export function VersionCompare() {
  const record = useRecordContext();
  const translate = useTranslate();
  const id = record ? String(record.id) : undefined;
  const { data, error } = useQuery({
    queryKey: ['projects', id, 'versions', record?.formVersion],
    queryFn: () => apiRequest<{ formVersion: number; data: Version[] }>(`/projects/${encodeURIComponent(id!)}/versions`),
    enabled: !!id,
  });
  const versions = data?.data ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    if (!versions.length || to !== null) return;
    // By default: the latest version against the last one submitted before it (what a regulator last saw), else the one before.
    const latest = versions[0]!.formVersion;
    const submitted = versions.find((v) => v.submitted && v.formVersion < latest);
    setTo(latest);
    setFrom(submitted?.formVersion ?? versions[1]?.formVersion ?? latest);
  }, [versions, to]);
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!id || !data) return <CircularProgress size={24} />;
  const label = (v: Version) =>
    translate('app.versions.option', { version: v.formVersion, at: chinaTime(v.savedAt), by: v.savedBy ?? '—', sections: v.sections.map((s) => s.label).join('、') }) +
    (v.submitted ? translate('app.versions.submitted_mark') : '');
  const select = (name: string, value: number | null, onChange: (v: number) => void) => (
    <TextField select size="small" name={name} label={translate(`app.versions.${name}`)} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} sx={{ minWidth: 360, maxWidth: '100%' }}>
      {versions.map((v) => (
        <MenuItem key={v.formVersion} value={v.formVersion}>
          {label(v)}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Stack spacing={2} data-testid="version-compare">
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        {select('from', from, setFrom)}
        <Typography>→</Typography>
        {select('to', to, setTo)}
      </Stack>
      <Box>{from !== null && to !== null && <DiffResult id={id} from={Math.min(from, to)} to={Math.max(from, to)} />}</Box>
    </Stack>
  );
}

export function DiffDialog({ id, from, to, title, onClose }: { id: string; from: number; to: number; title: string; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DiffResult id={id} from={from} to={to} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

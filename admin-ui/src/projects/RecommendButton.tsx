/**
 * 推荐 with the form version this screen showed (SPEC §3). When the enterprise saved since, the server refuses
 * (409 项目内容已更新) and names what changed (issue 11.5): the dialog shows the fields, and 按最新内容推荐 recommends
 * the version now shown — re-checked and acted on in one step.
 */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useDataProvider, useGetRecordRepresentation, useNotify, useRecordContext, useRefresh, useResourceContext, useTranslate, type HttpError } from 'ra-core';
import type { FieldChange } from '../../../domain/form/diff';
import type { AppDataProvider } from '../providers/dataProvider';
import { DiffTable } from './DiffTable';

interface Stale {
  message: string;
  formVersion: number;
  changes: FieldChange[];
}

export function RecommendButton({ variant = 'outlined' }: { variant?: 'text' | 'outlined' }) {
  const record = useRecordContext();
  const resource = useResourceContext() ?? 'projects';
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState<Stale | null>(null);
  const representation = useGetRecordRepresentation(resource);
  if (!record) return null;
  // Like every action dialog (components/ActionButton.tsx): the title and the notification name the project.
  const action = translate('resources.projects.actions.recommend');
  const named = representation(record);
  const subject = typeof named === 'string' && named.trim() ? named : translate('app.action.untitled');
  const recommend = (formVersion: number) => {
    setBusy(true);
    dataProvider
      .action(resource, record.id, 'recommend', { formVersion })
      .then(() => {
        setOpen(false);
        setStale(null);
        notify('app.action.done', { type: 'success', messageArgs: { action, subject } });
        refresh();
      })
      .catch((error: HttpError) => {
        const body = error.body as { code?: string; details?: { formVersion?: number; changes?: FieldChange[] } } | undefined;
        if (body?.code === 'FORM_VERSION_STALE' && typeof body.details?.formVersion === 'number') {
          setStale({ message: error.message, formVersion: body.details.formVersion, changes: body.details.changes ?? [] });
        } else {
          notify(error.message || 'ra.notification.http_error', { type: 'error' });
        }
      })
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button size="small" variant={variant} color="success" onClick={(e) => { e.stopPropagation(); setOpen(true); }} disabled={busy}>
        {translate('resources.projects.actions.recommend')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} onClick={(e) => e.stopPropagation()} fullWidth maxWidth={stale ? 'md' : 'xs'} data-testid="recommend-dialog">
        <DialogTitle>{translate('app.action.dialog_title', { action, subject })}</DialogTitle>
        <DialogContent>
          {stale ? (
            <>
              <Alert severity="warning" sx={{ mb: 2 }}>
                {stale.message}。{translate('app.versions.changed_since', { count: stale.changes.length })}
              </Alert>
              <DiffTable changes={stale.changes} testId="stale-changes" />
            </>
          ) : (
            <>
              <DialogContentText sx={{ mb: 1 }}>{translate('app.action.confirm_question', { action, subject })}</DialogContentText>
              <DialogContentText>{translate('app.review.recommend_hint')}</DialogContentText>
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => { setOpen(false); setStale(null); }}>{translate('app.action.cancel')}</Button>
          <Button variant="contained" color="success" disabled={busy} onClick={() => recommend(stale ? stale.formVersion : record.formVersion)}>
            {translate(stale ? 'app.versions.recommend_latest' : 'app.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * 流程监控 (administrators, SPEC §6): GET /api/admin/workflows/stuck lists what is stuck and why; 重试 / 终止 per
 * workflow (POST /api/admin/workflows/:id/retry | terminate { reason }); 立即对账 (POST /api/admin/reconcile) and
 * 重建全部投影 (POST /api/admin/projections/rebuild). Every action is pessimistic and shows the server's answer.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, Link, Stack, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import BuildIcon from '@mui/icons-material/Build';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Datagrid, FunctionField, ListContextProvider, ResourceContextProvider, Title, useList } from 'react-admin';
import { useNotify, useRecordContext, useTranslate, type RaRecord } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { BeijingDateField } from '../components/beijingTime';
import { apiRequest } from '../providers/http';

import type { StuckItem } from '../../../domain/stuck';

/** Kinds a retry can fix (a failing task or activity, a projection behind its workflow). */
const RETRYABLE: ReadonlySet<string> = new Set(['activityRetrying', 'workflowTaskFailing', 'projectionDrift', 'projectionFailed']);

/** The row's id for the grid: the workflow, or the registration (注册审核 has no workflow). */
export function stuckRowId(item: StuckItem): string {
  return item.id;
}

const RESOURCE = 'admin/workflows';
/** How the dialogs name the workflow acted on. */
const workflowName = (record: RaRecord) => String(record.workflowId ?? record.id);

function WorkflowActions() {
  const record = useRecordContext<RaRecord & StuckItem>();
  if (!record?.workflowId) return null;
  return (
    <Stack direction="row" spacing={1}>
      {RETRYABLE.has(record.kind) && (
        <ActionButton resource={RESOURCE} action="retry" label="resources.workflows.actions.retry" confirm successMessage="resources.workflows.messages.retried" subject={workflowName} />
      )}
      <ActionButton
        resource={RESOURCE}
        action="terminate"
        label="resources.workflows.actions.terminate"
        withReason
        color="error"
        description="resources.workflows.messages.terminate_warning"
        successMessage="resources.workflows.messages.terminated"
        subject={workflowName}
      />
    </Stack>
  );
}

/** A platform-wide action (立即对账, 重建全部投影): optional confirmation, then the server's report as the notification. */
function PlatformAction({
  label,
  path,
  body,
  confirm,
  message,
  icon,
  onDone,
}: {
  label: string;
  path: string;
  body?: unknown;
  confirm?: string;
  message: (data: Record<string, unknown>) => string;
  icon: ReactElement;
  onDone: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: () => apiRequest<Record<string, unknown>>(path, { method: 'POST', body: body ?? {} }),
    onSuccess: (data) => {
      setOpen(false);
      notify(message(data ?? {}), { type: 'success' });
      onDone();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  return (
    <>
      <Button variant="outlined" size="small" startIcon={icon} disabled={mutation.isPending} onClick={() => (confirm ? setOpen(true) : mutation.mutate())}>
        {translate(label)}
      </Button>
      {confirm && (
        <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
          <DialogTitle>{translate(label)}</DialogTitle>
          <DialogContent>{translate(confirm)}</DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('app.action.cancel')}</Button>
            <Button variant="contained" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
              {translate('app.action.confirm')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}

function Empty() {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center' }}>
      <Typography color="text.secondary">{translate('resources.workflows.empty')}</Typography>
    </Box>
  );
}

export function WorkflowMonitorPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const query = useQuery({
    queryKey: ['admin', 'workflows', 'stuck'],
    // The first 100 of each filter; counts per kind come with the page.
    queryFn: () => apiRequest<{ data: StuckItem[]; total: number; counts: Record<string, number> }>('/admin/workflows/stuck?perPage=100'),
    retry: false,
  });
  useEffect(() => {
    if (query.error) notify(query.error.message || 'ra.notification.http_error', { type: 'error' });
  }, [query.error, notify]);
  const data = (query.data?.data ?? []).map((item) => ({ ...item, id: stuckRowId(item) }));
  const listContext = useList({ data, isPending: query.isPending, perPage: 1000 });
  const reload = () => void query.refetch();
  const t = (key: string, options?: Record<string, unknown>) => translate(`resources.workflows.${key}`, options);

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={t('name')} />
      <Stack direction="row" spacing={1} sx={{ mb: 1, justifyContent: 'flex-end', alignItems: 'center' }}>
        {query.data ? <Typography variant="body2" sx={{ mr: 'auto' }}>{t('messages.total', { total: query.data.total })}</Typography> : null}
        <Button size="small" startIcon={<RefreshIcon />} onClick={reload} disabled={query.isFetching}>
          {t('actions.refresh')}
        </Button>
        <PlatformAction
          label="resources.workflows.actions.reconcile"
          path="/admin/reconcile"
          icon={<FactCheckIcon />}
          message={() => t('messages.reconciled')}
          onDone={reload}
        />
        <PlatformAction
          label="resources.workflows.actions.rebuild"
          path="/admin/projections/rebuild"
          confirm="resources.workflows.messages.rebuild_warning"
          icon={<BuildIcon />}
          message={() => t('messages.rebuilt')}
          onDone={reload}
        />
      </Stack>
      <Card>
        {query.isError ? (
          <CardContent>
            <Typography color="error" sx={{ p: 4, textAlign: 'center' }}>
              {query.error.message || translate('ra.notification.http_error')}
            </Typography>
          </CardContent>
        ) : query.isSuccess && data.length === 0 ? (
          <CardContent>
            <Empty />
          </CardContent>
        ) : (
          <ResourceContextProvider value={RESOURCE}>
            <ListContextProvider value={listContext}>
              <Datagrid bulkActionButtons={false} rowClick={false} empty={<Empty />}>
                <FunctionField label={t('fields.kind')} render={(r: StuckItem) => t(`kinds.${r.kind}`, { _: r.kind })} />
                <FunctionField label={t('fields.project')} render={(r: StuckItem) => r.projectName ?? '—'} />
                <FunctionField label={t('fields.enterprise')} render={(r: StuckItem) => r.enterpriseName ?? '—'} />
                <FunctionField label={t('fields.reason')} render={(r: StuckItem) => r.reason} />
                <BeijingDateField label={t('fields.since')} source="since" sortable={false} />
                <FunctionField
                  label={t('fields.workflowId')}
                  render={(r: StuckItem) =>
                    r.workflowId && r.temporalUiUrl ? (
                      <Link href={r.temporalUiUrl} target="_blank" rel="noopener noreferrer">
                        {r.workflowId}
                      </Link>
                    ) : (
                      r.workflowId ?? '—'
                    )
                  }
                />
                <FunctionField label={t('fields.actions')} render={() => <WorkflowActions />} />
              </Datagrid>
            </ListContextProvider>
          </ResourceContextProvider>
        )}
      </Card>
    </Box>
  );
}

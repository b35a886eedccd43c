/**
 * 流程监控 (administrators, SPEC §6): GET /api/admin/workflows/stuck lists what is stuck and why, filtered by 类型 /
 * 省份 / 年度 with the count of each kind; 重试 / 终止 per workflow (POST /api/admin/workflows/:id/retry | terminate
 * { reason }); 批量操作 on the ticked rows or on everything the filter selects (StartBatchDialog, then the batch's
 * page); 立即对账 (POST /api/admin/reconcile) and 重建全部投影 (POST /api/admin/projections/rebuild). Every action is
 * pessimistic and shows the server's answer.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, Link, MenuItem, Stack, TextField, Typography } from '@mui/material';
import PlaylistPlayIcon from '@mui/icons-material/PlaylistPlay';
import HistoryIcon from '@mui/icons-material/History';
import RefreshIcon from '@mui/icons-material/Refresh';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import BuildIcon from '@mui/icons-material/Build';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Datagrid, FunctionField, ListContextProvider, ResourceContextProvider, Title, useList } from 'react-admin';
import { useListContext, useNotify, useRecordContext, useRedirect, useTranslate, type RaRecord } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { BeijingDateField } from '../components/beijingTime';
import { apiRequest } from '../providers/http';

import { MAX_YEAR, MIN_YEAR, STUCK_KINDS, type StuckFilter, type StuckItem, type StuckKind } from '../../../domain/stuck';
import { useReferenceTree } from '../components/referenceTrees';
import { BATCHES_PATH, StartBatchDialog } from './StartBatchDialog';

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

/** The grid's bulk action: the ticked rows that have a workflow (a registration has none). */
function BatchSelectedButton() {
  const { selectedIds, data } = useListContext<RaRecord & StuckItem>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const workflowIds = [...new Set((data ?? []).filter((r) => selectedIds.includes(r.id) && r.workflowId).map((r) => r.workflowId!))];
  const subject = translate('resources.batches.selected', { count: workflowIds.length });
  return (
    <>
      <Button size="small" startIcon={<PlaylistPlayIcon />} disabled={!workflowIds.length} onClick={() => setOpen(true)}>
        {translate('resources.batches.actions.batch')}
      </Button>
      {open && <StartBatchDialog open onClose={() => setOpen(false)} selection={{ workflowIds }} subject={subject} />}
    </>
  );
}

/** 类型 / 省份 / 年度: the monitor's filter, also the selection of 按筛选条件批量操作. */
function MonitorFilters({ filter, counts, onChange }: { filter: StuckFilter; counts?: Record<string, number>; onChange: (filter: StuckFilter) => void }) {
  const translate = useTranslate();
  const provinces = useReferenceTree('regions').data;
  const [year, setYear] = useState(filter.year ? String(filter.year) : '');
  const yearValid = year === '' || (/^\d{4}$/.test(year) && Number(year) >= MIN_YEAR && Number(year) <= MAX_YEAR);
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, alignItems: 'flex-start', '& .MuiTextField-root': { flex: 'none' } }}>
      <TextField select size="small" label={translate('resources.workflows.fields.kind')} value={filter.kind ?? ''} sx={{ width: 240 }}
        onChange={(e) => onChange({ ...filter, kind: (e.target.value || undefined) as StuckKind | undefined })}>
        <MenuItem value="">{translate('resources.batches.all')}</MenuItem>
        {STUCK_KINDS.map((kind) => (
          <MenuItem key={kind} value={kind}>
            {translate(`resources.workflows.kinds.${kind}`)}
            {counts ? `（${counts[kind] ?? 0}）` : ''}
          </MenuItem>
        ))}
      </TextField>
      <TextField select size="small" label={translate('resources.workflows.fields.province')} value={filter.provinceCode ?? ''} sx={{ width: 180 }}
        onChange={(e) => onChange({ ...filter, provinceCode: e.target.value || undefined })}>
        <MenuItem value="">{translate('resources.batches.all')}</MenuItem>
        {provinces.map((p) => (
          <MenuItem key={p.code} value={p.code}>
            {p.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField size="small" label={translate('resources.workflows.fields.year')} value={year} sx={{ width: 120 }}
        error={!yearValid} helperText={yearValid ? undefined : translate('resources.workflows.messages.year_invalid', { min: MIN_YEAR, max: MAX_YEAR })}
        onChange={(e) => {
          const text = e.target.value.trim();
          setYear(text);
          if (text === '') onChange({ ...filter, year: undefined });
          else if (/^\d{4}$/.test(text) && Number(text) >= MIN_YEAR && Number(text) <= MAX_YEAR) onChange({ ...filter, year: Number(text) });
        }} />
    </Stack>
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

/** The filter as the API's query (validated values only). */
function filterQuery(filter: StuckFilter): string {
  const query = new URLSearchParams({ perPage: '100' });
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.provinceCode) query.set('provinceCode', filter.provinceCode);
  if (filter.year) query.set('year', String(filter.year));
  return query.toString();
}

export function WorkflowMonitorPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [filter, setFilter] = useState<StuckFilter>({});
  const [batchAll, setBatchAll] = useState(false);
  const query = useQuery({
    queryKey: ['admin', 'workflows', 'stuck', filter],
    // The first 100 of the filter; counts per kind come with the page.
    queryFn: () => apiRequest<{ data: StuckItem[]; total: number; counts: Record<string, number> }>(`/admin/workflows/stuck?${filterQuery(filter)}`),
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
      <MonitorFilters filter={filter} counts={query.data?.counts} onChange={setFilter} />
      <Stack direction="row" spacing={1} sx={{ my: 1, justifyContent: 'flex-end', alignItems: 'center', flexWrap: 'wrap', rowGap: 1, minHeight: 48 }}>
        {query.data ? <Typography variant="body2" data-testid="stuck-total" sx={{ mr: 'auto' }}>{t('messages.total', { total: query.data.total })}</Typography> : null}
        <Button size="small" startIcon={<RefreshIcon />} onClick={reload} disabled={query.isFetching}>
          {t('actions.refresh')}
        </Button>
        <Button size="small" variant="outlined" startIcon={<PlaylistPlayIcon />} disabled={!query.data?.total} onClick={() => setBatchAll(true)}>
          {translate('resources.batches.actions.batch_filter')}
        </Button>
        <Button size="small" startIcon={<HistoryIcon />} onClick={() => redirect(BATCHES_PATH)}>
          {translate('resources.batches.name')}
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
      {/* visible: the bulk toolbar (批量操作 on ticked rows) rises above the grid, over the buttons row. */}
      <Card sx={{ overflow: 'visible' }}>
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
              <Datagrid bulkActionButtons={<BatchSelectedButton />} rowClick={false} empty={<Empty />}>
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
      {batchAll && query.data && (
        <StartBatchDialog
          open
          onClose={() => setBatchAll(false)}
          selection={{ filter }}
          subject={translate('resources.batches.by_filter', { count: query.data.total })}
        />
      )}
    </Box>
  );
}

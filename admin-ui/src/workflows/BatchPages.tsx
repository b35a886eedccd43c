/**
 * 批量操作 (issue 13.2): the list of batches, newest first, and one batch's page — its progress while it runs (read
 * again every 2 seconds), the count per status and outcome, every item's outcome (项目、企业、结果、说明) with a status
 * filter, and 取消 while it runs. GET /api/admin/batches, …/:id, …/:id/items; POST …/:id/cancel.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Datagrid, FunctionField, ListContextProvider, Pagination, ResourceContextProvider, Title, useList, type DatagridProps } from 'react-admin';
import { useNotify, useRedirect, useTranslate, type ListControllerResult, type RaRecord } from 'ra-core';
import { useParams } from 'react-router-dom';
import { BATCH_ITEM_STATUS_LABELS, BATCH_OPERATION_LABELS, BATCH_STATUS_LABELS } from '../../../domain/stuck';
import { beijingText } from '../../../domain/time';
import { apiRequest } from '../providers/http';
import { BATCHES_PATH } from './StartBatchDialog';
import { FormDialog } from '../components/FormDialog';
import { SelectField } from '../components/SelectField';

type ItemStatus = keyof typeof BATCH_ITEM_STATUS_LABELS;

interface Batch {
  id: string;
  operation: keyof typeof BATCH_OPERATION_LABELS;
  status: keyof typeof BATCH_STATUS_LABELS;
  reason: string | null;
  createdBy: { username: string | null; role: string | null };
  createdAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
  total: number;
  progress: Record<ItemStatus, number>;
  outcomes: Record<string, number>;
}

interface BatchItem {
  seq: number;
  workflowId: string;
  projectName: string | null;
  enterpriseName: string | null;
  kind: string | null;
  status: ItemStatus;
  outcome: string | null;
  message: string | null;
  finishedAt: string | null;
}

const running = (b: Batch) => b.status === 'selecting' || b.status === 'running';
const done = (b: Batch) => b.total - (b.progress.pending ?? 0);
const time = (at: string | null) => (at ? beijingText(at) : '—');
/** How the page and the dialogs name a batch: 重试 12 项（2026-03-01 10:00）. */
const batchName = (b: Batch) => `${BATCH_OPERATION_LABELS[b.operation]} ${b.total} 项（${time(b.createdAt)}）`;
const ITEM_COLOR: Record<ItemStatus, 'default' | 'success' | 'error' | 'warning'> = { pending: 'default', succeeded: 'success', drift: 'warning', failed: 'error', skipped: 'warning', cancelled: 'default' };

function BatchProgress({ batch }: { batch: Batch }) {
  const value = batch.total ? (done(batch) / batch.total) * 100 : 0;
  return (
    <Box sx={{ minWidth: 160 }}>
      <LinearProgress variant={batch.status === 'selecting' ? 'indeterminate' : 'determinate'} value={value} sx={{ height: 8, borderRadius: 1 }} />
      <Typography variant="caption" data-testid="batch-progress">
        {done(batch)} / {batch.total}
      </Typography>
    </Box>
  );
}

/** The page of a server-paged list, kept in the screen's state. */
function usePaging(firstPerPage: number) {
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(firstPerPage);
  return { page, setPage, perPage, setPerPage };
}

/** One server page of rows in react-admin's Datagrid, with its Pagination and an empty text. */
function PagedDatagrid({
  paging,
  rows,
  total,
  isPending,
  rowsPerPageOptions,
  empty,
  rowClick = false,
  children,
}: {
  paging: ReturnType<typeof usePaging>;
  rows: RaRecord[];
  total: number;
  isPending: boolean;
  rowsPerPageOptions: number[];
  /** i18n key of the text shown when there are no rows. */
  empty: string;
  rowClick?: DatagridProps['rowClick'];
  children: ReactNode;
}) {
  const translate = useTranslate();
  const listContext = useList({ data: rows, isPending, perPage: 1000 });
  return (
    <ResourceContextProvider value="batches">
      <ListContextProvider value={{ ...listContext, ...paging, total } as ListControllerResult}>
        <Datagrid
          bulkActionButtons={false}
          rowClick={rowClick}
          // Short column names (类型, 处理结果) stay on one line; the long texts of the rows wrap instead.
          sx={{ '& .RaDatagrid-headerCell': { whiteSpace: 'nowrap' } }}
          empty={
            <Typography sx={{ p: 4, textAlign: 'center' }} color="text.secondary">
              {translate(empty)}
            </Typography>
          }
        >
          {children}
        </Datagrid>
        <Pagination rowsPerPageOptions={rowsPerPageOptions} />
      </ListContextProvider>
    </ResourceContextProvider>
  );
}

export function BatchListPage() {
  const translate = useTranslate();
  const redirect = useRedirect();
  const paging = usePaging(20);
  const { page, perPage } = paging;
  const query = useQuery({
    queryKey: ['admin', 'batches', page, perPage],
    queryFn: () => apiRequest<{ data: Batch[]; total: number }>(`/admin/batches?page=${page}&perPage=${perPage}`),
    refetchInterval: (q) => (q.state.data?.data.some(running) ? 2000 : false),
  });
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('resources.batches.name')} />
      <Card>
        <PagedDatagrid
          paging={paging}
          rows={query.data?.data ?? []}
          total={query.data?.total ?? 0}
          isPending={query.isPending}
          rowsPerPageOptions={[20, 50]}
          empty="resources.batches.empty"
          rowClick={(id) => {
            redirect(`${BATCHES_PATH}/${id}`);
            return false;
          }}
        >
          <FunctionField label="resources.batches.fields.operation" render={(b: Batch) => BATCH_OPERATION_LABELS[b.operation]} />
          <FunctionField label="resources.batches.fields.status" render={(b: Batch) => <Chip size="small" label={BATCH_STATUS_LABELS[b.status]} color={running(b) ? 'info' : b.status === 'completed' ? 'success' : 'default'} />} />
          <FunctionField label="resources.batches.fields.progress" render={(b: Batch) => <BatchProgress batch={b} />} />
          <FunctionField label="resources.batches.fields.outcome" render={(b: Batch) => outcomeText(b)} />
          <FunctionField label="resources.batches.fields.createdBy" render={(b: Batch) => b.createdBy.username ?? '—'} />
          <FunctionField label="resources.batches.fields.createdAt" render={(b: Batch) => time(b.createdAt)} />
          <FunctionField label="resources.batches.fields.finishedAt" render={(b: Batch) => time(b.finishedAt)} />
        </PagedDatagrid>
      </Card>
    </Box>
  );
}

/** 成功 3 · 发现偏差 1 · 失败 1 · 跳过 2 */
function outcomeText(b: Batch): string {
  return (Object.keys(BATCH_ITEM_STATUS_LABELS) as ItemStatus[])
    .filter((s) => s !== 'pending' && b.progress[s])
    .map((s) => `${BATCH_ITEM_STATUS_LABELS[s]} ${b.progress[s]}`)
    .join(' · ') || '—';
}

function CancelBatchButton({ batch, onDone }: { batch: Batch; onDone: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: () => apiRequest(`/admin/batches/${batch.id}/cancel`, { method: 'POST', body: {} }),
    onSuccess: () => {
      setOpen(false);
      notify('resources.batches.messages.cancel_requested', { type: 'success', messageArgs: { subject: batchName(batch) } });
      onDone();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  return (
    <>
      <Button color="error" variant="outlined" size="small" onClick={() => setOpen(true)} disabled={batch.cancelRequested || mutation.isPending}>
        {translate(batch.cancelRequested ? 'resources.batches.actions.cancelling' : 'resources.batches.actions.cancel')}
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="xs"
        title={translate('resources.batches.cancel_title', { subject: batchName(batch) })}
        hint={translate('resources.batches.messages.cancel_warning')}
        cancelLabel={translate('resources.batches.actions.keep')}
        submit={{ label: translate('app.action.confirm'), onSubmit: () => mutation.mutate(), disabled: mutation.isPending, color: 'error' }}
      />
    </>
  );
}

export function BatchShowPage() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const paging = usePaging(50);
  const { page, perPage, setPage } = paging;
  const batch = useQuery({
    queryKey: ['admin', 'batch', id],
    queryFn: () => apiRequest<Batch>(`/admin/batches/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data && running(q.state.data) ? 2000 : false),
    retry: false,
  });
  const items = useQuery({
    queryKey: ['admin', 'batch', id, 'items', status, page, perPage, batch.data ? done(batch.data) : 0],
    queryFn: () => apiRequest<{ data: BatchItem[]; total: number }>(`/admin/batches/${encodeURIComponent(id)}/items?page=${page}&perPage=${perPage}${status ? `&status=${status}` : ''}`),
    enabled: !!batch.data,
    placeholderData: (previous) => previous,
  });
  useEffect(() => {
    if (batch.error) notify(batch.error.message || 'ra.notification.http_error', { type: 'error' });
  }, [batch.error, notify]);
  const rows = (items.data?.data ?? []).map((item) => ({ ...item, id: item.seq }));
  const b = batch.data;
  return (
    <Box sx={{ mt: 1 }}>
      {/* The app bar says which page this is; the card below names the batch in full (too long for the bar). */}
      <Title title={translate(b ? 'resources.batches.show_title' : 'resources.batches.name')} />
      {b && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
              <Typography variant="h6" data-testid="batch-title">{batchName(b)}</Typography>
              <Chip label={BATCH_STATUS_LABELS[b.status]} color={running(b) ? 'info' : b.status === 'completed' ? 'success' : 'default'} data-testid="batch-status" />
              <Box sx={{ flex: 1, minWidth: 200 }}>
                <BatchProgress batch={b} />
              </Box>
              {running(b) && <CancelBatchButton batch={b} onDone={() => void batch.refetch()} />}
            </Stack>
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="batch-outcomes">
              {translate('resources.batches.fields.outcome')}：{outcomeText(b)}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('resources.batches.fields.createdBy')}：{b.createdBy.username ?? '—'} · {translate('resources.batches.fields.createdAt')}：{time(b.createdAt)}
              {b.finishedAt ? ` · ${translate('resources.batches.fields.finishedAt')}：${time(b.finishedAt)}` : ''}
              {b.reason ? ` · ${translate('resources.batches.fields.reason')}：${b.reason}` : ''}
            </Typography>
          </CardContent>
        </Card>
      )}
      <Card>
        <Stack direction="row" sx={{ p: 1 }}>
          <SelectField<ItemStatus | ''>
            size="small"
            label={translate('resources.batches.fields.itemStatus')}
            value={status}
            onValue={(value) => {
              setStatus(value);
              setPage(1);
            }}
            options={[
              { value: '', label: translate('resources.batches.all') },
              ...(Object.keys(BATCH_ITEM_STATUS_LABELS) as ItemStatus[]).map((s) => ({
                value: s,
                label: `${BATCH_ITEM_STATUS_LABELS[s]}${b ? `（${b.progress[s] ?? 0}）` : ''}`,
              })),
            ]}
            // As wide as its longest choice (the theme makes inputs full width), and 全部 shown rather than an empty box.
            fullWidth={false}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
            sx={{ minWidth: 200 }}
          />
        </Stack>
        <PagedDatagrid paging={paging} rows={rows} total={items.data?.total ?? 0} isPending={items.isPending} rowsPerPageOptions={[50, 100]} empty="resources.batches.no_items">
          <FunctionField label="resources.batches.fields.project" render={(i: BatchItem) => i.projectName ?? i.workflowId} />
          <FunctionField label="resources.batches.fields.enterprise" render={(i: BatchItem) => i.enterpriseName ?? '—'} />
          <FunctionField label="resources.batches.fields.kind" render={(i: BatchItem) => (i.kind ? translate(`resources.workflows.kinds.${i.kind}`, { _: i.kind }) : '—')} />
          <FunctionField label="resources.batches.fields.itemStatus" render={(i: BatchItem) => <Chip size="small" variant="outlined" color={ITEM_COLOR[i.status]} label={BATCH_ITEM_STATUS_LABELS[i.status]} />} />
          <FunctionField label="resources.batches.fields.message" render={(i: BatchItem) => <Box sx={{ maxWidth: 420, overflowWrap: 'anywhere' }}>{i.message ?? '—'}</Box>} />
          <FunctionField label="resources.batches.fields.finishedAt" render={(i: BatchItem) => time(i.finishedAt)} />
        </PagedDatagrid>
      </Card>
    </Box>
  );
}

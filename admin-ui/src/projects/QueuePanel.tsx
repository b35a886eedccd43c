/**
 * On 查看 (issue 11.2, 11.6): the city's return reason as a banner for everyone who opens the project (the enterprise
 * first of all), and for the office the project waits for: the step, 截止时间, 剩余工作日, 已超期, who holds it, 认领 /
 * 取消认领, and 转交 for an office head.
 */
import { useState } from 'react';
import { Alert, AlertTitle, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useGetIdentity, useNotify, useRecordContext, useRefresh, useTranslate, type RaRecord } from 'ra-core';
import { apiRequest } from '../providers/http';
import { chinaTime } from '../components/beijingTime';
import { ClaimButton } from '../queue/ClaimButton';

/** 初审退回: the reason, who and when — on the project and in the form, not only in 站内信 and history. */
export function ReturnReasonBanner({ record: given }: { record?: RaRecord } = {}) {
  const context = useRecordContext();
  const record = given ?? context;
  const translate = useTranslate();
  const returned = record?.returnReason;
  if (!returned) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="return-reason">
      <AlertTitle>{translate('app.queue.returned_title')}</AlertTitle>
      <Typography sx={{ whiteSpace: 'pre-wrap' }}>{returned.reason}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {translate('app.queue.returned_by', { by: returned.by ?? '—', at: chinaTime(returned.at) })}
      </Typography>
    </Alert>
  );
}

interface Colleague {
  id: string;
  name: string;
  officeHead: boolean;
}

function ReassignButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const { identity } = useGetIdentity();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const { data: colleagues } = useQuery({
    queryKey: ['office', 'colleagues'],
    queryFn: () => apiRequest<{ data: Colleague[] }>('/office/colleagues').then((r) => r.data),
    staleTime: 60_000,
  });
  const head = colleagues?.some((c) => c.id === identity?.id && c.officeHead);
  if (!record || !head) return null;
  const send = () =>
    apiRequest(`/projects/${encodeURIComponent(String(record.id))}/claim/reassign`, { method: 'POST', body: { userId } })
      .then(() => {
        setOpen(false);
        notify('app.queue.reassigned', { type: 'success' });
        void queryClient.invalidateQueries({ queryKey: ['queue', 'counts'] });
        refresh();
      })
      .catch((error: Error) => notify(error.message, { type: 'error' }));
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {translate('app.queue.reassign')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{translate('app.queue.reassign')}</DialogTitle>
        <DialogContent>
          <TextField select fullWidth margin="dense" label={translate('app.queue.colleague')} value={userId} onChange={(e) => setUserId(e.target.value)}>
            {(colleagues ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('app.action.cancel')}</Button>
          <Button variant="contained" disabled={!userId} onClick={send}>
            {translate('app.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** Whether the project waits for my office, until when, and who holds it. */
export function MyQueuePanel() {
  const record = useRecordContext();
  const translate = useTranslate();
  const mine = record?.myQueue;
  if (!mine) return null;
  return (
    <Box sx={{ p: 1.5, border: 1, borderColor: mine.overdue ? 'error.main' : 'divider', borderRadius: 1 }} data-testid="my-queue">
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip color="primary" label={mine.stepLabel} />
        <Typography variant="body2">
          {translate('app.queue.due_at')}：{mine.dueAt ? chinaTime(mine.dueAt) : '—'}
        </Typography>
        {mine.overdue ? (
          <Chip size="small" color="error" label={translate('app.queue.overdue')} />
        ) : (
          mine.remainingWorkingDays !== null && <Typography variant="body2">{translate('app.queue.remaining', { count: mine.remainingWorkingDays })}</Typography>
        )}
        <Typography variant="body2" color="text.secondary">
          {translate('app.queue.holder')}：
        </Typography>
        <ClaimButton claim={mine.claim} />
        <ReassignButton />
      </Stack>
    </Box>
  );
}

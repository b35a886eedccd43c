/**
 * 批量操作 (issue 11.3) as react-admin bulk action buttons: 初审通过 (city), 推荐 / 取消推荐 (provincial authorities),
 * 分配专家 (ministry), up to 200 selected projects. Each project goes as its own Update with the form version this screen
 * showed (POST /api/projects/bulk); the selection is sent in slices of 20 under one Idempotency-Key so that a
 * progress bar moves and a resend acts on nothing twice. The outcome dialog lists every project: done, or refused
 * with the server's reason — a project changed meanwhile shows what changed and can be recommended again, as it now
 * is, in one step.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useListContext, usePermissions, useRefresh, useTranslate, type Identifier, type RaRecord } from 'ra-core';
import type { FieldChange } from '../../../domain/form/diff';
import { apiRequest } from '../providers/http';
import { DiffTable } from '../projects/DiffTable';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';
import { newIdempotencyKey } from '../providers/idempotency';

export const MAX_BULK = 200;
const SLICE = 20;

type BulkAction = 'cityApprove' | 'recommend' | 'cancelRecommendation' | 'assignExperts';

interface Outcome {
  id: string;
  name: string | null;
  status: 'done' | 'refused' | 'failed';
  phaseLabel?: string;
  code?: string;
  message?: string;
  formVersion?: number;
  changes?: FieldChange[];
}

interface BulkAnswer {
  items: Outcome[];
}

const ACTIONS_BY_ROLE: Record<string, BulkAction[]> = {
  city_miit: ['cityApprove'],
  province_miit: ['recommend', 'cancelRecommendation'],
  province_ca: ['recommend', 'cancelRecommendation'],
  ministry: ['assignExperts'],
};

function newKey(): string {
  return `bulk-${newIdempotencyKey()}`;
}

/** POST /api/projects/bulk slice by slice under one key; reports progress after each slice. */
async function runBulk(
  action: BulkAction,
  items: { id: Identifier; formVersion?: number }[],
  extra: { reason?: string; expertIds?: string[] },
  onProgress: (done: number) => void,
): Promise<Outcome[]> {
  const key = newKey();
  const outcomes: Outcome[] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    const slice = items.slice(i, i + SLICE).map((item) => ({ id: String(item.id), ...(action === 'recommend' ? { formVersion: item.formVersion } : {}) }));
    const answer = await apiRequest<BulkAnswer>('/projects/bulk', { method: 'POST', body: { action, items: slice, ...extra }, headers: { 'Idempotency-Key': key } });
    outcomes.push(...answer.items);
    onProgress(outcomes.length);
  }
  return outcomes;
}

function OutcomeDialog({ action, outcomes, onRetryStale, progress, onClose }: { action: BulkAction; outcomes: Outcome[]; onRetryStale: () => void; progress: { done: number; total: number } | null; onClose: () => void }) {
  const translate = useTranslate();
  const done = outcomes.filter((o) => o.status === 'done').length;
  const stale = outcomes.filter((o) => o.code === 'FORM_VERSION_STALE');
  // Refused first: they are what the regulator has to look at.
  const sorted = [...outcomes].sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done'));
  // A refusal because the project changed meanwhile opens with what changed; the button folds it either way.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const isOpen = (outcome: Outcome) => (outcome.code === 'FORM_VERSION_STALE') !== toggled.has(outcome.id);
  const toggle = (id: string) => setToggled((was) => new Set(was.has(id) ? [...was].filter((t) => t !== id) : [...was, id]));
  const columns: SimpleColumn<Outcome>[] = [
    { label: translate('resources.projects.fields.name'), width: '35%', cell: (outcome) => outcome.name || translate('app.form.untitled') },
    {
      label: translate('app.bulk.result'),
      width: 96,
      cell: (outcome) => (
        <Chip size="small" color={outcome.status === 'done' ? 'success' : 'error'} label={translate(`app.bulk.status_${outcome.status}`)} />
      ),
    },
    {
      label: translate('app.bulk.detail'),
      cell: (outcome) => (
        <>
          {outcome.status === 'done' ? outcome.phaseLabel : outcome.message}
          {outcome.changes && (
            <Button size="small" onClick={() => toggle(outcome.id)} sx={{ ml: 1 }}>
              {translate(isOpen(outcome) ? 'app.bulk.hide_changes' : 'app.bulk.show_changes', { count: outcome.changes.length })}
            </Button>
          )}
        </>
      ),
    },
  ];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="bulk-outcome">
      <DialogTitle>{translate('app.bulk.outcome_title', { action: translate(`app.bulk.action_${action}`) })}</DialogTitle>
      <DialogContent>
        <Alert severity={done === outcomes.length ? 'success' : 'warning'} sx={{ mb: 2 }} data-testid="bulk-summary">
          {translate('app.bulk.summary', { total: outcomes.length, done, refused: outcomes.length - done })}
        </Alert>
        {progress && (
          <Stack spacing={1} sx={{ mb: 2 }} data-testid="bulk-progress">
            <LinearProgress variant="determinate" value={(100 * progress.done) / progress.total} />
            <Typography variant="body2">{translate('app.bulk.progress', { done: progress.done, total: progress.total })}</Typography>
          </Stack>
        )}
        <SimpleTable
          columns={columns}
          rows={sorted}
          rowKey={(outcome) => outcome.id}
          rowProps={(outcome) => ({ 'data-testid': `outcome-${outcome.id}` })}
          detail={(outcome) => outcome.changes && <DiffTable changes={outcome.changes} testId={`changes-${outcome.id}`} />}
          detailOpen={isOpen}
        />
      </DialogContent>
      <DialogActions>
        {action === 'recommend' && stale.length > 0 && (
          <Button variant="contained" color="success" onClick={onRetryStale} disabled={!!progress}>
            {translate('app.bulk.recommend_latest', { count: stale.length })}
          </Button>
        )}
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function BulkActionButton({ action }: { action: BulkAction }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider();
  const { selectedIds, data, resource, onUnselectItems } = useListContext();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [experts, setExperts] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const { data: expertList } = useQuery({
    queryKey: ['experts'],
    queryFn: () => apiRequest<{ data: { id: string; name: string; orgName: string | null }[] }>('/experts').then((r) => r.data),
    enabled: action === 'assignExperts',
    staleTime: 60_000,
  });
  const label = translate(`app.bulk.action_${action}`);
  const tooMany = selectedIds.length > MAX_BULK;

  /** The records as this screen shows them (their form versions), fetching any selected on another page. */
  const selectedRecords = async (): Promise<RaRecord[]> => {
    const shown = new Map((data ?? []).map((r) => [r.id, r]));
    const missing = selectedIds.filter((id) => !shown.has(id));
    if (missing.length) for (const r of (await dataProvider.getMany(resource, { ids: missing })).data) shown.set(r.id, r);
    return selectedIds.map((id) => shown.get(id)).filter((r): r is RaRecord => !!r);
  };

  const run = async (items: { id: Identifier; formVersion?: number }[]) => {
    setProgress({ done: 0, total: items.length });
    try {
      const result = await runBulk(action, items, { ...(action === 'cancelRecommendation' ? { reason: reason.trim() } : {}), ...(action === 'assignExperts' ? { expertIds: experts } : {}) }, (done) =>
        setProgress({ done, total: items.length }),
      );
      setOutcomes((previous) => (previous ? previous.map((o) => result.find((r) => r.id === o.id) ?? o) : result));
      setAsking(false);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const confirm = async () => {
    if (action === 'cancelRecommendation' && !reason.trim()) return setProblem(translate('app.action.reason_required'));
    if (action === 'assignExperts' && experts.length === 0) return setProblem(translate('app.bulk.experts_required'));
    setProblem(undefined);
    setOutcomes(null);
    const records = await selectedRecords();
    await run(records.map((r) => ({ id: r.id, formVersion: r.formVersion })));
  };

  const close = () => {
    setOutcomes(null);
    setReason('');
    setExperts([]);
    onUnselectItems();
    refresh();
  };

  return (
    <>
      <Button size="small" variant="outlined" color={action === 'cancelRecommendation' ? 'error' : 'success'} onClick={() => setAsking(true)} disabled={tooMany}>
        {label}
      </Button>
      <Dialog open={asking} onClose={() => !progress && setAsking(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('app.bulk.confirm_title', { action: label, count: selectedIds.length })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>{translate(`app.bulk.hint_${action}`)}</DialogContentText>
          {action === 'cancelRecommendation' && (
            <TextField autoFocus multiline minRows={3} fullWidth required margin="dense" label={translate('app.action.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
          {action === 'assignExperts' && (
            <TextField select fullWidth required margin="dense" label={translate('app.review.experts')} value={experts} onChange={(e) => setExperts(e.target.value as unknown as string[])} slotProps={{ select: { multiple: true } }}>
              {(expertList ?? []).map((e) => (
                <MenuItem key={e.id} value={e.id}>
                  {e.orgName ? `${e.name}（${e.orgName}）` : e.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          {progress && (
            <Stack spacing={1} sx={{ mt: 2 }} data-testid="bulk-progress">
              <LinearProgress variant="determinate" value={(100 * progress.done) / progress.total} />
              <Typography variant="body2">{translate('app.bulk.progress', { done: progress.done, total: progress.total })}</Typography>
            </Stack>
          )}
          {problem && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {problem}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(false)} disabled={!!progress}>
            {translate('app.action.cancel')}
          </Button>
          <Button variant="contained" onClick={confirm} disabled={!!progress}>
            {translate('app.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
      {outcomes && (
        <OutcomeDialog
          action={action}
          outcomes={outcomes}
          progress={progress}
          onClose={close}
          onRetryStale={() => run(outcomes.filter((o) => o.code === 'FORM_VERSION_STALE').map((o) => ({ id: o.id, formVersion: o.formVersion })))}
        />
      )}
    </>
  );
}

/** The bulk buttons of the caller's role (none for experts: scoring is one project at a time). */
export function QueueBulkActionButtons() {
  const { permissions } = usePermissions();
  const { selectedIds } = useListContext();
  const translate = useTranslate();
  const actions = ACTIONS_BY_ROLE[String(permissions)] ?? [];
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {selectedIds.length > MAX_BULK && <Typography color="error" variant="body2">{translate('app.bulk.too_many', { max: MAX_BULK })}</Typography>}
      {actions.map((action) => (
        <BulkActionButton key={action} action={action} />
      ))}
    </Stack>
  );
}

export function hasBulkActions(role: unknown): boolean {
  return String(role) in ACTIONS_BY_ROLE;
}

/**
 * 重新打开 / 调整状态 (issue 13.3): the ministry or an administrator corrects a submission closed or moved by mistake —
 * POST /api/admin/workflows/:workflowId/reopen {reason, until?} and …/move {phase, reason}, each an audited Update with a
 * mandatory 原因. Offered only when the detail's allowedActions lists `reopen` / `move`; the target phases of 调整状态
 * are the ones domain/lifecycle CORRECTIVE_MOVES allows from the current phase. A refusal (e.g. “截止时间已过，重新打开时
 * 请指定新的截止时间”) stays in the dialog in the server's words; after success the page shows the new phase and the
 * history entry.
 */
import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Stack, TextField } from '@mui/material';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'ra-core';
import { CORRECTIVE_MOVES } from '../../../domain/lifecycle/transitions';
import { PHASE_LABELS, type Phase } from '../../../domain/phases';
import { fromBeijingInput } from '../../../domain/time';
import { apiRequest } from '../providers/http';
import { FormDialog } from '../components/FormDialog';
import { SelectField } from '../components/SelectField';

interface CorrectionResult {
  phase: string;
  phaseLabel: string;
}

/** What a correction sends besides its 原因, or why it cannot be sent yet (`problem` undefined: the field says it). */
type Request = { body: Record<string, unknown> } | { problem?: string };

/**
 * A corrective button and its dialog: the fields of the correction (children), the mandatory 原因 (checked in the
 * dialog), the server's refusal in its own words, 取消 / the action. `onOpen` resets the correction's own fields.
 */
function CorrectionButton({ kind, hint, onOpen, request, children }: { kind: 'reopen' | 'move'; hint: string; onOpen: () => void; request: () => Request; children: ReactNode }) {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const subject = record?.name || translate('app.action.untitled');
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiRequest<CorrectionResult>(`/admin/workflows/${encodeURIComponent(String(record?.workflowId))}/${kind}`, { method: 'POST', body }),
    onSuccess: (result) => {
      setOpen(false);
      notify(`app.correct.done_${kind}`, { type: 'success', messageArgs: { subject, phase: result.phaseLabel } });
      refresh();
    },
    onError: (error: Error & { body?: { errors?: Record<string, unknown> } }) => {
      const fields = Object.entries(error.body?.errors ?? {}).filter(([key, value]) => key !== 'root' && typeof value === 'string');
      setProblem(fields.length ? fields.map(([, message]) => String(message)).join('；') : error.message);
    },
  });
  const missing = reason.trim() === '';
  const show = () => {
    onOpen();
    setReason('');
    setTouched(false);
    setProblem(null);
    setOpen(true);
  };
  const submit = () => {
    setTouched(true);
    if (missing) return;
    const next = request();
    if (!('body' in next)) {
      if (next.problem) setProblem(next.problem);
      return;
    }
    setProblem(null);
    mutation.mutate({ ...next.body, reason: reason.trim() });
  };
  return (
    <>
      <Button variant="outlined" color="warning" size="small" onClick={show}>
        {translate(`app.correct.${kind}`)}
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title={translate(`app.correct.${kind}_title`, { subject })}
        hint={hint}
        submit={{ label: translate(`app.correct.${kind}`), onSubmit: submit, disabled: mutation.isPending, color: 'warning' }}
      >
        <Stack spacing={2}>
          {children}
          <TextField
            name="reason"
            label={translate('app.correct.reason')}
            required
            multiline
            minRows={2}
            fullWidth
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => setTouched(true)}
            error={touched && missing}
            helperText={touched && missing ? translate('app.correct.reason_required') : translate('app.correct.reason_hint')}
            slotProps={{ htmlInput: { maxLength: 500 } }}
          />
          {problem && (
            <Alert severity="error" data-testid="correction-refusal">
              {problem}
            </Alert>
          )}
        </Stack>
      </FormDialog>
    </>
  );
}

function ReopenButton() {
  const translate = useTranslate();
  const [until, setUntil] = useState('');
  const untilBad = until.trim() !== '' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(until.trim());
  return (
    <CorrectionButton
      kind="reopen"
      hint={translate('app.correct.reopen_hint')}
      onOpen={() => setUntil('')}
      request={(): Request => {
        if (untilBad) return {};
        const text = until.trim();
        return { body: text ? { until: fromBeijingInput(text.replace(' ', 'T')) } : {} };
      }}
    >
      {/* Typed as 北京时间 `YYYY-MM-DD HH:mm` like every deadline of the platform (a native picker shows the browser's own format). */}
      <TextField
        name="until"
        label={translate('app.correct.until')}
        placeholder="2026-04-10 17:00"
        value={until}
        onChange={(e) => setUntil(e.target.value)}
        error={untilBad}
        helperText={translate(untilBad ? 'app.correct.until_format' : 'app.correct.until_hint')}
        slotProps={{ inputLabel: { shrink: true } }}
        sx={{ maxWidth: 360 }}
      />
    </CorrectionButton>
  );
}

function MoveButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const targets = CORRECTIVE_MOVES[record?.phase as Phase] ?? [];
  const [phase, setPhase] = useState('');
  if (!targets.length) return null;
  return (
    <CorrectionButton
      kind="move"
      hint={translate('app.correct.move_hint', { phase: PHASE_LABELS[record?.phase as Phase] ?? String(record?.phase) })}
      onOpen={() => setPhase(targets.length === 1 ? targets[0]! : '')}
      request={() => (phase ? { body: { phase } } : { problem: translate('app.correct.phase_required') })}
    >
      <SelectField
        name="phase"
        label={translate('app.correct.phase')}
        value={phase}
        onValue={setPhase}
        options={targets.map((p) => ({ value: p, label: PHASE_LABELS[p] }))}
        required
        sx={{ maxWidth: 320 }}
      />
    </CorrectionButton>
  );
}

/** The two corrective buttons, each only where the server allows it for this user and project. */
export function CorrectionButtons() {
  const record = useRecordContext();
  const allowed: string[] = Array.isArray(record?.allowedActions) ? record.allowedActions : [];
  if (!record?.workflowId) return null;
  return (
    <>
      {allowed.includes('reopen') && <ReopenButton />}
      {allowed.includes('move') && <MoveButton />}
    </>
  );
}

/**
 * The workflow actions a user may take on a project, shown only when the server lists them in `allowedActions`
 * (domain action types: cityApprove, recommend, withdraw…). Each is a pessimistic POST to the project's action
 * endpoint (SPEC §7) and shows the server's own message, e.g. the 409 "项目内容已更新，请刷新后再推荐".
 */
import { Stack } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { Button, DeleteWithConfirmButton } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../providers/http';
import { useRecordContext, useTranslate } from 'ra-core';
import { Link } from 'react-router-dom';
import { ActionButton, requiredChoice, type ActionButtonProps } from '../components/ActionButton';
import { RecommendButton } from './RecommendButton';

type ButtonSpec = Omit<ActionButtonProps, 'resource'> & { key: string };

/** Buttons per action type; one type may give several (初审 通过 / 退回). Order is the order on screen. */
export const ACTION_BUTTONS: Record<string, ButtonSpec[]> = {
  cityApprove: [
    { key: 'cityApprove', action: 'city-review', label: 'resources.projects.actions.city_review_approve', confirm: true, color: 'success', successMessage: 'app.action.done_city_approve', body: () => ({ decision: 'approve' }) },
  ],
  cityReturn: [
    { key: 'cityReturn', action: 'city-review', label: 'resources.projects.actions.city_review_return', withReason: true, color: 'error', successMessage: 'app.action.done_city_return', body: () => ({ decision: 'return' }) },
  ],
  cancelRecommendation: [
    { key: 'cancelRecommendation', action: 'cancel-recommendation', label: 'resources.projects.actions.cancel_recommendation', withReason: true, color: 'error' },
  ],
  withdraw: [{ key: 'withdraw', action: 'withdraw', label: 'resources.projects.actions.withdraw', withReason: true, color: 'warning' }],
  approveWithdrawal: [
    { key: 'approveWithdrawal', action: 'withdrawal/approve', label: 'resources.projects.actions.withdrawal_approve', confirm: true },
  ],
  rejectWithdrawal: [
    { key: 'rejectWithdrawal', action: 'withdrawal/reject', label: 'resources.projects.actions.withdrawal_reject', withReason: true, color: 'error' },
  ],
  score: [
    {
      key: 'score',
      action: 'scores',
      label: 'resources.projects.actions.score',
      fields: [
        { name: 'score', label: 'app.review.score', kind: 'number', required: true, min: 0, max: 100 },
        { name: 'comment', label: 'app.review.comment', kind: 'longtext', required: true },
      ],
    },
  ],
  recordOnsite: [
    {
      key: 'recordOnsite',
      action: 'onsite',
      label: 'resources.projects.actions.onsite',
      successMessage: 'app.action.done_onsite',
      fields: [
        requiredChoice('passed', 'app.review.onsite_result', { true: 'app.review.passed', false: 'app.review.failed' }),
        { name: 'notes', label: 'app.review.onsite_notes', kind: 'longtext' },
      ],
    },
  ],
  decide: [
    {
      key: 'decide',
      action: 'decision',
      label: 'resources.projects.actions.decide',
      successMessage: 'app.action.done_decide',
      fields: [
        requiredChoice('decision', 'app.review.decision', {
          shortlist: 'app.review.decision_shortlist',
          reject: 'app.review.decision_reject',
          onsite: 'app.review.decision_onsite',
        }),
      ],
    },
  ],
  fileObjection: [
    {
      key: 'fileObjection',
      action: 'objections',
      label: 'resources.projects.actions.objection',
      fields: [{ name: 'content', label: 'app.review.objection_content', kind: 'longtext', required: true }],
    },
  ],
  markCase: [{ key: 'markCase', action: 'case', label: 'resources.projects.actions.mark_case', confirm: true }],
};

interface Expert {
  id: string;
  name: string;
  orgName: string | null;
}

/** 分配评审专家: the ministry picks from the active expert accounts (GET /api/experts). */
function AssignExpertsButton({ variant }: { variant: 'text' | 'outlined' }) {
  const { data: experts } = useQuery({
    queryKey: ['experts'],
    queryFn: () => apiRequest<{ data: Expert[] }>('/experts').then((r) => r.data),
    staleTime: 60_000,
  });
  return (
    <ActionButton
      action="experts"
      label="resources.projects.actions.assign_experts"
      variant={variant}
      fields={[
        {
          name: 'expertIds',
          label: 'app.review.experts',
          kind: 'multi',
          required: true,
          options: (experts ?? []).map((e) => ({ value: e.id, label: e.orgName ? `${e.name}（${e.orgName}）` : e.name })),
        },
      ]}
    />
  );
}

/** 处理异议: one button per open objection of the project in 公示. */
function ResolveObjectionButtons({ variant }: { variant: 'text' | 'outlined' }) {
  const record = useRecordContext();
  const open: { id: string; content: string }[] = (record?.review?.objections ?? []).filter((o: { status: string }) => o.status === 'open');
  return (
    <>
      {open.map((objection, i) => (
        <ActionButton
          key={objection.id}
          action="resolve-objection"
          path={`objections/${objection.id}/resolve`}
          label="resources.projects.actions.resolve_objection"
          variant={variant}
          description={`${i + 1}. ${objection.content}`}
          fields={[
            requiredChoice('uphold', 'app.review.objection_verdict', { true: 'app.review.objection_uphold', false: 'app.review.objection_dismiss' }),
            { name: 'resolution', label: 'app.review.resolution', kind: 'longtext', required: true },
          ]}
        />
      ))}
    </>
  );
}

/** 编辑 for the enterprise while the form is editable (the action type `save`). */
function EditFormButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Button
      component={Link}
      to={`/projects/${encodeURIComponent(String(record.id))}`}
      label={translate('resources.projects.actions.edit')}
      onClick={(e) => e.stopPropagation()}
    >
      <EditIcon />
    </Button>
  );
}

/**
 * 删除 a draft that was never submitted (action type `deleteDraft`): DELETE /api/projects/:id after a confirmation
 * naming the project; the server refuses (409, shown as it says) once it was submitted. Back to the list afterwards.
 */
function DeleteDraftButton({ variant }: { variant: 'text' | 'outlined' }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <DeleteWithConfirmButton
      resource="projects"
      record={record}
      variant={variant}
      label="resources.projects.actions.delete_draft"
      confirmTitle={translate('resources.projects.delete_draft.title')}
      confirmContent={translate('resources.projects.delete_draft.content', { name: record.name || translate('resources.projects.delete_draft.unnamed') })}
      confirmColor="warning"
      mutationMode="pessimistic"
      redirect="list"
      successMessage="resources.projects.delete_draft.done"
    />
  );
}

/** The buttons side by side (查看's toolbar), or one under the other (the list's narrow 操作 column). */
export function ProjectActions({ variant = 'outlined', exclude = [], direction = 'row' }: { variant?: 'text' | 'outlined'; exclude?: string[]; direction?: 'row' | 'column' }) {
  const record = useRecordContext();
  const allowed: string[] = Array.isArray(record?.allowedActions) ? record.allowedActions : [];
  const has = (type: string) => allowed.includes(type) && !exclude.includes(type);
  return (
    <Stack sx={{ flexWrap: 'wrap', alignItems: direction === 'column' ? 'flex-start' : undefined }} direction={direction} spacing={direction === 'column' ? 0.5 : 1} useFlexGap onClick={(e) => e.stopPropagation()}>
      {has('save') && <EditFormButton />}
      {/* 推荐 carries the form version looked at; a refusal shows what changed since (RecommendButton). */}
      {has('recommend') && <RecommendButton variant={variant} />}
      {Object.entries(ACTION_BUTTONS)
        .filter(([type]) => has(type))
        .flatMap(([, buttons]) => buttons)
        .map(({ key, ...props }) => (
          <ActionButton key={key} variant={variant} {...props} />
        ))}
      {has('assignExperts') && <AssignExpertsButton variant={variant} />}
      {has('resolveObjection') && <ResolveObjectionButtons variant={variant} />}
      {has('deleteDraft') && <DeleteDraftButton variant={variant} />}
    </Stack>
  );
}

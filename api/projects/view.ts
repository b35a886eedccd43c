/** What the API returns for a submission: the list row and the detail page (查看), in the user's words. */
import type { SubmissionRow, HistoryRow } from './repository';
import type { Actor } from '../../domain/roles';
import { ROLE_LABELS } from '../../domain/roles';
import { PHASE_LABELS } from '../../domain/phases';
import { allowedActions, stateAt } from '../../domain/lifecycle/transitions';
import { ACTION_LABELS } from '../../domain/lifecycle/actions';
import { authzActor } from './workflowGateway';
import { authorityOfficeName, provinceNameOf } from '../../domain/statusText';
import { workingTimeBetween } from '../../domain/calendar';
import { QUEUE_STEP_LABELS, officeOf, type QueueStep } from '../../domain/queue';
import type { ClaimEventRow, ClaimView, OfficeQueueRow } from './queue';

const CLAIM_LABELS: Record<ClaimEventRow['action'], string> = { claim: '认领', release: '取消认领', reassign: '转交认领' };

/** What the actor may do now: judged on the state as it is now (deadlines due by now applied, as the workflow will). */
export function actionsFor(row: Pick<SubmissionRow, 'state'>, actor: Actor, now: Date): string[] {
  if (!row.state) return [];
  return allowedActions(stateAt(row.state, now.toISOString()), authzActor(actor), now.toISOString());
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Working days left until `due` (a started day counts as a day), 0 once it has passed; null without a deadline. */
export function remainingWorkingDays(due: Date | string | null, now: Date): number | null {
  if (!due) return null;
  const left = workingTimeBetween(now, new Date(due));
  return left <= 0 ? 0 : Math.ceil(left / DAY_MS);
}

export function deadlineView(step: QueueStep | null, dueAt: Date | string | null, overdueAt: Date | string | null, now: Date) {
  return {
    step,
    stepLabel: step ? QUEUE_STEP_LABELS[step] : null,
    dueAt: dueAt ? new Date(dueAt).toISOString() : null,
    remainingWorkingDays: remainingWorkingDays(dueAt, now),
    overdue: overdueAt ? new Date(overdueAt).getTime() <= now.getTime() : false,
  };
}

export function listItem(row: SubmissionRow, actor: Actor, now: Date) {
  return {
    id: row.id,
    projectId: row.project_id,
    year: row.year,
    enterpriseName: row.enterprise_name,
    name: row.name,
    projectType: row.project_type,
    level: row.level,
    phase: row.phase,
    phaseLabel: PHASE_LABELS[row.phase],
    statusText: row.status_text,
    stage: row.stage,
    industry: row.industry,
    address: row.address_text,
    provinceCode: row.province_code,
    cityCode: row.city_code,
    formVersion: row.form_version,
    isCase: row.is_case,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    allowedActions: actionsFor(row, actor, now),
    // Where the project waits now (whoever must act): 截止时间, 剩余工作日, 已超期.
    ...deadlineView(row.step ?? null, row.step_due ?? null, row.step_overdue_at ?? null, now),
  };
}

/** Ministry-internal review data is not shown to enterprises and operators. */
const SEES_REVIEW = new Set(['ministry', 'expert']);

export interface OperatorRef {
  id: string;
  username: string;
  name: string;
  orgName: string | null;
}

export function detailView(
  row: SubmissionRow,
  history: HistoryRow[],
  actor: Actor,
  now: Date,
  extra: {
    enterprise: Record<string, unknown> | null;
    expertNames: Record<string, string>;
    operators: OperatorRef[];
    /** 认领 events, merged into the history (regulators only: they are the offices' own business). */
    claimHistory?: ClaimEventRow[];
    claims?: ClaimView[];
    /** The ministry allowed the enterprise to declare outside the notice's sectors (told to the enterprise only). */
    eligibilityException?: boolean;
    /** The offices the project waits for now. */
    queue?: OfficeQueueRow[];
  },
) {
  const office = officeOf(actor);
  const mine = office ? extra.queue?.find((q) => q.office === office) : undefined;
  const myClaim = office ? extra.claims?.find((c) => c.office === office) : undefined;
  // As it is now: a deadline that has passed counts, although the workflow may not have written it yet.
  const state = row.state ? stateAt(row.state, now.toISOString()) : null;
  const province = row.province_code ? provinceNameOf(row.province_code) : '';
  const recommendations = (['province_miit', 'province_ca'] as const).map((authority) => {
    const given = state?.recommendations[authority] ?? null;
    return {
      authority,
      office: province ? authorityOfficeName(authority, province) : ROLE_LABELS[authority],
      status: given ? 'recommended' : 'pending',
      statusLabel: given ? '已推荐' : '待推荐',
      by: given?.byName ?? null,
      at: given?.at ?? null,
      formVersion: given?.formVersion ?? null,
    };
  });
  const review = SEES_REVIEW.has(actor.role) && state
    ? {
        experts: state.experts.map((id) => ({ id, name: extra.expertNames[id] ?? id })),
        scores: (actor.role === 'expert' ? state.scores.filter((s) => s.expertId === actor.userId) : state.scores).map((s) => ({ ...s, expertName: extra.expertNames[s.expertId] ?? s.expertId })),
        onsite: state.onsite,
        decision: state.decision,
        publicity: state.publicity,
        objections: state.objections,
      }
    : null;
  return {
    ...listItem(row, actor, now),
    /** The workflow's id (submission:<year>:<projectId>), for corrective actions under /api/admin/workflows/:id. */
    workflowId: row.workflow_id,
    districtCode: row.district_code,
    nationalEconomyCode: row.national_economy_code,
    sections: row.sections,
    enterprise: extra.enterprise,
    enterpriseSnapshotted: row.enterprise_snapshot !== null,
    /** The ministry allowed the enterprise to declare outside the notice's sectors (only told to the enterprise). */
    eligibilityException: extra.eligibilityException ?? false,
    cityReviewRequired: state?.cityReviewRequired ?? false,
    cityReview: state?.cityReview ?? null,
    recommendations,
    withdrawal: state?.withdrawal ?? null,
    deadlines: state?.deadlines ?? null,
    publicity: state?.publicity ?? null,
    // The enterprise manages its invitations and sees who they are; others do not see the list.
    invitedOperators: actor.role === 'enterprise' ? extra.operators : undefined,
    review,
    // The city's 初审退回 reason while the project is returned: a banner on the project and in the form.
    returnReason: row.phase === 'returned' ? returnReasonOf(history) : null,
    claims: REGULATOR.has(actor.role) ? (extra.claims ?? []).map((c) => ({ ...c, mine: c.userId === actor.userId })) : [],
    // 待我处理 on 查看: whether this project waits for the caller's office, until when, and who of the office holds it.
    myQueue: mine
      ? {
          office: mine.office,
          ...deadlineView(mine.step, mine.due_at, mine.overdue_at, now),
          claim: myClaim ? { userId: myClaim.userId, name: myClaim.name, claimedAt: myClaim.claimedAt, mine: myClaim.userId === actor.userId } : null,
        }
      : null,
    history: [...history.map((h) => ({
      seq: h.seq,
      action: h.action,
      actionLabel: h.action === 'create' ? '创建项目' : h.action === 'import' ? '从旧平台导入' : (ACTION_LABELS[h.action as keyof typeof ACTION_LABELS] ?? h.action),
      // Who reviewed is the ministry's business: an enterprise or operator reads "评审专家", never the expert's name
      // (issue 14.8), nor the expert's comment.
      actorName: h.actor_role === 'expert' && !SEES_REVIEW.has(actor.role) ? null : h.actor_name,
      actorRole: h.actor_role,
      actorRoleLabel: h.actor_role && h.actor_role in ROLE_LABELS ? ROLE_LABELS[h.actor_role as keyof typeof ROLE_LABELS] : h.actor_role === 'system' ? '系统' : null,
      at: h.at,
      reason: h.actor_role === 'expert' && !SEES_REVIEW.has(actor.role) ? null : h.reason,
      fromPhase: h.from_phase,
      fromPhaseLabel: h.from_phase ? PHASE_LABELS[h.from_phase as keyof typeof PHASE_LABELS] : null,
      toPhase: h.to_phase,
      toPhaseLabel: h.to_phase ? PHASE_LABELS[h.to_phase as keyof typeof PHASE_LABELS] : null,
      // The form version a 暂存 saved or a 提交 sent (the history's link to 对比版本); other details stay internal.
      formVersion: typeof h.details?.formVersion === 'number' ? h.details.formVersion : null,
    })),
    ...(REGULATOR.has(actor.role) ? (extra.claimHistory ?? []) : []).map((c) => ({
      seq: null,
      action: `claim.${c.action}`,
      actionLabel: CLAIM_LABELS[c.action],
      actorName: c.by_name,
      actorRole: c.by_role,
      actorRoleLabel: c.by_role in ROLE_LABELS ? ROLE_LABELS[c.by_role as keyof typeof ROLE_LABELS] : null,
      at: c.at,
      reason: c.action === 'release' ? `原认领人：${c.holder_name ?? '—'}` : c.action === 'reassign' ? `转交给：${c.holder_name ?? '—'}` : null,
      fromPhase: null,
      fromPhaseLabel: null,
      toPhase: null,
      toPhaseLabel: null,
      formVersion: null,
    }))].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()),
  };
}

/** Roles that see an office's claims. */
const REGULATOR = new Set(['city_miit', 'province_miit', 'province_ca', 'ministry', 'expert']);

/** The reason, who and when of the latest 初审退回. */
function returnReasonOf(history: HistoryRow[]): { reason: string | null; by: string | null; at: Date } | null {
  const last = [...history].reverse().find((h) => h.action === 'cityReturn');
  return last ? { reason: last.reason, by: last.actor_name, at: last.at } : null;
}

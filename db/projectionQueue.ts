/**
 * The 待我处理 side of a transition (issue 11), written in the projection's transaction: the submission's queue rows
 * (one per office it waits for, domain/queue.ts) and the offices' notices — new work (站内信 to each member + one
 * e-mail per office) and reminders (催办). Everything is keyed, so a retried or replayed activity writes nothing twice:
 * queue rows are rewritten only by the transition the row now holds (seq), notices carry a dedupe key per office and
 * item step.
 */
import type { SubmissionState } from '../domain/lifecycle/state';
import { parseOffice, queueItems, type QueueItem, type QueueStep } from '../domain/queue';
import { HUMAN_STEP_SLA_WORKING_DAYS } from '../domain/stuck';
import { beijingText } from '../domain/time';
import type { RecordedEvent } from '../domain/lifecycle/events';

type Query = (sql: string, replacements: Record<string, unknown>) => Promise<unknown>;

/** Steps whose arrival an office is told about (issue 11.4): 初审, 推荐, 撤回申请, 评分. The ministry works from its queue. */
const NOTIFIED_STEPS: readonly QueueStep[] = ['cityReview', 'recommend', 'withdrawal', 'score'];

export interface OfficeNotice {
  office: string;
  /** Per office and item step (new work) or per reminder: one message per member and one e-mail per office. */
  key: string;
  title: string;
  body: string;
}

const by = (instant: string | null) => (instant ? `，请于${beijingText(instant)}前处理` : '');

function newWork(item: QueueItem, state: SubmissionState, name: string): Omit<OfficeNotice, 'office' | 'key'> {
  switch (item.step) {
    case 'cityReview':
      return { title: '新的待初审项目', body: `项目“${name}”已提交，待贵单位初审${by(item.dueAt)}。` };
    case 'recommend':
      return { title: '新的待推荐项目', body: `项目“${name}”待贵单位推荐，推荐截止时间为${item.closesAt ? beijingText(item.closesAt) : '—'}。` };
    case 'withdrawal':
      return { title: '新的撤回申请', body: `项目“${name}”的申报企业申请撤回（原因：${state.withdrawal?.reason ?? '—'}）${by(item.dueAt)}。` };
    default:
      return { title: '新的评审任务', body: `您被分配评审项目“${name}”${item.dueAt ? `，专家评审截止时间为${beijingText(item.dueAt)}` : ''}，请及时评分。` };
  }
}

function reminder(step: string, state: SubmissionState, name: string): Omit<OfficeNotice, 'office' | 'key'> {
  if (step === 'score') {
    const deadline = state.deadlines.expertReview ? beijingText(state.deadlines.expertReview) : '—';
    return { title: '评审截止提醒', body: `项目“${name}”的专家评审将于${deadline}截止，您尚未评分，请尽快完成。` };
  }
  const what = step === 'cityReview' ? '待初审' : '撤回申请待处理';
  return {
    title: step === 'cityReview' ? '初审催办' : '撤回申请催办',
    body: `项目“${name}”${what}已超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日，已标记为已超期，请尽快处理。`,
  };
}

/**
 * What to tell which office about this transition: new work for each office whose item began with it (or an expert
 * just assigned), and the reminders of an escalation.
 */
export function officeNotices(submissionId: string, state: SubmissionState, event: RecordedEvent, projectName: string): OfficeNotice[] {
  const name = projectName || '未命名项目';
  if (event.action === 'escalate') {
    const details = (event.details ?? {}) as { step?: string; offices?: string[] };
    return (details.offices ?? []).map((office) => ({ office, key: `escalate:${submissionId}:${event.seq}:${office}`, ...reminder(details.step ?? '', state, name) }));
  }
  return queueItems(state)
    .filter((item) => NOTIFIED_STEPS.includes(item.step) && (item.since === event.at || event.action === 'assignExperts'))
    .map((item) => ({ office: item.office, key: `work:${submissionId}:${item.office}:${item.step}:${item.since ?? ''}`, ...newWork(item, state, name) }));
}

/** The active members of an office, as SQL over `users u` with its parameters. */
function members(office: string): { where: string; params: Record<string, unknown> } | null {
  const parsed = parseOffice(office);
  if (!parsed) return null;
  const column = parsed.role === 'city_miit' ? 'u.city_code' : parsed.role === 'expert' ? 'u.id::text' : 'u.province_code';
  return { where: `u.role = :role AND ${column} = :code AND u.status = 'active'`, params: { role: parsed.role, code: parsed.code } };
}

/** Rewrites the queue rows and sends the offices' notices; called by recordTransition inside its transaction. */
export async function projectQueue(q: Query, submissionId: string, state: SubmissionState, event: RecordedEvent, projectName: string): Promise<void> {
  // Only the transition the row holds may rewrite its queue (a replayed older one must not).
  const current = 'EXISTS (SELECT 1 FROM submissions WHERE id = :id AND seq = :seq)';
  await q(`DELETE FROM queue_items WHERE submission_id = :id AND ${current}`, { id: submissionId, seq: state.seq });
  const items = queueItems(state);
  if (items.length) {
    await q(
      `INSERT INTO queue_items (submission_id, office, step, year, since, due_at, overdue_at, closes_at)
       SELECT :id, i.office, i.step, :year, i.since, i."dueAt", i."overdueAt", i."closesAt"
         FROM jsonb_to_recordset(CAST(:items AS jsonb)) AS i(office text, step text, since timestamptz, "dueAt" timestamptz, "overdueAt" timestamptz, "closesAt" timestamptz)
        WHERE ${current}`,
      { id: submissionId, seq: state.seq, year: state.year, items: JSON.stringify(items) },
    );
  }
  for (const notice of officeNotices(submissionId, state, event, projectName)) {
    const who = members(notice.office);
    if (!who) continue;
    const values = { ...who.params, id: submissionId, title: notice.title, body: notice.body, key: notice.key, subject: `【5G工厂名录】${notice.title}` };
    await q(
      `INSERT INTO messages (user_id, title, body, submission_id, dedupe_key)
       SELECT u.id, :title, :body, :id, :key || ':' || u.id FROM users u WHERE ${who.where}
       ON CONFLICT (dedupe_key) DO NOTHING`,
      values,
    );
    await q(
      `INSERT INTO email_outbox (to_address, subject, body, dedupe_key)
       SELECT string_agg(u.email, ', ' ORDER BY u.email), :subject, :body, :key FROM users u WHERE ${who.where} AND u.email IS NOT NULL
       HAVING count(*) > 0
       ON CONFLICT (dedupe_key) DO NOTHING`,
      values,
    );
  }
}


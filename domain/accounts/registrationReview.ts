/**
 * Who reviews a new registration (SPEC §5; 粤工信工业互联网函〔2025〕10号: “各地级以上市工业和信息化主管部门…做好本地区
 * 新增企业和项目初审”). Each province chooses:
 *   admin           — the platform's administrator approves or rejects (the default);
 *   city_then_admin — the 工信局 of the enterprise's city reviews first (通过 / 退回 with a reason), then the administrator;
 *   city            — the city's 工信局 alone decides, instead of the administrator.
 * Only enterprises go to the city (新增企业); operators are always reviewed by the administrator.
 *
 * A request waiting for its city more than 3 working days (HUMAN_STEP_SLA_WORKING_DAYS, Chinese calendar) is escalated:
 * the province's 工业和信息化厅 and the administrators are told, and the administrator may decide it in the city's place.
 * Pure: the API and the escalation activity call these with the clock's time.
 */
import { addWorkingDays } from '../calendar';
import { HUMAN_STEP_SLA_WORKING_DAYS } from '../stuck';
import type { Role } from '../roles';

export const REGISTRATION_REVIEW_MODES = ['admin', 'city_then_admin', 'city'] as const;
export type RegistrationReviewMode = (typeof REGISTRATION_REVIEW_MODES)[number];
export const REGISTRATION_REVIEW_MODE_LABELS: Record<RegistrationReviewMode, string> = {
  admin: '系统管理员审核',
  city_then_admin: '市工信局初审后由系统管理员审核',
  city: '市工信局审核（无需系统管理员审核）',
};

/** Where a pending request waits. */
export type RegistrationStage = 'city' | 'admin';
export const REGISTRATION_STAGE_LABELS: Record<RegistrationStage, string> = { city: '待市工信局初审', admin: '待系统管理员审核' };

export const REGISTRATION_REVIEW_MESSAGES = {
  notYourCity: '该注册申请不属于本市，无权审核',
  waitingForCity: '该注册申请待市工信局初审，初审通过后（或超过3个工作日未处理时）方可审核',
  notForCity: '该注册申请不需要市工信局初审',
  cityApprovedBody: '您的账号注册申请已通过市工业和信息化局初审，现移交系统管理员审核。',
  returnedTitle: '注册申请被退回',
  returnedBody: (reason: string) => `您的账号注册申请被市工业和信息化局退回，原因：${reason}。请修改后重新注册。`,
  escalatedTitle: '注册申请超过3个工作日未初审',
  escalatedBody: (orgName: string, city: string) =>
    `${city}工业和信息化局尚未初审“${orgName}”的注册申请（已超过3个工作日），请督促处理；系统管理员现可直接审核。`,
  reasonRequired: '请填写退回原因',
} as const;

/** The stage a new request starts at. */
export function initialRegistrationStage(role: Role, mode: RegistrationReviewMode, cityCode: string | null): RegistrationStage {
  return role === 'enterprise' && mode !== 'admin' && cityCode ? 'city' : 'admin';
}

/** What the city's 通过 leads to: the administrator's review, or an active account. */
export function afterCityApproval(mode: RegistrationReviewMode): 'admin' | 'active' {
  return mode === 'city' ? 'active' : 'admin';
}

/** When a request that reached its city at `since` is escalated (3 working days later). */
export function escalationDueAt(since: Date): Date {
  return addWorkingDays(since, HUMAN_STEP_SLA_WORKING_DAYS);
}

export function isEscalationDue(since: Date, now: Date): boolean {
  return now.getTime() >= escalationDueAt(since).getTime();
}

/**
 * Who may decide a pending request now, or why not:
 * - the city's 工信局 at the city stage (its own city only);
 * - the administrator at the admin stage, or at the city stage once escalated.
 */
export function whyNotDecide(
  actor: { role: Role; cityCode?: string | null },
  request: { stage: RegistrationStage; cityCode: string | null; escalated: boolean },
): string | null {
  if (actor.role === 'city_miit') {
    if (request.stage !== 'city') return REGISTRATION_REVIEW_MESSAGES.notForCity;
    if (!actor.cityCode || actor.cityCode !== request.cityCode) return REGISTRATION_REVIEW_MESSAGES.notYourCity;
    return null;
  }
  if (actor.role === 'admin') {
    return request.stage === 'city' && !request.escalated ? REGISTRATION_REVIEW_MESSAGES.waitingForCity : null;
  }
  return '无权审核注册申请';
}

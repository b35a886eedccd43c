/**
 * Authorisation: the one place that says who may do what to which object (SPEC §1, deny by
 * default). The API calls it on every read and write; the submission workflow's Update validators
 * reach it through the lifecycle's decide(), so the rules cannot drift apart.
 *
 * It answers "is this person, by role and jurisdiction, entitled to this kind of action on this
 * object?". Whether the action makes sense *now* (phase, deadlines, form version) is the
 * lifecycle's business (domain/lifecycle/transitions.ts).
 */
import { ROLE_LABELS, type Actor, type Role } from './roles';

/**
 * An enterprise account is the enterprise (one account per 统一社会信用代码), so by default an
 * enterprise user's enterprise id is its user id; a caller whose enterprise ids differ passes
 * enterpriseId explicitly.
 */
export type AuthzActor = Actor & { enterpriseId?: string };

/** The fields of a project (submission) that decide who may touch it. */
export interface ProjectResource {
  kind: 'project';
  enterpriseId: string;
  /** 实施地址 province, GB/T 2260. */
  provinceCode: string;
  /** 实施地址 city, GB/T 2260. */
  cityCode: string;
  invitedOperators: readonly string[];
  experts: readonly string[];
}

/** 企业信息 of one enterprise. */
export interface ProfileResource {
  kind: 'profile';
  enterpriseId: string;
}

/** Platform-wide things with no owner: campaigns, accounts, audit log, workflows. */
export interface PlatformResource {
  kind: 'platform';
}
export const PLATFORM: PlatformResource = Object.freeze({ kind: 'platform' });

export const PROJECT_ACTIONS = [
  'project.read',
  'file.read',
  'project.edit',
  'project.submit',
  'project.withdraw',
  'project.invite',
  'project.delete',
  'project.cityReview',
  'project.recommend',
  'project.handleWithdrawal',
  'project.assignExperts',
  'project.score',
  'project.onsite',
  'project.decide',
  'project.publicity',
  'project.objection',
  'project.case',
  'project.correct',
] as const;
export const PROFILE_ACTIONS = ['profile.read', 'profile.edit'] as const;
export const PLATFORM_ACTIONS = [
  'campaign.read',
  'campaign.manage',
  'user.manage',
  'registration.review',
  'registration.cityReview',
  'eligibility.manage',
  'province.settings',
  'project.import',
  'audit.read',
  'workflow.admin',
  'security.manage',
] as const;

export type ProjectAction = (typeof PROJECT_ACTIONS)[number];
export type ProfileAction = (typeof PROFILE_ACTIONS)[number];
export type PlatformAction = (typeof PLATFORM_ACTIONS)[number];
export type AuthzAction = ProjectAction | ProfileAction | PlatformAction;

export type ResourceFor<A extends AuthzAction> = A extends ProjectAction
  ? ProjectResource
  : A extends ProfileAction
    ? ProfileResource
    : PlatformResource;

/**
 * How far a role's reach goes for one action:
 * own — the enterprise's own objects; city / province — 实施地址 in the office's city / province;
 * national — everything; assigned — projects the expert was assigned to; invited — projects the
 * enterprise invited the operator to; any — no object to check (platform-wide).
 */
export type Scope = 'own' | 'city' | 'province' | 'national' | 'assigned' | 'invited' | 'any';

interface Rule {
  /** What the action is, for messages: "<角色>无权<label>". */
  label: string;
  scopes: Partial<Record<Role, Scope>>;
}

const READ_PROJECT: Rule['scopes'] = {
  enterprise: 'own',
  operator: 'invited',
  city_miit: 'city',
  province_miit: 'province',
  province_ca: 'province',
  ministry: 'national',
  expert: 'assigned',
};
const PROVINCIAL: Rule['scopes'] = { province_miit: 'province', province_ca: 'province' };

const RULES: Record<AuthzAction, Rule> = {
  'project.read': { label: '查看项目', scopes: READ_PROJECT },
  'file.read': { label: '查看项目附件', scopes: READ_PROJECT },
  'project.edit': { label: '编辑项目', scopes: { enterprise: 'own' } },
  'project.submit': { label: '提交项目', scopes: { enterprise: 'own' } },
  'project.withdraw': { label: '申请撤回项目', scopes: { enterprise: 'own' } },
  'project.invite': { label: '邀请运营商查看项目', scopes: { enterprise: 'own' } },
  'project.delete': { label: '删除草稿', scopes: { enterprise: 'own' } },
  'project.cityReview': { label: '初审项目', scopes: { city_miit: 'city' } },
  'project.recommend': { label: '推荐或取消推荐项目', scopes: PROVINCIAL },
  'project.handleWithdrawal': { label: '处理撤回申请', scopes: PROVINCIAL },
  'project.assignExperts': { label: '分配评审专家', scopes: { ministry: 'national' } },
  'project.score': { label: '为项目评分', scopes: { expert: 'assigned', ministry: 'national' } },
  'project.onsite': { label: '记录现场核验结果', scopes: { ministry: 'national' } },
  'project.decide': { label: '作出评审决定', scopes: { ministry: 'national' } },
  'project.publicity': { label: '开始公示', scopes: { ministry: 'national' } },
  'project.objection': { label: '登记或处理异议', scopes: { ministry: 'national' } },
  'project.case': { label: '标记案例', scopes: { ministry: 'national' } },
  // Corrective actions (issue 13.3): reopen or move a submission, with a reason, through the workflow.
  'project.correct': { label: '重新打开或调整项目状态', scopes: { ministry: 'national', admin: 'national' } },
  'profile.read': { label: '查看企业信息', scopes: { enterprise: 'own', ministry: 'national' } },
  'profile.edit': { label: '编辑企业信息', scopes: { enterprise: 'own' } },
  'campaign.read': {
    label: '查看年度批次',
    scopes: {
      enterprise: 'any',
      operator: 'any',
      city_miit: 'any',
      province_miit: 'any',
      province_ca: 'any',
      ministry: 'any',
      expert: 'any',
      admin: 'any',
    },
  },
  'campaign.manage': { label: '管理年度批次和截止时间', scopes: { ministry: 'any' } },
  // 三员分立 (等保2.0 三级): 系统管理员 accounts and workflows, 安全管理员 security, 审计管理员 the audit log only.
  'user.manage': { label: '管理用户账号', scopes: { admin: 'any' } },
  'registration.review': { label: '审核注册申请', scopes: { admin: 'any' } },
  // 新增企业初审: the city's own registrations only (the route compares the request's city with the office's).
  'registration.cityReview': { label: '初审本市新增企业的注册申请', scopes: { city_miit: 'any' } },
  'eligibility.manage': { label: '管理申报主体例外', scopes: { ministry: 'any' } },
  // A province's own settings are set by its 工业和信息化厅 (the route checks the province); the ministry sets any.
  'province.settings': { label: '设置省级审核要求', scopes: { ministry: 'any', province_miit: 'any' } },
  'project.import': { label: '导入往年申报项目', scopes: { ministry: 'any' } },
  'audit.read': { label: '查看审计日志', scopes: { audit_admin: 'any' } },
  'workflow.admin': { label: '管理工作流', scopes: { admin: 'any' } },
  'security.manage': { label: '管理安全设置、授予角色和解锁账号', scopes: { security_admin: 'any' } },
};

/** Why an actor inside the role but outside the scope is refused. */
const OUT_OF_SCOPE: Record<Exclude<Scope, 'national' | 'any'>, string> = {
  own: '不属于本企业',
  city: '不在本市管辖范围内',
  province: '不在本省管辖范围内',
  assigned: '未分配给您评审',
  invited: '未邀请您查看',
};

/** The enterprise an enterprise user acts for. */
export function enterpriseIdOf(actor: AuthzActor): string | undefined {
  if (actor.role !== 'enterprise') return undefined;
  return actor.enterpriseId ?? actor.userId;
}

function nonEmptyEqual(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a === b;
}

function inScope(actor: AuthzActor, scope: Scope, resource: ProjectResource | ProfileResource | PlatformResource): boolean {
  switch (scope) {
    case 'any':
    case 'national':
      return true;
    case 'own':
      return resource.kind !== 'platform' && nonEmptyEqual(enterpriseIdOf(actor), resource.enterpriseId);
    case 'city':
      return resource.kind === 'project' && nonEmptyEqual(actor.cityCode, resource.cityCode);
    case 'province':
      return resource.kind === 'project' && nonEmptyEqual(actor.provinceCode, resource.provinceCode);
    case 'assigned':
      return resource.kind === 'project' && !!actor.userId && resource.experts.includes(actor.userId);
    case 'invited':
      return resource.kind === 'project' && !!actor.userId && resource.invitedOperators.includes(actor.userId);
  }
}

/**
 * Why the actor may not take the action on the resource, in words the user reads; null when it may.
 * Anything not explicitly granted is refused.
 */
export function whyNot<A extends AuthzAction>(actor: AuthzActor, action: A, resource: ResourceFor<A>): string | null {
  const rule: Rule | undefined = Object.prototype.hasOwnProperty.call(RULES, action) ? RULES[action] : undefined;
  if (!rule || !resource) return '无权执行该操作';
  const scope = rule.scopes[actor.role];
  if (!scope) {
    const roleLabel = ROLE_LABELS[actor.role] ?? '当前用户';
    return `${roleLabel}无权${rule.label}`;
  }
  const expectedKind = kindOf(action);
  if (resource.kind !== expectedKind) return '无权执行该操作';
  if (inScope(actor, scope, resource)) return null;
  const subject = resource.kind === 'profile' ? '该企业信息' : '该项目';
  return `${subject}${OUT_OF_SCOPE[scope as keyof typeof OUT_OF_SCOPE]}，无权${rule.label}`;
}

/**
 * Drafts are private (README, "Decisions"): the offices and the ministry see a declaration once it has been submitted;
 * the enterprise, the operators it invited and the experts assigned to it see it in any phase.
 */
const SEES_SUBMITTED_ONLY: ReadonlySet<Role> = new Set<Role>(['city_miit', 'province_miit', 'province_ca', 'ministry']);

/**
 * How far a role's sight of projects reaches: the scope of 'project.read' and whether drafts are hidden; null when
 * the role sees no project at all. The list's SQL is derived from this (db/visibility.ts), so one rule decides both
 * what a list shows and which project page opens.
 */
export function projectSight(role: Role): { scope: Scope; submittedOnly: boolean } | null {
  const scope = RULES['project.read'].scopes[role];
  return scope ? { scope, submittedOnly: SEES_SUBMITTED_ONLY.has(role) } : null;
}

/** Whether the actor may see the project at all (its page, its row in a list); one it may not see is "not found". */
export function canSeeProject(actor: AuthzActor, project: ProjectResource, submitted: boolean): boolean {
  if (!can(actor, 'project.read', project)) return false;
  return submitted || !projectSight(actor.role)?.submittedOnly;
}

/** Whether the actor may take the action on the resource. */
export function can<A extends AuthzAction>(actor: AuthzActor, action: A, resource: ResourceFor<A>): boolean {
  return whyNot(actor, action, resource) === null;
}

function kindOf(action: AuthzAction): 'project' | 'profile' | 'platform' {
  if ((PROJECT_ACTIONS as readonly string[]).includes(action)) return 'project';
  if ((PROFILE_ACTIONS as readonly string[]).includes(action)) return 'profile';
  return 'platform';
}

/** The authorisation view of a submission's state (or of a projection row). */
export function projectResource(project: {
  enterpriseId: string;
  provinceCode: string;
  cityCode: string;
  invitedOperators: readonly string[];
  experts: readonly string[];
}): ProjectResource {
  return {
    kind: 'project',
    enterpriseId: project.enterpriseId,
    provinceCode: project.provinceCode,
    cityCode: project.cityCode,
    invitedOperators: project.invitedOperators,
    experts: project.experts,
  };
}

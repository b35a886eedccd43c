import { ROLES, type Role } from './roles';
import {
  PLATFORM,
  PLATFORM_ACTIONS,
  PROJECT_ACTIONS,
  can,
  whyNot,
  type AuthzActor,
  type ProjectAction,
  type ProjectResource,
} from './authz';
import { ACTORS, OUTSIDERS } from './lifecycle/__fixtures__/submissions';

function actor(role: Role, userId: string, codes: Partial<AuthzActor> = {}): AuthzActor {
  return { userId, username: userId, displayName: userId, role, ...codes };
}

/** A 广州 project of enterprise ent-1, shown to operator op-1 and assigned to expert-1. */
const PROJECT: ProjectResource = {
  kind: 'project',
  enterpriseId: 'ent-1',
  provinceCode: '440000',
  cityCode: '440100',
  invitedOperators: ['op-1'],
  experts: ['expert-1'],
};

/** The people of the lifecycle fixtures: inside the project's reach, and the same roles outside it. */
const INSIDE = ACTORS;
const OUTSIDE = OUTSIDERS;

/** Who may take each project action (inside their jurisdiction); everyone else is refused. */
const GRANTS: Record<ProjectAction, Role[]> = {
  'project.read': ['enterprise', 'operator', 'city_miit', 'province_miit', 'province_ca', 'ministry', 'expert'],
  'file.read': ['enterprise', 'operator', 'city_miit', 'province_miit', 'province_ca', 'ministry', 'expert'],
  'project.edit': ['enterprise'],
  'project.submit': ['enterprise'],
  'project.withdraw': ['enterprise'],
  'project.invite': ['enterprise'],
  'project.delete': ['enterprise'],
  'project.cityReview': ['city_miit'],
  'project.recommend': ['province_miit', 'province_ca'],
  'project.handleWithdrawal': ['province_miit', 'province_ca'],
  'project.assignExperts': ['ministry'],
  'project.score': ['expert', 'ministry'],
  'project.onsite': ['ministry'],
  'project.decide': ['ministry'],
  'project.publicity': ['ministry'],
  'project.objection': ['ministry'],
  'project.case': ['ministry'],
  'project.correct': ['ministry', 'admin'],
};

describe('project actions', () => {
  const cells = PROJECT_ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as const));

  test.each(cells)('%s by %s: granted inside the jurisdiction only', (action, role) => {
    const granted = GRANTS[action].includes(role);
    expect(can(INSIDE[role], action, PROJECT)).toBe(granted);
    if (!granted) expect(whyNot(INSIDE[role], action, PROJECT)).toMatch(/^.+无权.+$/);
    const outsider = OUTSIDE[role];
    if (outsider) expect(can(outsider, action, PROJECT)).toBe(false);
  });

  test('refusals say why, in the words of the user', () => {
    expect(whyNot(INSIDE.admin, 'project.read', PROJECT)).toBe('系统管理员无权查看项目');
    expect(whyNot(INSIDE.operator, 'project.edit', PROJECT)).toBe('运营商无权编辑项目');
    expect(whyNot(OUTSIDE.operator!, 'project.read', PROJECT)).toBe('该项目未邀请您查看，无权查看项目');
    expect(whyNot(OUTSIDE.enterprise!, 'project.read', PROJECT)).toBe('该项目不属于本企业，无权查看项目');
    expect(whyNot(OUTSIDE.city_miit!, 'project.read', PROJECT)).toBe('该项目不在本市管辖范围内，无权查看项目');
    expect(whyNot(OUTSIDE.province_ca!, 'project.recommend', PROJECT)).toBe('该项目不在本省管辖范围内，无权推荐或取消推荐项目');
    expect(whyNot(OUTSIDE.expert!, 'project.score', PROJECT)).toBe('该项目未分配给您评审，无权为项目评分');
    expect(whyNot(INSIDE.ministry, 'project.read', PROJECT)).toBeNull();
  });

  test('a regulator without jurisdiction codes, or a project without an address, matches nobody', () => {
    expect(can(actor('province_ca', 'x'), 'project.read', PROJECT)).toBe(false);
    expect(can(actor('city_miit', 'y', { provinceCode: '440000' }), 'project.read', PROJECT)).toBe(false);
    const noAddress = { ...PROJECT, provinceCode: '', cityCode: '' };
    expect(can(actor('province_ca', 'z', { provinceCode: '' }), 'project.read', noAddress)).toBe(false);
    expect(can(INSIDE.enterprise, 'project.read', noAddress)).toBe(true);
  });

  test('an enterprise user acts for the enterprise named on the account when it differs from the user id', () => {
    const staff = { ...actor('enterprise', 'user-7'), enterpriseId: 'ent-1' };
    expect(can(staff, 'project.edit', PROJECT)).toBe(true);
    expect(can(actor('enterprise', 'user-7'), 'project.edit', PROJECT)).toBe(false);
  });

  test('a province office sees the province’s projects, a city office only its city', () => {
    const shenzhen = { ...PROJECT, cityCode: '440300' };
    expect(can(INSIDE.province_miit, 'project.read', shenzhen)).toBe(true);
    expect(can(INSIDE.city_miit, 'project.read', shenzhen)).toBe(false);
  });
});

describe('platform and profile actions', () => {
  const PLATFORM_GRANTS: Record<(typeof PLATFORM_ACTIONS)[number], Role[]> = {
    // 安全管理员 and 审计管理员 have no business with campaigns (三员分立: each administrator only its own duty).
    'campaign.read': ROLES.filter((r) => r !== 'security_admin' && r !== 'audit_admin'),
    'campaign.manage': ['ministry'],
    'user.manage': ['admin'],
    'registration.review': ['admin'],
    'registration.cityReview': ['city_miit'],
    'eligibility.manage': ['ministry'],
    'province.settings': ['ministry', 'province_miit'],
    'project.import': ['ministry'],
    'audit.read': ['audit_admin'],
    'workflow.admin': ['admin'],
    'security.manage': ['security_admin'],
  };
  const cells = PLATFORM_ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as const));

  test.each(cells)('%s by %s', (action, role) => {
    expect(can(INSIDE[role], action, PLATFORM)).toBe(PLATFORM_GRANTS[action].includes(role));
  });

  test('an enterprise reads and edits only its own 企业信息; the ministry may read it', () => {
    const profile = { kind: 'profile', enterpriseId: 'ent-1' } as const;
    expect(can(INSIDE.enterprise, 'profile.edit', profile)).toBe(true);
    expect(can(OUTSIDE.enterprise!, 'profile.read', profile)).toBe(false);
    expect(whyNot(OUTSIDE.enterprise!, 'profile.read', profile)).toBe('该企业信息不属于本企业，无权查看企业信息');
    expect(can(INSIDE.ministry, 'profile.read', profile)).toBe(true);
    expect(can(INSIDE.ministry, 'profile.edit', profile)).toBe(false);
    expect(can(INSIDE.admin, 'profile.read', profile)).toBe(false);
    expect(can(INSIDE.province_ca, 'profile.read', profile)).toBe(false);
  });

  test('anything unknown is denied', () => {
    expect(whyNot(INSIDE.ministry, 'project.destroy' as never, PROJECT as never)).toBe('无权执行该操作');
    expect(can({ ...INSIDE.ministry, role: 'superuser' as Role }, 'project.read', PROJECT)).toBe(false);
    expect(can(INSIDE.ministry, 'project.read', PLATFORM as never)).toBe(false);
    expect(can(INSIDE.ministry, 'project.read', undefined as never)).toBe(false);
  });
});

/**
 * Route × role matrix (issue 6, SPEC §1 "deny by default"): every route in /api/openapi.json is called by every
 * role, by a second enterprise and anonymously, with harmless arguments (other people's objects, unknown ids,
 * valid bodies), and nothing is reachable that should not be:
 *   - anonymous gets 401 on every `user` route;
 *   - a principal not in the route's `allow` list gets 403 (or 404 where the route hides objects it may not see);
 *   - a principal in the list is not refused (no 401/403) and nothing answers 5xx.
 *
 * ADDING A ROUTE: add ONE line to ACCESS below — `'METHOD /api/path/{param}': access(allowList, options)`. A route in
 * the OpenAPI document without a line here fails the first test with the list of routes to add.
 */
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { makeUscc } from '../../domain/accounts';
import { workflowIdOf } from '../support/lifecycle';

const PRINCIPALS = ['anonymous', 'enterprise', 'enterprise2', 'operator', 'city_miit', 'province_miit', 'province_ca', 'ministry', 'expert', 'admin', 'security_admin', 'audit_admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
const SIGNED_IN = PRINCIPALS.filter((p) => p !== 'anonymous');
const LOGIN_OF: Record<Exclude<Principal, 'anonymous'>, string> = {
  enterprise: 'gzfactory',
  enterprise2: 'szfactory',
  operator: 'gdmobile',
  city_miit: 'gz_miit',
  province_miit: 'gd_miit',
  province_ca: 'gd_ca',
  ministry: 'miit',
  expert: 'expert1',
  admin: 'admin',
  security_admin: 'security',
  audit_admin: 'auditor',
};

/** Ids the calls use: objects that belong to someone (the enterprise's draft project, another user's message, …). */
interface Fixture {
  projectId: string;
  /** The project's workflow (corrective actions name it). */
  projectWorkflowId: string;
  victimUserId: string;
  foreignMessageId: string;
  registrationId: string;
  operatorId: string;
  year: number;
  unknownId: string;
  /** A second draft of the first enterprise, for 删除. */
  deletableId: string;
}

interface Access {
  /** Who may use the route; 'public' = no sign-in needed (then only "never 5xx" is checked). */
  allow: 'public' | readonly Principal[];
  /** What a principal outside `allow` gets: 403, or 404 where the route hides what the caller may not see. */
  denied?: readonly number[];
  params?: (f: Fixture) => Record<string, string | number>;
  body?: (f: Fixture) => unknown;
  query?: string;
  /** Use a token of its own (logout would end the shared one). */
  freshToken?: boolean;
}

const access = (allow: Access['allow'], options: Omit<Access, 'allow'> = {}): Access => ({ allow, ...options });
const PUBLIC = access('public');
const ALL = SIGNED_IN;
/** Everyone but the 安全管理员 and 审计管理员, who have no business outside their one duty (三员分立). */
const BUSINESS = SIGNED_IN.filter((p) => p !== 'security_admin' && p !== 'audit_admin');
const ADMIN = ['admin'] as const;
const MINISTRY = ['ministry'] as const;
const HIDDEN = [403, 404];
/** Roles with a queue (待我处理). */
const REVIEWERS = ['city_miit', 'province_miit', 'province_ca', 'ministry', 'expert'] as const;
/** Everyone with a (scoped) project list: not the administrator. */
const PROJECT_LISTS = ['enterprise', 'enterprise2', 'operator', 'city_miit', 'province_miit', 'province_ca', 'ministry', 'expert'] as const;
const project = (f: Fixture) => ({ id: f.projectId });
const victim = (f: Fixture) => ({ id: f.victimUserId });
const reason = () => ({ reason: '权限矩阵测试' });

// One line per route. The allow lists follow domain/authz.ts (the project is the first enterprise's draft, with no
// address yet, so regulators are outside its jurisdiction).
const ACCESS: Record<string, Access> = {
  'GET /api/health': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/auth/captcha': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/register': PUBLIC,
  'POST /api/auth/sms-code': PUBLIC,
  'POST /api/auth/sms-login': PUBLIC,
  'GET /api/directory': PUBLIC,
  'GET /api/directory/years': PUBLIC,
  'GET /api/directory/export': access('public', { query: '?year=2025' }),
  'GET /api/reference/regions': PUBLIC,
  'GET /api/reference/industries': PUBLIC,
  'GET /api/reference/options': PUBLIC,
  'POST /api/auth/logout': access(ALL, { freshToken: true }),
  'GET /api/me': access(ALL),
  'POST /api/auth/change-password': access(ALL, { body: () => ({ oldPassword: 'Not-the-one_1', newPassword: 'Matrix@2468x', confirmPassword: 'Matrix@2468x' }) }),
  'GET /api/operators': access(['enterprise', 'enterprise2'], { query: '?q=a' }),
  // A city office reviews the new enterprises of its city (新增企业初审); the fixture is an operator's request, which it
  // cannot see (404) — its own city's requests are covered by registration-review.test.ts.
  'GET /api/registrations': access(['admin', 'city_miit']),
  'POST /api/registrations/{id}/approve': access(['admin', 'city_miit'], { params: (f) => ({ id: f.registrationId }) }),
  'POST /api/registrations/{id}/reject': access(['admin', 'city_miit'], { params: (f) => ({ id: f.registrationId }), body: reason }),
  'GET /api/province-settings': access(['province_miit', 'ministry']),
  'PUT /api/province-settings/{provinceCode}': access(['province_miit', 'ministry'], { params: () => ({ provinceCode: '440000' }), body: () => ({ registrationReview: 'city_then_admin' }) }),
  'GET /api/eligibility-exceptions': access(MINISTRY),
  'POST /api/eligibility-exceptions': access(MINISTRY, { body: () => ({ uscc: makeUscc('91440300MA5F00009'), reason: '矩阵测试' }) }),
  'POST /api/eligibility-exceptions/{uscc}/revoke': access(MINISTRY, { params: () => ({ uscc: makeUscc('91440300MA5F00009') }), body: reason }),
  'POST /api/users': access(ADMIN, { body: () => ({ username: 'matrix_new', name: '矩阵', role: 'expert' }) }),
  'GET /api/users': access(['admin', 'security_admin']),
  'GET /api/users/{id}': access(['admin', 'security_admin'], { params: victim }),
  'POST /api/users/{id}/unlock': access(['security_admin'], { params: victim }),
  'PATCH /api/users/{id}': access(ADMIN, { params: victim, body: () => ({ name: '矩阵测试' }) }),
  'POST /api/users/{id}/disable': access(ADMIN, { params: victim }),
  'POST /api/users/{id}/enable': access(ADMIN, { params: victim }),
  'POST /api/users/{id}/reset-password': access(ADMIN, { params: victim }),
  'POST /api/users/import': access(ADMIN),
  'POST /api/projects/import': access(MINISTRY, { query: '?year=2030&dryRun=true' }),
  'GET /api/audit': access(['audit_admin']),
  'GET /api/audit/export': access(['audit_admin']),
  'GET /api/messages': access(ALL),
  'GET /api/messages/{id}': access([], { denied: [404], params: (f) => ({ id: f.foreignMessageId }) }),
  'POST /api/messages/{id}/read': access([], { denied: [404], params: (f) => ({ id: f.foreignMessageId }) }),
  'POST /api/messages/read-all': access(ALL),
  'GET /api/campaigns': access(BUSINESS),
  'POST /api/campaigns': access(MINISTRY, { body: () => ({ year: 2099 }) }),
  'GET /api/campaigns/{year}': access(BUSINESS, { params: (f) => ({ year: f.year }) }),
  'PATCH /api/campaigns/{year}': access(MINISTRY, { params: () => ({ year: 2099 }), body: () => ({ publicityDays: 7 }) }),
  'POST /api/campaigns/{year}/publicity': access(MINISTRY, { params: () => ({ year: 2099 }) }),
  'POST /api/campaigns/{year}/publish': access(MINISTRY, { params: () => ({ year: 2098 }) }),
  'POST /api/campaigns/{year}/archive': access(MINISTRY, { params: () => ({ year: 2097 }) }),
  'POST /api/projects': access(['enterprise', 'enterprise2'], { body: () => ({}) }),
  'GET /api/projects': access(PROJECT_LISTS),
  // The export is the list as .xlsx, scoped like the list.
  'GET /api/projects/export': access(PROJECT_LISTS),
  'GET /api/projects/stats': access(['city_miit', 'province_miit', 'province_ca', 'ministry'], { query: '?year=2026' }),
  'GET /api/experts': access(MINISTRY),
  'GET /api/projects/{id}': access(['enterprise', 'ministry'], { denied: HIDDEN, params: project }),
  // 删除 a never-submitted draft: its own enterprise only (a second draft, so that the others keep theirs).
  'DELETE /api/projects/{id}': access(['enterprise'], { denied: HIDDEN, params: (f) => ({ id: f.deletableId }) }),
  'PUT /api/projects/{id}/sections/{section}': access(['enterprise'], { denied: HIDDEN, params: (f) => ({ id: f.projectId, section: 'projectInfo' }), body: () => ({}) }),
  'POST /api/projects/{id}/submit': access(['enterprise'], { denied: HIDDEN, params: project }),
  'POST /api/projects/{id}/withdraw': access(['enterprise'], { denied: HIDDEN, params: project, body: reason }),
  'POST /api/projects/{id}/withdrawal/approve': access([], { denied: HIDDEN, params: project }),
  'POST /api/projects/{id}/withdrawal/reject': access([], { denied: HIDDEN, params: project, body: reason }),
  'POST /api/projects/{id}/city-review': access([], { denied: HIDDEN, params: project, body: () => ({ decision: 'approve' }) }),
  'POST /api/projects/{id}/recommend': access([], { denied: HIDDEN, params: project, body: () => ({ formVersion: 0 }) }),
  'POST /api/projects/{id}/cancel-recommendation': access([], { denied: HIDDEN, params: project, body: reason }),
  'POST /api/projects/{id}/experts': access(MINISTRY, { denied: HIDDEN, params: project, body: (f) => ({ expertIds: [f.unknownId] }) }),
  'POST /api/projects/{id}/scores': access(MINISTRY, { denied: HIDDEN, params: project, body: () => ({ score: 80, comment: '矩阵测试' }) }),
  'POST /api/projects/{id}/onsite': access(MINISTRY, { denied: HIDDEN, params: project, body: () => ({ passed: true }) }),
  'POST /api/projects/{id}/decision': access(MINISTRY, { denied: HIDDEN, params: project, body: () => ({ decision: 'reject' }) }),
  'POST /api/projects/{id}/objections': access(MINISTRY, { denied: HIDDEN, params: project, body: () => ({ content: '矩阵测试' }) }),
  'POST /api/projects/{id}/case': access(MINISTRY, { denied: HIDDEN, params: project }),
  'POST /api/projects/{id}/objections/{objectionId}/resolve': access(MINISTRY, { denied: HIDDEN, params: (f) => ({ id: f.projectId, objectionId: f.unknownId }), body: () => ({ uphold: false, resolution: '矩阵测试' }) }),
  // A real operator, so that the refusal comes from the authorisation check; the owner's invite is revoked by the next line.
  'POST /api/projects/{id}/operators': access(['enterprise'], { denied: HIDDEN, params: project, body: (f) => ({ operatorId: f.operatorId }) }),
  'DELETE /api/projects/{id}/operators/{operatorId}': access(['enterprise'], { denied: HIDDEN, params: (f) => ({ id: f.projectId, operatorId: f.operatorId }) }),
  'POST /api/projects/{id}/materials': access(['enterprise'], { denied: HIDDEN, params: project }),
  'DELETE /api/projects/{id}/materials/{fileId}': access(['enterprise'], { denied: HIDDEN, params: (f) => ({ id: f.projectId, fileId: f.unknownId }) }),
  'GET /api/projects/{id}/materials/{fileId}': access(['enterprise', 'ministry'], { denied: HIDDEN, params: (f) => ({ id: f.projectId, fileId: f.unknownId }) }),
  'POST /api/files': access(['enterprise', 'enterprise2']),
  'GET /api/files/{id}': access([], { denied: HIDDEN, params: (f) => ({ id: f.unknownId }) }),
  // Regulators see the profile snapshotted into a submission, not the enterprise's working copy.
  'GET /api/enterprise-profiles': access(['enterprise', 'enterprise2']),
  'GET /api/enterprise-profiles/{year}': access(['enterprise', 'enterprise2'], { params: (f) => ({ year: f.year }) }),
  'PUT /api/enterprise-profiles/{year}': access(['enterprise', 'enterprise2'], { params: (f) => ({ year: f.year }), body: () => ({}) }),
  // 待我处理 (issue 11): the reviewing offices' own queues; claims only on items awaiting the caller's office.
  'GET /api/queue': access(REVIEWERS),
  'GET /api/queue/counts': access(REVIEWERS),
  'GET /api/office/colleagues': access(REVIEWERS),
  // 保存的筛选: everyone's own; another's (or an unknown) filter reads as not found.
  'GET /api/saved-filters': access(ALL, { query: '?resource=projects' }),
  'POST /api/saved-filters': access(ALL, { body: () => ({ resource: 'projects', name: '权限矩阵', filter: { name: '矩阵' } }) }),
  'DELETE /api/saved-filters/{id}': access([], { denied: [404], params: (f) => ({ id: f.unknownId }) }),
  'POST /api/projects/{id}/claim': access([], { denied: HIDDEN, params: project }),
  'DELETE /api/projects/{id}/claim': access([], { denied: HIDDEN, params: project }),
  'POST /api/projects/{id}/claim/reassign': access([], { denied: HIDDEN, params: project, body: (f) => ({ userId: f.unknownId }) }),
  'POST /api/projects/bulk': access(['city_miit', 'province_miit', 'province_ca', 'ministry'], { body: (f) => ({ action: 'cityApprove', items: [{ id: f.projectId }] }) }),
  'GET /api/projects/{id}/versions': access(['enterprise', 'ministry'], { denied: HIDDEN, params: project }),
  'GET /api/projects/{id}/diff': access(['enterprise', 'ministry'], { denied: HIDDEN, params: project, query: '?from=0' }),
  'PUT /api/users/{id}/office-head': access(ADMIN, { params: victim, body: () => ({ officeHead: true }) }),
  'POST /api/users/{id}/release-claims': access(ADMIN, { params: victim }),
  'GET /api/admin/workflows/stuck': access(ADMIN),
  'POST /api/admin/workflows/{id}/retry': access(ADMIN, { params: (f) => ({ id: `submission:${f.year}:${f.unknownId}` }) }),
  'POST /api/admin/workflows/{id}/terminate': access(ADMIN, { params: (f) => ({ id: `submission:${f.year}:${f.unknownId}` }), body: reason }),
  // Corrective actions on the enterprise's draft: the ministry and the administrator are let through (and refused by the
  // rules: nothing to reopen or move in 暂存), everyone else is refused.
  'POST /api/admin/workflows/{id}/reopen': access(['ministry', 'admin'], { params: (f) => ({ id: f.projectWorkflowId }), body: reason }),
  'POST /api/admin/workflows/{id}/move': access(['ministry', 'admin'], { params: (f) => ({ id: f.projectWorkflowId }), body: () => ({ phase: 'ministry_review', reason: '权限矩阵测试' }) }),
  'POST /api/admin/projections/rebuild': access(ADMIN, { body: (f) => ({ submissionId: f.unknownId }) }),
  'POST /api/admin/reconcile': access(ADMIN),
  'POST /api/admin/batches': access(ADMIN, { body: (f) => ({ operation: 'retry', workflowIds: [`submission:${f.year}:${f.unknownId}`] }) }),
  'GET /api/admin/batches': access(ADMIN),
  'GET /api/admin/batches/{id}': access(ADMIN, { params: (f) => ({ id: f.unknownId }) }),
  'GET /api/admin/batches/{id}/items': access(ADMIN, { params: (f) => ({ id: f.unknownId }) }),
  'POST /api/admin/batches/{id}/cancel': access(ADMIN, { params: (f) => ({ id: f.unknownId }) }),
};

let stack: Stack;
let documented: string[] = [];
const tokens = {} as Record<Exclude<Principal, 'anonymous'>, string>;
let fixture: Fixture;

beforeAll(async () => {
  stack = await startStack();
  const admin = await stack.login('admin');
  // A second enterprise, to prove one enterprise cannot reach another's objects.
  const register = await stack.api('POST', '/api/auth/register', {
    body: {
      account: { name: '深圳用户', username: 'szfactory', mobile: '13700137001', email: 'sz@example.com', password: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD },
      organisation: {
        role: 'enterprise',
        regionCode: '440300',
        orgName: '深圳示范制造有限公司',
        orgAddress: { provinceCode: '440000', cityCode: '440300', districtCode: '440305' },
        addressDetail: '南山区科技园',
        uscc: makeUscc('91440300MA5F00001'),
        enterpriseNature: '民营企业',
        nationalEconomyCode: '3831',
      },
    },
  });
  expect(register.status).toBe(201);
  await stack.sequelize.query("UPDATE users SET status = 'active' WHERE username = 'szfactory'");
  for (const [principal, username] of Object.entries(LOGIN_OF)) tokens[principal as keyof typeof LOGIN_OF] = await stack.login(username);

  const pending = await stack.api('POST', '/api/auth/register', {
    body: {
      account: { name: '待审', username: 'matrixpending', mobile: '13700137002', email: 'p@example.com', password: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD },
      organisation: {
        role: 'operator',
        regionCode: '440100',
        orgName: '某运营商分公司',
        orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
        addressDetail: '天河区',
        uscc: makeUscc('91440100MA5F00002'),
        enterpriseNature: '国有企业',
        nationalEconomyCode: '6312',
      },
    },
  });
  expect(pending.status).toBe(201);
  const victim = await stack.api('POST', '/api/users', { token: admin, body: { username: 'matrix_victim', name: '矩阵', role: 'expert' } });
  const created = await stack.api('POST', '/api/projects', { token: tokens.enterprise, body: { projectInfo: { name: '权限矩阵5G工厂' } } });
  expect(created.status).toBe(201);
  const deletable = await stack.api('POST', '/api/projects', { token: tokens.enterprise, body: { projectInfo: { name: '待删除的草稿' } } });
  expect(deletable.status).toBe(201);
  const [[message]] = (await stack.sequelize.query("INSERT INTO messages (user_id, title, body) VALUES (:id, '别人的消息', '-') RETURNING id", {
    replacements: { id: victim.body.user.id },
  })) as [{ id: string }[], unknown];
  const [[registration]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'matrixpending'")) as [{ id: string }[], unknown];
  const [[operator]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gdmobile'")) as [{ id: string }[], unknown];
  const [[campaign]] = (await stack.sequelize.query('SELECT max(year) AS year FROM campaigns')) as [{ year: number }[], unknown];
  fixture = {
    projectId: created.body.id,
    projectWorkflowId: await workflowIdOf(stack, created.body.id),
    victimUserId: victim.body.user.id,
    foreignMessageId: String(message!.id),
    registrationId: registration!.id,
    operatorId: operator!.id,
    year: campaign!.year,
    unknownId: '00000000-0000-4000-8000-000000000000',
    deletableId: deletable.body.id,
  };
  const doc = await stack.api('GET', '/api/openapi.json');
  documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}, 300_000); // twelve sign-ins (argon2id) and the fixtures, on a shared machine
afterAll(async () => {
  await stack?.stop();
});

test('every documented route has a line in the access table (add the missing ones to ACCESS)', () => {
  expect(documented.length).toBeGreaterThan(20);
  expect(documented.filter((r) => !ACCESS[r])).toEqual([]);
  expect(Object.keys(ACCESS).filter((r) => !documented.includes(r))).toEqual([]);
});

test('nothing is reachable that should not be, for any principal on any route', async () => {
  const problems: string[] = [];
  for (const route of documented) {
    const rule = ACCESS[route];
    if (!rule) continue;
    const [method, template] = route.split(' ') as [string, string];
    const params = rule.params?.(fixture) ?? {};
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? fixture.unknownId))) + (rule.query ?? '');
    const body = rule.body?.(fixture);
    // Allowed principals last: a permitted call may change the object (disable, approve…), the refusals come first.
    const order = [...PRINCIPALS].sort((a, b) => Number(rule.allow !== 'public' && rule.allow.includes(a)) - Number(rule.allow !== 'public' && rule.allow.includes(b)));
    for (const principal of order) {
      const token = principal === 'anonymous' ? undefined : rule.freshToken ? await stack.login(LOGIN_OF[principal]) : tokens[principal];
      const res = await stack.api(method, path, { token, ...(body !== undefined ? { body } : {}) });
      const seen = `${route} as ${principal}: ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 120)}`;
      if (res.status >= 500 && !(route === 'GET /api/health' && res.status === 503)) problems.push(`${seen} (server error)`);
      if (rule.allow === 'public') continue;
      if (principal === 'anonymous') {
        if (res.status !== 401) problems.push(`${seen} (anonymous must get 401)`);
      } else if (rule.allow.includes(principal)) {
        if (res.status === 401 || res.status === 403) problems.push(`${seen} (allowed, but refused)`);
      } else if (!(rule.denied ?? [403]).includes(res.status)) {
        problems.push(`${seen} (must get ${(rule.denied ?? [403]).join(' or ')})`);
      }
    }
  }
  expect(problems).toEqual([]);
  // About a thousand requests one after another: on a loaded shared machine this takes minutes.
}, 600_000);

test('access is checked before the input: a refused caller sending an invalid body and query learns no field (issue 14.3)', async () => {
  const problems: string[] = [];
  let checked = 0;
  // Invalid for every schema that reads them (a page that is not a number, a year that is not a year, …).
  const hostileQuery = '?page=x&perPage=x&year=x&from=x&sort=x&q=' + 'x'.repeat(300);
  for (const route of documented) {
    const rule = ACCESS[route];
    if (!rule || rule.allow === 'public') continue;
    const [method, template] = route.split(' ') as [string, string];
    const params = rule.params?.(fixture) ?? {};
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? fixture.unknownId))) + hostileQuery;
    for (const principal of SIGNED_IN) {
      if (rule.allow.includes(principal) || rule.freshToken) continue;
      const withBody = method !== 'GET' && method !== 'DELETE';
      const res = await stack.api(method, path, { token: tokens[principal], ...(withBody ? { body: [] } : {}) });
      checked++;
      const seen = `${route} as ${principal}: ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 160)}`;
      if (!(rule.denied ?? [403]).includes(res.status)) problems.push(`${seen} (must get ${(rule.denied ?? [403]).join(' or ')})`);
      else if (res.body?.error?.details !== undefined) problems.push(`${seen} (a refusal names no fields)`);
    }
  }
  expect(checked).toBeGreaterThan(300);
  expect(problems).toEqual([]);
}, 600_000);

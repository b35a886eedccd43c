import { authProvider } from './authProvider';
import { dataProvider, listQuery } from './dataProvider';
import { filenameFrom, toHttpError } from './http';
import { IDLE_LIMIT_MS, session, type SessionUser } from './session';

const enterpriseUser: SessionUser = {
  id: 'u1',
  username: 'gzfactory',
  name: '张三',
  role: 'enterprise',
  orgName: '广州某某制造有限公司',
  provinceCode: '440000',
  cityCode: '440100',
  mustChangePassword: false,
};

type Call = { url: string; method: string; headers: Headers; body: unknown };
let calls: Call[];

function respond(status: number, body?: unknown, headers: Record<string, string> = {}) {
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  });
}

beforeEach(() => {
  calls = [];
  session.clear();
  jest.restoreAllMocks();
});

describe('errors from the API', () => {
  it('puts each field message of a 422 next to its field, with the summary as the form notification', () => {
    const error = toHttpError(422, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请检查填写的内容',
        details: [
          { section: 'basic', path: 'projectName', message: '项目名称须包含5G，并以工厂、车间或产线结尾' },
          { section: 'capability', path: 'edgeComputing[0].location', message: '请输入设备部署位置' },
        ],
      },
    });
    expect(error.status).toBe(422);
    expect(error.message).toBe('请检查填写的内容');
    expect(error.body.errors).toEqual({
      projectName: '项目名称须包含5G，并以工厂、车间或产线结尾',
      'edgeComputing.0.location': '请输入设备部署位置',
      root: { serverError: '请检查填写的内容' },
    });
    expect(error.body.details).toHaveLength(2);
  });

  it('shows a refusal as the server words it, without field errors', () => {
    const error = toHttpError(409, { error: { code: 'FORM_VERSION_STALE', message: '项目内容已更新，请刷新后再推荐' } });
    expect(error.message).toBe('项目内容已更新，请刷新后再推荐');
    expect(error.body).toEqual({ code: 'FORM_VERSION_STALE', details: undefined });
  });

  it('says the server cannot be reached when the proxy answers without the API', () => {
    expect(toHttpError(502, null).message).toBe('无法连接服务器，请稍后再试');
  });

  it('says the server cannot be reached when the network fails', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    await expect(dataProvider.getOne('projects', { id: 'p1' })).rejects.toMatchObject({
      message: '无法连接服务器，请稍后再试',
    });
  });
});

describe('dataProvider', () => {
  it('asks for a filtered, sorted page and sends the token', async () => {
    session.start('tok-1', enterpriseUser);
    respond(200, { data: [{ id: 'p1', name: '某某5G工厂' }], total: 21 });
    const result = await dataProvider.getList('projects', {
      pagination: { page: 2, perPage: 10 },
      sort: { field: 'updatedAt', order: 'DESC' },
      filter: { enterpriseName: '某某', phase: ['submitted', 'returned'], year: 2025, name: '' },
    });
    expect(calls[0].url).toBe(
      '/api/projects?page=2&perPage=10&sort=updatedAt&order=DESC&enterpriseName=%E6%9F%90%E6%9F%90&phase=submitted&phase=returned&year=2025',
    );
    expect(calls[0].headers.get('Authorization')).toBe('Bearer tok-1');
    expect(result).toEqual({ data: [{ id: 'p1', name: '某某5G工厂' }], total: 21 });
  });

  it('keys 企业信息 and campaigns by year', async () => {
    respond(200, { data: [{ year: 2025, orgName: '某某' }], total: 1 });
    const result = await dataProvider.getList('enterprise-profiles', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'year', order: 'DESC' },
      filter: {},
    });
    expect(result.data[0].id).toBe(2025);
  });

  it('saves one tab of a project with PUT /sections/:section', async () => {
    respond(200, { id: 'p1', formVersion: 4 });
    await dataProvider.update('projects', {
      id: 'p1',
      data: { projectName: '某某5G工厂' },
      previousData: { id: 'p1' },
      meta: { section: 'basic' },
    });
    expect(calls[0]).toMatchObject({ url: '/api/projects/p1/sections/basic', method: 'PUT', body: { projectName: '某某5G工厂' } });
  });

  it('changes a campaign with PATCH of the changed fields only', async () => {
    respond(200, { year: 2025, submissionDeadline: '2025-04-07T15:59:59Z' });
    const result = await dataProvider.update('campaigns', {
      id: 2025,
      data: { id: 2025, year: 2025, submissionDeadline: '2025-04-07T15:59:59Z', publicityDays: 7 },
      previousData: { id: 2025, year: 2025, submissionDeadline: '2025-03-31T15:59:59Z', publicityDays: 7 },
    });
    expect(calls[0]).toMatchObject({
      url: '/api/campaigns/2025',
      method: 'PATCH',
      body: { submissionDeadline: '2025-04-07T15:59:59Z' },
    });
    expect(result.data.id).toBe(2025);
  });

  it('posts a workflow action to /:id/<name>', async () => {
    respond(200, { phase: 'partially_recommended' });
    const result = await dataProvider.action('projects', 'p1', 'recommend', { formVersion: 3 });
    expect(calls[0]).toMatchObject({ url: '/api/projects/p1/recommend', method: 'POST', body: { formVersion: 3 } });
    expect(result.data).toEqual({ phase: 'partially_recommended' });
  });

  it('builds the export query from the list filters', () => {
    expect(String(listQuery({ filter: { year: 2025 }, sort: { field: 'name', order: 'ASC' } }))).toBe(
      'sort=name&order=ASC&year=2025',
    );
  });

  it('reads the Chinese file name of the export', () => {
    expect(filenameFrom(`attachment; filename*=UTF-8''${encodeURIComponent('5G工厂.xlsx')}`)).toBe('5G工厂.xlsx');
    expect(filenameFrom('attachment; filename="export.xlsx"')).toBe('export.xlsx');
  });
});

describe('authProvider', () => {
  it('signs in with account, password and captcha and keeps the token for the tab', async () => {
    respond(200, { token: 'tok-2', user: enterpriseUser });
    const result = await authProvider.login({ username: 'gzfactory', password: 'Abc@1357', captchaId: 'c1', captcha: 'x7k2' });
    expect(calls[0]).toMatchObject({
      url: '/api/auth/login',
      method: 'POST',
      body: { username: 'gzfactory', password: 'Abc@1357', captchaId: 'c1', captcha: 'x7k2' },
    });
    expect(calls[0].headers.get('Authorization')).toBeNull();
    expect(result).toBeUndefined();
    expect(session.getToken()).toBe('tok-2');
    await expect(authProvider.getPermissions!({})).resolves.toBe('enterprise');
  });

  it('sends a user with a temporary password to 修改密码', async () => {
    respond(200, { token: 'tok-3', user: { ...enterpriseUser, mustChangePassword: true } });
    await expect(authProvider.login({ username: 'gzfactory', password: '123456' })).resolves.toEqual({
      redirectTo: '/change-password',
    });
  });

  it('shows the server reason when sign-in is refused', async () => {
    respond(401, { error: { code: 'BAD_CREDENTIALS', message: '账号或密码错误' } });
    await expect(authProvider.login({ username: 'x', password: 'y' })).rejects.toMatchObject({ message: '账号或密码错误' });
    expect(session.getToken()).toBeNull();
  });

  it('signs out on 401 and redirects to 修改密码 on PASSWORD_CHANGE_REQUIRED', async () => {
    session.start('tok-4', enterpriseUser);
    const changeRequired = toHttpError(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改密码' } });
    await expect(authProvider.checkError(changeRequired)).rejects.toEqual({
      logoutUser: false,
      redirectTo: '/change-password',
      message: false,
    });
    await expect(authProvider.checkError(toHttpError(403, { error: { code: 'FORBIDDEN', message: '没有权限' } }))).resolves.toBeUndefined();
    await expect(authProvider.checkError(toHttpError(401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }))).rejects.toBeTruthy();
    expect(session.getToken()).toBeNull();
  });

  it('ends a session idle for more than 30 minutes', async () => {
    session.start('tok-5', enterpriseUser, Date.now() - IDLE_LIMIT_MS - 1000);
    await expect(authProvider.checkAuth({})).rejects.toEqual({ message: 'app.session.idle_logout' });
    expect(session.getToken()).toBeNull();
  });

  it('tells the server on logout, and signs out even if it cannot be reached', async () => {
    session.start('tok-6', enterpriseUser);
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    await authProvider.logout({});
    expect(globalThis.fetch).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST' }));
    expect(session.getToken()).toBeNull();
  });

  it('names the user with their organisation', async () => {
    session.start('tok-7', enterpriseUser);
    respond(200, { ...enterpriseUser, roleLabel: '企业用户' });
    await expect(authProvider.getIdentity!()).resolves.toMatchObject({ id: 'u1', fullName: '张三（广州某某制造有限公司）' });
  });
});

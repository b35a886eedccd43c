import { startStack, type Stack } from '../support/stack';
import { DEMO_ACCOUNTS } from '../../db/seed';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

describe('health', () => {
  test('reports postgres, temporal and a live worker as ok', async () => {
    // The worker's first poll reaches the server within a moment of start.
    let res = await stack.api('GET', '/api/health');
    for (let i = 0; i < 50 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      res = await stack.api('GET', '/api/health');
    }
    expect(res.body).toEqual({ postgres: 'ok', temporal: 'ok', worker: 'ok' });
    expect(res.status).toBe(200);
  });
});

describe('sign-in', () => {
  test.each(DEMO_ACCOUNTS.map((a) => [a.username, a] as const))('demo account %s logs in and /api/me shows its role and jurisdiction', async (username, account) => {
    const token = await stack.login(username);
    const me = await stack.api('GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username,
      role: account.role,
      provinceCode: account.provinceCode ?? null,
      cityCode: account.role === 'city_miit' || account.role === 'enterprise' || account.role === 'operator' ? account.cityCode : (account.cityCode ?? null),
      orgName: account.orgName,
    });
  });

  test('a wrong password is refused with 401 and a Chinese message', async () => {
    const res = await stack.api('POST', '/api/auth/login', { body: { username: 'gzfactory', password: 'Wrong-pass_x' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(res.body.error.message).toMatch(/^账号或密码错误/);
  });

  test('logout revokes the token', async () => {
    const token = await stack.login('admin');
    expect((await stack.api('POST', '/api/auth/logout', { token })).status).toBe(204);
    const me = await stack.api('GET', '/api/me', { token });
    expect(me.status).toBe(401);
    expect(me.body.error.message).toBe('登录已失效，请重新登录');
  });
});

describe('errors follow SPEC §7 and are never 500', () => {
  test('malformed JSON → 400', async () => {
    const res = await stack.api('POST', '/api/auth/login', { body: '{"username": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON' } });
  });

  test('wrong content type → 415', async () => {
    const res = await stack.api('POST', '/api/auth/login', { body: 'username=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toBe('请求体须为 JSON（Content-Type: application/json）');
  });

  test('unknown route → 404', async () => {
    const res = await stack.api('GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'ROUTE_NOT_FOUND', message: '接口不存在：GET /api/no-such-thing' });
  });

  test('oversized body → 413', async () => {
    const res = await stack.api('POST', '/api/auth/login', { body: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('请求体过大');
  });

  test('missing token → 401', async () => {
    const res = await stack.api('GET', '/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  test('wrong token → 401', async () => {
    const res = await stack.api('GET', '/api/me', { token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  test('invalid field → 422 naming the field', async () => {
    const res = await stack.api('POST', '/api/auth/login', { body: { username: '', password: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual({ path: 'username', message: '请输入账号' });
  });
});

describe('OpenAPI', () => {
  test('is OpenAPI 3 and documents every registered Express route', async () => {
    const res = await stack.api('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${p}`);
    }
    const registered = new Set<string>();
    const router = stack.built.routes.router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    for (const layer of router.stack) {
      if (!layer.route) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') registered.add(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
    expect(registered.size).toBeGreaterThan(4);
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
  });
});

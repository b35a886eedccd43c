/**
 * The production topology, run without Docker: `npm run stack:cluster` starts PostgreSQL, the Temporal server on
 * PostgreSQL, two worker and two API processes exactly as docker-compose.yml runs them. Through both APIs a project
 * goes from 新增 to 已推荐; then 180 actions run while one worker and one API are killed half-way, and every action
 * is applied once — none lost, none twice — with every projection equal to its workflow's state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { composeService, hostPath, serviceEnvironment } from '../../infra/compose';
import { HOST_SPECIFIC_VARIABLES } from '../../infra/cluster';
import { PROJECT_ROOT, SEARCH_ATTRIBUTES } from '../../infra/temporal';
import type { ClusterInfo } from '../../scripts/cluster-stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { exampleForm } from '../../domain/form/example';
import { exampleEnterpriseProfile } from '../../domain/form/enterpriseProfile';
import { SECTION_KEYS, requiredMaterialKinds } from '../../domain/form';
import { stateQuery } from '../../workflows/submission/contract';

const MINUTE = 60_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'factory5g-cluster-'));
let stack: ChildProcess;
let output = '';
let info: ClusterInfo;
let db: PgClient;
let connection: Connection;
let temporal: TemporalClient;
const tokens: Record<'enterprise' | 'city' | 'provinceCa' | 'provinceMiit', string> = { enterprise: '', city: '', provinceCa: '', provinceMiit: '' };

interface Answer {
  status: number;
  body: any;
}

async function call(apiUrl: string, method: string, p: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const all: Record<string, string> = { ...headers };
  if (token) all.authorization = `Bearer ${token}`;
  if (body !== undefined) all['content-type'] = 'application/json';
  const res = await fetch(apiUrl + p, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(2 * MINUTE) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Sign in as a person does in production (CAPTCHA=on): fetch a captcha, read it, answer it. The test cannot read the
 * picture, so it sets the answer it is about to type (the same hash as api/auth/captcha.ts stores).
 */
async function login(apiUrl: string, username: string): Promise<string> {
  const captcha = await call(apiUrl, 'GET', '/api/auth/captcha');
  expect(captcha.body.required).toBe(true);
  const answer = 'k7m2';
  const hash = crypto.createHash('sha256').update(`${captcha.body.captchaId}:${answer}`).digest('hex');
  await db.query('UPDATE captchas SET answer_hash = $2 WHERE id = $1', [captcha.body.captchaId, hash]);
  const res = await call(apiUrl, 'POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD, captchaId: captcha.body.captchaId, captcha: answer });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

const api = (i: number) => info.apis[i % info.apis.length]!.url;

beforeAll(async () => {
  // `npm run stack:cluster`, as a person runs it; its own process group so that afterAll can stop all of it.
  stack = spawn('npm', ['run', 'stack:cluster'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CLUSTER_DATA_DIR: dataDir, CLUSTER_API_PORTS: 'auto' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  stack.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  stack.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('[cluster] ready')) {
        clearInterval(timer);
        resolve();
      }
    }, 500);
    stack.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm run stack:cluster exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  info = JSON.parse(fs.readFileSync(path.join(dataDir, 'cluster.json'), 'utf8')) as ClusterInfo;
  db = new PgClient({ connectionString: info.postgresAdminUrl.replace(/\/postgres$/, `/${info.vars.APP_DB_NAME}`) });
  await db.connect();
  connection = await Connection.connect({ address: info.temporal.address });
  temporal = new TemporalClient({ connection, namespace: info.temporal.namespace });
  tokens.enterprise = await login(api(0), 'gzfactory');
  tokens.city = await login(api(1), 'gz_miit');
  tokens.provinceCa = await login(api(0), 'gd_ca');
  tokens.provinceMiit = await login(api(1), 'gd_miit');
  // The demo enterprise's 企业信息 for the demo campaign's year, saved through the API (submit needs it).
  const year = new Date().getFullYear();
  const [registered] = (await db.query(`SELECT uscc FROM users WHERE username = 'gzfactory'`)).rows as { uscc: string }[];
  const profile = exampleEnterpriseProfile() as { enterpriseInfo: Record<string, unknown> };
  profile.enterpriseInfo.creditCode = registered!.uscc;
  const saved = await call(api(0), 'PUT', `/api/enterprise-profiles/${year}`, tokens.enterprise, profile);
  if (saved.status !== 200) throw new Error(`企业信息: ${saved.status} ${JSON.stringify(saved.body)}`);
}, 40 * MINUTE);

afterAll(async () => {
  await connection?.close();
  await db?.end();
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    process.kill(-stack.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-stack.pid!, 'SIGKILL'), 2 * MINUTE);
    await exited;
    clearTimeout(timer);
  }
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
}, 3 * MINUTE);

test('runs the compose services with their own commands and environment; migrations ran once with four processes racing', async () => {
  for (const p of [...info.apis, ...info.workers]) {
    const role = p.name.startsWith('api') ? 'api' : 'worker';
    const service = composeService(role);
    expect({ name: p.name, command: p.command }).toEqual({ name: p.name, command: service.command });
    const expected = serviceEnvironment(service, info.vars);
    // Only the variables that say where things are (host names, ports, folders) differ from the container's.
    const differs = Object.keys({ ...expected, ...p.environment }).filter((k) => expected[k] !== p.environment[k]);
    expect({ name: p.name, differs: differs.filter((k) => !(HOST_SPECIFIC_VARIABLES as readonly string[]).includes(k)) }).toEqual({ name: p.name, differs: [] });
    expect(p.environment).toMatchObject({ NODE_ENV: 'production', CAPTCHA: 'on' });
  }
  // The server: the compose service's variables; only where things are differs.
  const temporalService = composeService('temporal');
  const composeEnv = serviceEnvironment(temporalService, info.vars);
  const moved = ['POSTGRES_SEEDS', 'DB_PORT', 'TEMPORAL_SERVER_CONFIG_FILE_PATH', 'DYNAMIC_CONFIG_FILE_PATH'];
  for (const [key, value] of Object.entries(composeEnv)) if (!moved.includes(key)) expect({ key, value: info.temporal.environment[key] }).toEqual({ key, value });
  expect(info.temporal.environment.TEMPORAL_SERVER_CONFIG_FILE_PATH).toBe(hostPath(temporalService, composeEnv.TEMPORAL_SERVER_CONFIG_FILE_PATH!));
  expect(info.temporal.environment.DYNAMIC_CONFIG_FILE_PATH).toBe(path.join(PROJECT_ROOT, 'deploy/temporal/dynamicconfig/production.yaml'));

  // Every migration file applied exactly once, by the application's own role (deploy/postgres/init-roles.sh made it).
  const files = fs.readdirSync(path.join(PROJECT_ROOT, 'db', 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
  const applied = (await db.query('SELECT name FROM migrations ORDER BY name')).rows.map((r: { name: string }) => r.name);
  expect(applied).toEqual(files.sort());
  const owner = await db.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'submissions'`);
  expect(owner.rows[0].tableowner).toBe(info.vars.APP_DB_USER);
  // Every API answers its health check; the namespace has the search attributes of deploy/temporal/search-attributes.
  for (const a of info.apis) expect(await call(a.url, 'GET', '/api/health')).toEqual({ status: 200, body: { postgres: 'ok', temporal: 'ok', worker: 'ok' } });
  const attributes = await connection.operatorService.listSearchAttributes({ namespace: info.temporal.namespace });
  for (const name of Object.keys(SEARCH_ATTRIBUTES)) expect(Object.keys(attributes.customAttributes ?? {})).toContain(name);
});

test('a project goes from 新增 to 已推荐 with every step on the other API', async () => {
  const year = new Date().getFullYear();
  const form = await formWithImages(api(1));
  // A project comes into being with its 项目情况 (issue 12.3); 相关材料 are uploaded files, each a save (12.5).
  const created = await call(api(0), 'POST', '/api/projects', tokens.enterprise, { year, projectInfo: form.projectInfo });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ phase: 'draft', statusText: '暂存' });
  const id = created.body.id as string;
  let step = 1;
  for (const section of TYPED_SECTIONS) {
    const saved = await call(api(step++), 'PUT', `/api/projects/${id}/sections/${section}`, tokens.enterprise, form[section]);
    expect({ section, status: saved.status }).toEqual({ section, status: 200 });
  }
  for (const kind of requiredMaterialKinds(form)) expect({ kind, status: await uploadMaterial(api(step++), id, kind) }).toEqual({ kind, status: 201 });
  const submitted = await call(api(step++), 'POST', `/api/projects/${id}/submit`, tokens.enterprise);
  expect(submitted.status).toBe(200);
  expect(submitted.body).toMatchObject({ phase: 'submitted', statusText: '广州市(工业和信息化局)待初审;' });
  const approved = await call(api(step++), 'POST', `/api/projects/${id}/city-review`, tokens.city, { decision: 'approve' });
  expect(approved.status).toBe(200);
  expect(approved.body.statusText).toBe('广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;');
  const ca = await call(api(step++), 'POST', `/api/projects/${id}/recommend`, tokens.provinceCa, { formVersion: submitted.body.formVersion });
  expect(ca.status).toBe(200);
  expect(ca.body).toMatchObject({ phase: 'partially_recommended', phaseLabel: '部分推荐' });
  const miit = await call(api(step), 'POST', `/api/projects/${id}/recommend`, tokens.provinceMiit, { formVersion: submitted.body.formVersion });
  expect(miit.status).toBe(200);
  expect(miit.body).toMatchObject({ phase: 'recommended', phaseLabel: '已推荐', statusText: '广东省(通信管理局)已推荐;广东省(工业和信息化厅)已推荐;' });
  // Both APIs show the enterprise the same project, with its whole history.
  const [a, b] = await Promise.all([call(api(0), 'GET', `/api/projects/${id}`, tokens.enterprise), call(api(1), 'GET', `/api/projects/${id}`, tokens.enterprise)]);
  expect(a.body).toEqual(b.body);
  expect(a.body.history.map((h: { action: string }) => h.action)).toEqual(['create', ...Array.from({ length: savesPerProject(form) }, () => 'save'), 'submit', 'cityApprove', 'recommend', 'recommend']);
  await expectProjectionEqualsWorkflow(id);
});

test('180 actions while one worker and one API are killed half-way: each applied once, none lost, no drift', async () => {
  const year = new Date().getFullYear();
  const PROJECTS = 20;
  const form = await formWithImages(api(0));
  const ids: string[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const created = await call(api(i), 'POST', '/api/projects', tokens.enterprise, { year, projectInfo: form.projectInfo });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
    // 相关材料 before the killing starts: an upload is not an idempotent resend (each file is a new material).
    for (const kind of requiredMaterialKinds(form)) expect({ kind, status: await uploadMaterial(api(i), created.body.id, kind) }).toEqual({ kind, status: 201 });
  }
  // Per project, in order: 7 typed section saves, submit, 初审 — 9 actions, 180 in all, 10 projects at a time.
  type Step = { method: string; path: (id: string) => string; token: () => string; body?: unknown; action: string };
  const steps: Step[] = [
    ...TYPED_SECTIONS.map((section) => ({ method: 'PUT', path: (id: string) => `/api/projects/${id}/sections/${section}`, token: () => tokens.enterprise, body: form[section], action: 'save' })),
    { method: 'POST', path: (id) => `/api/projects/${id}/submit`, token: () => tokens.enterprise, action: 'submit' },
    { method: 'POST', path: (id) => `/api/projects/${id}/city-review`, token: () => tokens.city, body: { decision: 'approve' }, action: 'cityApprove' },
  ];
  const runId = crypto.randomBytes(4).toString('hex');
  const outcomes: { n: number; status: number; attempts: number; code?: string }[] = [];
  let completed = 0;
  let killedAt: number | null = null;
  const [killedWorker, killedApi] = [info.workers[0]!, info.apis[0]!];
  const kill = () => {
    killedAt = completed;
    // Like `docker kill`: the whole process group, no time to finish anything.
    process.kill(-killedWorker.pid, 'SIGKILL');
    process.kill(-killedApi.pid, 'SIGKILL');
  };
  /** One action as a client behind a load balancer sends it: its own Idempotency-Key, resent to the other API on a lost connection or a 5xx. */
  const act = async (n: number, step: Step, id: string) => {
    const key = `cluster-${runId}-${n}`;
    let last = '';
    for (let attempt = 1; attempt <= 12; attempt++) {
      try {
        const res = await call(api(n + attempt - 1), step.method, step.path(id), step.token(), step.body, { 'idempotency-key': key });
        if (res.status < 500) {
          outcomes.push({ n, status: res.status, attempts: attempt, code: res.body?.error?.code });
          return;
        }
        last = `${res.status} ${JSON.stringify(res.body)}`;
      } catch (err) {
        last = String(err);
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
    throw new Error(`action ${n} (${step.action}) never answered: ${last}`);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < ids.length) {
        const p = next++;
        for (let s = 0; s < steps.length; s++) {
          await act(p * steps.length + s, steps[s]!, ids[p]!);
          if (++completed === 70) kill();
        }
      }
    }),
  );
  expect(killedAt).toBe(70);
  expect(outcomes).toHaveLength(PROJECTS * steps.length);
  // Every action was answered 200 in the end — also those resent after their API died.
  expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
  const resent = outcomes.filter((o) => o.attempts > 1).length;
  console.log(`cluster: ${resent} of ${outcomes.length} actions were resent to the other API after the kill`);
  for (const p of [killedWorker.pid, killedApi.pid]) expect(() => process.kill(-p, 0)).toThrow();

  // Each applied exactly once: per project 7 typed saves + 2 uploads, 1 submit, 1 初审 in the history; the form at version 9.
  const history = await db.query(
    `SELECT submission_id, action, count(*)::int AS n FROM submission_history WHERE submission_id = ANY($1::uuid[]) GROUP BY submission_id, action`,
    [ids],
  );
  const counts: Record<string, Record<string, number>> = {};
  for (const r of history.rows as { submission_id: string; action: string; n: number }[]) (counts[r.submission_id] ??= {})[r.action] = r.n;
  for (const id of ids) expect({ id, actions: counts[id] }).toEqual({ id, actions: { create: 1, save: savesPerProject(form), submit: 1, cityApprove: 1 } });
  const rows = await db.query(`SELECT id, phase, form_version, city_review FROM submissions WHERE id = ANY($1::uuid[])`, [ids]);
  for (const r of rows.rows) expect(r).toEqual({ id: r.id, phase: 'submitted', form_version: savesPerProject(form), city_review: 'approved' });
  // No drift: every projection equals its workflow's state, read from Temporal through the surviving worker.
  for (const id of ids) await expectProjectionEqualsWorkflow(id);
  // The surviving API still reports a healthy system (the other worker polls).
  expect((await call(api(1), 'GET', '/api/health')).body).toEqual({ postgres: 'ok', temporal: 'ok', worker: 'ok' });
});

async function expectProjectionEqualsWorkflow(id: string): Promise<void> {
  const { rows } = await db.query('SELECT workflow_id, phase, seq, state FROM submissions WHERE id = $1', [id]);
  const row = rows[0] as { workflow_id: string; phase: string; seq: number; state: unknown };
  const state = await temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
  expect({ id, phase: row.phase, seq: row.seq, state: row.state }).toEqual({ id, phase: state.phase, seq: state.seq, state });
}

/** The sections saved as typed (PUT); 相关材料 change by upload only. */
const TYPED_SECTIONS = SECTION_KEYS.filter((s) => s !== 'materials');
/** Saves in a project's history: every typed section and every uploaded material. */
const savesPerProject = (form: Record<string, any>) => TYPED_SECTIONS.length + requiredMaterialKinds(form).length;

const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** POST /api/projects/:id/materials as the form uploads a 相关材料; the status. */
async function uploadMaterial(apiUrl: string, id: string, kind: string): Promise<number> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', new Blob([new Uint8Array(TINY_PDF)], { type: 'application/pdf' }), `${kind}.pdf`);
  const res = await fetch(`${apiUrl}/api/projects/${id}/materials`, { method: 'POST', headers: { authorization: `Bearer ${tokens.enterprise}` }, body });
  return res.status;
}

const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The example form with two topology images the enterprise uploaded (through `apiUrl`). */
async function formWithImages(apiUrl: string): Promise<Record<string, any>> {
  const upload = async (name: string) => {
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), name);
    const res = await fetch(`${apiUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens.enterprise}` }, body });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const form = exampleForm() as Record<string, any>;
  form.projectInfo.siteTopologyImage = await upload('现场拓扑图.png');
  form.infrastructure.networkTopologyImage = await upload('组网拓扑图.png');
  return form;
}

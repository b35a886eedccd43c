/** Helpers for lifecycle tests: a campaign with short deadlines, a complete project, the people who act on it. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from './stack';
import { exampleForm } from '../../domain/form/example';
import { exampleEnterpriseProfile } from '../../domain/form/enterpriseProfile';
import { requiredMaterialKinds, SECTION_KEYS } from '../../domain/form';
import { DEMO_ACCOUNTS } from '../../db/seed';

export interface People {
  enterprise: string;
  city: string;
  provinceMiit: string;
  provinceCa: string;
  ministry: string;
  expert: string;
  admin: string;
  operator: string;
}

export async function signInEveryone(stack: Stack): Promise<People> {
  const [enterprise, city, provinceMiit, provinceCa, ministry, expert, admin, operator] = await Promise.all(
    ['gzfactory', 'gz_miit', 'gd_miit', 'gd_ca', 'miit', 'expert1', 'admin', 'gdmobile'].map((u) => stack.login(u)),
  );
  return { enterprise: enterprise!, city: city!, provinceMiit: provinceMiit!, provinceCa: provinceCa!, ministry: ministry!, expert: expert!, admin: admin!, operator: operator! };
}

/**
 * A campaign year no other test of this run uses. The campaign workflow's id is `campaign:<year>` on the one shared
 * Temporal server, so test files running in parallel must not share a year: each year is claimed with an exclusive
 * lock file in the run's data folder.
 */
function claimYear(): number {
  const dir = path.join(process.env.TEST_DATA_DIR ?? os.tmpdir(), 'campaign-years');
  fs.mkdirSync(dir, { recursive: true });
  for (let year = 2030; year <= 2100; year++) {
    try {
      fs.closeSync(fs.openSync(path.join(dir, String(year)), 'wx'));
      return year;
    } catch {
      // taken by another test
    }
  }
  throw new Error('no free campaign year left for tests');
}

/** A campaign of its own (a year no other test uses) with deadlines `submissionInMs` / `recommendationInMs` from now. */
export async function createCampaign(stack: Stack, ministry: string, opts: { submissionInMs?: number; recommendationInMs?: number; cityReviewInMs?: number | null; cityReviewRequired?: boolean } = {}): Promise<number> {
  const year = claimYear();
  const now = Date.now();
  const submission = new Date(now + (opts.submissionInMs ?? 30 * 24 * 3600_000)).toISOString();
  const recommendation = new Date(now + (opts.recommendationInMs ?? 40 * 24 * 3600_000)).toISOString();
  const cityReview = opts.cityReviewInMs === null ? null : new Date(now + (opts.cityReviewInMs ?? (opts.recommendationInMs ?? 40 * 24 * 3600_000) - 1000)).toISOString();
  const res = await stack.api('POST', '/api/campaigns', {
    token: ministry,
    body: {
      year,
      submissionDeadline: submission,
      recommendationDeadline: recommendation,
      provinceSettings: { '440000': { cityReviewRequired: opts.cityReviewRequired ?? true, cityReviewDeadline: cityReview } },
    },
  });
  if (res.status !== 201) throw new Error(`campaign: ${res.status} ${JSON.stringify(res.body)}`);
  // The demo enterprise's 企业信息 for that year, so that submit finds it complete.
  await stack.sequelize.query(
    `INSERT INTO enterprise_profiles (enterprise_id, year, data) SELECT id, :year, CAST(:data AS jsonb) FROM users WHERE username = 'gzfactory' ON CONFLICT DO NOTHING`,
    { replacements: { year, data: JSON.stringify(exampleEnterpriseProfile()) } },
  );
  return year;
}

/**
 * Moves a campaign's deadlines close (PATCH, as the ministry does), counted from now: for tests that need a deadline
 * to pass, set only after their setup, so that a slow setup never meets a deadline already passed (广东's 初审 deadline
 * one second before the recommendation deadline, as createCampaign sets it).
 */
export async function shortenDeadlines(
  stack: Stack,
  ministry: string,
  year: number,
  opts: { submissionInMs: number; recommendationInMs: number; cityReviewRequired?: boolean },
): Promise<{ submission: string; recommendation: string }> {
  const now = Date.now();
  const submission = new Date(now + opts.submissionInMs).toISOString();
  const recommendation = new Date(now + opts.recommendationInMs).toISOString();
  const required = opts.cityReviewRequired ?? true;
  const res = await stack.api('PATCH', `/api/campaigns/${year}`, {
    token: ministry,
    body: {
      submissionDeadline: submission,
      recommendationDeadline: recommendation,
      provinceSettings: { '440000': { cityReviewRequired: required, cityReviewDeadline: required ? new Date(now + opts.recommendationInMs - 1000).toISOString() : null } },
    },
  });
  if (res.status !== 200) throw new Error(`campaign patch: ${res.status} ${JSON.stringify(res.body)}`);
  return { submission, recommendation };
}

/** A 1×1 PNG: the example form's topology images must be the enterprise's own uploads. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export async function uploadImage(stack: Stack, token: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), name);
  const res = await fetch(`${stack.baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The example 企业信息 as the demo enterprise gzfactory fills it in (its own name and 统一社会信用代码). */
export function demoEnterpriseProfile(nationalEconomyCode?: string): ReturnType<typeof exampleEnterpriseProfile> {
  const gzfactory = DEMO_ACCOUNTS.find((a) => a.username === 'gzfactory')!;
  const profile = exampleEnterpriseProfile();
  profile.enterpriseInfo.name = gzfactory.orgName;
  profile.enterpriseInfo.creditCode = gzfactory.uscc!;
  if (nationalEconomyCode) profile.enterpriseInfo.nationalEconomyCode = nationalEconomyCode;
  return profile;
}

const imagesByStack = new WeakMap<Stack, Promise<{ site: string; network: string }>>();
/** The demo enterprise's two topology images, uploaded once per stack and reused by every project. */
export function demoImages(stack: Stack, token: string): Promise<{ site: string; network: string }> {
  let images = imagesByStack.get(stack);
  if (!images) {
    images = Promise.all([uploadImage(stack, token, '现场拓扑图.png'), uploadImage(stack, token, '组网拓扑图.png')]).then(([site, network]) => ({ site: site!, network: network! }));
    imagesByStack.set(stack, images);
  }
  return images;
}

/** A minimal PDF: enough for the content check of 相关材料 (“%PDF-1.x”). */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** POST /api/projects/:id/materials (multipart kind + file); the answer as sent. */
export async function uploadMaterial(
  stack: Stack,
  token: string,
  projectId: string,
  kind: string,
  options: { name?: string; content?: Buffer; type?: string } = {},
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([new Uint8Array(options.content ?? TINY_PDF)], { type: options.type ?? 'application/pdf' }), options.name ?? `${kind}.pdf`);
  const res = await fetch(`${stack.baseUrl}/api/projects/${projectId}/materials`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Save a whole form into an existing project as the UI does: every typed section, then the 相关材料 the form needs
 * uploaded as files (a 合同协议, and a 验收报告 when 建设完成). Returns the project as the last answer shows it.
 */
export async function saveWholeForm(stack: Stack, token: string, projectId: string, form: Record<string, any>, options: { skip?: string[] } = {}): Promise<any> {
  let last: any;
  for (const section of SECTION_KEYS) {
    if (section === 'materials' || options.skip?.includes(section)) continue;
    const saved = await stack.api('PUT', `/api/projects/${projectId}/sections/${section}`, { token, body: form[section] });
    if (saved.status !== 200) throw new Error(`save ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
    last = saved.body;
  }
  for (const kind of requiredMaterialKinds(form)) {
    const uploaded = await uploadMaterial(stack, token, projectId, kind);
    if (uploaded.status !== 201) throw new Error(`material ${kind}: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    last = uploaded.body;
  }
  return last;
}

/** The example form with the enterprise's own uploaded topology images (the form accepts only the owner's files). */
export function exampleFormWith(images: { site: string; network: string }): ReturnType<typeof exampleForm> {
  const form = exampleForm();
  form.projectInfo.siteTopologyImage = images.site;
  form.infrastructure.networkTopologyImage = images.network;
  return form;
}

/** A new project with every section of the example form saved (not submitted). */
export async function completeProject(stack: Stack, enterprise: string, year: number, overrides: { stage?: '建设中' | '建设完成' } = {}): Promise<any> {
  const images = await demoImages(stack, enterprise);
  const form = exampleFormWith(images) as Record<string, any>;
  if (overrides.stage) form.projectInfo = { ...form.projectInfo, stage: overrides.stage };
  // Created by the first 暂存 of 项目情况, as the form does it.
  const created = await stack.api('POST', '/api/projects', { token: enterprise, body: { year, projectInfo: form.projectInfo } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  return saveWholeForm(stack, enterprise, created.body.id, form, { skip: ['projectInfo'] });
}

export async function submittedProject(stack: Stack, enterprise: string, year: number, overrides: { stage?: '建设中' | '建设完成' } = {}): Promise<any> {
  const project = await completeProject(stack, enterprise, year, overrides);
  const res = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: enterprise });
  if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Poll until `check` passes (for timers firing in the workflow), at most `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/**
 * The projection row must agree with the workflow's own state (no drift). The workflow's state moves first (a timer
 * that fired, a write still under way), so this waits until the row has caught up with it, then compares all of it.
 */
export async function expectProjectionMatchesWorkflow(stack: Stack, id: string): Promise<void> {
  const { stateQuery } = await import('../../workflows/submission/contract');
  const read = async () => {
    const [rows] = await stack.sequelize.query('SELECT workflow_id, phase, seq, state FROM submissions WHERE id = :id', { replacements: { id } });
    const row = (rows as { workflow_id: string; phase: string; seq: number; state: { seq: number; phase: string } }[])[0]!;
    const state = await stack.temporal.client.workflow.getHandle(row.workflow_id).query(stateQuery);
    return { row, state };
  };
  const { row, state } = await eventually(read, ({ row, state }) => row.seq === state.seq, 30_000);
  expect({ phase: row.phase, seq: row.seq }).toEqual({ phase: state.phase, seq: state.seq });
  expect(row.state).toEqual(state);
}

/** The workflow id of a submission: `/api/projects/:id` is the submission's id, its workflow is named by the project. */
export async function workflowIdOf(stack: Pick<Stack, 'sequelize'>, submissionId: string): Promise<string> {
  const [rows] = await stack.sequelize.query('SELECT workflow_id FROM submissions WHERE id = :id', { replacements: { id: submissionId } });
  const row = (rows as { workflow_id: string }[])[0];
  if (!row) throw new Error(`no submission ${submissionId}`);
  return row.workflow_id;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** An action sent during a fault test, with the answer it got. */
export type SentAction = { id: string; token: string; formVersion: number; status: number; body: any };

/**
 * A project action as a careful client sends it (issue 15.7): under an Idempotency-Key, sent again with the same key
 * while the answer is 503 ACTION_PENDING (Temporal holds the action but it is not done yet: the worker restarting, the
 * projection's database busy). Every answer in order; the last one is the outcome.
 */
export async function actWithKey(
  stack: Stack,
  path: string,
  options: { token: string; body?: unknown; key?: string; patienceMs?: number },
): Promise<{ status: number; body: any }[]> {
  const key = options.key ?? crypto.randomUUID();
  const until = Date.now() + (options.patienceMs ?? 120_000);
  const answers: { status: number; body: any }[] = [];
  for (;;) {
    const res = await stack.api('POST', path, { token: options.token, headers: { 'idempotency-key': key }, ...(options.body === undefined ? {} : { body: options.body }) });
    answers.push({ status: res.status, body: res.body });
    if (res.status !== 503 || res.body?.error?.code !== 'ACTION_PENDING' || Date.now() > until) return answers;
  }
}

/** A campaign (no city 初审) whose submission deadline falls `inMs` from now, and that deadline as stored. */
export async function campaignWithDeadline(stack: Stack, ministry: string, inMs: number): Promise<{ year: number; deadline: number }> {
  const year = await createCampaign(stack, ministry, { cityReviewRequired: false, submissionInMs: inMs });
  const [rows] = await stack.sequelize.query('SELECT submission_deadline FROM campaigns WHERE year = :year', { replacements: { year } });
  return { year, deadline: new Date((rows as { submission_deadline: string }[])[0]!.submission_deadline).getTime() };
}

/**
 * Brings the submission deadline of `year` to `leadMs` from now (PATCH, as the ministry does) once the test's setup is
 * done, and waits until the drafts' workflows have it (their projection carries it as due_at) and the campaign workflow
 * is idle again (its reminders for the near deadline sent, waiting for the next one). Should that have eaten into the
 * lead on a slow machine so that less than `minLeftMs` is left, it is moved again with twice the lead. Returns the
 * deadline (ms).
 */
export async function bringSubmissionDeadline(stack: Stack, ministry: string, year: number, draftIds: string[], opts: { leadMs: number; minLeftMs: number }): Promise<number> {
  for (let lead = opts.leadMs; ; lead *= 2) {
    const deadline = new Date(Date.now() + lead).toISOString();
    const res = await stack.api('PATCH', `/api/campaigns/${year}`, { token: ministry, body: { submissionDeadline: deadline } });
    if (res.status !== 200) throw new Error(`campaign patch: ${res.status} ${JSON.stringify(res.body)}`);
    const carried = async () => {
      const [rows] = await stack.sequelize.query('SELECT count(*) AS n FROM submissions WHERE id IN (:ids) AND due_at = :deadline', { replacements: { ids: draftIds, deadline } });
      return Number((rows as { n: string }[])[0]!.n);
    };
    if ((await eventually(carried, (n) => n === draftIds.length, lead)) !== draftIds.length) continue;
    const { campaignStatusQuery, campaignWorkflowId } = await import('../../workflows/campaign/contract');
    const campaign = stack.temporal.client.workflow.getHandle(campaignWorkflowId(year));
    // Waiting for a reminder after this deadline (or none): done with this one (a run continued as new counts afresh).
    const idle = (s: { nextReminder: string | null }) => s.nextReminder === null || Date.parse(s.nextReminder) > Date.parse(deadline);
    if (!idle(await eventually(() => campaign.query(campaignStatusQuery), idle, lead))) continue;
    if (Date.parse(deadline) - Date.now() >= opts.minLeftMs) return Date.parse(deadline);
  }
}

/** `counts.drafts` complete drafts and `counts.submitted` submitted projects of `year`, made in parallel. */
export async function draftsAndSubmitted(stack: Stack, enterprise: string, year: number, counts: { drafts: number; submitted: number }) {
  return Promise.all([
    Promise.all(Array.from({ length: counts.drafts }, () => completeProject(stack, enterprise, year))),
    Promise.all(Array.from({ length: counts.submitted }, () => submittedProject(stack, enterprise, year))),
  ]);
}

/**
 * 立即对账 as the admin does it: a full reconciliation batch, waited for. Returns its report (status and the count
 * per outcome: clean, resolved, drift, unreachable, noProjection).
 */
export async function reconcileNow(stack: Stack, admin: string): Promise<{ status: string; total: number; outcomes: Record<string, number> }> {
  const started = await stack.api('POST', '/api/admin/reconcile', { token: admin, body: { mode: 'full' } });
  if (started.status !== 202) throw new Error(`立即对账: ${started.status} ${JSON.stringify(started.body)}`);
  const read = async () => (await stack.api('GET', `/api/admin/batches/${started.body.batch.id}`, { token: admin })).body;
  return eventually(read, (b) => ['completed', 'cancelled', 'failed'].includes(b.status), 60_000);
}

/**
 * `n` drafts with every section already saved, made the quick way (rows written and workflows started directly, as
 * the create route and eight saves would leave them), for tests that need many projects at once. Resolves once every
 * workflow has written its first projection.
 */
export async function completeDraftsInBulk(stack: Stack, enterprise: string, year: number, n: number): Promise<{ id: string; workflowId: string }[]> {
  const crypto = await import('node:crypto');
  const { SUBMISSION_WORKFLOW_TYPE, submissionWorkflowId } = await import('../../workflows/submission/contract');
  const images = await demoImages(stack, enterprise);
  const form = exampleFormWith(images) as Record<string, any>;
  const { deadlinesFor } = await import('../../domain/campaign');
  const [[campaign]] = (await stack.sequelize.query('SELECT submission_deadline, recommendation_deadline, province_settings FROM campaigns WHERE year = :year', { replacements: { year } })) as [
    { submission_deadline: Date; recommendation_deadline: Date; province_settings: Record<string, { cityReviewRequired: boolean; cityReviewDeadline: string | null }> }[],
    unknown,
  ];
  const [[user]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  const drafts = Array.from({ length: n }, () => {
    const projectId = crypto.randomUUID();
    return { id: crypto.randomUUID(), projectId, workflowId: submissionWorkflowId(year, projectId) };
  });
  for (const d of drafts) {
    await stack.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { replacements: { projectId: d.projectId, enterpriseId: user!.id } });
    await stack.sequelize.query(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, form_version, phase, status_text)
       VALUES (:id, :projectId, :year, :enterpriseId, :name, :workflowId, CAST(:sections AS jsonb), 1, 'draft', '暂存')`,
      { replacements: { ...d, year, enterpriseId: user!.id, name: user!.org_name, sections: JSON.stringify(form) } },
    );
  }
  const address = form.projectInfo.address as { provinceCode: string; cityCode: string };
  const rule = deadlinesFor(
    {
      submissionDeadline: new Date(campaign!.submission_deadline).toISOString(),
      recommendationDeadline: new Date(campaign!.recommendation_deadline).toISOString(),
      provinceSettings: campaign!.province_settings,
    },
    address.provinceCode,
  );
  await Promise.all(
    drafts.map((d) =>
      stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
        workflowId: d.workflowId,
        taskQueue: stack.taskQueue,
        args: [
          {
            submissionId: d.id,
            start: {
              projectId: d.projectId,
              year,
              enterpriseId: user!.id,
              provinceCode: address.provinceCode,
              cityCode: address.cityCode,
              stage: form.projectInfo.stage,
              formVersion: 1,
              cityReviewRequired: rule.cityReviewRequired,
              deadlines: rule.deadlines,
            },
            createdBy: { userId: user!.id, displayName: user!.org_name, role: 'enterprise' as const },
          },
        ],
      }),
    ),
  );
  const ids = drafts.map((d) => d.id);
  await eventually(
    async () => {
      const [[row]] = (await stack.sequelize.query('SELECT count(*) AS n FROM submissions WHERE id IN (:ids) AND state IS NOT NULL', { replacements: { ids } })) as [{ n: string }[], unknown];
      return Number(row!.n);
    },
    (count) => count === n,
    60_000,
  );
  return drafts.map((d) => ({ id: d.id, workflowId: d.workflowId }));
}

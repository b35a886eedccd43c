/** Declarations for the figures: campaigns, real ones through the API, and bare drafts written straight to the rows. */
import crypto from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { exampleForm } from '../domain/form/example';
import { exampleEnterpriseProfile } from '../domain/form/enterpriseProfile';
import { SECTION_KEYS, requiredMaterialKinds } from '../domain/form';
import { submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../workflows/submission/contract';
import type { SubmissionDeadlines } from '../domain/lifecycle/state';
import { pool } from './lib';
import type { BenchStack } from './stack';

/** A 1×1 PNG for the form's topology images. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const DAY = 86400_000;

/** A campaign of `year` created by the ministry through the API, and the demo enterprise's 企业信息 for it. */
export async function createCampaign(stack: BenchStack, ministry: string, year: number, cityReviewRequired: boolean): Promise<void> {
  const res = await stack.api('POST', '/api/campaigns', ministry, {
    year,
    submissionDeadline: new Date(Date.now() + 30 * DAY).toISOString(),
    recommendationDeadline: new Date(Date.now() + 40 * DAY).toISOString(),
    provinceSettings: { '440000': { cityReviewRequired, cityReviewDeadline: cityReviewRequired ? new Date(Date.now() + 35 * DAY).toISOString() : null } },
  });
  if (res.status !== 201) throw new Error(`campaign ${year}: ${res.status} ${JSON.stringify(res.body)}`);
  await addEnterpriseProfile(stack, year);
}

export async function addEnterpriseProfile(stack: BenchStack, year: number): Promise<void> {
  await stack.sequelize.query(`INSERT INTO enterprise_profiles (enterprise_id, year, data) VALUES (:id, :year, CAST(:data AS jsonb)) ON CONFLICT DO NOTHING`, {
    replacements: { id: stack.enterpriseId, year, data: JSON.stringify(exampleEnterpriseProfile()) },
  });
}

const imagesByStack = new WeakMap<BenchStack, Promise<{ site: string; network: string }>>();

/** The example form with the enterprise's own two topology images (uploaded once per stack). */
export async function completeForm(stack: BenchStack, enterprise: string): Promise<Record<string, any>> {
  let images = imagesByStack.get(stack);
  if (!images) {
    const upload = async (name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), name);
      const res = await fetch(`${stack.baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${enterprise}` }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    images = Promise.all([upload('现场拓扑图.png'), upload('组网拓扑图.png')]).then(([site, network]) => ({ site, network }));
    imagesByStack.set(stack, images);
  }
  const { site, network } = await images;
  const form = exampleForm() as Record<string, any>;
  form.projectInfo.siteTopologyImage = site;
  form.infrastructure.networkTopologyImage = network;
  return form;
}

export interface Declared {
  id: string;
  formVersion: number;
  workflowId: string;
}

/** `n` declarations through the API as an enterprise makes them: create, save every section, submit. */
export async function declare(stack: BenchStack, enterprise: string, year: number, n: number, inFlight = 4): Promise<Declared[]> {
  const form = await completeForm(stack, enterprise);
  const declared: Declared[] = [];
  await pool(Array.from({ length: n }), inFlight, async () => {
    // A project comes into being with its 项目情况 (issue 12.3); 相关材料 are uploaded files (12.5).
    const p = await stack.api('POST', '/api/projects', enterprise, { year, projectInfo: form.projectInfo });
    if (p.status !== 201) throw new Error(`create: ${p.status} ${JSON.stringify(p.body)}`);
    for (const section of SECTION_KEYS) {
      if (section === 'materials') continue;
      const s = await stack.api('PUT', `/api/projects/${p.body.id}/sections/${section}`, enterprise, form[section]);
      if (s.status !== 200) throw new Error(`save ${section}: ${s.status} ${JSON.stringify(s.body)}`);
    }
    for (const kind of requiredMaterialKinds(form)) {
      const body = new FormData();
      body.append('kind', kind);
      body.append('file', new Blob([new Uint8Array(TINY_PDF)], { type: 'application/pdf' }), `${kind}.pdf`);
      const res = await fetch(`${stack.baseUrl}/api/projects/${p.body.id}/materials`, { method: 'POST', headers: { authorization: `Bearer ${enterprise}` }, body });
      if (res.status !== 201) throw new Error(`material ${kind}: ${res.status} ${await res.text()}`);
    }
    const s = await stack.api('POST', `/api/projects/${p.body.id}/submit`, enterprise);
    if (s.status !== 200) throw new Error(`submit: ${s.status} ${JSON.stringify(s.body)}`);
    const [[row]] = (await stack.sequelize.query('SELECT workflow_id FROM submissions WHERE id = :id', { replacements: { id: s.body.id } })) as [{ workflow_id: string }[], unknown];
    declared.push({ id: s.body.id, formVersion: s.body.formVersion, workflowId: row!.workflow_id });
  });
  return declared;
}

export interface Draft {
  projectId: string;
  submissionId: string;
  workflowId: string;
}

/** Draft rows written directly (as POST /api/projects would), `sections` as if every tab had been saved. */
export async function insertDrafts(raw: PgClient, year: number, enterpriseId: string, n: number, sections: Record<string, unknown> = {}): Promise<Draft[]> {
  const drafts = Array.from({ length: n }, () => {
    const projectId = crypto.randomUUID();
    return { projectId, submissionId: crypto.randomUUID(), workflowId: submissionWorkflowId(year, projectId) };
  });
  for (let i = 0; i < n; i += 1000) {
    const part = drafts.slice(i, i + 1000);
    await raw.query(`INSERT INTO projects (id, enterprise_id) SELECT unnest($1::uuid[]), $2`, [part.map((d) => d.projectId), enterpriseId]);
    await raw.query(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, form_version, phase, status_text)
       SELECT s, p, $3, $4, 'bench企业', w, $6::jsonb, $7, 'draft', '暂存' FROM unnest($1::uuid[], $2::uuid[], $5::text[]) AS t(s, p, w)`,
      [part.map((d) => d.submissionId), part.map((d) => d.projectId), year, enterpriseId, part.map((d) => d.workflowId), JSON.stringify(sections), Object.keys(sections).length ? 1 : 0],
    );
  }
  return drafts;
}

/** Start the drafts' workflows (20 in flight), as POST /api/projects starts them. */
export async function startDraftWorkflows(
  stack: BenchStack,
  drafts: Draft[],
  opts: { year: number; taskQueue: string; deadlines: SubmissionDeadlines; provinceCode?: string; cityCode?: string; formVersion?: number; stage?: '建设中' | '建设完成' | null },
): Promise<void> {
  await pool(drafts, 20, async (d) => {
    const input: SubmissionWorkflowInput = {
      submissionId: d.submissionId,
      start: {
        projectId: d.projectId,
        year: opts.year,
        enterpriseId: stack.enterpriseId,
        provinceCode: opts.provinceCode ?? '',
        cityCode: opts.cityCode ?? '',
        stage: opts.stage ?? null,
        formVersion: opts.formVersion ?? 0,
        cityReviewRequired: false,
        deadlines: opts.deadlines,
      },
      createdBy: { userId: stack.enterpriseId, displayName: 'bench', role: 'enterprise' },
    };
    await stack.gateway.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, { workflowId: d.workflowId, taskQueue: opts.taskQueue, args: [input], searchAttributes: { Year: [opts.year] } });
  });
}

export { DAY };

/**
 * 进展更新 of earlier projects (issue 12.8): the old platform's exported 5G工厂 list (.xlsx) becomes that year's
 * declarations of the enterprises already on the platform (imported accounts included), so they can 复制上年申报.
 *
 * Same approach as the account import: columns by header text, every row checked first with Chinese messages naming
 * the row and the column, `dryRun` to check only. Unlike it, a file with any problem imports nothing: the ministry
 * corrects the file and uploads it again. Idempotent: a project the enterprise already declared in that year under
 * the same 项目名称 is skipped, so the same file can be uploaded again. Each imported project is a real submission
 * workflow that starts in the phase the old platform showed (domain/legacyProjects.ts) under that year's campaign
 * deadlines, with a 从旧平台导入 history entry.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { Actor } from '../../domain/roles';
import { unavailable, unprocessable, type FieldProblem } from '../errors';
import { readXlsxRows, reportUnstorableCells, storableRow, type XlsxImportRow } from '../xlsxImport';
import { getCampaign, campaignLike } from './campaigns';
import { deadlinesFor } from '../../domain/campaign';
import { emptyForm, isValidProjectName, messages, validateSection } from '../../domain/form';
import { PHASE_LABELS } from '../../domain/phases';
import { mapLimit } from '../../domain/concurrency';
import { isSameProvince, parseLegacyAddress, parseLegacyStatus, type ImportedPhase, type LegacyStatus } from '../../domain/legacyProjects';
import { effectiveProfile } from '../../db/enterpriseProfile';
import { submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../../workflows/submission/contract';

export const PROJECT_IMPORT_MAX_ROWS = 2_000;

/** The columns of the old platform's 5G工厂 list export (操作手册 图6), by header text; 创建时间/更新时间 may be absent. */
export const PROJECT_IMPORT_COLUMNS = {
  orgName: ['企业名称'],
  name: ['项目名称'],
  projectType: ['项目类型'],
  level: ['项目层级'],
  status: ['项目状态'],
  stage: ['建设阶段', '实施阶段'],
  industry: ['行业', '所属行业'],
  address: ['项目实施地址', '实施地址'],
  createdAt: ['创建时间'],
  updatedAt: ['更新时间'],
} as const;
type Column = keyof typeof PROJECT_IMPORT_COLUMNS;

const LABELS: Record<Column, string> = {
  orgName: '企业名称',
  name: '项目名称',
  projectType: '项目类型',
  level: '项目层级',
  status: '项目状态',
  stage: '建设阶段',
  industry: '行业',
  address: '项目实施地址',
  createdAt: '创建时间',
  updatedAt: '更新时间',
};

/** The form field (项目情况) each column fills, for naming the column in the form's own messages. */
const COLUMN_OF_FIELD: Record<string, Column> = { name: 'name', projectType: 'projectType', level: 'level', stage: 'stage', industry: 'industry', address: 'address', addressDetail: 'address' };

export const ProjectImportProblem = z.object({ row: z.number(), field: z.string(), path: z.string(), message: z.string() });
export const ProjectImportResult = z.object({
  dryRun: z.boolean(),
  year: z.number(),
  created: z.number(),
  skipped: z.number(),
  problems: z.array(ProjectImportProblem),
  skippedRows: z.array(z.object({ row: z.number(), name: z.string(), reason: z.string() })),
  /** The imported (or, in a dry run, the importable) rows: the phase each starts in. */
  rows: z.array(z.object({ row: z.number(), name: z.string(), enterpriseName: z.string(), phase: z.string(), phaseLabel: z.string(), id: z.string().nullable() })),
});
export type ProjectImportResult = z.infer<typeof ProjectImportResult>;
type Problem = z.infer<typeof ProjectImportProblem>;

export function readProjectImportRows(file: { buffer: Buffer }): Promise<XlsxImportRow<Column>[]> {
  return readXlsxRows<Column>(file, { columns: PROJECT_IMPORT_COLUMNS, labels: LABELS, optional: ['createdAt', 'updatedAt'], maxRows: PROJECT_IMPORT_MAX_ROWS, noRows: '文件中没有项目数据' });
}

interface Planned {
  row: number;
  enterpriseId: string;
  enterpriseName: string;
  projectInfo: Record<string, unknown>;
  status: LegacyStatus;
}

const nameKey = (enterpriseId: string, name: string) => `${enterpriseId}\u0000${name}`;

/** Checks every row, then (unless a dry run, and only when no row has a problem) creates the declarations. */
export async function importLegacyProjects(deps: AppDeps, actor: Actor, rows: XlsxImportRow<Column>[], options: { year: number; dryRun: boolean }): Promise<ProjectImportResult> {
  const { year, dryRun } = options;
  const campaign = await getCampaign(deps.sequelize, year);
  if (!campaign) throw unprocessable(`${year}年度申报批次不存在，请先新建该年度批次再导入`, [{ path: 'year', message: `${year}年度申报批次不存在，请先新建该年度批次再导入` }], 'CAMPAIGN_MISSING');

  const problems: Problem[] = [];
  const skippedRows: ProjectImportResult['skippedRows'] = [];
  const planned: Planned[] = [];
  const seen = new Map<string, number>();

  // Text PostgreSQL cannot store never reaches a query; such rows are reported below.
  const storable = rows.filter(storableRow);
  const enterprises = await enterprisesByName(deps, storable.map((r) => r.values.orgName));
  const existing = await declaredNames(deps, year, [...new Set([...enterprises.values()].flat().map((e) => e.id))]);

  for (const { row, values } of rows) {
    const rowProblems: Problem[] = [];
    const problem = (column: Column, message: string) => rowProblems.push({ row, field: LABELS[column], path: `rows.${row}.${LABELS[column]}`, message: `第${row}行 ${LABELS[column]}：${message}` });
    if (reportUnstorableCells(values, problem)) {
      problems.push(...rowProblems);
      continue;
    }
    const orgName = values.orgName.trim();
    const name = values.name.trim();
    const candidates = orgName ? (enterprises.get(orgName) ?? []) : [];
    if (!orgName) problem('orgName', '请填写企业名称');
    else if (candidates.length === 0) problem('orgName', `平台上没有名为“${orgName}”的企业账号，请先导入该企业的账号`);
    else if (candidates.length > 1) problem('orgName', `平台上有${candidates.length}个名为“${orgName}”的企业账号，无法确定项目属于哪一个`);
    const enterprise = candidates.length === 1 ? candidates[0]! : null;

    if (!name) problem('name', '请填写项目名称');
    const address = values.address ? parseLegacyAddress(values.address) : null;
    if (!values.address) problem('address', '请填写项目实施地址');
    else if (!address) problem('address', `无法识别“${values.address}”：应依次写省、市、区县，如“北京市北京市朝阳区”`);
    const status = parseLegacyStatus(values.status);
    if (!status.ok) problem('status', status.message);
    else if (address) {
      const elsewhere = status.value.regions.find((r) => !isSameProvince(r, address.provinceCode));
      if (elsewhere) problem('status', `推荐单位所在地“${elsewhere}”与项目实施地址的省份不一致`);
    }

    const projectInfo: Record<string, unknown> = {};
    if (name) projectInfo.name = name;
    for (const column of ['projectType', 'level', 'stage', 'industry'] as const) if (values[column]) projectInfo[column] = values[column];
    if (address) {
      projectInfo.address = { provinceCode: address.provinceCode, cityCode: address.cityCode, ...(address.districtCode ? { districtCode: address.districtCode } : {}) };
      if (address.detail) projectInfo.addressDetail = address.detail;
    }
    // The form's own rules for what the row fills (项目名称 含“5G”, 项目类型/层级/阶段/行业 from the lists …).
    const checked = validateSection('projectInfo', projectInfo, 'draft');
    if (!checked.ok) for (const p of checked.problems) problem(COLUMN_OF_FIELD[p.path.split('.')[0]!] ?? 'name', p.message);
    // The section's cross-field rules run only once its fields are valid: the naming rule is told in any case.
    if (name && !isValidProjectName(name) && !(checked.ok === false && checked.problems.some((p) => p.path === 'name'))) problem('name', messages.projectName);

    if (enterprise && name) {
      const key = nameKey(enterprise.id, name);
      if (existing.has(key)) {
        if (!rowProblems.length) skippedRows.push({ row, name, reason: `该企业${year}年度已有同名项目` });
        else problems.push(...rowProblems);
        continue;
      }
      if (seen.has(key)) problem('name', `与第${seen.get(key)}行是同一企业的同名项目`);
      else seen.set(key, row);
    }
    if (rowProblems.length || !enterprise || !status.ok || !checked.ok) {
      problems.push(...rowProblems);
      continue;
    }
    planned.push({ row, enterpriseId: enterprise.id, enterpriseName: enterprise.orgName, projectInfo: checked.value as Record<string, unknown>, status: status.value });
  }

  const result = (ids: Map<number, string>): ProjectImportResult => ({
    dryRun,
    year,
    created: ids.size,
    skipped: skippedRows.length,
    problems,
    skippedRows,
    rows: planned.map((p) => ({ row: p.row, name: String(p.projectInfo.name), enterpriseName: p.enterpriseName, phase: p.status.phase, phaseLabel: PHASE_LABELS[p.status.phase], id: ids.get(p.row) ?? null })),
  });
  if (dryRun) return result(new Map());
  if (problems.length) {
    const rowsWithProblems = new Set(problems.map((p) => p.row)).size;
    throw unprocessable(`有${rowsWithProblems}行需要修改，未导入任何项目：请按提示改正后重新上传`, problems as FieldProblem[], 'IMPORT_ROWS_INVALID');
  }
  return result(planned.length ? await createDeclarations(deps, actor, year, campaignLike(campaign), planned) : new Map());
}

/** Enterprise accounts by 企业名称 (the organisation's name, or the account name imported accounts carry). */
async function enterprisesByName(deps: AppDeps, names: string[]): Promise<Map<string, { id: string; orgName: string }[]>> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  const byName = new Map<string, { id: string; orgName: string }[]>();
  if (!wanted.length) return byName;
  const [rows] = await deps.sequelize.query(
    `SELECT id, username, org_name FROM users
      WHERE role = 'enterprise' AND status <> 'rejected' AND (org_name IN (:names) OR username IN (:names))`,
    { replacements: { names: wanted } },
  );
  for (const u of rows as { id: string; username: string; org_name: string | null }[]) {
    for (const n of new Set([u.org_name, u.username])) {
      if (!n || !wanted.includes(n)) continue;
      const list = byName.get(n) ?? [];
      if (!list.some((e) => e.id === u.id)) list.push({ id: u.id, orgName: u.org_name ?? u.username });
      byName.set(n, list);
    }
  }
  return byName;
}

/** (enterprise, 项目名称) of that year's declarations, from the saved form (written before the workflow's first write). */
async function declaredNames(deps: AppDeps, year: number, enterpriseIds: string[], transaction?: import('sequelize').Transaction): Promise<Set<string>> {
  if (!enterpriseIds.length) return new Set();
  const [rows] = await deps.sequelize.query(
    `SELECT enterprise_id, sections -> 'projectInfo' ->> 'name' AS name FROM submissions
      WHERE year = :year AND enterprise_id IN (:enterpriseIds) AND sections -> 'projectInfo' ->> 'name' IS NOT NULL`,
    { replacements: { year, enterpriseIds }, ...(transaction ? { transaction } : {}) },
  );
  return new Set((rows as { enterprise_id: string; name: string }[]).map((r) => nameKey(r.enterprise_id, r.name)));
}

/**
 * The rows, then one workflow each. Nothing half-applied: a row whose workflow could not start takes every row of
 * this upload with it (and the workflows already started are ended), so a new upload starts from a clean slate.
 */
async function createDeclarations(deps: AppDeps, actor: Actor, year: number, campaign: ReturnType<typeof campaignLike>, planned: Planned[]): Promise<Map<number, string>> {
  const now = deps.clock().toISOString();
  const made = planned.map((p) => ({ ...p, projectId: crypto.randomUUID(), submissionId: crypto.randomUUID() }));
  const inserted = await deps.sequelize.transaction(async (transaction) => {
    // One import at a time, and the duplicate check again under the lock: two uploads of the same file never both create.
    await deps.sequelize.query("SELECT pg_advisory_xact_lock(hashtext('legacy-project-import'))", { transaction });
    const taken = await declaredNames(deps, year, [...new Set(made.map((m) => m.enterpriseId))], transaction);
    const fresh = made.filter((m) => !taken.has(nameKey(m.enterpriseId, String(m.projectInfo.name))));
    for (const m of fresh) {
      const phase: ImportedPhase = m.status.phase;
      const profile = phase === 'draft' ? null : await effectiveProfile(deps.sequelize, m.enterpriseId, year);
      await deps.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { replacements: { projectId: m.projectId, enterpriseId: m.enterpriseId }, transaction });
      await deps.sequelize.query(
        `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, phase, status_text, submitted_at, enterprise_snapshot)
         VALUES (:submissionId, :projectId, :year, :enterpriseId, :enterpriseName, :workflowId, CAST(:sections AS jsonb), :phase, :statusText, :submittedAt, CAST(:snapshot AS jsonb))`,
        {
          replacements: {
            submissionId: m.submissionId,
            projectId: m.projectId,
            year,
            enterpriseId: m.enterpriseId,
            enterpriseName: m.enterpriseName,
            workflowId: submissionWorkflowId(year, m.projectId),
            sections: JSON.stringify({ ...emptyForm(), projectInfo: m.projectInfo }),
            phase,
            statusText: PHASE_LABELS[phase],
            submittedAt: phase === 'draft' ? null : now,
            snapshot: profile ? JSON.stringify(profile.data) : null,
          },
          transaction,
        },
      );
    }
    return fresh;
  });

  const started: string[] = [];
  try {
    await mapLimit(inserted, 8, async (m) => {
      const address = m.projectInfo.address as { provinceCode: string; cityCode: string };
      const rule = deadlinesFor(campaign, address.provinceCode);
      const stage = m.projectInfo.stage === '建设中' || m.projectInfo.stage === '建设完成' ? m.projectInfo.stage : null;
      const input: SubmissionWorkflowInput = {
        submissionId: m.submissionId,
        start: {
          projectId: m.projectId,
          year,
          enterpriseId: m.enterpriseId,
          provinceCode: address.provinceCode,
          cityCode: address.cityCode,
          stage,
          formVersion: 0,
          cityReviewRequired: rule.cityReviewRequired,
          deadlines: rule.deadlines,
          imported: { phase: m.status.phase, recommendations: m.status.recommendations, by: actor.userId, at: now },
        },
        createdBy: { userId: actor.userId, displayName: actor.displayName, role: actor.role },
      };
      const workflowId = submissionWorkflowId(year, m.projectId);
      await deps.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.temporal.taskQueue,
        args: [input],
        searchAttributes: { Year: [year], ProvinceCode: [address.provinceCode] },
      });
      started.push(workflowId);
    });
  } catch (err) {
    await Promise.allSettled(started.map((id) => deps.temporal.client.workflow.getHandle(id).terminate('旧平台项目导入未完成，已撤销')));
    await deps.sequelize.query('DELETE FROM submissions WHERE id IN (:ids)', { replacements: { ids: inserted.map((m) => m.submissionId) } });
    await deps.sequelize.query('DELETE FROM projects WHERE id IN (:ids) AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.project_id = projects.id)', { replacements: { ids: inserted.map((m) => m.projectId) } });
    deps.logger.error({ err, year, rows: inserted.length }, 'legacy project import undone: a workflow did not start');
    throw unavailable('导入未完成，未导入任何项目，请稍后重新上传', 'IMPORT_UNDONE');
  }
  // A row another upload created meanwhile (seen under the lock) is neither created nor reported twice.
  return new Map(inserted.map((m) => [m.row, m.submissionId]));
}

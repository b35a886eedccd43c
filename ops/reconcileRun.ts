/**
 * Reconciliation as a batch (issue 13.2): which submissions to compare with their workflow, and the comparison of one.
 *
 * The scheduled pass ('changed') does not query every open workflow every 10 minutes. It compares counts: per year
 * and phase, the running submission workflows visibility knows in that Phase (the workflow upserts it with every
 * phase change) against the projection rows in that phase — a handful of count queries for a whole campaign. Only
 * where they differ does it narrow down by province and list the ids on both sides; the ids that are on one side
 * only, and the submissions with open drift (to see whether it is gone), are the candidates compared one by one.
 * The 'full' pass (立即全面对账) compares every submission of the years not archived.
 *
 * Workflows that started before the Phase attribute existed and have not changed since carry none: they are left
 * out of the count comparison (listed by `Phase IS NULL`) and compared by the full pass only.
 */
import { PHASES, type Phase } from '../domain/phases';
import { REGION_TREE } from '../domain/reference';
import { SUBMISSION_WORKFLOW_TYPE } from '../workflows/submission/contract';
import { countWorkflows, runningQuery } from './temporalQueries';
import type { BatchDeps } from './batch';
import type { ItemOutcome } from './repair';
import { checkSubmission, recordDrift, resolveDrift } from './reconcile';
import type { ReconcileReport } from '../workflows/maintenance/contract';
import type { Logger } from 'pino';

const SUBMISSIONS = `WorkflowType = '${SUBMISSION_WORKFLOW_TYPE}'`;
/** Every province, and none (a draft without a place yet). */
const PROVINCES_AND_NONE: (string | null)[] = [...REGION_TREE.map((p) => p.code), null];

function phaseCondition(phase: Phase | null): string {
  if (phase !== null && !(PHASES as readonly string[]).includes(phase)) throw new Error(`unknown phase ${phase}`);
  return phase === null ? 'Phase IS NULL' : `Phase = '${phase}'`;
}

function provinceCondition(provinceCode: string | null): string {
  if (provinceCode === null) return 'ProvinceCode IS NULL';
  if (!/^\d{6}$/.test(provinceCode)) throw new Error(`not a province code: ${provinceCode}`);
  return `ProvinceCode = '${provinceCode}'`;
}

/** Years not archived: an archived year's workflows have completed and its rows no longer move (SUBMISSION_LIFETIME). */
async function openYears(deps: BatchDeps): Promise<number[]> {
  const [rows] = await deps.sequelize.query('SELECT year FROM campaigns WHERE archived_at IS NULL ORDER BY year');
  return (rows as { year: number }[]).map((r) => Number(r.year));
}

/** Running submission workflows of a year without a Phase attribute (started before it existed, unchanged since). */
async function unindexed(deps: BatchDeps, year: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of deps.client.workflow.list({ query: runningQuery(deps.taskQueue, { year }, `${SUBMISSIONS} AND ${phaseCondition(null)}`), pageSize: 1000 })) {
    ids.push(w.workflowId);
  }
  return ids;
}

async function projectionCounts(deps: BatchDeps, year: number, exclude: string[], groupByProvince: boolean, phase?: Phase): Promise<Map<string, number>> {
  const [rows] = await deps.sequelize.query(
    `SELECT phase, ${groupByProvince ? 'province_code' : 'NULL'} AS province_code, count(*)::int AS n FROM submissions
      WHERE year = :year AND NOT (workflow_id = ANY(CAST(:exclude AS text[]))) AND (CAST(:phase AS text) IS NULL OR phase = :phase)
      GROUP BY 1, 2`,
    { replacements: { year, exclude: `{${exclude.map((id) => `"${id}"`).join(',')}}`, phase: phase ?? null } },
  );
  return new Map((rows as { phase: string; province_code: string | null; n: number }[]).map((r) => [`${r.phase}|${r.province_code ?? ''}`, Number(r.n)]));
}

/** Workflow ids of one (year, phase, province) group on each side, and the ones on one side only. */
async function differingIds(deps: BatchDeps, year: number, phase: Phase, provinceCode: string | null, exclude: Set<string>): Promise<{ workflowId: string; submissionId: string | null }[]> {
  const visible = new Set<string>();
  const query = runningQuery(deps.taskQueue, { year }, `${SUBMISSIONS} AND ${phaseCondition(phase)} AND ${provinceCondition(provinceCode)}`);
  for await (const w of deps.client.workflow.list({ query, pageSize: 1000 })) visible.add(w.workflowId);
  const [rows] = await deps.sequelize.query(
    `SELECT id, workflow_id FROM submissions WHERE year = :year AND phase = :phase AND province_code IS NOT DISTINCT FROM :provinceCode`,
    { replacements: { year, phase, provinceCode } },
  );
  const projected = rows as { id: string; workflow_id: string }[];
  const projectedIds = new Set(projected.map((r) => r.workflow_id));
  const out: { workflowId: string; submissionId: string | null }[] = [];
  for (const r of projected) if (!visible.has(r.workflow_id) && !exclude.has(r.workflow_id)) out.push({ workflowId: r.workflow_id, submissionId: r.id });
  // Visible in this phase but projected in another (or not at all): its row, wherever it is.
  const visibleOnly = [...visible].filter((id) => !projectedIds.has(id));
  const [found] = visibleOnly.length
    ? await deps.sequelize.query('SELECT id, workflow_id FROM submissions WHERE workflow_id IN (:ids)', { replacements: { ids: visibleOnly } })
    : [[]];
  const rowOf = new Map((found as { id: string; workflow_id: string }[]).map((r) => [r.workflow_id, r.id]));
  for (const id of visibleOnly) out.push({ workflowId: id, submissionId: rowOf.get(id) ?? null });
  return out;
}

/** The submissions a reconciliation pass compares (see the file's comment). */
export async function* reconcileCandidates(deps: BatchDeps, mode: 'changed' | 'full'): AsyncGenerator<{ workflowId: string; submissionId: string | null }> {
  const seen = new Set<string>();
  const once = function* (items: { workflowId: string; submissionId: string | null }[]) {
    for (const item of items) {
      if (seen.has(item.workflowId)) continue;
      seen.add(item.workflowId);
      yield item;
    }
  };
  const [drift] = await deps.sequelize.query('SELECT submission_id, workflow_id FROM projection_drift WHERE resolved_at IS NULL ORDER BY detected_at');
  yield* once((drift as { submission_id: string; workflow_id: string }[]).map((d) => ({ workflowId: d.workflow_id, submissionId: d.submission_id })));

  for (const year of await openYears(deps)) {
    if (mode === 'full') {
      for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
        const [rows] = await deps.sequelize.query('SELECT id, workflow_id FROM submissions WHERE year = :year AND id > :after ORDER BY id LIMIT 1000', { replacements: { year, after } });
        const page = rows as { id: string; workflow_id: string }[];
        yield* once(page.map((r) => ({ workflowId: r.workflow_id, submissionId: r.id })));
        if (page.length < 1000) break;
        after = page[page.length - 1]!.id;
      }
      continue;
    }
    const legacy = await unindexed(deps, year);
    const legacySet = new Set(legacy);
    const projected = await projectionCounts(deps, year, legacy, false);
    const visible = await Promise.all(PHASES.map(async (phase) => [phase, await countWorkflows(deps, runningQuery(deps.taskQueue, { year }, `${SUBMISSIONS} AND ${phaseCondition(phase)}`))] as const));
    for (const [phase, n] of visible) {
      if ((projected.get(`${phase}|`) ?? 0) === n) continue;
      // This phase differs: narrow down by province, then compare ids where the counts differ.
      const byProvince = await projectionCounts(deps, year, legacy, true, phase);
      const provinces = await Promise.all(
        PROVINCES_AND_NONE.map(async (code) => [code, await countWorkflows(deps, runningQuery(deps.taskQueue, { year }, `${SUBMISSIONS} AND ${phaseCondition(phase)} AND ${provinceCondition(code)}`))] as const),
      );
      for (const [code, count] of provinces) {
        if ((byProvince.get(`${phase}|${code ?? ''}`) ?? 0) === count) continue;
        yield* once(await differingIds(deps, year, phase, code, legacySet));
      }
    }
  }
}

/**
 * The scheduled pass (RECONCILE_EVERY, reconcileProjectionsWorkflow): only the 'changed' candidates — open drift and
 * what visibility's Phase counts disagree with — are compared, never every open workflow (issue 13.2).
 */
export async function reconcileChanged(deps: BatchDeps & { logger?: Logger }, onProgress?: (checked: number) => void): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, drifted: 0, resolved: 0, unreachable: 0, noProjection: 0 };
  for await (const candidate of reconcileCandidates(deps, 'changed')) {
    const result = await reconcileItem(deps, candidate.submissionId);
    report.checked++;
    if (result.outcome === 'drift') report.drifted++;
    else if (result.outcome === 'resolved') report.resolved++;
    else if (result.outcome === 'unreachable') report.unreachable++;
    else if (result.outcome === 'noProjection') report.noProjection = (report.noProjection ?? 0) + 1;
    onProgress?.(report.checked);
  }
  deps.logger?.info({ ...report }, 'scheduled projection reconciliation');
  return report;
}

/** Compares one submission with its workflow, records or resolves its drift. */
export async function reconcileItem(deps: BatchDeps, submissionId: string | null): Promise<ItemOutcome> {
  if (!submissionId) return { status: 'failed', outcome: 'noProjection', message: '流程正在运行，但没有对应的项目记录' };
  const result = await checkSubmission({ sequelize: deps.sequelize, client: deps.client }, submissionId);
  if (result.kind === 'unreachable') return { status: 'failed', outcome: 'unreachable', message: `无法读取流程状态：${result.error}` };
  if (result.kind === 'drift') {
    const [rows] = await deps.sequelize.query('SELECT id, workflow_id, seq FROM submissions WHERE id = :id', { replacements: { id: submissionId } });
    const row = (rows as { id: string; workflow_id: string; seq: number }[])[0];
    if (row) await recordDrift(deps.sequelize, row, result.workflowSeq, result.detail);
    return { status: 'drift', outcome: 'drift', message: result.detail.message };
  }
  return (await resolveDrift(deps.sequelize, submissionId))
    ? { status: 'succeeded', outcome: 'resolved', message: '此前的不一致已消除' }
    : { status: 'succeeded', outcome: 'clean', message: '投影与流程一致' };
}

/**
 * Many open submission workflows, made the quick way for the scale and batch tests (issue 13): the draft rows are
 * written in bulk (as POST /api/projects leaves them before its first projection), then each workflow is started
 * directly with the Temporal client, `inFlight` at a time, as the create route starts it.
 *
 * - by default the workflow's own first projection write (the creation entry) and its Phase/ProvinceCode upsert run
 *   on the stack's worker: resolves once every row is projected and visibility lists every workflow in phase 草稿;
 * - `idle: true` (10,000 at once): the rows are written whole (the draft's initial state, as its first projection
 *   writes it) and each workflow starts with its Year/Phase/ProvinceCode search attributes and a start delay of a
 *   day — a running execution in visibility whose first workflow task is not yet due. Running 10,000 first workflow
 *   tasks costs the 2 shared cores of CI ≈ 15 minutes and changes nothing a visibility count or the projection
 *   reads; resolves once visibility lists them all.
 */
import crypto from 'node:crypto';
import { deadlinesFor, type ProvinceSettings } from '../../domain/campaign';
import { initialState } from '../../domain/lifecycle/state';
import { mapLimit } from '../../domain/concurrency';
import { SEARCH_ATTRIBUTE_KEYS, SUBMISSION_WORKFLOW_TYPE, submissionWorkflowId, type SubmissionWorkflowInput } from '../../workflows/submission/contract';
import { countWorkflows, runningQuery } from '../../ops/temporalQueries';
import { eventually } from './lifecycle';
import type { Stack } from './stack';

export interface OpenDraft {
  id: string;
  projectId: string;
  workflowId: string;
  provinceCode: string;
}

const PLACES: Record<string, string> = { '440000': '440100', '110000': '110100' };

/** `n` open drafts of the demo enterprise in `year`; draft i lies in provinceOf(i) (440000 or 110000). */
export async function openDraftsInBulk(
  stack: Stack,
  year: number,
  n: number,
  opts: { provinceOf?: (i: number) => '440000' | '110000'; inFlight?: number; timeoutMs?: number; idle?: boolean } = {},
): Promise<OpenDraft[]> {
  const provinceOf = opts.provinceOf ?? (() => '440000');
  const [[user]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  const [[campaign]] = (await stack.sequelize.query('SELECT submission_deadline, recommendation_deadline, province_settings FROM campaigns WHERE year = :year', {
    replacements: { year },
  })) as [{ submission_deadline: Date; recommendation_deadline: Date; province_settings: ProvinceSettings | null }[], unknown];
  const drafts: OpenDraft[] = Array.from({ length: n }, (_, i) => {
    const projectId = crypto.randomUUID();
    return { id: crypto.randomUUID(), projectId, workflowId: submissionWorkflowId(year, projectId), provinceCode: provinceOf(i) };
  });
  const settings = {
    submissionDeadline: new Date(campaign!.submission_deadline).toISOString(),
    recommendationDeadline: new Date(campaign!.recommendation_deadline).toISOString(),
    provinceSettings: campaign!.province_settings ?? {},
  };
  const startOf = (d: OpenDraft): NonNullable<SubmissionWorkflowInput['start']> => {
    const rule = deadlinesFor(settings, d.provinceCode);
    return {
      projectId: d.projectId,
      year,
      enterpriseId: user!.id,
      provinceCode: d.provinceCode,
      cityCode: PLACES[d.provinceCode]!,
      stage: null,
      formVersion: 0,
      cityReviewRequired: rule.cityReviewRequired,
      deadlines: rule.deadlines,
    };
  };
  for (let i = 0; i < n; i += 1000) {
    const part = drafts.slice(i, i + 1000);
    await stack.sequelize.query('INSERT INTO projects (id, enterprise_id) SELECT unnest(CAST(:ids AS uuid[])), :enterpriseId', {
      replacements: { ids: `{${part.map((d) => d.projectId).join(',')}}`, enterpriseId: user!.id },
    });
    await stack.sequelize.query(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, name, workflow_id, sections, form_version, phase, status_text,
                                province_code, city_code, state, projected_at)
       SELECT t.id, t.project_id, :year, :enterpriseId, :enterpriseName, '批量测试项目' || t.n, t.workflow_id, '{}'::jsonb, 0, 'draft', '暂存',
              t.province_code, t.city_code, t.state, CASE WHEN t.state IS NULL THEN NULL ELSE now() END
         FROM unnest(CAST(:ids AS uuid[]), CAST(:projects AS uuid[]), CAST(:workflows AS text[]), CAST(:numbers AS int[]),
                     CAST(:provinces AS text[]), CAST(:cities AS text[]), CAST(:states AS jsonb[])) AS t(id, project_id, workflow_id, n, province_code, city_code, state)`,
      {
        replacements: {
          year,
          enterpriseId: user!.id,
          enterpriseName: user!.org_name,
          ids: `{${part.map((d) => d.id).join(',')}}`,
          projects: `{${part.map((d) => d.projectId).join(',')}}`,
          workflows: `{${part.map((d) => `"${d.workflowId}"`).join(',')}}`,
          numbers: `{${part.map((_, j) => i + j + 1).join(',')}}`,
          provinces: `{${part.map((d) => (opts.idle ? d.provinceCode : 'NULL')).join(',')}}`,
          cities: `{${part.map((d) => (opts.idle ? PLACES[d.provinceCode] : 'NULL')).join(',')}}`,
          states: `{${part.map((d) => (opts.idle ? pgArrayItem(JSON.stringify(initialState(startOf(d)))) : 'NULL')).join(',')}}`,
        },
      },
    );
  }
  await mapLimit(drafts, opts.inFlight ?? 40, async (d) => {
    const input: SubmissionWorkflowInput = { submissionId: d.id, start: startOf(d), createdBy: { userId: user!.id, displayName: user!.org_name, role: 'enterprise' } };
    await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
      workflowId: d.workflowId,
      taskQueue: stack.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTE_KEYS.year, value: year },
        ...(opts.idle
          ? [
              { key: SEARCH_ATTRIBUTE_KEYS.phase, value: 'draft' },
              { key: SEARCH_ATTRIBUTE_KEYS.provinceCode, value: d.provinceCode },
            ]
          : []),
      ],
      ...(opts.idle ? { startDelay: '1 day' } : {}),
    });
  });
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const ids = `{${drafts.map((d) => d.id).join(',')}}`;
  if (!opts.idle)
    await eventually(
    async () => {
      const [[row]] = (await stack.sequelize.query('SELECT count(*)::int AS n FROM submissions WHERE id = ANY(CAST(:ids AS uuid[])) AND state IS NOT NULL', { replacements: { ids } })) as [
        { n: number }[],
        unknown,
      ];
      return row!.n;
    },
    (projected) => projected === n,
    timeoutMs,
  );
  const ref = { client: stack.temporal.client, namespace: stack.temporal.namespace, taskQueue: stack.taskQueue };
  await eventually(
    () => countWorkflows(ref, runningQuery(stack.taskQueue, { year }, `WorkflowType = '${SUBMISSION_WORKFLOW_TYPE}' AND Phase = 'draft'`)),
    (visible) => visible >= n,
    timeoutMs,
  );
  return drafts;
}

/** One element of a PostgreSQL array literal, quoted. */
function pgArrayItem(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

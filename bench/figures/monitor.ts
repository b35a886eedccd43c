/**
 * 流程监控 (issue 13.1) with 10,000 open submission workflows: the first page of GET /api/admin/workflows/stuck (the
 * counts of every kind and the page of 20) as the admin, vs its floor — one visibility count of the failing workflow
 * tasks plus one raw SQL count of the projection's stuck rows, the least any monitor over both sources must ask.
 *
 * The 10,000 run on the bench's task queue with a start delay (as test/scale/monitor-10k does: running executions in
 * visibility with their Year/Phase/ProvinceCode attributes, their first workflow task not yet due — 10,000 first tasks
 * would cost minutes and change nothing the monitor reads); their rows are bare drafts. Stuck rows are planted among
 * them: 20 projection lags (projection_drift) and 30 初审 past their SLA.
 */
import { SEARCH_ATTRIBUTE_KEYS, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../../workflows/submission/contract';
import { countWorkflows, FAILING_TASKS, runningQuery } from '../../ops/temporalQueries';
import { DAY, insertDrafts } from '../declarations';
import { log, ms, percentile, pollUntil, pool, seconds, SETTINGS, timed, type FigureResult } from '../lib';
import type { BenchFigure } from './types';

const LAGS = 20;
const OVERDUE = 30;

export const monitorFigure: BenchFigure = {
  id: 'monitor',
  async run({ stack }) {
    const n = SETTINGS.monitorOpen;
    const year = stack.campaignYear;
    const ref = { client: stack.gateway.client, namespace: stack.namespace, taskQueue: stack.taskQueue };
    const deadlines = { submission: new Date(Date.now() + 30 * DAY).toISOString(), recommendation: new Date(Date.now() + 40 * DAY).toISOString(), cityReview: null };
    log(`monitor: starting ${n} open submission workflows (start delay 1 day)`);
    const drafts = await insertDrafts(stack.raw, year, stack.enterpriseId, n);
    const [startMs] = await timed(() =>
      pool(drafts, 50, async (d) => {
        const input: SubmissionWorkflowInput = {
          submissionId: d.submissionId,
          start: { projectId: d.projectId, year, enterpriseId: stack.enterpriseId, provinceCode: '440000', cityCode: '440100', stage: null, formVersion: 0, cityReviewRequired: false, deadlines },
        };
        await stack.gateway.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
          workflowId: d.workflowId,
          taskQueue: stack.taskQueue,
          args: [input],
          startDelay: '1 day',
          typedSearchAttributes: [
            { key: SEARCH_ATTRIBUTE_KEYS.year, value: year },
            { key: SEARCH_ATTRIBUTE_KEYS.phase, value: 'draft' },
            { key: SEARCH_ATTRIBUTE_KEYS.provinceCode, value: '440000' },
          ],
        });
      }),
    );
    const visible = await pollUntil(
      () => countWorkflows(ref, runningQuery(stack.taskQueue, { year }, `WorkflowType = '${SUBMISSION_WORKFLOW_TYPE}'`)),
      (count) => count >= n,
      500,
      300_000,
    );
    const lagged = drafts.slice(0, LAGS);
    await stack.raw.query(
      `INSERT INTO projection_drift (submission_id, workflow_id, workflow_seq, projection_seq, detail)
       SELECT s, w, 1, 0, '{"message":"投影落后于流程"}'::jsonb FROM unnest($1::uuid[], $2::text[]) AS t(s, w)`,
      [lagged.map((d) => d.submissionId), lagged.map((d) => d.workflowId)],
    );
    await stack.raw.query(
      `UPDATE submissions SET province_code = '440000', step = 'cityReview', step_since = now() - interval '10 days', step_overdue_at = now() - interval '1 day'
        WHERE id = ANY($1::uuid[])`,
      [drafts.slice(LAGS, LAGS + OVERDUE).map((d) => d.submissionId)],
    );
    await stack.raw.query('ANALYZE submissions');

    const admin = await stack.login('admin');
    const path = '/api/admin/workflows/stuck?page=1&perPage=20';
    const check = await stack.api('GET', path, admin);
    if (check.status !== 200) throw new Error(`monitor: ${check.status} ${JSON.stringify(check.body)}`);
    const countsRight = check.body.counts.projectionLag === LAGS && check.body.counts.cityReviewOverdue === OVERDUE && check.body.data.length === 20;
    const floorSql = `SELECT (SELECT count(*) FROM projection_drift d WHERE d.resolved_at IS NULL) + (SELECT count(*) FROM submissions s WHERE s.step = 'cityReview' AND s.step_overdue_at <= now()) AS n`;
    const floor = () => Promise.all([countWorkflows(ref, runningQuery(stack.taskQueue, {}, FAILING_TASKS)), stack.raw.query(floorSql)]);
    for (let i = 0; i < 10; i++) {
      await stack.api('GET', path, admin);
      await floor();
    }
    const httpTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let i = 0; i < SETTINGS.monitorSamples; i++) {
      httpTimes.push((await timed(() => stack.api('GET', path, admin)))[0]);
      floorTimes.push((await timed(floor))[0]);
    }
    const p95 = percentile(httpTimes, 95);
    const result: FigureResult = {
      key: 'monitor',
      name: `流程监控 first page (counts of every kind + 20 items) with ${visible.toLocaleString('en')} open workflows, HTTP (admin, ${SETTINGS.monitorSamples} requests)`,
      value: `p95 ${ms(p95)} (p50 ${ms(percentile(httpTimes, 50))})`,
      floor: `1 visibility count + 1 raw SQL count p95 ${ms(percentile(floorTimes, 95))} (p50 ${ms(percentile(floorTimes, 50))})`,
      target: 'first page ≤ 1 s',
      met: p95 <= 1000,
      note: `${n.toLocaleString('en')} workflows started with a start delay in ${seconds(startMs)} (50 in flight); ${LAGS} lags + ${OVERDUE} overdue 初审 planted; counts and page right: ${countsRight} (total ${check.body.total})`,
    };
    log(`monitor: ${result.value} vs ${result.floor}`);
    return [result];
  },
};

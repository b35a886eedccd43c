/**
 * N submits through HTTP (full validation, Update, projection), 20 in flight, on complete drafts prepared directly
 * (form rows + workflows, as if the enterprise had saved every tab): total time, p50/p99 of one request, and that
 * none is lost (every one in the projection and in the history).
 */
import { pingUpdate } from '../../workflows/submission/contract';
import { addEnterpriseProfile, completeForm, DAY, insertDrafts, startDraftWorkflows } from '../declarations';
import { log, ms, percentile, pollUntil, pool, SETTINGS, timed, type FigureResult } from '../lib';
import type { BenchFigure } from './types';

export const submitsFigure: BenchFigure = {
  id: 'submits',
  async run({ stack, tokens }) {
    const n = SETTINGS.submitsN;
    const year = 2097;
    await stack.raw.query(
      `INSERT INTO campaigns (year, submission_deadline, recommendation_deadline, province_settings, publicity_days) VALUES ($1, $2, $3, $4::jsonb, 7)`,
      [year, new Date(Date.now() + 30 * DAY), new Date(Date.now() + 40 * DAY), JSON.stringify({ '440000': { cityReviewRequired: false, cityReviewDeadline: null } })],
    );
    await addEnterpriseProfile(stack, year);
    log(`preparing ${n} complete drafts (form rows + workflows)`);
    const form = await completeForm(stack, tokens.enterprise);
    const drafts = await insertDrafts(stack.raw, year, stack.enterpriseId, n, form);
    await startDraftWorkflows(stack, drafts, {
      year,
      taskQueue: stack.taskQueue,
      provinceCode: '440000',
      cityCode: '440100',
      stage: '建设完成',
      formVersion: 1,
      deadlines: { submission: new Date(Date.now() + 30 * DAY).toISOString(), recommendation: new Date(Date.now() + 40 * DAY).toISOString(), cityReview: null },
    });
    const settled = async () => Number((await stack.raw.query(`SELECT count(*) FILTER (WHERE state IS NOT NULL) AS n FROM submissions WHERE year = $1`, [year])).rows[0].n);
    await pollUntil(settled, (c) => c >= n, 500, 180_000);
    // The floor: the same number of no-op Updates on the same workflows, 20 in flight, straight to Temporal.
    const pingTimes: number[] = [];
    const [pingTotalMs] = await timed(() =>
      pool(drafts, 20, async (d) => {
        pingTimes.push((await timed(() => stack.gateway.client.workflow.getHandle(d.workflowId).executeUpdate(pingUpdate)))[0]);
      }),
    );
    log(`submitting ${n} projects through POST /api/projects/:id/submit, 20 at a time`);
    const statuses: number[] = [];
    const times: number[] = [];
    const [totalMs] = await timed(() =>
      pool(drafts, 20, async (d) => {
        const [t, res] = await timed(() => stack.api('POST', `/api/projects/${d.submissionId}/submit`, tokens.enterprise));
        statuses.push(res.status);
        times.push(t);
      }),
    );
    const ok = statuses.filter((s) => s === 200).length;
    const inProjection = Number((await stack.raw.query(`SELECT count(*) FILTER (WHERE phase = 'submitted') AS n FROM submissions WHERE year = $1`, [year])).rows[0].n);
    const inHistory = Number((await stack.raw.query(`SELECT count(*) AS n FROM submission_history h JOIN submissions s ON s.id = h.submission_id WHERE s.year = $1 AND h.action = 'submit'`, [year])).rows[0].n);
    const p99 = percentile(times, 99);
    const result: FigureResult = {
      key: 'submits',
      name: `${n.toLocaleString('en')} submits through HTTP (full validation, Update, projection), 20 in flight`,
      value: `${ok}/${n} accepted in ${(totalMs / 1000).toFixed(1)} s (${((n / totalMs) * 1000).toFixed(1)}/s), p50 ${ms(percentile(times, 50))}, p99 ${ms(p99)}; ${n - Math.min(inProjection, inHistory)} lost`,
      floor: `${n} no-op Updates, 20 in flight: ${(pingTotalMs / 1000).toFixed(1)} s, p50 ${ms(percentile(pingTimes, 50))}, p99 ${ms(percentile(pingTimes, 99))}`,
      target: '1,000 in ≤ 30 s, p99 < 500 ms, 0 lost',
      met: ok === n && inProjection === n && inHistory === n && totalMs <= (30_000 * n) / 1000 && p99 < 500,
      note: `drafts prepared directly (rows + workflows); ${inProjection} submitted in the projection, ${inHistory} in the history; statuses other than 200: ${JSON.stringify(statuses.filter((s) => s !== 200).slice(0, 5))}`,
    };
    log(`submits: ${result.value}`);
    return [result];
  },
};

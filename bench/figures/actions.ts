/**
 * A regulator's action and a declaration's history:
 *   - 推荐 round trip through HTTP (Update + projection + view) vs a no-op Update on the same workflows;
 *   - history size of a submission after a typical declaration (create, 8 section saves, submit, 初审, 2 推荐) vs the
 *     same number of Updates carrying nothing, and how many such declarations fit before Temporal suggests
 *     continue-as-new (4,096 events / 4 MiB).
 */
import { temporal as proto } from '@temporalio/proto';
import { pingUpdate } from '../../workflows/submission/contract';
import { SECTION_KEYS } from '../../domain/form';
import { createCampaign, declare, DAY, insertDrafts, startDraftWorkflows } from '../declarations';
import { log, ms, percentile, SETTINGS, timed, type FigureResult } from '../lib';
import type { BenchStack } from '../stack';
import type { BenchFigure } from './types';

export const roundTripFigure: BenchFigure = {
  id: 'roundtrip',
  async run({ stack, tokens }) {
    const year = 2099;
    await createCampaign(stack, tokens.ministry, year, false);
    log(`creating ${SETTINGS.roundTrips} submissions through the API (create, ${SECTION_KEYS.length} sections, submit)`);
    const [declareMs, submitted] = await timed(() => declare(stack, tokens.enterprise, year, SETTINGS.roundTrips));
    const handle = (workflowId: string) => stack.gateway.client.workflow.getHandle(workflowId);
    // Warm the no-op path, then interleave per project: ping, recommend.
    for (const s of submitted.slice(0, 3)) await handle(s.workflowId).executeUpdate(pingUpdate);
    const pingTimes: number[] = [];
    const recommendTimes: number[] = [];
    for (const s of submitted) {
      pingTimes.push((await timed(() => handle(s.workflowId).executeUpdate(pingUpdate)))[0]);
      const [t, res] = await timed(() => stack.api('POST', `/api/projects/${s.id}/recommend`, tokens.provinceMiit, { formVersion: s.formVersion }));
      if (res.status !== 200 || res.body.phase !== 'partially_recommended') throw new Error(`recommend: ${res.status} ${JSON.stringify(res.body)}`);
      recommendTimes.push(t);
    }
    const rp50 = percentile(recommendTimes, 50);
    const pp50 = percentile(pingTimes, 50);
    const result: FigureResult = {
      key: 'roundtrip',
      name: `regulator 推荐 round trip, HTTP (Update + projection + view, ${submitted.length} projects)`,
      value: `p50 ${ms(rp50)}, p95 ${ms(percentile(recommendTimes, 95))} (${(rp50 / pp50).toFixed(1)}× the no-op p50)`,
      floor: `no-op Update p50 ${ms(pp50)}, p95 ${ms(percentile(pingTimes, 95))}`,
      target: 'p50 < 30 ms and ≤ 2× no-op',
      met: rp50 < 30 && rp50 <= 2 * pp50,
      note: `the ${submitted.length} projects went through the real API (create, ${SECTION_KEYS.length} section saves, submit) in ${(declareMs / 1000).toFixed(1)} s with 4 in flight`,
    };
    log(`recommend: ${result.value} vs ${result.floor}`);
    return [result];
  },
};

const SUGGEST_CAN_EVENTS = 4096;
const SUGGEST_CAN_BYTES = 4 * 1024 * 1024;
const HISTORY_SAMPLES = 5;

export const historySizeFigure: BenchFigure = {
  id: 'history',
  async run({ stack, tokens }) {
    const year = 2096;
    await createCampaign(stack, tokens.ministry, year, true);
    log(`history size: ${HISTORY_SAMPLES} declarations (create, ${SECTION_KEYS.length} saves, submit, 初审, 2 推荐)`);
    const declared = await declare(stack, tokens.enterprise, year, HISTORY_SAMPLES, 2);
    for (const d of declared) {
      for (const [path, token, body] of [
        ['city-review', tokens.city, { decision: 'approve' }],
        ['recommend', tokens.provinceCa, { formVersion: d.formVersion }],
        ['recommend', tokens.provinceMiit, { formVersion: d.formVersion }],
      ] as const) {
        const res = await stack.api('POST', `/api/projects/${d.id}/${path}`, token, body);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      const row = await stack.raw.query('SELECT phase FROM submissions WHERE id = $1', [d.id]);
      if (row.rows[0]?.phase !== 'recommended') throw new Error(`history sample ended in phase ${row.rows[0]?.phase}`);
    }
    const sizes = await Promise.all(declared.map((d) => historySize(stack, d.workflowId)));
    const actions = SECTION_KEYS.length + 4;
    // The floor: a draft workflow given the same number of Updates, each carrying nothing.
    const [draft] = await insertDrafts(stack.raw, year, stack.enterpriseId, 1);
    await startDraftWorkflows(stack, [draft!], { year, taskQueue: stack.taskQueue, deadlines: { submission: new Date(Date.now() + 30 * DAY).toISOString(), recommendation: new Date(Date.now() + 40 * DAY).toISOString(), cityReview: null } });
    for (let i = 0; i < actions; i++) await stack.gateway.client.workflow.getHandle(draft!.workflowId).executeUpdate(pingUpdate);
    const floor = await historySize(stack, draft!.workflowId);
    const median = sizes.sort((a, b) => a.bytes - b.bytes)[Math.floor(sizes.length / 2)]!;
    const perYear = Math.floor(Math.min(SUGGEST_CAN_EVENTS / median.events, SUGGEST_CAN_BYTES / median.bytes));
    const result: FigureResult = {
      key: 'history',
      name: `history of one submission after a typical declaration (create, ${SECTION_KEYS.length} section saves, submit, 初审, 2 推荐: ${actions} actions)`,
      value: `${median.events} events, ${(median.bytes / 1024).toFixed(1)} KiB (median of ${sizes.length})`,
      floor: `${actions} no-op Updates on a new draft: ${floor.events} events, ${(floor.bytes / 1024).toFixed(1)} KiB`,
      target: `far below continue-as-new (${SUGGEST_CAN_EVENTS} events / 4 MiB)`,
      met: perYear >= 10,
      note: `${perYear} such declarations would fit in one history before Temporal suggests continue-as-new; sizes are the encoded protobuf History`,
    };
    log(`history: ${result.value} vs ${result.floor}`);
    return [result];
  },
};

async function historySize(stack: BenchStack, workflowId: string): Promise<{ events: number; bytes: number }> {
  const history = await stack.gateway.client.workflow.getHandle(workflowId).fetchHistory();
  return { events: history.events?.length ?? 0, bytes: proto.api.history.v1.History.encode(history).finish().length };
}


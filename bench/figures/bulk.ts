/**
 * 批量推荐 (issue 11.3): one POST /api/projects/bulk recommending 200 submitted projects, as the 通信管理局 does from its
 * queue — wall time until every item's outcome is back (each item is its own Update with its projection write) — vs
 * the floor: the same 200 workflows given a no-op Update each, with the bulk route's own concurrency. A resend with
 * the same Idempotency-Key (answered from the stored outcomes, acting on nothing) is noted beside it.
 */
import crypto from 'node:crypto';
import { pingUpdate } from '../../workflows/submission/contract';
import { BULK_CONCURRENCY, MAX_BULK_ITEMS } from '../../api/routes/projects/bulk';
import { createCampaign, declare } from '../declarations';
import { log, pool, seconds, timed, type FigureResult } from '../lib';
import type { BenchFigure } from './types';

export const bulkFigure: BenchFigure = {
  id: 'bulk',
  async run({ stack, tokens }) {
    const year = 2094;
    const n = MAX_BULK_ITEMS;
    await createCampaign(stack, tokens.ministry, year, false);
    log(`bulk: declaring ${n} projects through the API (create, sections, submit), 8 in flight`);
    const declared = await declare(stack, tokens.enterprise, year, n, 8);
    const handle = (workflowId: string) => stack.gateway.client.workflow.getHandle(workflowId);
    // Warm both paths on other projects' workflows would change what is measured; warm the no-op path only.
    for (const d of declared.slice(0, 3)) await handle(d.workflowId).executeUpdate(pingUpdate);

    const [floorMs] = await timed(() => pool(declared, BULK_CONCURRENCY, async (d) => void (await handle(d.workflowId).executeUpdate(pingUpdate))));
    const key = `bench-${crypto.randomBytes(6).toString('hex')}`;
    const body = { action: 'recommend', items: declared.map((d) => ({ id: d.id, formVersion: d.formVersion })) };
    const [bulkMs, res] = await timed(() => stack.api('POST', '/api/projects/bulk', tokens.provinceCa, body, { 'Idempotency-Key': key }));
    if (res.status !== 200) throw new Error(`bulk: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    const outcomes = res.body.items as { status: string }[];
    const done = outcomes.filter((o) => o.status === 'done').length;
    if (done !== n) throw new Error(`bulk: ${done} of ${n} done: ${JSON.stringify(outcomes.filter((o) => o.status !== 'done').slice(0, 3))}`);
    const [resendMs, again] = await timed(() => stack.api('POST', '/api/projects/bulk', tokens.provinceCa, body, { 'Idempotency-Key': key }));
    if (again.status !== 200) throw new Error(`bulk resend: ${again.status}`);
    const phases = await stack.raw.query(`SELECT count(*) FILTER (WHERE phase = 'partially_recommended') AS n FROM submissions WHERE year = $1`, [year]);

    const result: FigureResult = {
      key: 'bulk',
      name: `bulk 推荐 of ${n} projects, HTTP (one request; each item its own Update + projection, ${BULK_CONCURRENCY} in flight)`,
      value: `${seconds(bulkMs)} wall (${(bulkMs / n).toFixed(1)} ms per project)`,
      floor: `${n} no-op Updates, ${BULK_CONCURRENCY} in flight: ${seconds(floorMs)}`,
      target: '≤ 10 s',
      met: bulkMs <= 10_000,
      note: `${done}/${n} done, ${phases.rows[0].n} projects 部分推荐 in the projection; a resend with the same Idempotency-Key answered in ${seconds(resendMs)} acting on nothing`,
    };
    log(`bulk: ${result.value} vs ${result.floor}`);
    return [result];
  },
};

/**
 * 待我处理 (issue 11.1) over 10,000 submissions: GET /api/queue as the 广东省通信管理局 (all scope, by 截止时间, page 3)
 * vs the raw SQL of the same page and count. The submissions are the list figure's rows inserted into the projection
 * (seeded here when that figure did not run); their queue rows are computed from each state by domain/queue.ts, as
 * the projection writes them.
 */
import { listColumns } from '../../api/projects/repository';
import { queueItems } from '../../domain/queue';
import type { SubmissionState } from '../../domain/lifecycle/state';
import { log, ms, percentile, SETTINGS, timed, type FigureResult } from '../lib';
import { seedProjection } from './list';
import type { BenchFigure } from './types';

const OFFICE = 'province_ca:440000';

export const queueFigure: BenchFigure = {
  id: 'queue',
  async run({ stack, tokens }) {
    const year = stack.campaignYear;
    const have = Number((await stack.raw.query('SELECT count(*) AS n FROM submissions WHERE year = $1 AND submitted_at IS NOT NULL', [year])).rows[0].n);
    if (have < SETTINGS.listRows) {
      log(`queue: seeding ${SETTINGS.listRows} submitted rows directly into the projection`);
      await seedProjection(stack.raw, year, stack.enterpriseId, SETTINGS.listRows);
    }
    const { rows } = await stack.raw.query('SELECT id, state FROM submissions WHERE year = $1 AND state IS NOT NULL', [year]);
    const items = rows.flatMap((row: { id: string; state: SubmissionState }) => queueItems(row.state).map((item) => ({ id: row.id, ...item })));
    for (let i = 0; i < items.length; i += 1000) {
      await stack.raw.query(
        `INSERT INTO queue_items (submission_id, office, step, year, since, due_at, overdue_at, closes_at)
         SELECT i.id, i.office, i.step, $2, i.since, i."dueAt", i."overdueAt", i."closesAt"
           FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, office text, step text, since timestamptz, "dueAt" timestamptz, "overdueAt" timestamptz, "closesAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(items.slice(i, i + 1000)), year],
      );
    }
    await stack.raw.query('ANALYZE queue_items');
    const mine = items.filter((item) => item.office === OFFICE).length;

    const path = '/api/queue?sort=dueAt&order=ASC&page=3&perPage=20';
    // The API's list columns (a phase counts from its deadline instant, issue 15.4), with the database's clock for :now.
    const columns = listColumns('s').replaceAll(':now', 'now()');
    const claim = `LEFT JOIN claims c ON c.submission_id = q.submission_id AND c.office = q.office AND c.claimed_at >= COALESCE(q.since, '-infinity')`;
    const pageSql = `SELECT ${columns}, q.office, q.step, q.since, q.due_at, q.overdue_at, q.closes_at, c.user_id, u.name, c.claimed_at
      FROM queue_items q JOIN submissions s ON s.id = q.submission_id ${claim} LEFT JOIN users u ON u.id = c.user_id
     WHERE q.office = $1 AND (q.closes_at IS NULL OR q.closes_at > now())
     ORDER BY q.due_at ASC NULLS LAST, q.since ASC NULLS LAST, q.submission_id ASC LIMIT 20 OFFSET 40`;
    const countSql = `SELECT count(*) FROM queue_items q WHERE q.office = $1 AND (q.closes_at IS NULL OR q.closes_at > now())`;
    const raw = () => Promise.all([stack.raw.query(pageSql, [OFFICE]), stack.raw.query(countSql, [OFFICE])]);
    const check = await stack.api('GET', path, tokens.provinceCa);
    if (check.status !== 200) throw new Error(`queue: ${check.status} ${JSON.stringify(check.body)}`);
    const [rawPage] = await raw();
    const sameIds = JSON.stringify(check.body.data.map((d: { id: string }) => d.id)) === JSON.stringify(rawPage.rows.map((row: { id: string }) => row.id));
    for (let i = 0; i < 50; i++) {
      await stack.api('GET', path, tokens.provinceCa);
      await raw();
    }
    const httpTimes: number[] = [];
    const sqlTimes: number[] = [];
    for (let i = 0; i < SETTINGS.listSamples; i++) {
      httpTimes.push((await timed(() => stack.api('GET', path, tokens.provinceCa)))[0]);
      sqlTimes.push((await timed(raw))[0]);
    }
    const p95 = percentile(httpTimes, 95);
    const result: FigureResult = {
      key: 'queue',
      name: `待我处理 page over ${rows.length.toLocaleString('en')} submissions, HTTP (province_ca, by 截止时间, page 3, ${SETTINGS.listSamples} requests)`,
      value: `p95 ${ms(p95)} (p50 ${ms(percentile(httpTimes, 50))})`,
      floor: `raw SQL of the page + count p95 ${ms(percentile(sqlTimes, 95))} (p50 ${ms(percentile(sqlTimes, 50))})`,
      target: 'p95 < 10 ms',
      met: p95 < 10,
      note: `${items.length.toLocaleString('en')} queue rows, ${mine.toLocaleString('en')} for this office (total ${check.body.total}); ids match raw SQL: ${sameIds}`,
    };
    log(`queue: ${result.value} vs ${result.floor}`);
    return [result];
  },
};

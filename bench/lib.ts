/** Small helpers every bench figure uses: logging, timing, percentiles, bounded concurrency. */

/** One row of the results table: a figure measured on one server, beside its floor from the same run. */
export interface FigureResult {
  /** Stable key: the same figure measured on the dev server and on the real server shares one table row. */
  key: string;
  name: string;
  value: string;
  floor: string;
  target: string;
  /** Whether `value` meets `target`; undefined when the figure has no pass/fail goal. */
  met?: boolean;
  note?: string;
}

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
export const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, value];
}

/** Run `fn` over items with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** Poll `read` until `done` holds or `timeoutMs` passes; the last value either way. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, intervalMs: number, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

/** Sizes, from the environment (README "Performance"). */
export const SETTINGS = {
  listRows: 10_000,
  listSamples: 500,
  roundTrips: Number(process.env.BENCH_ROUND_TRIPS ?? 50),
  deadlineN: Number(process.env.BENCH_DEADLINE_N ?? 1000),
  submitsN: Number(process.env.BENCH_SUBMITS_N ?? 1000),
  /** Open workflows under the 流程监控 figure, and its samples. */
  monitorOpen: Number(process.env.BENCH_MONITOR_N ?? 10_000),
  monitorSamples: Number(process.env.BENCH_MONITOR_SAMPLES ?? 50),
  /** Least time between starting the deadline workflows and their shared deadline. */
  deadlineLeadMs: Number(process.env.BENCH_DEADLINE_LEAD_S ?? 30) * 1000,
  deadlineLeadPerWorkflowMs: Number(process.env.BENCH_DEADLINE_LEAD_MS_PER_WORKFLOW ?? 80),
  /** 2: the shared deadline with one worker process, then with two; 1: with one only (a long N = 10,000 run). */
  deadlineWorkers: process.env.BENCH_DEADLINE_WORKERS === '1' ? 1 : 2,
  timeoutMs: Number(process.env.BENCH_TIMEOUT_MIN ?? 30) * 60_000,
};

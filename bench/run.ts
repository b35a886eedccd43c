/**
 * `npm run bench` (SPEC §8, issue 15): each figure beside its floor measured in the same run, on the Temporal
 * development server, on the production Temporal server on PostgreSQL, or on both one after the other:
 *   BENCH_TEMPORAL=dev|server|both   (default dev; `server` builds the server on first use, ≈8 min)
 *   BENCH_ONLY=list,browser,roundtrip,history,deadline,submits   (a subset; figures/index.ts lists them)
 *   BENCH_BROWSER_RUNS (5 fresh tabs each, cold and warm), BENCH_SKIP_UI_BUILD=1 (admin-ui/dist is current)
 *   BENCH_DEADLINE_N (1000), BENCH_SUBMITS_N (1000), BENCH_ROUND_TRIPS (50), BENCH_DEADLINE_LEAD_S (30),
 *   BENCH_DEADLINE_LEAD_MS_PER_WORKFLOW (80), BENCH_DEADLINE_WORKERS=1 (skip the two-worker burst),
 *   BENCH_TIMEOUT_MIN (30), BENCH_README=off (leave README.md alone)
 * Each server gets its own stack (bench/stack.ts) in a temporary folder removed at the end. The table goes to
 * bench/last-results.md and into README.md's performance section (bench/report.ts).
 */
import os from 'node:os';
import { FIGURES } from './figures';
import { log, SETTINGS } from './lib';
import { writeReport, type Results } from './report';
import { startBenchStack, TEMPORAL_LABELS, type BenchStack, type TemporalKind } from './stack';

function kindsToRun(): TemporalKind[] {
  const value = process.env.BENCH_TEMPORAL ?? 'dev';
  if (value === 'both') return ['dev', 'server'];
  if (value === 'dev' || value === 'server') return [value];
  throw new Error(`BENCH_TEMPORAL must be dev, server or both (got ${value})`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const kinds = kindsToRun();
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const figures = FIGURES.filter((f) => !only || only.includes(f.id));
  const results: Results = {};
  // The machine is shared: the 1-minute load average, sampled through the run, goes into the report.
  const load: number[] = [];
  setInterval(() => load.push(os.loadavg()[0]!), 5000).unref();
  let current: BenchStack | null = null;
  let failed = false;
  let finishing = false;
  const finish = async (code: number, partial: boolean) => {
    if (finishing) return;
    finishing = true;
    writeReport(results, started, partial, load);
    if (current) {
      log('stopping the stack …');
      await current.stop();
    }
    process.exit(code);
  };
  setTimeout(() => {
    console.error(`[bench] global timeout of ${SETTINGS.timeoutMs / 60_000} min reached; printing what was measured`);
    void finish(2, true);
  }, SETTINGS.timeoutMs).unref();
  process.once('SIGINT', () => void finish(130, true));

  for (const kind of kinds) {
    if (finishing) return;
    log(`==== ${TEMPORAL_LABELS[kind]}`);
    try {
      current = await startBenchStack(kind);
    } catch (err) {
      console.error(`[bench] ${kind}: the stack did not start:`, err);
      failed = true;
      continue;
    }
    const stack = current;
    const [enterprise, city, provinceMiit, provinceCa, ministry] = await Promise.all(['gzfactory', 'gz_miit', 'gd_miit', 'gd_ca', 'miit'].map((u) => stack.login(u)));
    const ctx = { stack, tokens: { enterprise: enterprise!, city: city!, provinceMiit: provinceMiit!, provinceCa: provinceCa!, ministry: ministry! } };
    results[kind] = [];
    for (const figure of figures) {
      if (finishing) return;
      try {
        results[kind]!.push(...(await figure.run(ctx)));
      } catch (err) {
        console.error(`[bench] ${kind}: figure ${figure.id} failed:`, err);
        failed = true;
      }
    }
    log(`stopping the ${kind} stack`);
    current = null;
    await stack.stop();
  }
  await finish(failed ? 1 : 0, failed);
}

void main();

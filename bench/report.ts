/**
 * The results table: one row per figure, one column per server measured, each figure beside its floor from the same
 * run. Written to bench/last-results.md and, when the run finished, into README.md between the bench markers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FigureResult } from './lib';
import { TEMPORAL_LABELS, type TemporalKind } from './stack';

export type Results = Partial<Record<TemporalKind, FigureResult[]>>;

const README = path.join(__dirname, '..', 'README.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const verdict = (r: FigureResult) => (r.met === undefined ? '' : r.met ? ' — met' : ' — **missed**');

export function resultsTable(results: Results): string {
  const kinds = (Object.keys(results) as TemporalKind[]).filter((k) => results[k]?.length);
  const keys: string[] = [];
  const byKey = new Map<string, Partial<Record<TemporalKind, FigureResult>>>();
  for (const kind of kinds) {
    for (const r of results[kind]!) {
      if (!byKey.has(r.key)) {
        keys.push(r.key);
        byKey.set(r.key, {});
      }
      byKey.get(r.key)![kind] = r;
    }
  }
  const lines = [`| figure | ${kinds.map((k) => TEMPORAL_LABELS[k]).join(' | ')} | goal |`, `|---|${kinds.map(() => '---|').join('')}---|`];
  for (const key of keys) {
    const row = byKey.get(key)!;
    const any = Object.values(row)[0]!;
    const cells = kinds.map((k) => (row[k] ? `${cell(row[k]!.value)}${verdict(row[k]!)}<br>*floor:* ${cell(row[k]!.floor)}` : '—'));
    lines.push(`| ${cell(any.name)} | ${cells.join(' | ')} | ${cell(any.target)} |`);
  }
  return lines.join('\n');
}

export function writeReport(results: Results, started: number, partial: boolean, load: number[] = []): void {
  const cpus = os.cpus();
  const kinds = (Object.keys(results) as TemporalKind[]).filter((k) => results[k]?.length);
  const when = new Date().toISOString();
  const table = resultsTable(results);
  const sorted = [...load].sort((a, b) => a - b);
  const loadText = sorted.length ? `1-minute load average during the run ${sorted[0]!.toFixed(1)}–${sorted.at(-1)!.toFixed(1)} (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}) on ${cpus.length} cores, shared with other work` : '';
  const notes = kinds.flatMap((k) => results[k]!.filter((r) => r.note).map((r) => `- ${TEMPORAL_LABELS[k]} — ${r.name}: ${r.note}`));
  const text = [
    `# Benchmark results${partial ? ' (PARTIAL: the run did not finish)' : ''}`,
    '',
    `Run ${when} on ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
    'Embedded PostgreSQL 16, the Temporal server named in each column, the API and one worker in the bench process, worker processes where a figure says so; all on 127.0.0.1.',
    loadText ? `${loadText}.` : '',
    '',
    table,
    '',
    'Notes:',
    ...notes,
    '',
  ].join('\n');
  console.log('\n' + text);
  fs.writeFileSync(path.join(__dirname, 'last-results.md'), text);
  if (partial || process.env.BENCH_README === 'off') return;
  const readme = fs.readFileSync(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) {
    console.log(`[bench] README.md has no ${START} … ${END} markers; table not written there`);
    return;
  }
  const block = [START, `Measured ${when.slice(0, 10)} (\`BENCH_TEMPORAL=${kinds.length > 1 ? 'both' : kinds[0]}\`, \`BENCH_DEADLINE_N=${process.env.BENCH_DEADLINE_N ?? 1000}\`); ${loadText || `${cpus.length} cores`}:`, '', table, END].join('\n');
  fs.writeFileSync(README, readme.slice(0, from) + block + readme.slice(to + END.length));
  console.log('[bench] table written into README.md');
}

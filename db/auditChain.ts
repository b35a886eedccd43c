/**
 * The audit log's hash chain (issue 14.6, db/migrations/0008-account-security.ts): every row carries prev_hash (the
 * hash of the row before it) and hash = sha256(prev_hash | its own fields), computed by PostgreSQL's
 * audit_row_hash(). Verification recomputes every hash and checks every link, in pages of id order, so a changed
 * row, a removed row or a row slipped in between shows up with its id. `npm run audit:verify` runs it.
 */
import type { Sequelize } from 'sequelize';

export const GENESIS_HASH = '0'.repeat(64);
const PAGE = 5000;

export interface ChainProblem {
  id: string;
  problem: 'changed' | 'broken link';
  detail: string;
}

export interface ChainReport {
  rows: number;
  firstId: string | null;
  lastId: string | null;
  lastHash: string | null;
  problems: ChainProblem[];
}

export async function verifyAuditChain(sequelize: Sequelize, options: { maxProblems?: number } = {}): Promise<ChainReport> {
  const maxProblems = options.maxProblems ?? 100;
  const report: ChainReport = { rows: 0, firstId: null, lastId: null, lastHash: null, problems: [] };
  let afterId = '0';
  let expectedPrev = GENESIS_HASH;
  for (;;) {
    const [rows] = await sequelize.query(
      `SELECT a.id::text AS id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS recomputed
         FROM audit_log a WHERE a.id > CAST(:afterId AS bigint) ORDER BY a.id LIMIT ${PAGE}`,
      { replacements: { afterId } },
    );
    const page = rows as { id: string; prev_hash: string | null; hash: string | null; recomputed: string }[];
    for (const r of page) {
      report.rows++;
      report.firstId ??= r.id;
      if (r.prev_hash !== expectedPrev && report.problems.length < maxProblems) {
        report.problems.push({ id: r.id, problem: 'broken link', detail: `prev_hash ${r.prev_hash ?? 'NULL'} ≠ hash of the row before ${expectedPrev}` });
      }
      if (r.hash !== r.recomputed && report.problems.length < maxProblems) {
        report.problems.push({ id: r.id, problem: 'changed', detail: `stored ${r.hash ?? 'NULL'} ≠ recomputed ${r.recomputed}` });
      }
      expectedPrev = r.hash ?? '';
      report.lastId = r.id;
      report.lastHash = r.hash;
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  return report;
}

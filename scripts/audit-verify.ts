/**
 * `npm run audit:verify` — checks the audit log's hash chain (db/auditChain.ts) in the database of DATABASE_URL and
 * prints the last hash (write it down, or into another system, to anchor the chain: a rewrite of the whole chain
 * after that point would no longer end in it). Exit code 0 when the chain is intact, 1 when not, 2 on error.
 */
import { createSequelize } from '../db/sequelize';
import { verifyAuditChain } from '../db/auditChain';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required, e.g. postgres://user:pass@host:5432/factory5g');
    return 2;
  }
  const sequelize = createSequelize(url, { poolMax: 1 });
  try {
    const report = await verifyAuditChain(sequelize);
    console.log(`audit log: ${report.rows} rows (ids ${report.firstId ?? '-'} … ${report.lastId ?? '-'}), last hash ${report.lastHash ?? '-'}`);
    if (!report.problems.length) {
      console.log('hash chain intact');
      return 0;
    }
    for (const p of report.problems) console.log(`row ${p.id}: ${p.problem} — ${p.detail}`);
    console.log(`hash chain BROKEN: ${report.problems.length} problem(s)`);
    return 1;
  } finally {
    await sequelize.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);

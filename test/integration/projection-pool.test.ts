/**
 * Issue 15.7: the projection write holds one pooled connection for its transaction and never waits for a second while
 * it is open. It used to read the 企业信息 to freeze at a submit through the pool from inside the transaction: with as
 * many submits at once as the pool has connections, every connection was held by a transaction waiting for another
 * one, and all of them stalled until the pool's acquire timeout failed them. Here 50 submits' projection writes run at
 * once on a pool of 20, as the worker's activities would on a deadline's last evening; all of them must be written.
 */
import { Sequelize } from 'sequelize';
import { signedInSuite } from '../support/suite';
import { createCampaign } from '../support/lifecycle';
import { writeTransition } from '../../db/projection';
import type { SubmissionState } from '../../domain/lifecycle/state';
import type { RecordTransitionInput } from '../../domain/lifecycle/events';

const suite = signedInSuite();
const SUBMITS = 50;
const POOL = 20;

let pool: Sequelize | undefined;
afterAll(() => pool?.close());

test(`${SUBMITS} submits written at once on a pool of ${POOL}: none stalls, each freezes the 企业信息`, async () => {
  const { stack, people } = suite;
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const ids: string[] = [];
  for (let i = 0; i < SUBMITS; i += 10) {
    const created = await Promise.all(
      Array.from({ length: Math.min(10, SUBMITS - i) }, (_, j) =>
        stack.api('POST', '/api/projects', { token: people.enterprise, body: { year, projectInfo: { name: `连接池测试项目${i + j + 1}` } } }),
      ),
    );
    expect(created.map((c) => c.status)).toEqual(created.map(() => 201));
    ids.push(...created.map((c) => c.body.id as string));
  }
  const [rows] = await stack.sequelize.query('SELECT id, state FROM submissions WHERE id IN (:ids)', { replacements: { ids } });

  // The submit as the workflow hands it to the projection (the write itself checks nothing of the form).
  const at = new Date().toISOString();
  const writes: RecordTransitionInput[] = (rows as { id: string; state: SubmissionState }[]).map(({ id, state }) => ({
    submissionId: id,
    state: { ...state, seq: state.seq + 1, phase: 'submitted' },
    event: { seq: state.seq + 1, action: 'submit', actorId: state.enterpriseId, actorName: '李明', actorRole: 'enterprise', at, fromPhase: 'draft', toPhase: 'submitted' },
  }));
  expect(writes).toHaveLength(SUBMITS);

  // A stalled pool fails a waiting write after `acquire`; a pool that is not stalled serves every write long before.
  pool = new Sequelize(stack.databaseUrl, { dialect: 'postgres', logging: false, pool: { max: POOL, min: 0, acquire: 15_000 } });
  const outcomes = await Promise.allSettled(writes.map((w) => writeTransition(pool!, w)));
  const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${writes[i]!.submissionId}: ${String(o.reason)}`] : []));
  expect(failures).toEqual([]);

  const [written] = await stack.sequelize.query(
    `SELECT count(*) FILTER (WHERE phase = 'submitted' AND enterprise_snapshot IS NOT NULL)::int AS submitted,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM submission_history h WHERE h.submission_id = s.id AND h.action = 'submit'))::int AS recorded
       FROM submissions s WHERE id IN (:ids)`,
    { replacements: { ids } },
  );
  expect(written).toEqual([{ submitted: SUBMITS, recorded: SUBMITS }]);
}, 180_000);

/** Which database errors heal by retrying and which never do (issue 14.2, db/errors.ts). */
import { classifyDatabaseError, isDatabaseUnavailable, permanentFailureType } from '../../db/errors';

/** The shape Sequelize gives a failed query: a DatabaseError whose parent is pg's error with the SQLSTATE. */
const sequelizeError = (code: string, message = 'pg says no', name = 'SequelizeDatabaseError') => Object.assign(new Error(message), { name, parent: Object.assign(new Error(message), { code }) });

test.each([
  ['serialization failure', sequelizeError('40001'), 'transient'],
  ['deadlock', sequelizeError('40P01'), 'transient'],
  ['admin shutdown (57P01)', sequelizeError('57P01'), 'transient'],
  ['cannot connect now (57P03)', sequelizeError('57P03'), 'transient'],
  ['connection exception (08006)', sequelizeError('08006'), 'transient'],
  ['too many connections (53300)', sequelizeError('53300'), 'transient'],
  ['statement timeout (57014)', sequelizeError('57014'), 'transient'],
  ['foreign key not yet committed (23503)', sequelizeError('23503'), 'transient'],
  ['connection refused, no SQLSTATE', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { name: 'SequelizeConnectionRefusedError' }), 'transient'],
  ['reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'transient'],
  ['unsupported Unicode escape (22P05)', sequelizeError('22P05', 'unsupported Unicode escape sequence'), 'permanent'],
  ['invalid text representation (22P02)', sequelizeError('22P02'), 'permanent'],
  ['value too long (22001)', sequelizeError('22001'), 'permanent'],
  ['check violation (23514)', sequelizeError('23514'), 'permanent'],
  ['unique violation (23505)', Object.assign(sequelizeError('23505'), { name: 'SequelizeUniqueConstraintError' }), 'permanent'],
  ['undefined column (42703): a bug a deploy may fix, retried', sequelizeError('42703'), 'unknown'],
  ['not a database error', new Error('submission x has no row'), 'unknown'],
])('%s is %s', (_name, err, kind) => {
  expect(classifyDatabaseError(err).kind).toBe(kind);
});

test('the SQLSTATE and PostgreSQL’s message are kept; data and constraint failures have their own types', () => {
  const c = classifyDatabaseError(sequelizeError('22P05', 'unsupported Unicode escape sequence'));
  expect(c).toEqual({ kind: 'permanent', sqlstate: '22P05', message: 'unsupported Unicode escape sequence' });
  expect(permanentFailureType(c)).toBe('PROJECTION_DATA_REJECTED');
  expect(permanentFailureType(classifyDatabaseError(sequelizeError('23505')))).toBe('PROJECTION_CONSTRAINT_VIOLATED');
});

test('the API answers 503 only for an unreachable database, not for a serialization conflict or bad data', () => {
  expect(isDatabaseUnavailable(sequelizeError('57P01'))).toBe(true);
  expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'SequelizeConnectionRefusedError' }))).toBe(true);
  expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isDatabaseUnavailable(sequelizeError('40001'))).toBe(false);
  expect(isDatabaseUnavailable(sequelizeError('22P05'))).toBe(false);
});

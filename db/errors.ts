/**
 * What a database error means for whoever retries (issue 14.2): a transient failure heals by itself (PostgreSQL
 * restarting, a lost connection, a serialization conflict or deadlock between two transactions) and is retried with
 * back-off; a permanent one (the data cannot be stored, a constraint that no retry will satisfy) fails the same way
 * on every attempt, so retrying it forever only makes a bug or a bad row look like an outage.
 *
 * Below activities/ and api/: the projection activity decides retry or fail from it, the API decides 503 or 500.
 */

export type DatabaseErrorKind = 'transient' | 'permanent' | 'unknown';

export interface DatabaseErrorClass {
  kind: DatabaseErrorKind;
  /** SQLSTATE when PostgreSQL gave one (e.g. 22P05, 40001). */
  sqlstate?: string;
  /** PostgreSQL's own words (or the driver's), for the log and the admin's monitor. */
  message: string;
}

/**
 * Failure types the projection activity fails with when PostgreSQL refuses a write for good; the API answers them
 * with 422 (data the database cannot hold) and 409 (a constraint the write breaks).
 */
export const PERMANENT_FAILURE_TYPES = {
  data: 'PROJECTION_DATA_REJECTED',
  constraint: 'PROJECTION_CONSTRAINT_VIOLATED',
} as const;

/** Sequelize's names for "could not reach the server" (no SQLSTATE: the connection never got that far). */
const CONNECTION_ERRORS = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeAccessDeniedError',
  'SequelizeTimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs that heal: 08 connection exception, 57P operator intervention (shutdown, crash, cannot connect now),
 * 57014 query canceled (statement timeout), 53 insufficient resources (too many connections, out of memory, disk
 * full), 40001 serialization failure, 40P01 deadlock, 55P03 lock not available, 23503 foreign key (the row it refers
 * to may be committed by a concurrent transaction a moment later), 58 system errors (I/O).
 */
const TRANSIENT_SQLSTATE = /^(08|57P|53|58)|^(57014|40001|40P01|55P03|23503)$/;
/** SQLSTATEs that never heal by retrying the same statement: 22 data exception, 23 integrity constraint violation. */
const PERMANENT_SQLSTATE = /^(22|23)/;

interface ErrorLike {
  name?: string;
  code?: unknown;
  message?: string;
  parent?: ErrorLike;
  original?: ErrorLike;
}

export function sqlstateOf(err: unknown): string | undefined {
  const e = err as ErrorLike | null;
  const code = e?.parent?.code ?? e?.original?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function classifyDatabaseError(err: unknown): DatabaseErrorClass {
  const e = (err ?? {}) as ErrorLike;
  const message = String(e.parent?.message ?? e.original?.message ?? e.message ?? err);
  const sqlstate = sqlstateOf(err);
  if (sqlstate) {
    if (TRANSIENT_SQLSTATE.test(sqlstate)) return { kind: 'transient', sqlstate, message };
    if (PERMANENT_SQLSTATE.test(sqlstate)) return { kind: 'permanent', sqlstate, message };
    return { kind: 'unknown', sqlstate, message };
  }
  const code = e.parent?.code ?? e.original?.code ?? e.code;
  if ((e.name && CONNECTION_ERRORS.has(e.name)) || (typeof code === 'string' && NETWORK_CODES.has(code))) return { kind: 'transient', message };
  if (/Connection terminated|ECONNREFUSED|the database system is (shutting down|starting up)/i.test(message)) return { kind: 'transient', message };
  return { kind: 'unknown', message };
}

/** PostgreSQL down, restarting or out of connections: the caller should try again later (the API answers 503). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const c = classifyDatabaseError(err);
  if (c.kind !== 'transient') return false;
  return !c.sqlstate || /^(08|57P|53300)/.test(c.sqlstate);
}

/** The failure type a permanent error is reported with (data the database cannot hold, or a broken constraint). */
export function permanentFailureType(c: DatabaseErrorClass): string {
  return c.sqlstate?.startsWith('23') ? PERMANENT_FAILURE_TYPES.constraint : PERMANENT_FAILURE_TYPES.data;
}

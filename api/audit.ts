/**
 * The append-only audit log (SPEC §5, 等保2.0): every login, failure, lock, registration decision, password
 * change/reset, user change and project action. Rows can be inserted and read, never changed (a trigger refuses).
 * The write itself is db/audit.ts (activities write it too: a batch operation's one entry per item); a route adds
 * the request's address and id.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Request } from 'express';
import { appendAudit, type AuditEntry } from '../db/audit';

export type { AuditEntry };

export async function audit(sequelize: Sequelize, entry: AuditEntry, req?: Request, transaction?: Transaction): Promise<void> {
  await appendAudit(sequelize, entry, { ip: req?.ip ?? null, requestId: req?.id ? String(req.id) : null }, transaction);
}

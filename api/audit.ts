/**
 * The append-only audit log (SPEC §5, 等保2.0): every login, failure, lock, registration decision, password
 * change/reset, user change and project action. Rows can be inserted and read, never changed (a trigger refuses).
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Request } from 'express';
import type { Actor } from '../domain/roles';

export interface AuditEntry {
  action: string;
  outcome?: 'ok' | 'refused' | 'failed';
  actor?: Pick<Actor, 'userId' | 'username' | 'role'> | null;
  /** For events before sign-in (failed login), the user name that was tried. */
  username?: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export async function audit(sequelize: Sequelize, entry: AuditEntry, req?: Request, transaction?: Transaction): Promise<void> {
  // audit_append links the row into the hash chain; the application's role may not INSERT into audit_log directly.
  await sequelize.query(
    `SELECT audit_append(NULL, :userId, :username, :role, :action, :targetType, :targetId, :outcome, :ip, :requestId, CAST(:details AS jsonb), NULL)`,
    {
      replacements: {
        userId: entry.actor?.userId ?? null,
        username: entry.actor?.username ?? entry.username ?? null,
        role: entry.actor?.role ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        outcome: entry.outcome ?? 'ok',
        ip: req?.ip ?? null,
        requestId: req?.id ? String(req.id) : null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      },
      transaction,
    },
  );
}

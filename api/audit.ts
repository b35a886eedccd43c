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
  await sequelize.query(
    `INSERT INTO audit_log (user_id, username, role, action, target_type, target_id, outcome, ip, request_id, details)
     VALUES (:userId, :username, :role, :action, :targetType, :targetId, :outcome, :ip, :requestId, :details)`,
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

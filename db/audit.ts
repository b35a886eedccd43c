/**
 * Writing the append-only audit log (SPEC §5, 等保2.0), below the API so that activities (a batch operation's one
 * entry per item) write it the same way the routes do (api/audit.ts adds the request's address and id).
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../domain/roles';

export interface AuditEntry {
  action: string;
  outcome?: 'ok' | 'refused' | 'failed' | 'drift';
  actor?: Pick<Actor, 'userId' | 'username' | 'role'> | null;
  /** For events before sign-in (failed login), the user name that was tried. */
  username?: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export interface AuditOrigin {
  ip?: string | null;
  requestId?: string | null;
}

export async function appendAudit(sequelize: Sequelize, entry: AuditEntry, origin: AuditOrigin = {}, transaction?: Transaction): Promise<void> {
  await sequelize.query(
    // audit_append links the row into the hash chain; the application's role may not INSERT into audit_log directly.
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
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      },
      transaction,
    },
  );
}

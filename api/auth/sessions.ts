/**
 * Sessions: an opaque bearer token per sign-in, stored hashed, revocable (logout, password reset, disabling the
 * user), expiring after SESSION_IDLE_MINUTES without a request (SPEC §5: 30 idle minutes) and SESSION_ABSOLUTE_HOURS
 * after sign-in however busy (ASVS 5.0: absolute lifetime).
 */
import type { RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import { ApiError } from '../errors';
import { hashToken, newToken } from './tokens';
import { authRateLimits, loadRateLimitConfig, type RateLimitConfig } from './rateLimits';
import type { Actor, Role } from '../../domain/roles';
import { cleanText } from '../../domain/text';

export interface SessionUserRow {
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  user_id: string;
  username: string;
  name: string;
  role: Role;
  org_name: string | null;
  province_code: string | null;
  city_code: string | null;
  status: string;
  must_change_password: boolean;
}

/** Refresh last_seen_at at most this often: a busy user does not write on every request. */
const TOUCH_EVERY_MS = 15_000;

export async function createSession(sequelize: Sequelize, userId: string, meta: { ip?: string; userAgent?: string }, now: Date): Promise<string> {
  const { token, hash } = newToken();
  await sequelize.query(
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES (:hash, :userId, :now, :now, :ip, :ua)',
    { replacements: { hash, userId, now, ip: meta.ip ?? null, ua: meta.userAgent ? cleanText(meta.userAgent, 300) : null } },
  );
  return token;
}

export async function revokeSession(sequelize: Sequelize, tokenHash: string, now: Date): Promise<void> {
  await sequelize.query('UPDATE sessions SET revoked_at = :now WHERE token_hash = :tokenHash AND revoked_at IS NULL', { replacements: { tokenHash, now } });
}

/** Every session of the user but the one in use (after a password change: "sign out everywhere else"). */
export async function revokeOtherSessions(sequelize: Sequelize, userId: string, keepTokenHash: string | undefined, now: Date): Promise<void> {
  await sequelize.query('UPDATE sessions SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL AND token_hash <> :keep', {
    replacements: { userId, now, keep: keepTokenHash ?? '' },
  });
}

export async function revokeAllSessions(sequelize: Sequelize, userId: string, now: Date): Promise<void> {
  await sequelize.query('UPDATE sessions SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL', { replacements: { userId, now } });
}

export function actorFromRow(row: Pick<SessionUserRow, 'user_id' | 'username' | 'name' | 'role' | 'org_name' | 'province_code' | 'city_code'>): Actor {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.name,
    role: row.role,
    ...(row.org_name ? { orgName: row.org_name } : {}),
    ...(row.province_code ? { provinceCode: row.province_code } : {}),
    ...(row.city_code ? { cityCode: row.city_code } : {}),
  };
}

/** Paths a user who must change the password may still use. */
const PASSWORD_CHANGE_ALLOWED = new Set(['/api/me', '/api/auth/change-password', '/api/auth/logout', '/api/health']);

/**
 * Resolve the bearer token, if any. A bad token on a public route is ignored (the login page must work with a stale
 * token in the browser); on a protected route the route reports the reason as a 401.
 *
 * Requests under /api/auth first pass the auth rate limits (api/auth/rateLimits.ts): this middleware is the one
 * the app mounts ahead of every route, so the limits cover every sign-in endpoint, whichever module declares it.
 * `rateLimits: false` turns them off (a tool that builds the app without PostgreSQL-backed counters).
 */
export function authenticate(deps: { sequelize: Sequelize; clock: () => Date; idleMinutes: number; absoluteHours?: number; rateLimits?: RateLimitConfig | false }): RequestHandler {
  const limits = deps.rateLimits === false ? null : authRateLimits(deps, deps.rateLimits ?? loadRateLimitConfig());
  const resolve = resolveToken(deps);
  return (req, res, next) => {
    if (!limits) return resolve(req, res, next);
    limits(req, res, (err?: unknown) => (err ? next(err) : resolve(req, res, next)));
  };
}

function resolveToken(deps: { sequelize: Sequelize; clock: () => Date; idleMinutes: number; absoluteHours?: number }): RequestHandler {
  return async (req, _res, next) => {
    try {
      const header = req.headers.authorization;
      if (!header) return next();
      const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
      if (!match) {
        req.authError = new ApiError(401, 'INVALID_TOKEN', '登录凭证无效，请重新登录');
        return next();
      }
      const tokenHash = hashToken(match[1]!);
      const [rows] = await deps.sequelize.query(
        `SELECT s.token_hash, s.created_at, s.last_seen_at, s.revoked_at, u.id AS user_id, u.username, u.name, u.role, u.org_name,
                u.province_code, u.city_code, u.status, u.must_change_password
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :tokenHash`,
        { replacements: { tokenHash } },
      );
      const row = (rows as SessionUserRow[])[0];
      const now = deps.clock();
      if (!row || row.revoked_at) {
        req.authError = new ApiError(401, 'INVALID_TOKEN', '登录已失效，请重新登录');
        return next();
      }
      const absoluteHours = deps.absoluteHours ?? 12;
      if (now.getTime() - new Date(row.created_at).getTime() > absoluteHours * 3600_000) {
        req.authError = new ApiError(401, 'SESSION_EXPIRED', `登录已超过${absoluteHours}小时，请重新登录`);
        return next();
      }
      if (now.getTime() - new Date(row.last_seen_at).getTime() > deps.idleMinutes * 60_000) {
        req.authError = new ApiError(401, 'SESSION_EXPIRED', `登录已超时（${deps.idleMinutes}分钟无操作），请重新登录`);
        return next();
      }
      if (row.status !== 'active') {
        req.authError = new ApiError(401, 'ACCOUNT_INACTIVE', '账号不可用，请重新登录');
        return next();
      }
      if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
        await deps.sequelize.query('UPDATE sessions SET last_seen_at = :now WHERE token_hash = :tokenHash', { replacements: { now, tokenHash } });
      }
      req.actor = actorFromRow(row);
      req.sessionTokenHash = tokenHash;
      req.mustChangePassword = row.must_change_password;
      // req.path is relative to where the middleware is mounted (/api): compare the full path.
      if (row.must_change_password && !PASSWORD_CHANGE_ALLOWED.has((req.baseUrl + req.path).replace(/\/+$/, ''))) {
        return next(new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码后再继续操作'));
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

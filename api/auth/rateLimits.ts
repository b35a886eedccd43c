/**
 * Rate limits of the sign-in endpoints (SPEC §8, 等保2.0 三级): per client IP and per account, counted in
 * PostgreSQL so that every API instance shares one counter. A refused request gets SPEC §7's 429 body
 * `{ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } }` and a Retry-After header.
 *
 * The limits sit above what a person needs and far below what a script needs; the per-account password lockout
 * (5 failures → 15 minutes, api/auth/login.ts) and the SMS rules (api/auth/smsLogin.ts) stay the first line.
 *
 * | rule             | per IP            | per account                          |
 * |------------------|-------------------|--------------------------------------|
 * | login            | 50 / 15 min       | 10 / 15 min (user name)              |
 * | captcha          | 60 / 15 min       | —                                    |
 * | register         | 10 / hour         | —                                    |
 * | sms-code         | 20 / hour         | 10 / day (mobile; plus 60 s apart)   |
 * | sms-login        | 30 / 15 min       | 10 / 15 min (mobile)                 |
 * | change-password  | 20 / 15 min       | 10 / 15 min (session)                |
 * | any /api/auth/*  | 300 / 15 min      | —                                    |
 *
 * Every number can be set from the environment: RATE_LIMIT_<RULE>_PER_IP and RATE_LIMIT_<RULE>_PER_ACCOUNT
 * (RULE = LOGIN, CAPTCHA, REGISTER, SMS_CODE, SMS_LOGIN, CHANGE_PASSWORD, AUTH). When NODE_ENV=test the defaults
 * are 100× higher, so that a test suite logging in hundreds of times from 127.0.0.1 is not throttled by accident;
 * a test that wants the 429 sets a low limit explicitly.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import { rateLimit, ipKeyGenerator, type Store, type Options, type ClientRateLimitInfo } from 'express-rate-limit';
import { z } from 'zod';
import { tooManyRequests } from '../errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface RuleDefault {
  /** Path under /api/auth this rule guards; undefined = every auth path. */
  path?: string;
  method?: 'GET' | 'POST';
  windowMs: number;
  perIp: number;
  /** Requests per account and window, keyed by accountKey. */
  perAccount?: number;
  windowMsPerAccount?: number;
  accountKey?: (req: Request) => string | undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : undefined);
const bodyField = (field: string) => (req: Request) => text((req.body as Record<string, unknown> | undefined)?.[field]);
const sessionKey = (req: Request) => {
  const header = req.headers.authorization;
  return header ? crypto.createHash('sha256').update(header).digest('hex') : undefined;
};

export const RATE_LIMIT_RULES = {
  LOGIN: { path: '/login', method: 'POST', windowMs: 15 * MINUTE, perIp: 50, perAccount: 10, accountKey: bodyField('username') },
  CAPTCHA: { path: '/captcha', method: 'GET', windowMs: 15 * MINUTE, perIp: 60 },
  REGISTER: { path: '/register', method: 'POST', windowMs: HOUR, perIp: 10 },
  SMS_CODE: { path: '/sms-code', method: 'POST', windowMs: HOUR, perIp: 20, perAccount: 10, windowMsPerAccount: 24 * HOUR, accountKey: bodyField('mobile') },
  SMS_LOGIN: { path: '/sms-login', method: 'POST', windowMs: 15 * MINUTE, perIp: 30, perAccount: 10, accountKey: bodyField('mobile') },
  CHANGE_PASSWORD: { path: '/change-password', method: 'POST', windowMs: 15 * MINUTE, perIp: 20, perAccount: 10, accountKey: sessionKey },
  AUTH: { windowMs: 15 * MINUTE, perIp: 300 },
} satisfies Record<string, RuleDefault>;

export type RateLimitRuleName = keyof typeof RATE_LIMIT_RULES;
export type RateLimitConfig = Record<RateLimitRuleName, { perIp: number; perAccount?: number }>;

const TEST_FACTOR = 100;
const limitValue = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1');

/** The limits in force: environment values where set, defaults otherwise (100× under NODE_ENV=test). */
export function loadRateLimitConfig(source: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const factor = source.NODE_ENV === 'test' ? TEST_FACTOR : 1;
  const config = {} as RateLimitConfig;
  for (const [name, rule] of Object.entries(RATE_LIMIT_RULES) as [RateLimitRuleName, RuleDefault][]) {
    const read = (suffix: 'PER_IP' | 'PER_ACCOUNT', fallback: number) => {
      const key = `RATE_LIMIT_${name}_${suffix}`;
      const raw = source[key];
      if (raw === undefined || raw === '') return fallback * factor;
      const parsed = limitValue.safeParse(raw);
      if (!parsed.success) throw new Error(`Invalid configuration: ${key} ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    };
    config[name] = { perIp: read('PER_IP', rule.perIp), ...(rule.perAccount ? { perAccount: read('PER_ACCOUNT', rule.perAccount) } : {}) };
  }
  return config;
}

/** express-rate-limit counters in the rate_limits table (fixed windows, one upsert per counted request). */
export class PostgresRateLimitStore implements Store {
  windowMs = MINUTE;
  localKeys = false;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly clock: () => Date,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [rows] = await this.sequelize.query('SELECT hits, reset_at FROM rate_limits WHERE key = :key AND reset_at > :now', {
      replacements: { key: this.prefix + key, now: this.clock() },
    });
    const row = (rows as { hits: number; reset_at: Date }[])[0];
    return row ? { totalHits: row.hits, resetTime: new Date(row.reset_at) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.clock();
    const [rows] = await this.sequelize.query(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES (:key, 1, :resetAt)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= :now THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= :now THEN :resetAt ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      { replacements: { key: this.prefix + key, now, resetAt: new Date(now.getTime() + this.windowMs) } },
    );
    // Expired counters are useless: sweep now and then rather than with a job.
    if (Math.random() < 0.01) {
      await this.sequelize.query('DELETE FROM rate_limits WHERE reset_at < :now', { replacements: { now } });
    }
    const row = (rows as { hits: number; reset_at: Date }[])[0]!;
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.sequelize.query('UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = :key', { replacements: { key: this.prefix + key } });
  }

  async resetKey(key: string): Promise<void> {
    await this.sequelize.query('DELETE FROM rate_limits WHERE key = :key', { replacements: { key: this.prefix + key } });
  }
}

/**
 * One middleware for everything under /api/auth: the catch-all per-IP rule, then the rules of the endpoint
 * called (per IP, then per account). Mount it before the routes (it is called by `authenticate`, which the app
 * mounts on /api ahead of every route).
 */
export function authRateLimits(deps: { sequelize: Sequelize; clock: () => Date }, config: RateLimitConfig = loadRateLimitConfig()): RequestHandler {
  const limiter = (name: string, limit: number, windowMs: number, key: (req: Request) => string | undefined) =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      store: new PostgresRateLimitStore(deps.sequelize, deps.clock, `${name}:`),
      keyGenerator: (req) => key(req) ?? '',
      skip: (req) => key(req) === undefined,
      handler: (_req, _res, next) => next(tooManyRequests()),
      // The IPv6 check is satisfied by ipKeyGenerator below; the rest of the library's checks stay on.
      validate: { keyGeneratorIpFallback: false },
    });
  const byIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

  const chains: { path?: string; method?: string; handlers: RequestHandler[] }[] = [];
  for (const [name, rule] of Object.entries(RATE_LIMIT_RULES) as [RateLimitRuleName, RuleDefault][]) {
    const limits = config[name];
    const handlers = [limiter(`${name}:ip`, limits.perIp, rule.windowMs, byIp)];
    if (rule.accountKey && limits.perAccount) {
      handlers.push(limiter(`${name}:account`, limits.perAccount, rule.windowMsPerAccount ?? rule.windowMs, rule.accountKey));
    }
    chains.push({ path: rule.path, method: rule.method, handlers });
  }
  // The catch-all rule first, then the endpoint's own.
  chains.sort((a, b) => (a.path === undefined ? -1 : b.path === undefined ? 1 : 0));

  return (req, res, next) => {
    const authPath = authSubPath(req);
    if (authPath === undefined) return next();
    const handlers = chains.filter((c) => c.path === undefined || (c.path === authPath && c.method === req.method)).flatMap((c) => c.handlers);
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      Promise.resolve(handler(req, res, step)).catch(next);
    };
    step();
  };
}

/** '/login' for /api/auth/login (wherever the middleware is mounted); undefined outside /api/auth. */
function authSubPath(req: Request): string | undefined {
  const full = (req.baseUrl + req.path).replace(/\/+$/, '');
  const match = /^\/api\/auth(\/.*)$/.exec(full);
  return match ? match[1] : undefined;
}

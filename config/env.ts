/**
 * Configuration comes from the environment only, validated at start so that a missing or wrong value stops the
 * process with a message that says what to set (production: env file next to docker-compose.yml).
 */
import path from 'node:path';
import { z } from 'zod';

const root = path.resolve(__dirname, '..');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string({ error: 'DATABASE_URL is required, e.g. postgres://user:pass@host:5432/factory5g' }).regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
    TEMPORAL_ADDRESS: z.string({ error: 'TEMPORAL_ADDRESS is required, e.g. temporal:7233' }).regex(/^[\w.-]+:\d+$/, 'TEMPORAL_ADDRESS must be host:port'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('submissions'),
    /** Base URL of the Temporal Web UI, for links from the stuck-workflow monitor. */
    TEMPORAL_UI_URL: z.string().url().optional(),
    CAPTCHA: z.enum(['on', 'off']).default('on'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    UPLOAD_DIR: z.string().default(path.join(root, '.data', 'uploads')),
    UI_DIST_DIR: z.string().default(path.join(root, 'admin-ui', 'dist')),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    /** A session ends this many hours after sign-in however active it is (ASVS 5.0 V7: absolute lifetime). */
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    /** How the SMS login code is delivered: `log` writes it to the log (development only). */
    SMS_SENDER: z.enum(['log']).default('log'),
    /** Trust X-Forwarded-For from this many proxies (for rate limits and the audit log behind a load balancer). */
    TRUST_PROXY: z.coerce.number().int().min(0).default(0),
    /** Bearer token for GET /metrics (Prometheus); empty or unset = none (then keep /metrics on the internal network). */
    METRICS_TOKEN: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || v.length >= 16, 'METRICS_TOKEN must be at least 16 characters'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.CAPTCHA === 'off') {
      ctx.addIssue({ code: 'custom', path: ['CAPTCHA'], message: 'CAPTCHA=off is refused when NODE_ENV=production' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

/** Parse the environment; on failure, print every problem and exit (no stack trace, no half-started service). */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

export class ConfigError extends Error {}

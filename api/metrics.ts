/**
 * Prometheus metrics at GET /metrics (issue 8): process metrics, HTTP request duration by route pattern and status,
 * workflow actions by type and outcome with their Update latency (counted from the project action routes, which
 * all go through the `act` Update), projection lag and stuck counts (read at scrape time).
 *
 * Wiring in api/app.ts (two lines): `app.use(metricsMiddleware(deps));` right after the pino-http logger, and
 * `metricsRoute(app, { token: env.METRICS_TOKEN });` before `app.use(router)`. /metrics is outside /api (no sign-in):
 * it is on the internal network only (the compose proxy does not forward it) and, with METRICS_TOKEN, needs that token.
 */
import crypto from 'node:crypto';
import type { Express, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppDeps } from './deps';
import { unauthorized } from './errors';
import { countStuck } from '../ops/stuck';
import { STUCK_KINDS } from '../domain/stuck';
import { opsDeps } from './opsDeps';
import { passwordWork } from '../db/passwords';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  actions: Counter<'action' | 'outcome'>;
  updateDuration: Histogram<'action'>;
}

/** `POST /api/projects/:id/<action>` and `PUT /api/projects/:id/sections/:section` are workflow actions (Updates). */
export function workflowActionOf(method: string, route: string): string | null {
  if (method === 'PUT' && route === '/api/projects/:id/sections/:section') return 'save';
  if (method !== 'POST') return null;
  const m = /^\/api\/projects\/:id\/(.+)$/.exec(route);
  if (!m || m[1] === 'operators') return null;
  return m[1]!;
}

export function outcomeOf(status: number): 'ok' | 'refused' | 'failed' {
  return status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed';
}

/** The registry and its metrics (exported for test/unit/observability.test.ts, which reads the names). */
export function createMetrics(deps: AppDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const actions = new Counter({
    name: 'workflow_actions_total',
    help: 'Workflow actions (act Update) by type and outcome (ok, refused, failed)',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const updateDuration = new Histogram({
    name: 'workflow_update_duration_seconds',
    help: 'Round trip of a workflow action: validator, handler, projection write and the answer',
    labelNames: ['action'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'projection_lag_seconds',
    help: 'Age of the oldest projection row known (by the reconciliation) to lag its workflow; 0 when none',
    registers: [registry],
    async collect() {
      const [rows] = await deps.sequelize.query(
        `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(s.projected_at)), 0) AS lag
           FROM projection_drift d JOIN submissions s ON s.id = d.submission_id
          WHERE d.resolved_at IS NULL AND d.workflow_seq > s.seq`,
      );
      this.set(Number((rows as { lag: string | number }[])[0]?.lag ?? 0));
    },
  });
  new Gauge({
    name: 'projection_drift_open',
    help: 'Submissions whose projection disagrees with the workflow (open rows of projection_drift)',
    registers: [registry],
    async collect() {
      const [rows] = await deps.sequelize.query('SELECT count(*) AS n FROM projection_drift WHERE resolved_at IS NULL');
      this.set(Number((rows as { n: string }[])[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'stuck_items',
    help: 'Stuck items by kind, counted at scrape the way the monitor counts them (visibility counts and indexed projection counts)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await countStuck(opsDeps(deps));
        for (const kind of STUCK_KINDS) this.set({ kind }, counts[kind]);
      } catch (err) {
        // Temporal or PostgreSQL unreachable: keep the last values (their own alerts fire), still answer /metrics.
        deps.logger.warn({ err }, 'stuck counts for /metrics failed');
      }
    },
  });
  registry.registerMetric(passwordWork);
  return { registry, httpDuration, actions, updateDuration };
}

/** Times every request; the route label is the matched pattern (never the raw URL, to keep cardinality bounded). */
export function metricsMiddleware(deps: AppDeps): RequestHandler {
  const metrics = createMetrics(deps);
  return (req: Request, res: Response, next) => {
    res.locals.metrics = metrics;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : req.path === '/metrics' ? '/metrics' : '(unmatched)';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const action = workflowActionOf(req.method, route);
      if (action) {
        metrics.actions.inc({ action, outcome: outcomeOf(res.statusCode) });
        if (res.statusCode < 400) metrics.updateDuration.observe({ action }, seconds);
      }
    });
    next();
  };
}

/** GET /metrics in the Prometheus text format. */
/**
 * GET /metrics. With `token` (METRICS_TOKEN), only a scraper sending `Authorization: Bearer <token>` is answered
 * (401 otherwise); either way the compose proxy never forwards /metrics (deploy/proxy/Caddyfile).
 */
export function metricsRoute(app: Express, options: { token?: string | undefined } = {}): void {
  const expected = options.token ? crypto.createHash('sha256').update(options.token).digest() : null;
  app.get('/metrics', async (req, res, next) => {
    try {
      if (expected) {
        const sent = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
        // Compared as hashes: constant time, whatever the length sent.
        if (!crypto.timingSafeEqual(crypto.createHash('sha256').update(sent).digest(), expected)) throw unauthorized('需要监控令牌（METRICS_TOKEN）', 'METRICS_TOKEN_REQUIRED');
      }
      const metrics = res.locals.metrics as Metrics | undefined;
      if (!metrics) throw new Error('metricsMiddleware is not installed before metricsRoute');
      res.set('Content-Type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    } catch (err) {
      next(err);
    }
  });
}

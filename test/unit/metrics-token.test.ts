/**
 * GET /metrics behind METRICS_TOKEN (issue 14.8): without the token, or with a wrong one, a scraper gets 401 and no
 * metric; with it, the metrics. (The compose proxy never forwards /metrics: test/unit/compose.test.ts.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { metricsRoute } from '../../api/metrics';
import { errorHandler } from '../../api/errors';
import { loadEnv } from '../../config/env';

const TOKEN = 'metrics-token-for-the-test';
let server: http.Server;
let base: string;

beforeAll(async () => {
  const registry = new Registry();
  const app = express();
  app.use((_req, res, next) => {
    res.locals.metrics = { registry };
    next();
  });
  metricsRoute(app, { token: TOKEN });
  app.use(errorHandler(pino({ level: 'silent' })));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('no token, a wrong token or a token of another length: 401 and no metrics', async () => {
  for (const authorization of [undefined, `Bearer ${TOKEN}x`, 'Bearer x', `Basic ${TOKEN}`, TOKEN]) {
    const res = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
    expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
    expect(((await res.json()) as { error: unknown }).error).toEqual({ code: 'METRICS_TOKEN_REQUIRED', message: '需要监控令牌（METRICS_TOKEN）' });
  }
});

test('the right token: the metrics', async () => {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
});

test('METRICS_TOKEN: empty means none, a short one is refused at start', () => {
  const base = { DATABASE_URL: 'postgres://u:p@h:5432/d', TEMPORAL_ADDRESS: 'h:7233' };
  expect(loadEnv({ ...base, METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  expect(loadEnv({ ...base, METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
  expect(() => loadEnv({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
});

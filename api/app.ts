/**
 * The Express application: security headers, request ids and logs, JSON parsing with Chinese errors, the
 * authentication middleware, every route module, the OpenAPI document, the built UI, one error handler.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import expressStaticGzip from 'express-static-gzip';
import pinoHttp from 'pino-http';
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import type { AppDeps } from './deps';
import { Routes } from './http';
import { ApiError, errorHandler, notFoundRoute } from './errors';
import { authenticate } from './auth/sessions';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { registerFeatureRoutes } from './routes';
import { metricsMiddleware, metricsRoute } from './metrics';
import { audit } from './audit';

export interface BuiltApp {
  app: Express;
  routes: Routes;
  openapi: () => ReturnType<OpenApiGeneratorV3['generateDocument']>;
}

const JSON_LIMIT = '1mb';

/** A body must be JSON, except on the upload routes (multipart). */
const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json') && !req.is('multipart/form-data')) {
    return next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体须为 JSON（Content-Type: application/json）'));
  }
  next();
};

export function buildApp(deps: AppDeps): BuiltApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.env.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // react-admin (MUI/emotion) injects style tags; captcha SVGs are inlined as data: images.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      // The server names every request itself: a client's X-Request-Id is logged beside it (customProps), never
      // trusted as the id that the audit log and error answers carry.
      genReqId: (_req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => {
        const incoming = req.headers['x-request-id'];
        return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? { clientRequestId: incoming } : {};
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&](token|password|captcha|code)=)[^&]*/gi, '$1[redacted]') }),
      },
    }),
  );
  app.use(metricsMiddleware(deps));
  // Answers of the API carry personal data (accounts, declarations, the audit log): no cache may keep them.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', requireJson, express.json({ limit: JSON_LIMIT, strict: true }));
  app.use('/api', authenticate({ sequelize: deps.sequelize, clock: deps.clock, idleMinutes: deps.env.SESSION_IDLE_MINUTES, absoluteHours: deps.env.SESSION_ABSOLUTE_HOURS }));

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  const router = express.Router();
  const routes = new Routes(router, registry);
  healthRoutes(routes, deps);
  authRoutes(routes, deps);
  registerFeatureRoutes(routes, deps);

  const openapi = () =>
    new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: '5G工厂名录申报平台 API', version: '1.0.0', description: 'SPEC §7 HTTP API. 错误格式：{ error: { code, message, details? } }' },
      servers: [{ url: '/' }],
    });
  let cachedDocument: ReturnType<typeof openapi> | null = null;
  routes.add(
    { method: 'get', path: '/api/openapi.json', summary: 'OpenAPI 3 文档', tags: ['运维'], auth: 'public' },
    () => (cachedDocument ??= openapi()),
  );
  // Prometheus metrics, outside /api: internal network only (the proxy does not forward it), METRICS_TOKEN if set.
  metricsRoute(app, { token: deps.env.METRICS_TOKEN });
  app.use(router);
  app.use('/api', notFoundRoute);

  serveUi(app, deps.env.UI_DIST_DIR);
  app.use(notFoundRoute);
  app.use(
    errorHandler(deps.logger, (req, error) =>
      audit(
        deps.sequelize,
        {
          action: 'http.refused',
          outcome: 'refused',
          actor: req.actor ?? null,
          targetType: 'route',
          targetId: `${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 300)}`,
          details: { status: error.status, code: error.code },
        },
        req,
      ),
    ),
  );
  return { app, routes, openapi };
}

/** A year: hashed file names change with their content, so a cached copy never goes stale. */
const HASHED_ASSET_MAX_AGE = 'public, max-age=31536000, immutable';

/**
 * The built react-admin UI. Vite writes brotli and gzip copies next to each file (admin-ui/vite.config.ts), served
 * to browsers that accept them; files under /assets/ carry a content hash in their name and are cached for a year,
 * index.html is revalidated on every load (it names the current hashes), and client-side routes fall back to it.
 * express-static-gzip lists the compressed copies when it is made, so it is made again when index.html changes
 * (a UI built while the server runs, as the bench does, is served compressed too).
 */
function serveUi(app: Express, dist: string): void {
  const index = path.join(dist, 'index.html');
  let builtAt: number | undefined;
  let serveBuild: RequestHandler = (_req, _res, next) => next();
  const current = (): RequestHandler => {
    const mtime = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtime !== builtAt) {
      builtAt = mtime;
      serveBuild = expressStaticGzip(dist, {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: {
          index: false,
          maxAge: '1h',
          setHeaders: (res, file) => {
            const relative = path.relative(dist, file);
            if (relative.startsWith(`assets${path.sep}`)) res.setHeader('Cache-Control', HASHED_ASSET_MAX_AGE);
            else if (relative.startsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
          },
        },
      });
    }
    return serveBuild;
  };
  app.use((req, res, next) => current()(req, res, next));
  app.get(/^\/(?!api\/).*/, (req, res, next) => {
    if (!fs.existsSync(index)) return next();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

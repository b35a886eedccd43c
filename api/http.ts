/**
 * One way to declare a route: the Express handler and its OpenAPI description come from the same zod schemas, so
 * the document at /api/openapi.json cannot drift from what the server accepts. Bodies, queries and params are
 * parsed at the edge; a failure is a 422 with field problems before the handler runs.
 */
import type { Request, Response, Router, NextFunction } from 'express';
import { z, type ZodType } from 'zod';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { unprocessable, zodProblems, unauthorized, type FieldProblem } from './errors';
import type { Actor } from '../domain/roles';
import { normaliseText, storableTextProblems, textPath } from '../domain/text';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route, checked right after sign-in and the path's ids, BEFORE the query and the body are parsed:
 * a caller without the right gets 403/404 and never learns the route's fields (issue 14.3). A guard throws
 * forbidden()/notFound(); it may load the object named by the path (a project's jurisdiction).
 * `'signed-in'`: any signed-in user — the handler scopes what it answers to the caller (own messages, own profile).
 */
export type Guard<P> = ((actor: Actor, params: P) => void | Promise<void>) | 'signed-in';

/** `public`: no token needed; `user`: signed in, and `access` says who else — required, so it cannot be forgotten. */
export type RouteAuth<P> = { auth: 'public'; access?: never } | { auth: 'user'; access: Guard<P> };

export type RouteSpec<B extends ZodType | undefined, Q extends ZodType | undefined, P extends ZodType | undefined> = RouteAuth<Infer<P>> & RouteFields<B, Q, P>;

interface RouteFields<B extends ZodType | undefined, Q extends ZodType | undefined, P extends ZodType | undefined> {
  method: Method;
  /** Express path, e.g. /api/projects/:id */
  path: string;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** zod schema of the 200 JSON response, or a description of a non-JSON response. */
  response?: ZodType | { contentType: string; description: string };
  /** Status of a successful response (201 for creations). */
  status?: number;
  /** Extra error statuses worth documenting beyond the common ones. */
  errors?: number[];
  /** Handle the raw request (multipart uploads): the body schema is documented but not parsed. */
  rawBody?: boolean;
}

type Infer<T> = T extends ZodType ? z.output<T> : undefined;

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  /** The signed-in user; throws 401 on public routes without one. */
  actor: Actor;
  actorOrNull: Actor | null;
}

export type Handler<B, Q, P> = (ctx: RouteContext<B, Q, P>) => Promise<unknown> | unknown;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求格式错误',
  401: '未登录或登录已失效',
  403: '无权限',
  404: '不存在',
  409: '状态冲突',
  413: '请求体过大',
  415: '请求类型错误',
  422: '字段校验失败',
  429: '请求过于频繁',
  503: '服务不可用',
};

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export class Routes {
  readonly documented: { method: Method; path: string }[] = [];

  constructor(
    readonly router: Router,
    readonly registry: OpenAPIRegistry,
  ) {}

  add<B extends ZodType | undefined = undefined, Q extends ZodType | undefined = undefined, P extends ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q, P>,
    handler: Handler<Infer<B>, Infer<Q>, Infer<P>>,
  ): void {
    this.document(spec);
    this.router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        // Sign-in first: an anonymous caller learns nothing about a route's fields.
        const actorOrNull = req.actor ?? null;
        if (spec.auth === 'user' && !actorOrNull) throw req.authError ?? unauthorized();
        // Then the path's ids (a malformed id says nothing about the route), then the right to call it, and only
        // then the query and the body: an unauthorised caller gets 403/404 without field details.
        const params = spec.params ? parseOr422(spec.params, storableInput(req.params)) : undefined;
        if (spec.auth === 'user' && typeof spec.access === 'function') await spec.access(actorOrNull!, params as Infer<P>);
        const query = spec.query ? parseOr422(spec.query, storableInput(req.query)) : undefined;
        const body = spec.body && !spec.rawBody ? parseOr422(spec.body, storableInput(req.body ?? {})) : undefined;
        const ctx = {
          req,
          res,
          body,
          query,
          params,
          actorOrNull,
          get actor(): Actor {
            if (!actorOrNull) throw req.authError ?? unauthorized();
            return actorOrNull;
          },
        } as RouteContext<Infer<B>, Infer<Q>, Infer<P>>;
        const result = await handler(ctx);
        if (!res.headersSent) {
          if (result === undefined) res.status(spec.status ?? 204).end();
          else res.status(spec.status ?? 200).json(result);
        }
      } catch (err) {
        // A refused upload: read and drop the body so the client gets the answer instead of a reset connection.
        if (spec.rawBody && !req.readableEnded) req.resume();
        next(err);
      }
    });
  }

  private document(spec: RouteFields<ZodType | undefined, ZodType | undefined, ZodType | undefined> & { auth: 'public' | 'user' }): void {
    const openapiPath = spec.path.replace(/:(\w+)/g, '{$1}');
    this.documented.push({ method: spec.method, path: openapiPath });
    const responses: RouteConfig['responses'] = {};
    const ok = spec.status ?? 200;
    if (spec.response && 'contentType' in spec.response) {
      responses[ok] = { description: spec.response.description, content: { [spec.response.contentType]: { schema: { type: 'string', format: 'binary' } } } };
    } else if (spec.response) {
      responses[ok] = { description: '成功', content: { 'application/json': { schema: spec.response } } };
    } else {
      responses[ok] = { description: '成功' };
    }
    const errorStatuses = new Set<number>([
      ...(spec.auth === 'user' ? [401, 403] : []),
      ...(spec.body || spec.query || spec.params ? [422] : []),
      // A JSON body that does not parse (400), is too large (413) or in an unknown encoding (415): express.json
      // reads the body of every request but a GET, whether the route takes one or not.
      ...(spec.method !== 'get' && !spec.rawBody ? [400, 413, 415] : []),
      // An upload (multipart, read by the route) that cannot be read (400) or is too large (413).
      ...(spec.rawBody ? [400, 413] : []),
      // An id in the path names something: it may not exist (or not be visible to the caller).
      ...(spec.params ? [404] : []),
      ...(spec.errors ?? []),
    ]);
    for (const status of errorStatuses) {
      responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? '错误', content: { 'application/json': { schema: ErrorBody } } };
    }
    const request: RouteConfig['request'] = {};
    if (spec.params) request.params = spec.params as RouteConfig['request'] extends infer R ? R extends { params?: infer P } ? P : never : never;
    if (spec.query) request.query = spec.query as never;
    if (spec.body) {
      request.body = spec.rawBody
        ? { content: { 'multipart/form-data': { schema: spec.body } } }
        : { content: { 'application/json': { schema: spec.body } } };
    }
    this.registry.registerPath({
      method: spec.method,
      path: openapiPath,
      summary: spec.summary,
      tags: spec.tags,
      security: spec.auth === 'user' ? [{ bearerAuth: [] }] : [],
      request,
      responses,
    });
  }
}

/**
 * The text rule of domain/text.ts at the door, before any schema sees the input: a string PostgreSQL, a browser or
 * a spreadsheet cannot hold is a 422 naming the field; everything else continues in NFC.
 */
export function storableInput(value: unknown): unknown {
  const problems = storableTextProblems(value);
  if (problems.length) {
    const details: FieldProblem[] = problems.map((p) => ({ path: textPath(p.path), message: p.message }));
    throw unprocessable('提交的内容包含无法保存的字符，请检查标注的字段', details);
  }
  return normaliseText(value);
}

function parseOr422<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw unprocessable('提交的数据有误，请检查标注的字段', zodProblems(parsed.error));
  return parsed.data;
}

/**
 * The one error shape of SPEC §7: { error: { code, message (Chinese), details? } }. Every route throws ApiError
 * (or lets a ZodError / body-parser error escape) and the single handler at the end of the app maps it.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/errors';

export interface FieldProblem {
  section?: string;
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST', details?: unknown) => new ApiError(400, code, message, details);
export const unauthorized = (message = '请先登录', code = 'UNAUTHENTICATED') => new ApiError(401, code, message);
export const forbidden = (message = '没有权限执行此操作', code = 'FORBIDDEN', details?: unknown) => new ApiError(403, code, message, details);
export const notFound = (message = '资源不存在', code = 'NOT_FOUND') => new ApiError(404, code, message);
export const conflict = (message: string, code = 'CONFLICT', details?: unknown) => new ApiError(409, code, message, details);
export const unprocessable = (message: string, details: FieldProblem[], code = 'VALIDATION_FAILED') => new ApiError(422, code, message, details);
export const tooManyRequests = (message = '请求过于频繁，请稍后再试') => new ApiError(429, 'RATE_LIMITED', message);
export const unavailable = (message = '服务暂不可用，请稍后再试', code = 'UNAVAILABLE') => new ApiError(503, code, message);

/** zod issues → field problems; `section` is set when the caller validated one form section. */
export function zodProblems(error: ZodError, section?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    ...(section ? { section } : {}),
    path: formatPath(issue.path),
    message: issue.message,
  }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'ROUTE_NOT_FOUND', `接口不存在：${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Called for every refusal (403, 404) the API answers: the audit log records them (issue 14.5). */
export type RefusalListener = (req: Parameters<ErrorRequestHandler>[1], error: ApiError) => Promise<void>;

export function errorHandler(logger: Logger, onRefusal?: RefusalListener): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const mapped = mapError(err);
    if (mapped.status >= 500) {
      (req.log ?? logger).error({ err, requestId: req.id }, 'unexpected error');
    }
    if (onRefusal && (mapped.status === 403 || mapped.status === 404) && !res.headersSent) {
      // Recorded before the answer goes out, so whoever reads the log after the answer finds the row.
      onRefusal(req, mapped)
        .catch((auditErr: unknown) => (req.log ?? logger).error({ err: auditErr, requestId: req.id }, 'refusal not audited'))
        .finally(() => send(res, mapped, req));
      return;
    }
    send(res, mapped, req);
  };
}

function send(res: Parameters<ErrorRequestHandler>[2], mapped: ApiError, req: Parameters<ErrorRequestHandler>[1]): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body: { error: { code: string; message: string; details?: unknown; requestId?: string } } = {
    error: { code: mapped.code, message: mapped.message },
  };
  if (mapped.details !== undefined) body.error.details = mapped.details;
  if (mapped.status >= 500) body.error.requestId = String(req.id);
  res.status(mapped.status).json(body);
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

export function mapError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return unprocessable('提交的数据有误，请检查标注的字段', zodProblems(err));
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return badRequest('请求体不是有效的 JSON', 'MALFORMED_JSON');
    case 'entity.too.large':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'UNSUPPORTED_ENCODING', '不支持的请求编码');
    case 'request.aborted':
      return badRequest('请求已中断', 'REQUEST_ABORTED');
  }
  if (isDatabaseUnavailable(err)) return unavailable('数据库暂不可用，请稍后重试', 'DATABASE_UNAVAILABLE');
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError(status, 'BAD_REQUEST', '请求无效');
  return new ApiError(500, 'INTERNAL', '服务器内部错误，请稍后再试');
}

/** PostgreSQL down, restarting or out of connections: the client should retry, so 503 rather than 500 (db/errors.ts). */
export { isDatabaseUnavailable };

/**
 * One place that speaks HTTP to the API (SPEC §7): JSON under /api, bearer token, and the error shape
 * `{ error: { code, message, details } }` turned into react-admin's HttpError so forms show the server's
 * field messages next to the fields.
 */
import { HttpError } from 'ra-core';
import { session } from './session';

export const API_ROOT = '/api';

/** One item of a 422's details: which tab (section) and field, and the Chinese message naming it. */
export interface FieldProblem {
  section?: string;
  path: string | ReadonlyArray<string | number>;
  message: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** What HttpError.body carries: react-admin reads `errors`; the rest is for screens that need more (tabs, codes). */
export interface ApiErrorDetails {
  code: string;
  /** Field path (dots, array indexes as numbers) → message, plus root.serverError for the form notification. */
  errors?: Record<string, unknown>;
  /** The server's items as sent, e.g. to mark which tab of the declaration form has errors. */
  details?: unknown;
}

const UNREACHABLE = '无法连接服务器，请稍后再试';

/** The API writes paths as `edge[0].location` (api/errors.ts formatPath); react-hook-form as `edge.0.location`. */
export function fieldPath(path: FieldProblem['path']): string {
  const text = typeof path === 'string' ? path : path.join('.');
  return text.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

function isFieldProblems(details: unknown): details is FieldProblem[] {
  return (
    Array.isArray(details) &&
    details.every((d) => d && typeof d === 'object' && 'path' in d && typeof (d as FieldProblem).message === 'string')
  );
}

/** Build the HttpError react-admin expects from a status and the API's error body (or whatever came back). */
export function toHttpError(status: number, body: unknown): HttpError {
  const error = (body as Partial<ApiErrorBody> | null)?.error;
  if (!error || typeof error.message !== 'string') {
    const message = status >= 502 && status <= 504 ? UNREACHABLE : `请求失败（HTTP ${status}）`;
    return new HttpError(message, status, { code: `HTTP_${status}` } satisfies ApiErrorDetails);
  }
  const details: ApiErrorDetails = { code: error.code, details: error.details };
  if (isFieldProblems(error.details) && error.details.length > 0) {
    const errors: Record<string, unknown> = {};
    for (const problem of error.details) {
      const key = fieldPath(problem.path);
      if (key && !(key in errors)) errors[key] = problem.message;
    }
    errors.root = { serverError: error.message };
    details.errors = errors;
  }
  return new HttpError(error.message, status, details);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: URLSearchParams;
  /** Send without the bearer token (login, captcha, registration). */
  anonymous?: boolean;
  /** More headers, e.g. Idempotency-Key for a bulk action. */
  headers?: Record<string, string>;
}

function buildUrl(path: string, query?: URLSearchParams): string {
  const qs = query?.toString();
  return `${API_ROOT}${path}${qs ? (path.includes('?') ? '&' : '?') + qs : ''}`;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers = new Headers({ ...options.headers, Accept: accept });
  const multipart = options.body instanceof FormData;
  // A FormData body sets its own multipart boundary.
  if (options.body !== undefined && !multipart) headers.set('Content-Type', 'application/json');
  const token = session.getToken();
  if (token && !options.anonymous) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
    });
  } catch {
    throw new HttpError(UNREACHABLE, 503, { code: 'NETWORK_ERROR' } satisfies ApiErrorDetails);
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null; // not JSON (a proxy's error page): toHttpError words it from the status
    }
    throw toHttpError(response.status, body);
  }
  return response;
}

/** JSON request; resolves with the parsed body (undefined for 204). */
export async function apiRequest<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Binary request (the .xlsx export): the body and the file name the server proposes. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<{ blob: Blob; filename?: string }> {
  const response = await send(path, options, '*/*');
  return { blob: await response.blob(), filename: filenameFrom(response.headers.get('Content-Disposition')) };
}

export function filenameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1];
}

/** An uploaded file as the API describes it (POST /api/files). */
export interface UploadedFile {
  id: string;
  url?: string;
}

/** POST /api/files (multipart, field `file`): the server checks the content is PNG/JPEG and at most 5 MB. */
export async function uploadFile(file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file);
  return apiRequest<UploadedFile>('/files', { method: 'POST', body: form });
}

/**
 * react-admin dataProvider for the API of SPEC §7.
 *
 * Lists:   GET  /api/<resource>?page=&perPage=&sort=&order=&<filters>  → { data, total }
 * One:     GET  /api/<resource>/:id                                   → the record
 * Create:  POST /api/<resource>                                       → the created record
 * Update:  per resource (see UPDATES): PUT for whole documents, PATCH for partial changes,
 *          PUT /api/projects/:id/sections/:section for one tab of the declaration form.
 * Workflow actions are not updates: `action(resource, id, name, body)` → POST /api/<resource>/:id/<name>,
 * used with pessimistic mutations so the screen shows what the workflow accepted or refused.
 */
import type {
  DataProvider,
  GetListParams,
  Identifier,
  RaRecord,
  UpdateParams,
} from 'ra-core';
import { apiBlob, apiRequest } from './http';

export interface AppDataProvider extends DataProvider {
  /**
   * POST /api/<resource>/:id/<name> — a workflow or admin action (推荐, 撤回, approve, reset-password…). With an
   * `idempotencyKey`, sending the same action again (after a 503) gets its outcome instead of applying it twice.
   */
  action<T = unknown>(resource: string, id: Identifier, name: string, body?: unknown, idempotencyKey?: string): Promise<{ data: T }>;
  /** PUT /api/projects/:id/sections/:section (暂存 / 下一页): resolves with the project as the server now has it. */
  saveSection<T = RaRecord>(id: Identifier, section: string, values: unknown): Promise<{ data: T }>;
  /** GET /api/<path> as a file and hand it to the browser (e.g. 'projects/export?…' → .xlsx). */
  download(path: string, fallbackFilename?: string): Promise<void>;
}

/**
 * 待我处理 lists GET /api/queue, but its records are projects: opening one (/queue/:id/show) reads and acts on
 * /api/projects/:id, so 查看 keeps the queue as the list it came from (返回, 上一个/下一个).
 */
const RECORDS_OF: Record<string, string> = { queue: 'projects' };
const recordsOf = (resource: string) => RECORDS_OF[resource] ?? resource;

/** Resources whose records are keyed by year rather than by an id (企业信息 per year, 年度批次). */
const KEYED_BY_YEAR = new Set(['enterprise-profiles', 'campaigns']);

type UpdateRoute = (id: Identifier, params: UpdateParams) => { method: 'PUT' | 'PATCH'; path: string; body: unknown };

/** Changed fields only, for PATCH. */
function diff(data: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!previous) return data;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (JSON.stringify(value) !== JSON.stringify(previous[key])) changed[key] = value;
  }
  return changed;
}

const patch: (resource: string) => UpdateRoute = (resource) => (id, params) => ({
  method: 'PATCH',
  path: `/${resource}/${encodeURIComponent(String(id))}`,
  body: diff(params.data, params.previousData),
});

const UPDATES: Record<string, UpdateRoute> = {
  // A project is saved one tab at a time (暂存 / 下一页): meta.section names the tab.
  projects: (id, params) => {
    const section = params.meta?.section;
    if (!section) throw new Error('projects: update needs meta.section (the form tab to save)');
    return { method: 'PUT', path: `/projects/${encodeURIComponent(String(id))}/sections/${section}`, body: params.data };
  },
  // The year's 企业信息 is one document, replaced whole.
  'enterprise-profiles': (id, params) => ({
    method: 'PUT',
    path: `/enterprise-profiles/${encodeURIComponent(String(id))}`,
    body: params.data,
  }),
  campaigns: patch('campaigns'),
};

function withId(resource: string, record: Record<string, unknown>): RaRecord {
  if (record.id === undefined && KEYED_BY_YEAR.has(resource) && record.year !== undefined) {
    return { ...record, id: record.year as Identifier };
  }
  return record as RaRecord;
}

/** Single-record endpoints return the record; accept `{ data: record }` too. */
function unwrap(body: unknown): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const object = body as Record<string, unknown>;
  if (!('id' in object) && object.data && typeof object.data === 'object' && !Array.isArray(object.data)) {
    return object.data as Record<string, unknown>;
  }
  return object;
}

/** POST /api/users answers { user, temporaryPassword }: the record is the account, with its one-time password. */
function createdRecord(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!body || 'id' in body || !body.user || typeof body.user !== 'object') return body;
  const { user, ...rest } = body;
  return { ...(user as Record<string, unknown>), ...rest };
}

/** page, perPage, sort, order, then every filter with a value (arrays repeat the key). */
export function listQuery(params: Partial<Pick<GetListParams, 'pagination' | 'sort' | 'filter'>>): URLSearchParams {
  const query = new URLSearchParams();
  if (params.pagination) {
    query.set('page', String(params.pagination.page));
    query.set('perPage', String(params.pagination.perPage));
  }
  if (params.sort?.field) {
    query.set('sort', params.sort.field);
    query.set('order', params.sort.order);
  }
  for (const [key, value] of Object.entries(params.filter ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) query.append(key, String(item));
    else if (typeof value === 'object') query.set(key, JSON.stringify(value));
    else query.set(key, String(value));
  }
  return query;
}

interface ListBody {
  data: Record<string, unknown>[];
  total: number;
}

const path = (resource: string, id?: Identifier) =>
  id === undefined ? `/${resource}` : `/${resource}/${encodeURIComponent(String(id))}`;

export function triggerDownload(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// react-admin's DataProvider methods are generic in the record type; the API's records are cast at this one boundary.
/* eslint-disable @typescript-eslint/no-explicit-any */
export const dataProvider: AppDataProvider = {
  async getList(resource, params) {
    const body = await apiRequest<ListBody>(path(resource), { query: listQuery(params) });
    return { data: body.data.map((r) => withId(resource, r)) as any[], total: body.total };
  },

  async getOne(resource, params) {
    const body = await apiRequest(path(recordsOf(resource), params.id), {});
    return { data: withId(resource, unwrap(body) ?? {}) as any };
  },

  // No batch endpoint in the contract: fetch each (reference fields show a handful at most).
  async getMany(resource, params) {
    const records = await Promise.all(params.ids.map((id) => apiRequest(path(recordsOf(resource), id), {})));
    return { data: records.map((r) => withId(resource, unwrap(r) ?? {})) as any };
  },

  async getManyReference(resource, params) {
    const query = listQuery({ ...params, filter: { ...params.filter, [params.target]: params.id } });
    const body = await apiRequest<ListBody>(path(resource), { query });
    return { data: body.data.map((r) => withId(resource, r)) as any, total: body.total };
  },

  async create(resource, params) {
    const body = await apiRequest(path(resource), { method: 'POST', body: params.data });
    return { data: withId(resource, { ...params.data, ...createdRecord(unwrap(body)) }) as any };
  },

  async update(resource, params) {
    const route = (UPDATES[resource] ?? patch(resource))(params.id, params);
    const body = await apiRequest(route.path, { method: route.method, body: route.body });
    const record = { ...params.previousData, ...params.data, ...unwrap(body), id: params.id };
    return { data: withId(resource, record) as any };
  },

  async updateMany(resource, params) {
    for (const id of params.ids) {
      await apiRequest(path(resource, id), { method: 'PATCH', body: params.data });
    }
    return { data: params.ids };
  },

  async delete(resource, params) {
    await apiRequest(path(resource, params.id), { method: 'DELETE' });
    return { data: (params.previousData ?? { id: params.id }) as any };
  },

  async deleteMany(resource, params) {
    for (const id of params.ids) await apiRequest(path(resource, id), { method: 'DELETE' });
    return { data: params.ids };
  },

  async action(resource, id, name, body, idempotencyKey) {
    const result = await apiRequest(`${path(recordsOf(resource), id)}/${name}`, {
      method: 'POST',
      body: body ?? {},
      ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
    });
    return { data: result as any };
  },

  async saveSection(id, section, values) {
    const body = await apiRequest(`${path('projects', id)}/sections/${encodeURIComponent(section)}`, {
      method: 'PUT',
      body: values,
    });
    return { data: unwrap(body) as any };
  },

  async download(downloadPath, fallbackFilename = 'export.xlsx') {
    const { blob, filename } = await apiBlob(downloadPath.startsWith('/') ? downloadPath : `/${downloadPath}`);
    triggerDownload(blob, filename ?? fallbackFilename);
  },
};

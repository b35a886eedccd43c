/**
 * Reads of the submission projection (never Temporal visibility). Lists filter by jurisdiction in SQL, so a
 * regulator's page and count never include rows it may not see.
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../domain/roles';
import type { SubmissionState } from '../../domain/lifecycle/state';
import type { Phase } from '../../domain/phases';
import type { ListStatus } from '../../domain/listStatus';
import { visibleSubmissionsClause } from '../../db/visibility';
import { listStatusClause } from '../../db/listStatus';

export interface SubmissionRow {
  id: string;
  project_id: string;
  year: number;
  enterprise_id: string;
  enterprise_name: string;
  workflow_id: string;
  sections: Record<string, unknown>;
  form_version: number;
  enterprise_snapshot: Record<string, unknown> | null;
  seq: number;
  phase: Phase;
  name: string;
  project_type: string | null;
  level: string | null;
  stage: string | null;
  industry: string | null;
  national_economy_code: string | null;
  province_code: string | null;
  city_code: string | null;
  district_code: string | null;
  address_text: string | null;
  status_text: string;
  city_review: string | null;
  recommendations: Record<string, unknown>;
  withdrawal: Record<string, unknown> | null;
  experts: string[];
  invited_operators: string[];
  is_case: boolean;
  state: SubmissionState | null;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** The 待办 step (domain/queue.ts) and its instants, for 截止时间 / 剩余工作日 / 已超期. */
  step: import('../../domain/queue').QueueStep | null;
  step_since: Date | null;
  step_due: Date | null;
  step_overdue_at: Date | null;
}

export interface ListFilters {
  enterpriseName?: string | undefined;
  name?: string | undefined;
  projectType?: string | undefined;
  /** 项目状态: phases, and 待初审 (submitted, awaiting the city) apart from 待推荐 (submitted, past 初审 or without it). */
  phase?: ListStatus[] | undefined;
  stage?: string | undefined;
  industry?: string | undefined;
  level?: string | undefined;
  /** 地区: a province, city or district code. */
  region?: string | undefined;
  year?: number | undefined;
  isCase?: boolean | undefined;
}

export const SORTABLE = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  enterpriseName: 'enterprise_name',
  phase: 'phase',
  year: 'year',
  /** 截止时间 of the step the project waits at (domain/queue.ts); projects waiting for no one sort last. */
  dueAt: 'step_due',
} as const;
export type SortField = keyof typeof SORTABLE;

/** ORDER BY for a whitelisted sort: stable by id; projects without a deadline last whichever way 截止时间 sorts. */
export function orderByClause(sort: SortField, order: 'ASC' | 'DESC'): string {
  return `${SORTABLE[sort]} ${order}${sort === 'dueAt' ? ' NULLS LAST' : ''}, id ${order}`;
}

export function filterClauses(filters: ListFilters, params: Record<string, unknown>): string[] {
  const where: string[] = [];
  const like = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (filters.enterpriseName) {
    params.enterpriseName = like(filters.enterpriseName);
    where.push('enterprise_name ILIKE :enterpriseName');
  }
  if (filters.name) {
    params.name = like(filters.name);
    where.push('name ILIKE :name');
  }
  for (const [key, column] of [
    ['projectType', 'project_type'],
    ['stage', 'stage'],
    ['industry', 'industry'],
    ['level', 'level'],
  ] as const) {
    if (filters[key]) {
      params[key] = filters[key];
      where.push(`${column} = :${key}`);
    }
  }
  if (filters.phase?.length) where.push(listStatusClause(filters.phase, params));
  if (filters.region) {
    params.region = filters.region;
    where.push(filters.region.endsWith('0000') ? 'province_code = :region' : filters.region.endsWith('00') ? 'city_code = :region' : 'district_code = :region');
  }
  if (filters.year) {
    params.year = filters.year;
    where.push('year = :year');
  }
  if (filters.isCase !== undefined) {
    params.isCase = filters.isCase;
    where.push('is_case = :isCase');
  }
  return where;
}

export const LIST_COLUMNS = `id, project_id, year, enterprise_id, enterprise_name, name, project_type, level, phase, status_text, stage, industry,
  province_code, city_code, district_code, address_text, form_version, is_case, state, created_at, updated_at, submitted_at,
  step, step_since, step_due, step_overdue_at`;

export async function listSubmissions(
  sequelize: Sequelize,
  actor: Actor,
  filters: ListFilters,
  page: { offset: number; limit: number; sort: SortField; order: 'ASC' | 'DESC' },
): Promise<{ rows: SubmissionRow[]; total: number }> {
  const params: Record<string, unknown> = { limit: page.limit, offset: page.offset };
  const where = [visibleSubmissionsClause(actor, params), ...filterClauses(filters, params)].join(' AND ');
  // The sort column comes from a whitelist, never from the request text.
  const orderBy = orderByClause(page.sort, page.order);
  // Page and count as two indexed queries in parallel: a window count would touch every matching row's jsonb first.
  const [[rows], [counted]] = await Promise.all([
    sequelize.query(`SELECT ${LIST_COLUMNS} FROM submissions WHERE ${where} ORDER BY ${orderBy} LIMIT :limit OFFSET :offset`, { replacements: params }),
    sequelize.query(`SELECT count(*) AS total FROM submissions WHERE ${where}`, { replacements: params }),
  ]);
  return { rows: rows as SubmissionRow[], total: Number((counted as { total: string }[])[0]?.total ?? 0) };
}

export async function getSubmission(sequelize: Sequelize, id: string): Promise<SubmissionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [rows] = await sequelize.query('SELECT * FROM submissions WHERE id = :id', { replacements: { id } });
  return (rows as SubmissionRow[])[0] ?? null;
}

export interface HistoryRow {
  seq: number;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  at: Date;
  reason: string | null;
  from_phase: string | null;
  to_phase: string | null;
  details: Record<string, unknown> | null;
}

export async function getHistory(sequelize: Sequelize, submissionId: string): Promise<HistoryRow[]> {
  const [rows] = await sequelize.query('SELECT * FROM submission_history WHERE submission_id = :id ORDER BY seq', { replacements: { id: submissionId } });
  return rows as HistoryRow[];
}

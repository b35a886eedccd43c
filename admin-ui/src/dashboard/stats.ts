/** GET /api/projects/stats: the caller's jurisdiction counted by province, industry, phase and month of submission. */
import type { Role } from '../../../domain/roles';

export interface ProjectStats {
  total: number;
  byProvince: { code: string; name: string; count: number }[];
  byIndustry: { industry: string; count: number }[];
  byPhase: { phase: string; label: string; count: number }[];
  byMonth: { month: string; count: number }[];
}

/** Who has a 首页 with statistics: the ministry (national) and the regulators (their own jurisdiction). */
export const STATS_ROLES: readonly Role[] = ['ministry', 'province_miit', 'province_ca', 'city_miit'];

export function hasDashboard(role: unknown): boolean {
  return STATS_ROLES.includes(role as Role);
}

/** Every month of the year from January to the last month with a submission, so the line has no gaps. */
export function monthSeries(byMonth: ProjectStats['byMonth'], year: number | undefined): { month: string; label: string; count: number }[] {
  const counts = new Map(byMonth.map((m) => [m.month, m.count]));
  const months = year
    ? Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
    : [...counts.keys()].sort();
  const last = Math.max(...months.map((m, i) => (counts.has(m) ? i : -1)));
  // A year: January to the last month with submissions (at least to the month of the latest data).
  const shown = year ? months.slice(0, Math.max(last + 1, 1)) : months;
  return shown.map((month) => ({ month, label: `${Number(month.slice(5, 7))}月`, count: counts.get(month) ?? 0 }));
}

/** The biggest `limit` entries, the rest summed as 其他 (a pie of 30 slivers says nothing). */
export function topWithOthers<T extends { count: number }>(rows: T[], limit: number, other: (count: number) => T): T[] {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  if (sorted.length <= limit) return sorted;
  const rest = sorted.slice(limit - 1).reduce((sum, r) => sum + r.count, 0);
  return [...sorted.slice(0, limit - 1), other(rest)];
}

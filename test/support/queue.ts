/** Helpers for the review-queue tests: more staff per office, projects in other cities and provinces. */
import type { Stack } from './stack';
import { completeProject } from './lifecycle';

export interface StaffOptions {
  username: string;
  name: string;
  role: 'city_miit' | 'province_miit' | 'province_ca' | 'ministry' | 'expert';
  provinceCode?: string;
  cityCode?: string;
  email?: string;
  officeHead?: boolean;
}

/**
 * A staff account with the demo password (copied from a demo account, so it signs in without a forced change), for
 * offices of several people and for offices elsewhere.
 */
export async function addStaff(stack: Stack, staff: StaffOptions): Promise<{ id: string; token: string }> {
  const [rows] = await stack.sequelize.query(
    `INSERT INTO users (id, username, password_hash, name, email, role, province_code, city_code, org_name, status, office_head)
     SELECT gen_random_uuid(), :username, password_hash, :name, :email, :role, :provinceCode, :cityCode, :name, 'active', :officeHead
       FROM users WHERE username = 'gd_ca' RETURNING id`,
    {
      replacements: {
        username: staff.username,
        name: staff.name,
        email: staff.email ?? `${staff.username}@example.gov.cn`,
        role: staff.role,
        provinceCode: staff.provinceCode ?? null,
        cityCode: staff.cityCode ?? null,
        officeHead: staff.officeHead ?? false,
      },
    },
  );
  return { id: (rows as { id: string }[])[0]!.id, token: await stack.login(staff.username) };
}

/** A complete project located elsewhere (实施地址), saved but not submitted. */
export async function completeProjectAt(stack: Stack, enterprise: string, year: number, address: { provinceCode: string; cityCode: string; districtCode: string }, addressDetail = '示范园区1号'): Promise<any> {
  const project = await completeProject(stack, enterprise, year);
  const moved = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, {
    token: enterprise,
    body: { ...project.sections.projectInfo, address, addressDetail },
  });
  if (moved.status !== 200) throw new Error(`move: ${moved.status} ${JSON.stringify(moved.body)}`);
  return moved.body;
}

export async function submit(stack: Stack, enterprise: string, id: string): Promise<any> {
  const res = await stack.api('POST', `/api/projects/${id}/submit`, { token: enterprise });
  if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Runs `fn` over `items`, `limit` at a time (creating many projects without flooding a shared machine). */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map((item, j) => fn(item, i + j)))));
  return out;
}

/** The ids in an office's queue (all pages of up to 200). */
export async function queueIds(stack: Stack, token: string, query = ''): Promise<string[]> {
  const res = await stack.api('GET', `/api/queue?perPage=200${query}`, { token });
  if (res.status !== 200) throw new Error(`queue: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.map((item: { id: string }) => item.id);
}

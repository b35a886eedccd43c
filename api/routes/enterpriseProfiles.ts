/**
 * 企业信息 per campaign year (SPEC §4 tab 4, menu 企业信息): 企业信息, 资金信息, 单位联系人. One record a year; until the
 * enterprise saves one, the year shows what it gave at registration (`source: 'registration'`).
 *
 * Only the enterprise itself reads and edits these here. Regulators and the ministry see an enterprise's profile
 * only through a project they may see (GET /api/projects/:id `enterprise`: the snapshot taken at 提交), so
 * editing a profile after submitting never changes what they review.
 *
 * A save is checked in submit mode (every starred field, as the platform's 企业信息 dialog requires): the record
 * exists to be snapshotted into a submission, and a half-filled one would only fail later, at 提交, far from here.
 * The defaults from registration already fill most of 企业信息, so a first save asks little more than 资金信息 and
 * 单位联系人. The 统一社会信用代码 is the account's identity (one account per code) and cannot be changed here.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden, unprocessable } from '../errors';
import { audit } from '../audit';
import { effectiveProfile, type EffectiveProfile } from '../../db/enterpriseProfile';
import { whyNot, type ProfileAction } from '../../domain/authz';
import { validateEnterpriseProfile, ENTERPRISE_PROFILE_LABELS, type Problem } from '../../domain/form';
import type { Actor } from '../../domain/roles';
import { authzActor } from '../projects/workflowGateway';

export const PROFILE_MESSAGES = {
  enterpriseOnly: '企业信息由企业自行维护；监管部门请在项目详情中查看申报时的企业信息',
  yearOutOfRange: (max: number) => `年度须在2020年至${max}年之间`,
  creditCodeFixed: `${ENTERPRISE_PROFILE_LABELS['enterpriseInfo.creditCode']}须与注册时一致，如需变更请联系系统管理员`,
} as const;

const YearParams = z.object({ year: z.coerce.number({ error: '年度须为数字' }).int('年度须为整数').min(2020, PROFILE_MESSAGES.yearOutOfRange(2100)).max(2100, PROFILE_MESSAGES.yearOutOfRange(2100)) });

const ProfileView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  source: z.enum(['profile', 'registration']),
  data: z.record(z.string(), z.unknown()),
  updatedAt: z.string().nullable(),
  complete: z.boolean(),
  problems: z.array(z.object({ section: z.string(), path: z.string(), message: z.string() })),
});

/** The enterprise the actor acts for, after the authorisation check (403 for every other role). */
function ownEnterprise(actor: Actor, action: ProfileAction): string {
  if (actor.role !== 'enterprise') throw forbidden(PROFILE_MESSAGES.enterpriseOnly);
  const reason = whyNot(authzActor(actor), action, { kind: 'profile', enterpriseId: actor.userId });
  if (reason) throw forbidden(reason);
  return actor.userId;
}

/** Profiles may be kept for past years and prepared for next year's campaign, not further ahead. */
function checkYear(deps: AppDeps, year: number): void {
  const max = deps.clock().getFullYear() + 1;
  if (year > max) throw unprocessable(PROFILE_MESSAGES.yearOutOfRange(max), [{ path: 'year', message: PROFILE_MESSAGES.yearOutOfRange(max) }]);
}

/** `problems`: what 提交 would still refuse in this profile (empty when it is complete). */
function view(profile: EffectiveProfile) {
  const checked = validateEnterpriseProfile(profile.data, 'submit');
  const problems: Problem[] = checked.ok ? [] : checked.problems;
  return {
    id: profile.year,
    year: profile.year,
    source: profile.source,
    data: profile.data,
    updatedAt: profile.updatedAt ? new Date(profile.updatedAt).toISOString() : null,
    complete: checked.ok,
    problems,
  };
}

export function enterpriseProfileRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/enterprise-profiles',
      summary: '本企业已保存的各年度企业信息',
      tags: ['企业信息'],
      auth: 'user',
      access: (actor) => void ownEnterprise(actor, 'profile.read'),
      response: z.object({ data: z.array(ProfileView.omit({ data: true, problems: true }).extend({ enterpriseName: z.string().nullable() })), total: z.number().int() }),
    },
    async ({ actor }) => {
      const enterpriseId = ownEnterprise(actor, 'profile.read');
      const [rows] = await deps.sequelize.query(
        `SELECT year, data, updated_at FROM enterprise_profiles WHERE enterprise_id = :enterpriseId ORDER BY year DESC`,
        { replacements: { enterpriseId } },
      );
      const data = (rows as { year: number; data: Record<string, unknown>; updated_at: Date }[]).map((r) => {
        const { data: profileData, problems, ...summary } = view({ year: r.year, source: 'profile', data: r.data, updatedAt: r.updated_at });
        void problems;
        const info = (profileData.enterpriseInfo ?? {}) as { name?: string };
        return { ...summary, enterpriseName: info.name ?? null };
      });
      return { data, total: data.length };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/enterprise-profiles/:year',
      summary: '某年度的企业信息（尚未保存时为注册信息，source=registration）',
      tags: ['企业信息'],
      auth: 'user',
      access: (actor) => void ownEnterprise(actor, 'profile.read'),
      params: YearParams,
      response: ProfileView,
    },
    async ({ params, actor }) => {
      const enterpriseId = ownEnterprise(actor, 'profile.read');
      checkYear(deps, params.year);
      return view(await effectiveProfile(deps.sequelize, enterpriseId, params.year));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/enterprise-profiles/:year',
      summary: '保存某年度的企业信息（企业信息、资金信息、单位联系人；带*的字段必填）',
      tags: ['企业信息'],
      auth: 'user',
      access: (actor) => void ownEnterprise(actor, 'profile.edit'),
      params: YearParams,
      body: z.record(z.string(), z.unknown(), { error: '请求体须为对象' }),
      response: ProfileView,
    },
    async ({ params, body, actor, req }) => {
      const enterpriseId = ownEnterprise(actor, 'profile.edit');
      checkYear(deps, params.year);
      const checked = validateEnterpriseProfile(body, 'submit');
      const problems: Problem[] = checked.ok ? [] : [...checked.problems];
      if (checked.ok) {
        const [users] = await deps.sequelize.query('SELECT uscc FROM users WHERE id = :enterpriseId', { replacements: { enterpriseId } });
        const registered = (users as { uscc: string | null }[])[0]?.uscc;
        const given = checked.value.enterpriseInfo?.creditCode;
        if (registered && given && given.toUpperCase() !== registered.toUpperCase()) {
          problems.push({ section: 'enterprise', path: 'enterpriseInfo.creditCode', message: PROFILE_MESSAGES.creditCodeFixed });
        }
      }
      if (!checked.ok || problems.length) {
        await audit(deps.sequelize, { action: 'profile.save', outcome: 'refused', actor, targetType: 'enterprise_profile', targetId: `${enterpriseId}:${params.year}`, details: { year: params.year, problems: problems.length } }, req);
        throw unprocessable('保存失败，请检查标注的字段', problems);
      }
      const now = deps.clock();
      const [saved] = await deps.sequelize.query(
        `INSERT INTO enterprise_profiles (enterprise_id, year, data, updated_at) VALUES (:enterpriseId, :year, CAST(:data AS jsonb), :now)
         ON CONFLICT (enterprise_id, year) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
         RETURNING (xmax = 0) AS created`,
        { replacements: { enterpriseId, year: params.year, data: JSON.stringify(checked.value), now } },
      );
      const created = (saved as { created: boolean }[])[0]?.created ?? false;
      await audit(deps.sequelize, { action: 'profile.save', actor, targetType: 'enterprise_profile', targetId: `${enterpriseId}:${params.year}`, details: { year: params.year, created } }, req);
      return view(await effectiveProfile(deps.sequelize, enterpriseId, params.year));
    },
  );
}

/**
 * 省级设置 (issue 12.7): per province, who reviews new enterprise registrations — the administrator, the city's
 * 工信局 first and then the administrator (广东), or the city's 工信局 alone. The ministry sets any province; a
 * province's 工业和信息化厅 its own. Audited.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden, notFound } from '../errors';
import { audit } from '../audit';
import { findRegion, REGION_TREE } from '../../domain/reference';
import { REGISTRATION_REVIEW_MODES, REGISTRATION_REVIEW_MODE_LABELS } from '../../domain/accounts/registrationReview';
import { setRegistrationReviewMode } from '../../db/provinceSettings';
import type { Actor } from '../../domain/roles';
import { ListPage } from './accounts';
import { allowedTo } from '../guards';

const ProvinceSetting = z.object({
  id: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  registrationReview: z.enum(REGISTRATION_REVIEW_MODES),
  registrationReviewLabel: z.string(),
  updatedAt: z.string().nullable(),
});

const ProvinceParams = z.object({
  provinceCode: z.string().refine((code) => findRegion(code)?.level === 'province', '省份代码不存在'),
});

export function provinceSettingRoutes(routes: Routes, deps: AppDeps): void {
  const mayRead = allowedTo('province.settings');
  const mayChange = (actor: Actor, provinceCode: string) => {
    mayRead(actor);
    if (actor.role === 'province_miit' && actor.provinceCode !== provinceCode) throw forbidden('只能设置本省的审核要求');
  };

  async function list(provinceCodes: readonly string[]) {
    const [rows] = await deps.sequelize.query('SELECT province_code, registration_review, updated_at FROM province_settings');
    const byCode = new Map((rows as { province_code: string; registration_review: string; updated_at: Date }[]).map((r) => [r.province_code, r]));
    return provinceCodes.map((code) => {
      const row = byCode.get(code);
      const mode = (row?.registration_review ?? 'admin') as (typeof REGISTRATION_REVIEW_MODES)[number];
      return {
        id: code,
        provinceCode: code,
        provinceName: findRegion(code)?.name ?? code,
        registrationReview: mode,
        registrationReviewLabel: REGISTRATION_REVIEW_MODE_LABELS[mode],
        updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      };
    });
  }

  routes.add(
    {
      method: 'get',
      path: '/api/province-settings',
      summary: '各省注册审核要求（工信部看全部省份，省工业和信息化厅看本省）',
      tags: ['省级设置'],
      auth: 'user',
      access: mayRead,
      response: ListPage(ProvinceSetting),
    },
    async ({ actor }) => {
      mayRead(actor);
      const codes = actor.role === 'province_miit' ? [actor.provinceCode ?? ''] : REGION_TREE.map((p) => p.code);
      const data = await list(codes.filter(Boolean));
      return { data, total: data.length };
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/province-settings/:provinceCode',
      summary: '设置本省新增企业注册的审核方式：admin（系统管理员）、city_then_admin（市工信局初审后管理员审核）、city（市工信局审核）',
      tags: ['省级设置'],
      auth: 'user',
      access: (actor, params) => mayChange(actor, params.provinceCode),
      params: ProvinceParams,
      body: z.object({ registrationReview: z.enum(REGISTRATION_REVIEW_MODES, { error: '请选择注册审核方式' }) }),
      response: ProvinceSetting,
      errors: [404],
    },
    async ({ params, body, actor, req }) => {
      mayChange(actor, params.provinceCode);
      const now = deps.clock();
      await setRegistrationReviewMode(deps.sequelize, params.provinceCode, body.registrationReview, actor.userId, now);
      await audit(deps.sequelize, { action: 'province.settings.change', actor, targetType: 'province', targetId: params.provinceCode, details: { registrationReview: body.registrationReview } }, req);
      const [setting] = await list([params.provinceCode]);
      if (!setting) throw notFound('省份不存在');
      return setting;
    },
  );
}

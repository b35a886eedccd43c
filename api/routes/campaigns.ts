/**
 * Campaigns (年度批次, SPEC §2): deadlines per year and per province, changed by the ministry while the campaign runs
 * (the change reaches every running workflow through the campaign workflow); publicity and the directory's publication
 * (SPEC §6). The public directory itself is api/routes/directory.ts.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, forbidden, notFound, unavailable, unprocessable } from '../errors';
import { audit } from '../audit';
import { getCampaign, campaignView, type CampaignRow } from '../projects/campaigns';
import { notifyCampaignArchived, notifyCampaignChanged } from '../projects/campaignWorkflow';
import { withinDeadline } from '../temporalDeadline';
import { act } from '../projects/workflowGateway';
import { specDeadlines } from '../../domain/campaign';
import { FINAL_PHASES } from '../../domain/phases';
import { PHASE_NOW } from '../projects/repository';
import { can, PLATFORM } from '../../domain/authz';
import { findRegion } from '../../domain/reference';
import type { Actor } from '../../domain/roles';
import { allowedTo } from '../guards';

const YearParams = z.object({ year: z.coerce.number({ error: '年度须为数字' }).int().min(2020, '年度不正确').max(2100, '年度不正确') });
const Instant = z.iso.datetime({ offset: true, error: '时间格式不正确，应为 ISO 8601（如 2026-03-31T23:59:59+08:00）' });
const ProvinceSetting = z.object({ cityReviewRequired: z.boolean({ error: '请选择是否需要市级初审' }), cityReviewDeadline: Instant.nullable().default(null) });
const ProvinceSettings = z.record(z.string().regex(/^\d{2}0000$/, '省份代码须为6位且以0000结尾'), ProvinceSetting).superRefine((settings, ctx) => {
  for (const code of Object.keys(settings)) if (!findRegion(code)) ctx.addIssue({ code: 'custom', path: [code], message: `省份代码${code}不存在` });
});

const CampaignBody = z.object({
  year: z.number({ error: '请填写年度' }).int().min(2020, '年度不正确').max(2100, '年度不正确'),
  submissionDeadline: Instant.optional(),
  recommendationDeadline: Instant.optional(),
  expertReviewDeadline: Instant.nullable().optional(),
  provinceSettings: ProvinceSettings.default({}),
  publicityDays: z.number().int().min(1, '公示天数至少为1天').max(60, '公示天数最多60天').default(7),
});
const CampaignPatch = z
  .object({
    submissionDeadline: Instant.optional(),
    recommendationDeadline: Instant.optional(),
    expertReviewDeadline: Instant.nullable().optional(),
    provinceSettings: ProvinceSettings.optional(),
    publicityDays: z.number().int().min(1, '公示天数至少为1天').max(60, '公示天数最多60天').optional(),
    /** 公示截止: moves the end of the publicity period of the year's projects in 公示; null returns to publicityDays. */
    publicityEndsAt: Instant.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' });

/** Everyone with business on the platform; not the 安全管理员 and 审计管理员 (三员分立: one duty each). */
const mayRead = allowedTo('campaign.read');

function requireMinistry(actor: Actor): void {
  if (!can(actor, 'campaign.manage', PLATFORM)) throw forbidden('只有工业和信息化部可以管理申报批次');
}

function checkOrder(
  submission: string,
  recommendation: string,
  settings: Record<string, { cityReviewDeadline: string | null }>,
  later: { expertReview?: string | null; publicityEndsAt?: string | null } = {},
) {
  const problems: { path: string; message: string }[] = [];
  if (Date.parse(submission) >= Date.parse(recommendation)) problems.push({ path: 'recommendationDeadline', message: '推荐截止时间须晚于申报截止时间' });
  if (later.expertReview && Date.parse(later.expertReview) <= Date.parse(recommendation)) problems.push({ path: 'expertReviewDeadline', message: '专家评审截止时间须晚于推荐截止时间' });
  if (later.publicityEndsAt && Date.parse(later.publicityEndsAt) <= Date.parse(recommendation)) problems.push({ path: 'publicityEndsAt', message: '公示截止时间须晚于推荐截止时间' });
  for (const [code, s] of Object.entries(settings)) {
    if (s.cityReviewDeadline && (Date.parse(s.cityReviewDeadline) <= Date.parse(submission) || Date.parse(s.cityReviewDeadline) > Date.parse(recommendation))) {
      problems.push({ path: `provinceSettings.${code}.cityReviewDeadline`, message: '市级初审截止时间须在申报截止之后、推荐截止之前' });
    }
  }
  if (problems.length) throw unprocessable('截止时间设置有误', problems);
}

/** Signal (starting it if needed) the year's campaign workflow; a Temporal that cannot be reached is a 503 saying what was not done. */
async function tellCampaignWorkflow(deps: AppDeps, year: number, version: number, message: string): Promise<void> {
  try {
    await withinDeadline(deps.temporal, () => notifyCampaignChanged(deps.temporal, year, version));
  } catch (err) {
    deps.logger.error({ err, year }, 'campaign workflow not reached');
    throw unavailable(message, 'TEMPORAL_UNAVAILABLE');
  }
}

export function campaignRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    { method: 'get', path: '/api/campaigns', summary: '申报批次列表', tags: ['申报批次'], auth: 'user', access: mayRead, query: z.object({ page: z.coerce.number().int().min(1).default(1), perPage: z.coerce.number().int().min(1).max(100).default(20) }) },
    async ({ query }) => {
      const [rows] = await deps.sequelize.query('SELECT *, count(*) OVER () AS total FROM campaigns ORDER BY year DESC LIMIT :limit OFFSET :offset', {
        replacements: { limit: query.perPage, offset: (query.page - 1) * query.perPage },
      });
      const list = rows as (CampaignRow & { total: string })[];
      return { data: list.map(campaignView), total: list.length ? Number(list[0]!.total) : 0 };
    },
  );

  routes.add(
    { method: 'get', path: '/api/campaigns/:year', summary: '申报批次详情', tags: ['申报批次'], auth: 'user', access: mayRead, params: YearParams, errors: [404] },
    async ({ params }) => {
      const row = await getCampaign(deps.sequelize, params.year);
      if (!row) throw notFound(`${params.year}年度申报批次不存在`);
      return campaignView(row);
    },
  );

  routes.add(
    { method: 'post', path: '/api/campaigns', summary: '新建申报批次（默认 3月31日申报截止、4月10日推荐截止，北京时间）', tags: ['申报批次'], auth: 'user', access: requireMinistry, body: CampaignBody, status: 201, errors: [409, 503] },
    async ({ body, actor, req }) => {
      const spec = specDeadlines(body.year);
      const submission = new Date(body.submissionDeadline ?? spec.submissionDeadline).toISOString();
      const recommendation = new Date(body.recommendationDeadline ?? spec.recommendationDeadline).toISOString();
      const expertReview = body.expertReviewDeadline ? new Date(body.expertReviewDeadline).toISOString() : null;
      checkOrder(submission, recommendation, body.provinceSettings, { expertReview });
      // The campaign and its workflow (changes, reminders, archive) start together or not at all: if the workflow cannot
      // be started, the campaign is not created either and the ministry gets a 503 to retry (issue 15.6).
      await deps.sequelize.transaction(async (transaction) => {
        const [, inserted] = await deps.sequelize.query(
          `INSERT INTO campaigns (year, submission_deadline, recommendation_deadline, expert_review_deadline, province_settings, publicity_days)
           VALUES (:year, :submission, :recommendation, :expertReview, CAST(:settings AS jsonb), :publicityDays) ON CONFLICT (year) DO NOTHING`,
          { replacements: { year: body.year, submission, recommendation, expertReview, settings: JSON.stringify(body.provinceSettings), publicityDays: body.publicityDays }, transaction },
        );
        if (!inserted) throw conflict(`${body.year}年度申报批次已存在`, 'ALREADY_EXISTS');
        await tellCampaignWorkflow(deps, body.year, 1, '流程服务暂不可用，申报批次未保存，请稍后重试');
      });
      await audit(deps.sequelize, { action: 'campaign.create', actor, targetType: 'campaign', targetId: String(body.year), details: { submission, recommendation } }, req);
      return campaignView((await getCampaign(deps.sequelize, body.year))!);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/campaigns/:year',
      summary: '修改截止时间、各省初审要求、公示天数或公示截止时间；新的截止时间立即下发到该年度所有进行中的申报流程（公示截止只作用于公示中的项目）',
      tags: ['申报批次'],
      auth: 'user',
      access: requireMinistry,
      params: YearParams,
      body: CampaignPatch,
      errors: [404, 409, 503],
    },
    async ({ params, body, actor, req }) => {
      const row = await getCampaign(deps.sequelize, params.year);
      if (!row) throw notFound(`${params.year}年度申报批次不存在`);
      if (row.archived_at) throw conflict(`${params.year}年度申报已归档，不能再修改`, 'CAMPAIGN_ARCHIVED');
      const submission = new Date(body.submissionDeadline ?? row.submission_deadline).toISOString();
      const recommendation = new Date(body.recommendationDeadline ?? row.recommendation_deadline).toISOString();
      const settings = body.provinceSettings ?? row.province_settings;
      const expertReviewValue = body.expertReviewDeadline === undefined ? row.expert_review_deadline : body.expertReviewDeadline;
      const expertReview = expertReviewValue ? new Date(expertReviewValue).toISOString() : null;
      const publicityEndsValue = body.publicityEndsAt === undefined ? row.publicity_ends_at : body.publicityEndsAt;
      const publicityEndsAt = publicityEndsValue ? new Date(publicityEndsValue).toISOString() : null;
      checkOrder(submission, recommendation, settings, { expertReview, publicityEndsAt });
      // The change and the signal to the campaign workflow succeed together or not at all: the workflow is told before
      // the commit (its broadcast waits until it sees this version), and a failure to tell it rolls the change back (503).
      await deps.sequelize.transaction(async (transaction) => {
        const [rows] = await deps.sequelize.query(
          `UPDATE campaigns SET submission_deadline = :submission, recommendation_deadline = :recommendation, expert_review_deadline = :expertReview,
              province_settings = CAST(:settings AS jsonb), publicity_days = :publicityDays, publicity_ends_at = :publicityEndsAt,
              deadlines_version = deadlines_version + 1, updated_at = now()
            WHERE year = :year RETURNING deadlines_version`,
          {
            replacements: { year: params.year, submission, recommendation, expertReview, settings: JSON.stringify(settings), publicityDays: body.publicityDays ?? row.publicity_days, publicityEndsAt },
            transaction,
          },
        );
        const version = (rows as { deadlines_version: number }[])[0]!.deadlines_version;
        await tellCampaignWorkflow(deps, params.year, version, '流程服务暂不可用，修改未保存，请稍后重试');
      });
      await audit(deps.sequelize, { action: 'campaign.update', actor, targetType: 'campaign', targetId: String(params.year), details: { before: campaignView(row), change: body } }, req);
      return campaignView((await getCampaign(deps.sequelize, params.year))!);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/campaigns/:year/archive',
      summary: '年度归档：该年度所有申报均已结束（逾期未提交、未获推荐、未入选或已入选名录）后，结束该年度全部申报流程；归档后不能再修改',
      tags: ['申报批次'],
      auth: 'user',
      access: requireMinistry,
      params: YearParams,
      errors: [404, 409, 503],
    },
    async ({ params, actor, req }) => {
      const row = await getCampaign(deps.sequelize, params.year);
      if (!row) throw notFound(`${params.year}年度申报批次不存在`);
      if (row.archived_at) throw conflict(`${params.year}年度申报已归档`, 'CAMPAIGN_ARCHIVED');
      // The archive and the signal to the campaign workflow succeed together or not at all: a failure to tell the
      // workflow rolls the archive back (503, retry).
      await deps.sequelize.transaction(async (transaction) => {
        // Locks the campaign row, then checks that every submission of the year is in a final phase (as the lists count
        // it: a deadline that has passed counts from its instant).
        await deps.sequelize.query('SELECT year FROM campaigns WHERE year = :year FOR UPDATE', { replacements: { year: params.year }, transaction });
        const [[open]] = (await deps.sequelize.query(`SELECT count(*) AS n FROM submissions WHERE year = :year AND ${PHASE_NOW} NOT IN (:final)`, {
          replacements: { year: params.year, final: [...FINAL_PHASES], now: deps.clock() },
          transaction,
        })) as [{ n: string }[], unknown];
        if (Number(open!.n) > 0) throw conflict(`该年度仍有${open!.n}个项目尚未结束，全部结束后才能归档`, 'CAMPAIGN_NOT_FINISHED');
        await deps.sequelize.query('UPDATE campaigns SET archived_at = now(), updated_at = now() WHERE year = :year', { replacements: { year: params.year }, transaction });
        try {
          await withinDeadline(deps.temporal, () => notifyCampaignArchived(deps.temporal, params.year));
        } catch (err) {
          deps.logger.error({ err, year: params.year }, 'campaign workflow not reached');
          throw unavailable('流程服务暂不可用，未能归档，请稍后重试', 'TEMPORAL_UNAVAILABLE');
        }
      });
      await audit(deps.sequelize, { action: 'campaign.archive', actor, targetType: 'campaign', targetId: String(params.year), details: {} }, req);
      return campaignView((await getCampaign(deps.sequelize, params.year))!);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/campaigns/:year/publicity',
      summary: '开始公示：该年度所有“拟入选”项目进入公示期（可重复执行，已在公示中的项目跳过）',
      tags: ['申报批次'],
      auth: 'user',
      access: requireMinistry,
      params: YearParams,
      errors: [404],
    },
    async ({ params, actor, req }) => {
      const row = await getCampaign(deps.sequelize, params.year);
      if (!row) throw notFound(`${params.year}年度申报批次不存在`);
      const [rows] = await deps.sequelize.query("SELECT id, workflow_id FROM submissions WHERE year = :year AND phase = 'shortlisted'", { replacements: { year: params.year } });
      const list = rows as { id: string; workflow_id: string }[];
      let started = 0;
      const failed: { id: string; message: string }[] = [];
      for (let i = 0; i < list.length; i += 20) {
        await Promise.all(
          list.slice(i, i + 20).map(async (s) => {
            try {
              await act(deps, s.workflow_id, actor, { type: 'startPublicity', publicityDays: row.publicity_days });
              started++;
            } catch (err) {
              failed.push({ id: s.id, message: (err as Error).message });
            }
          }),
        );
      }
      // A new round runs for publicity_days from its start: a 公示截止 set for an earlier round no longer applies.
      await deps.sequelize.query('UPDATE campaigns SET publicity_started_at = COALESCE(publicity_started_at, now()), publicity_ends_at = NULL WHERE year = :year', { replacements: { year: params.year } });
      await audit(deps.sequelize, { action: 'campaign.publicity', actor, targetType: 'campaign', targetId: String(params.year), details: { started, failed: failed.length } }, req);
      return { started, failed };
    },
  );

  routes.add(
    { method: 'post', path: '/api/campaigns/:year/publish', summary: '发布年度5G工厂名录（公示结束后）', tags: ['申报批次'], auth: 'user', access: requireMinistry, params: YearParams, errors: [404, 409] },
    async ({ params, actor, req }) => {
      const row = await getCampaign(deps.sequelize, params.year);
      if (!row) throw notFound(`${params.year}年度申报批次不存在`);
      const [[counts]] = (await deps.sequelize.query(
        `SELECT count(*) FILTER (WHERE ${PHASE_NOW} = 'publicity') AS in_publicity, count(*) FILTER (WHERE ${PHASE_NOW} = 'listed') AS listed FROM submissions WHERE year = :year`,
        { replacements: { year: params.year, now: deps.clock() } },
      )) as [{ in_publicity: string; listed: string }[], unknown];
      if (Number(counts!.in_publicity) > 0) throw conflict(`仍有${counts!.in_publicity}个项目处于公示期，公示结束后才能发布名录`, 'PUBLICITY_RUNNING');
      if (Number(counts!.listed) === 0) throw conflict('该年度没有入选项目，不能发布名录', 'NOTHING_LISTED');
      await deps.sequelize.query('UPDATE campaigns SET published_at = COALESCE(published_at, now()) WHERE year = :year', { replacements: { year: params.year } });
      await audit(deps.sequelize, { action: 'campaign.publish', actor, targetType: 'campaign', targetId: String(params.year), details: { listed: Number(counts!.listed) } }, req);
      return campaignView((await getCampaign(deps.sequelize, params.year))!);
    },
  );
}

/**
 * Campaign-wide work: broadcasting changed deadlines to every open submission of a year, the archive (every workflow
 * of the year completes), and reminders before deadlines (站内信 + e-mail outbox) — all idempotent.
 */
import { Client } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { DeadlineKind, ReminderInput } from './contract';
import { archivedSignal, deadlinesChangedSignal } from '../workflows/submission/contract';
import { FAN_OUT_PAGE_SIZE, type FanOutPage, type FanOutPageResult } from '../workflows/campaign/contract';
import { deadlinesFor, type ProvinceSettings } from '../domain/campaign';
import { CLOSED_PHASES } from '../domain/phases';
import { beijingText } from '../domain/time';
import { isWorkflowGone } from '../ops/workflowErrors';

interface CampaignRow {
  submission_deadline: Date;
  recommendation_deadline: Date;
  expert_review_deadline: Date | null;
  province_settings: ProvinceSettings;
  publicity_ends_at: Date | null;
}

export function createCampaignActivities(deps: ActivityDeps) {
  const { sequelize } = deps;
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });

  async function campaign(year: number): Promise<CampaignRow> {
    const [rows] = await sequelize.query('SELECT submission_deadline, recommendation_deadline, expert_review_deadline, province_settings, publicity_ends_at FROM campaigns WHERE year = :year', { replacements: { year } });
    const row = (rows as CampaignRow[])[0];
    if (!row) throw new Error(`campaign ${year} not found`);
    return row;
  }

  async function loadCampaignDeadlines(year: number): Promise<{ kind: DeadlineKind; at: string }[]> {
    const c = await campaign(year);
    const cityDeadlines = new Set(
      Object.values(c.province_settings ?? {})
        .filter((s) => s.cityReviewRequired && s.cityReviewDeadline)
        .map((s) => s.cityReviewDeadline!),
    );
    return [
      { kind: 'submission' as const, at: new Date(c.submission_deadline).toISOString() },
      ...[...cityDeadlines].map((at) => ({ kind: 'cityReview' as const, at: new Date(at).toISOString() })),
      { kind: 'recommendation' as const, at: new Date(c.recommendation_deadline).toISOString() },
    ];
  }

  async function broadcastDeadlines(year: number): Promise<number> {
    const c = await campaign(year);
    const like = {
      submissionDeadline: new Date(c.submission_deadline).toISOString(),
      recommendationDeadline: new Date(c.recommendation_deadline).toISOString(),
      provinceSettings: c.province_settings ?? {},
      expertReviewDeadline: c.expert_review_deadline ? new Date(c.expert_review_deadline).toISOString() : null,
    };
    // 公示截止, when the ministry set one: only projects in 公示 take it.
    const publicity = c.publicity_ends_at ? { publicityEndsAt: new Date(c.publicity_ends_at).toISOString() } : {};
    let told = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      // Keyset paging over the projection: open submissions only (closed workflows have no timers left).
      const [rows] = await sequelize.query(
        `SELECT id, workflow_id, COALESCE(state->>'provinceCode', province_code, '') AS province_code FROM submissions
          WHERE year = :year AND phase NOT IN (:closed) AND id > :after ORDER BY id LIMIT 500`,
        { replacements: { year, closed: [...CLOSED_PHASES, 'listed'], after } },
      );
      const page = rows as { id: string; workflow_id: string; province_code: string }[];
      if (!page.length) break;
      // Signals are cheap and idempotent (the workflow just replaces its deadlines); send them 50 at a time.
      for (let i = 0; i < page.length; i += 50) {
        await Promise.all(
          page.slice(i, i + 50).map(async (s) => {
            const rule = deadlinesFor(like, s.province_code);
            try {
              await client.workflow.getHandle(s.workflow_id).signal(deadlinesChangedSignal, { ...rule.deadlines, ...publicity });
              told++;
            } catch (err) {
              // A workflow that completed meanwhile has no deadlines to move.
              if (!isWorkflowGone(err)) throw err;
            }
          }),
        );
        heartbeat(told);
      }
      after = page[page.length - 1]!.id;
    }
    deps.logger.info({ year, told }, 'deadlines broadcast');
    return told;
  }

  /**
   * Progress of a fan-out on the campaign row (GET /api/campaigns/:year `broadcast`), written only for the fan-out it
   * belongs to: the total at the first page, the count up to the page's last id after each page, the end at the last.
   */
  async function progress(year: number, kind: 'archive', version: number, where: string, page: { after: string | null; last: string | null }) {
    const replacements = { year, kind, version, last: page.last };
    if (page.after === null) {
      const [[row]] = (await sequelize.query(`SELECT count(*) AS n FROM submissions WHERE ${where}`, { replacements })) as [{ n: string }[], unknown];
      await sequelize.query(
        `UPDATE campaigns SET broadcast = jsonb_build_object('kind', CAST(:kind AS text), 'version', CAST(:version AS int), 'total', CAST(:total AS int), 'processed', 0,
           'startedAt', now(), 'finishedAt', NULL) WHERE year = :year`,
        { replacements: { ...replacements, total: Number(row!.n) } },
      );
    }
    await sequelize.query(
      `UPDATE campaigns SET broadcast = broadcast || jsonb_build_object(
          'processed', CASE WHEN CAST(:last AS uuid) IS NULL THEN COALESCE(CAST(broadcast ->> 'total' AS int), 0)
                            ELSE (SELECT count(*) FROM submissions WHERE ${where} AND id <= CAST(:last AS uuid)) END,
          'cursor', CAST(:last AS text),
          'finishedAt', CASE WHEN CAST(:last AS uuid) IS NULL THEN to_jsonb(now()) ELSE 'null'::jsonb END)
        WHERE year = :year AND broadcast ->> 'kind' = :kind AND CAST(broadcast ->> 'version' AS int) = CAST(:version AS int)`,
      { replacements },
    );
  }

  /** One page of the archive: every submission workflow of the page is told to complete (one already gone is skipped). */
  async function archivePage({ year, version, after, limit = FAN_OUT_PAGE_SIZE }: FanOutPage): Promise<FanOutPageResult> {
    const where = 'year = :year';
    const [rows] = await sequelize.query(`SELECT id, workflow_id FROM submissions WHERE ${where} AND id > CAST(:after AS uuid) ORDER BY id LIMIT :limit`, {
      replacements: { year, after: after ?? '00000000-0000-0000-0000-000000000000', limit },
    });
    const page = rows as { id: string; workflow_id: string }[];
    const last = page.length === limit ? page[page.length - 1]!.id : null;
    let told = 0;
    for (let i = 0; i < page.length; i += 50) {
      await Promise.all(
        page.slice(i, i + 50).map(async (s) => {
          try {
            await client.workflow.getHandle(s.workflow_id).signal(archivedSignal);
            told++;
          } catch (err) {
            // Completed already (archived before, or ended under the earlier lifetime rule): nothing to end.
            if (!isWorkflowGone(err)) throw err;
          }
        }),
      );
      heartbeat(after);
    }
    await progress(year, 'archive', version, where, { after, last });
    deps.logger.info({ year, page: page.length, told }, 'archive sent');
    return { next: last, told };
  }

  async function sendReminders(input: ReminderInput): Promise<{ messages: number; emails: number }> {
    const deadlineText = beijingText(input.deadline);
    // Who has pending work before this deadline: enterprises with unsubmitted declarations; authorities with projects awaiting them.
    const audiences: Record<DeadlineKind, { sql: string; title: string; body: (n: number) => string }> = {
      submission: {
        sql: `SELECT enterprise_id AS user_id, count(*) AS n FROM submissions WHERE year = :year AND phase IN ('draft','returned','withdrawn') GROUP BY enterprise_id`,
        title: '申报截止提醒',
        body: (n) => `您有${n}个项目尚未提交，申报将于${deadlineText}截止，请及时完成填报并提交。`,
      },
      cityReview: {
        sql: `SELECT u.id AS user_id, count(*) AS n FROM submissions s JOIN users u ON u.role = 'city_miit' AND u.status = 'active' AND u.city_code = s.city_code
               WHERE s.year = :year AND s.phase = 'submitted' AND s.city_review = 'pending' GROUP BY u.id`,
        title: '市级初审截止提醒',
        body: (n) => `您有${n}个项目待初审，初审将于${deadlineText}截止，请及时处理。`,
      },
      recommendation: {
        sql: `SELECT u.id AS user_id, count(*) AS n FROM submissions s JOIN users u ON u.role IN ('province_miit','province_ca') AND u.status = 'active' AND u.province_code = s.province_code
               WHERE s.year = :year AND (s.phase = 'withdrawal_requested'
                 OR (s.phase IN ('submitted','partially_recommended') AND s.recommendations ->> u.role IS NULL))
               GROUP BY u.id`,
        title: '推荐截止提醒',
        body: (n) => `您有${n}个项目待推荐或待处理撤回申请，推荐将于${deadlineText}截止，请及时处理。`,
      },
    };
    const audience = audiences[input.kind];
    const [rows] = await sequelize.query(audience.sql, { replacements: { year: input.year } });
    let messages = 0;
    let emails = 0;
    for (const r of rows as { user_id: string; n: string }[]) {
      const key = `reminder:${input.year}:${input.kind}:${input.deadline}:${input.daysBefore}:${r.user_id}`;
      const body = audience.body(Number(r.n));
      const [, inserted] = await sequelize.query(
        `INSERT INTO messages (user_id, title, body, dedupe_key) VALUES (:userId, :title, :body, :key) ON CONFLICT (dedupe_key) DO NOTHING`,
        { replacements: { userId: r.user_id, title: audience.title, body, key } },
      );
      messages += Number(inserted ?? 0);
      const [, mailed] = await sequelize.query(
        `INSERT INTO email_outbox (to_address, subject, body, dedupe_key)
         SELECT email, :title, :body, :key FROM users WHERE id = :userId AND email IS NOT NULL
         ON CONFLICT (dedupe_key) DO NOTHING`,
        { replacements: { userId: r.user_id, title: `【5G工厂名录】${audience.title}`, body, key } },
      );
      emails += Number(mailed ?? 0);
    }
    deps.logger.info({ ...input, messages, emails }, 'reminders sent');
    return { messages, emails };
  }

  return { loadCampaignDeadlines, broadcastDeadlines, archivePage, sendReminders };
}

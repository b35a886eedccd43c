/**
 * Campaign-wide work: telling the year's open submissions what a campaign change means for them, the archive (every
 * workflow of the year completes) — both in bounded pages with progress on the campaign row — and reminders before
 * deadlines (站内信 + e-mail outbox). All idempotent.
 */
import { Client } from '@temporalio/client';
import { activityInfo, heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { DeadlineKind, PlannedDeadline, ReminderInput } from './contract';
import { archivedSignal, deadlinesChangedSignal } from '../workflows/submission/contract';
import { FAN_OUT_PAGE_SIZE, type FanOutPage, type FanOutPageResult } from '../workflows/campaign/contract';
import { deadlinesFor, type ProvinceSettings } from '../domain/campaign';
import { FINAL_PHASES } from '../domain/phases';
import { deadlinesDiffer } from '../domain/lifecycle/transitions';
import type { SubmissionState } from '../domain/lifecycle/state';
import { beijingText } from '../domain/time';
import { isWorkflowGone } from '../ops/workflowErrors';

interface CampaignRow {
  submission_deadline: Date;
  recommendation_deadline: Date;
  expert_review_deadline: Date | null;
  province_settings: ProvinceSettings;
  publicity_ends_at: Date | null;
  deadlines_version: number;
}

/** Signals sent at once within a page. */
const SIGNALS_IN_FLIGHT = 50;
/** Open submissions: the ones a campaign change can still concern (a final phase has no deadline left). */
const OPEN = 'year = :year AND state IS NOT NULL AND phase NOT IN (:final)';

export function createCampaignActivities(deps: ActivityDeps) {
  const { sequelize } = deps;
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });

  async function campaign(year: number): Promise<CampaignRow> {
    const [rows] = await sequelize.query('SELECT submission_deadline, recommendation_deadline, expert_review_deadline, province_settings, publicity_ends_at, deadlines_version FROM campaigns WHERE year = :year', { replacements: { year } });
    const row = (rows as CampaignRow[])[0];
    if (!row) throw new Error(`campaign ${year} not found`);
    return row;
  }

  async function loadCampaignDeadlines(year: number): Promise<PlannedDeadline[]> {
    const c = await campaign(year);
    // One 初审 reminder per instant, for the provinces whose deadline it is (each city hears its own province's date).
    const cityReview = new Map<string, string[]>();
    for (const [code, s] of Object.entries(c.province_settings ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (!s.cityReviewRequired || !s.cityReviewDeadline) continue;
      const at = new Date(s.cityReviewDeadline).toISOString();
      cityReview.set(at, [...(cityReview.get(at) ?? []), code]);
    }
    return [
      { kind: 'submission' as const, at: new Date(c.submission_deadline).toISOString() },
      ...[...cityReview].map(([at, provinceCodes]) => ({ kind: 'cityReview' as const, at, provinceCodes })),
      { kind: 'recommendation' as const, at: new Date(c.recommendation_deadline).toISOString() },
    ];
  }

  /**
   * Send to each workflow, SIGNALS_IN_FLIGHT at a time; one that has completed meanwhile is skipped. Heartbeats carry
   * the page's start, so an attempt that resumes repeats at most this page.
   */
  async function signalAll(pageStart: string | null, items: { workflowId: string; send: (handle: ReturnType<typeof client.workflow.getHandle>) => Promise<void> }[]): Promise<number> {
    let told = 0;
    for (let i = 0; i < items.length; i += SIGNALS_IN_FLIGHT) {
      await Promise.all(
        items.slice(i, i + SIGNALS_IN_FLIGHT).map(async (item) => {
          try {
            await item.send(client.workflow.getHandle(item.workflowId));
            told++;
          } catch (err) {
            // Completed already (archived, or ended under the earlier lifetime rule): nothing to tell.
            if (!isWorkflowGone(err)) throw err;
          }
        }),
      );
      heartbeat(pageStart);
    }
    return told;
  }

  /**
   * One page of a campaign change (version `version`): each open submission of the page that the change alters — its
   * effective deadlines, its province's 初审 rule, or its 公示截止 — is signalled with what now applies to it; the
   * others are not (no 截止时间调整 in their history). Keyset paging by submission id; progress on the campaign row.
   */
  async function broadcastPage({ year, version, after, limit = FAN_OUT_PAGE_SIZE }: FanOutPage): Promise<FanOutPageResult> {
    const c = await campaign(year);
    // The API tells the campaign workflow inside the transaction that writes the change: wait (retry) until it is committed.
    if (c.deadlines_version < version) throw new Error(`campaign ${year}: version ${version} not committed yet (still ${c.deadlines_version})`);
    const like = {
      submissionDeadline: new Date(c.submission_deadline).toISOString(),
      recommendationDeadline: new Date(c.recommendation_deadline).toISOString(),
      provinceSettings: c.province_settings ?? {},
      expertReviewDeadline: c.expert_review_deadline ? new Date(c.expert_review_deadline).toISOString() : null,
    };
    // 公示截止, when the ministry set one: only projects in 公示 take it.
    const publicityEndsAt = c.publicity_ends_at ? new Date(c.publicity_ends_at).toISOString() : undefined;
    const [rows] = await sequelize.query(`SELECT id, workflow_id, province_code, state FROM submissions WHERE ${OPEN} AND id > CAST(:after AS uuid) ORDER BY id LIMIT :limit`, {
      replacements: { year, final: [...FINAL_PHASES], after: after ?? '00000000-0000-0000-0000-000000000000', limit },
    });
    const page = rows as { id: string; workflow_id: string; province_code: string | null; state: SubmissionState }[];
    const last = page.length === limit ? page[page.length - 1]!.id : null;
    const told = await signalAll(
      after,
      page.flatMap((s) => {
        const rule = deadlinesFor(like, s.state.provinceCode || s.province_code || '');
        if (!deadlinesDiffer(s.state, rule.deadlines, rule.cityReviewRequired, publicityEndsAt)) return [];
        const change = { ...rule.deadlines, cityReviewRequired: rule.cityReviewRequired, ...(publicityEndsAt ? { publicityEndsAt } : {}) };
        return [{ workflowId: s.workflow_id, send: (h) => h.signal(deadlinesChangedSignal, change) }];
      }),
    );
    await progress(year, 'deadlines', version, OPEN, { after, last });
    deps.logger.info({ year, version, page: page.length, told }, 'campaign change sent');
    return { next: last, told };
  }

  /** The earlier one-activity broadcast (campaign workflows from before broadcastPage): page by page, resuming from its last heartbeat. */
  async function broadcastDeadlines(year: number): Promise<number> {
    const version = (await campaign(year)).deadlines_version;
    let after = (activityInfo().heartbeatDetails as string | null | undefined) ?? null;
    let told = 0;
    do {
      const page = await broadcastPage({ year, version, after });
      told += page.told;
      after = page.next;
      heartbeat(after);
    } while (after !== null);
    return told;
  }

  /**
   * Progress of a fan-out on the campaign row (GET /api/campaigns/:year `broadcast`), written only for the fan-out it
   * belongs to: the total at the first page, the count up to the page's last id after each page, the end at the last.
   */
  async function progress(year: number, kind: 'deadlines' | 'archive', version: number, where: string, page: { after: string | null; last: string | null }) {
    const replacements = { year, kind, version, last: page.last, final: [...FINAL_PHASES] };
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
    const told = await signalAll(after, page.map((s) => ({ workflowId: s.workflow_id, send: (h) => h.signal(archivedSignal) })));
    await progress(year, 'archive', version, where, { after, last });
    deps.logger.info({ year, page: page.length, told }, 'archive sent');
    return { next: last, told };
  }

  async function sendReminders(input: ReminderInput): Promise<{ messages: number; emails: number }> {
    const deadlineText = beijingText(input.deadline);
    const provinces = input.provinceCodes?.length ? input.provinceCodes : null;
    // Who has pending work before this deadline: enterprises with unsubmitted declarations; authorities with projects awaiting them.
    const audiences: Record<DeadlineKind, { sql: string; title: string; body: (n: number) => string }> = {
      submission: {
        sql: `SELECT enterprise_id AS user_id, count(*) AS n FROM submissions WHERE year = :year AND phase IN ('draft','returned','withdrawn') GROUP BY enterprise_id`,
        title: '申报截止提醒',
        body: (n) => `您有${n}个项目尚未提交，申报将于${deadlineText}截止，请及时完成填报并提交。`,
      },
      cityReview: {
        // A province's 初审 deadline concerns that province's cities only.
        sql: `SELECT u.id AS user_id, count(*) AS n FROM submissions s JOIN users u ON u.role = 'city_miit' AND u.status = 'active' AND u.city_code = s.city_code
               WHERE s.year = :year AND s.phase = 'submitted' AND s.city_review = 'pending' ${provinces ? 'AND s.province_code IN (:provinces)' : ''} GROUP BY u.id`,
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
    const [rows] = await sequelize.query(audience.sql, { replacements: { year: input.year, provinces } });
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

  return { loadCampaignDeadlines, broadcastDeadlines, broadcastPage, archivePage, sendReminders };
}

import type { Sequelize } from 'sequelize';
import type { CampaignLike, ProvinceSettings } from '../../domain/campaign';

export interface CampaignRow {
  year: number;
  submission_deadline: Date;
  recommendation_deadline: Date;
  expert_review_deadline: Date | null;
  province_settings: ProvinceSettings;
  publicity_days: number;
  publicity_started_at: Date | null;
  publicity_ends_at: Date | null;
  published_at: Date | null;
  deadlines_version: number;
  archived_at: Date | null;
  broadcast: CampaignFanOut | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Progress of the last fan-out to the year's submissions — a campaign change (`deadlines`, version = deadlines_version
 * it sends) or the archive — written page by page by the campaign workflow.
 */
export interface CampaignFanOut {
  kind: 'deadlines' | 'archive';
  version: number;
  total: number;
  processed: number;
  cursor?: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export async function getCampaign(sequelize: Sequelize, year: number): Promise<CampaignRow | null> {
  const [rows] = await sequelize.query('SELECT * FROM campaigns WHERE year = :year', { replacements: { year } });
  return (rows as CampaignRow[])[0] ?? null;
}

export function campaignLike(row: CampaignRow): CampaignLike {
  return {
    submissionDeadline: new Date(row.submission_deadline).toISOString(),
    recommendationDeadline: new Date(row.recommendation_deadline).toISOString(),
    provinceSettings: row.province_settings ?? {},
    expertReviewDeadline: row.expert_review_deadline ? new Date(row.expert_review_deadline).toISOString() : null,
  };
}

export function campaignView(row: CampaignRow) {
  return {
    id: row.year,
    year: row.year,
    submissionDeadline: new Date(row.submission_deadline).toISOString(),
    recommendationDeadline: new Date(row.recommendation_deadline).toISOString(),
    expertReviewDeadline: row.expert_review_deadline ? new Date(row.expert_review_deadline).toISOString() : null,
    provinceSettings: row.province_settings ?? {},
    publicityDays: row.publicity_days,
    publicityStartedAt: row.publicity_started_at,
    /** 公示截止 set by the ministry (null: each project's period runs publicityDays from its start). */
    publicityEndsAt: row.publicity_ends_at ? new Date(row.publicity_ends_at).toISOString() : null,
    publishedAt: row.published_at,
    deadlinesVersion: row.deadlines_version,
    /** The year is archived: its submission workflows complete and nothing changes any more (issue 13.4). */
    archivedAt: row.archived_at,
    /**
     * Where the last fan-out stands in the year's submissions: a change (`deadlines`, of campaign version `version`)
     * or the archive; finishedAt null while it runs (null before the first change).
     */
    broadcast: row.broadcast
      ? { kind: row.broadcast.kind, version: row.broadcast.version, total: row.broadcast.total, processed: row.broadcast.processed, finishedAt: row.broadcast.finishedAt }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Campaign (年度批次) deadlines of SPEC §2, in Asia/Shanghai: 申报截止 3月31日 23:59:59, 推荐截止 4月10日 23:59:59,
 * Guangdong's 市级初审 4月7日 23:59:59. Deterministic: callers pass `now`.
 */
import { BEIJING_OFFSET_MS } from './time';

/** An instant given as a wall-clock time in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiInstant(year: number, month: number, day: number, h = 23, m = 59, s = 59): string {
  return new Date(Date.UTC(year, month - 1, day, h - 8, m, s)).toISOString();
}

export interface CampaignDeadlines {
  submissionDeadline: string;
  recommendationDeadline: string;
  cityReviewDeadline: string;
}

export function specDeadlines(year: number): CampaignDeadlines {
  return {
    submissionDeadline: shanghaiInstant(year, 3, 31),
    recommendationDeadline: shanghaiInstant(year, 4, 10),
    cityReviewDeadline: shanghaiInstant(year, 4, 7),
  };
}

/**
 * Deadlines for a campaign created on `now`: the SPEC dates of that year while they are ahead. Once they have passed
 * (a demo installed in November), the same spacing is kept from today — 30, 37 and 40 days ahead, end of day in
 * Asia/Shanghai — so that the demo campaign can still be used.
 */
export function defaultCampaignDeadlines(year: number, now: Date): CampaignDeadlines {
  const spec = specDeadlines(year);
  if (Date.parse(spec.submissionDeadline) > now.getTime()) return spec;
  const shanghaiToday = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const at = (days: number) => {
    const d = new Date(Date.UTC(shanghaiToday.getUTCFullYear(), shanghaiToday.getUTCMonth(), shanghaiToday.getUTCDate() + days));
    return shanghaiInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };
  return { submissionDeadline: at(30), cityReviewDeadline: at(37), recommendationDeadline: at(40) };
}

/** Per-province settings of a campaign: whether 市级初审 is required and until when. */
export type ProvinceSettings = Record<string, { cityReviewRequired: boolean; cityReviewDeadline: string | null }>;

export interface CampaignLike {
  submissionDeadline: string;
  recommendationDeadline: string;
  provinceSettings: ProvinceSettings;
  /** 专家评审截止: experts who have not scored are reminded before it (domain/queue.ts). */
  expertReviewDeadline?: string | null;
}

/** The deadlines and 初审 rule that apply to a submission located in `provinceCode` ('' while unknown). */
export function deadlinesFor(campaign: CampaignLike, provinceCode: string) {
  const setting = provinceCode ? campaign.provinceSettings[provinceCode] : undefined;
  return {
    cityReviewRequired: setting?.cityReviewRequired ?? false,
    deadlines: {
      submission: campaign.submissionDeadline,
      recommendation: campaign.recommendationDeadline,
      cityReview: setting?.cityReviewRequired ? (setting.cityReviewDeadline ?? null) : null,
      expertReview: campaign.expertReviewDeadline ?? null,
    },
  };
}

/**
 * The state of one submission (one project's declaration for one campaign year), as the
 * submission workflow holds it. Plain data only: it travels through Temporal history, Updates
 * and queries, so it must stay JSON-serialisable and small (no form contents — only the fields
 * the lifecycle rules need).
 */
import type { Phase } from '../phases';

/** 实施阶段 — the project's construction stage, as entered on the form. */
export type ConstructionStage = '建设中' | '建设完成';

/** The two provincial authorities whose 推荐 a project needs (SPEC §3, dual recommendation). */
export const RECOMMENDING_AUTHORITIES = ['province_ca', 'province_miit'] as const;
export type RecommendingAuthority = (typeof RECOMMENDING_AUTHORITIES)[number];

/** One authority's 推荐: who gave it, when, and which form version they looked at. */
export interface Recommendation {
  /** User id of the regulator who recommended. */
  by: string;
  byName: string;
  /** ISO instant. */
  at: string;
  formVersion: number;
}

/** 初审 by the city authority, where the province requires it. */
export type CityReview = 'pending' | 'approved' | 'returned';

/** A pending 申请撤回 from a recommended or partially recommended project. */
export interface WithdrawalRequest {
  reason: string;
  /** ISO instant. */
  requestedAt: string;
  /** User id of the enterprise user who asked. */
  requestedBy: string;
  /** Where the project goes back to if the request is rejected. */
  fromPhase: Phase;
}

/** Deadlines of the campaign as they apply to this submission (ISO instants). */
export interface SubmissionDeadlines {
  /** 申报截止. */
  submission: string;
  /** 推荐截止. */
  recommendation: string;
  /** 市级初审截止, only in provinces that set one. */
  cityReview: string | null;
  /** 专家评审截止 (ministry review); absent in states written before it existed. */
  expertReview?: string | null;
}

/** An expert's 评分 (0–100) with 评审意见. */
export interface ExpertScore {
  expertId: string;
  score: number;
  comment: string;
  /** ISO instant. */
  at: string;
}

/** Result of 现场核验. */
export interface OnsiteVerification {
  passed: boolean;
  notes: string;
  /** ISO instant. */
  at: string;
}

export type Decision = 'shortlisted' | 'rejected';

export interface Publicity {
  /** ISO instant. */
  startedAt: string;
  /** ISO instant: the publicity period is over from this instant on. */
  endsAt: string;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';

/** 异议 raised during 公示, recorded by the ministry. */
export interface Objection {
  id: string;
  content: string;
  /** ISO instant. */
  filedAt: string;
  status: ObjectionStatus;
  /** 处理意见, once resolved. */
  resolution?: string;
}

export interface SubmissionState {
  projectId: string;
  year: number;
  enterpriseId: string;
  /** GB/T 2260 code of the 实施地址's province (e.g. 440000); '' while a draft has none yet. */
  provinceCode: string;
  /** GB/T 2260 code of the 实施地址's city (e.g. 440100); '' while a draft has none yet. */
  cityCode: string;
  phase: Phase;
  /** Bumped by every save; a regulator's 推荐 must name the version it looked at. */
  formVersion: number;
  stage: ConstructionStage | null;
  /** Whether the project's province requires 市级初审 before 推荐. */
  cityReviewRequired: boolean;
  /** null while never submitted, and always null where no 初审 is required. */
  cityReview: CityReview | null;
  recommendations: Record<RecommendingAuthority, Recommendation | null>;
  withdrawal: WithdrawalRequest | null;
  deadlines: SubmissionDeadlines;
  /** User ids of the assigned 评审专家. */
  experts: string[];
  scores: ExpertScore[];
  onsite: OnsiteVerification | null;
  decision: Decision | null;
  publicity: Publicity | null;
  objections: Objection[];
  /** 案例: marked by the ministry once listed. */
  isCase: boolean;
  /** User ids of operators the enterprise invited to view the project (read-only). */
  invitedOperators: string[];
  /** Event sequence number: +1 per applied action. Projections are written only forwards by it. */
  seq: number;
  /**
   * ISO instant at which the current 待办 step (domain/queue.ts stepOf) began; set by decide() whenever the step
   * changes. Absent in states written before it existed.
   */
  stepSince?: string | null;
  /** Escalations (催办) already sent, by key (domain/queue.ts pendingEscalation). */
  escalated?: string[];
  /** 删除: the enterprise deleted this never-submitted draft; nothing more happens and the workflow ends. */
  deleted?: boolean;
  /**
   * Individual deadlines a corrective reopen gave this submission (later than the campaign's); a campaign-wide
   * deadline change never moves them earlier. Absent in states recorded before reopening existed.
   */
  extensions?: DeadlineExtensions;
}

/** Deadlines set for one submission by a reopen (ISO instants). */
export type DeadlineExtensions = Partial<Record<'submission' | 'recommendation' | 'cityReview', string>>;

export interface NewSubmission {
  projectId: string;
  year: number;
  enterpriseId: string;
  provinceCode?: string;
  cityCode?: string;
  stage?: ConstructionStage | null;
  formVersion?: number;
  cityReviewRequired: boolean;
  deadlines: SubmissionDeadlines;
  invitedOperators?: string[];
  /** 从旧平台导入 (issue 12.8): the phase and 推荐 the old platform showed, instead of a new 暂存 draft. */
  imported?: ImportedDeclaration;
}

/** An earlier year's declaration imported from the old platform's 5G工厂 list (domain/legacyProjects.ts). */
export interface ImportedDeclaration {
  phase: 'draft' | 'submitted' | 'partially_recommended' | 'recommended';
  /** The offices whose 推荐 the old platform showed, as it named them (北京市(通信管理局)). */
  recommendations: Partial<Record<RecommendingAuthority, string>>;
  /** Who imported (the ministry's user id) and when (ISO instant). */
  by: string;
  at: string;
}

/** A new 暂存 draft. */
export function initialState(input: NewSubmission): SubmissionState {
  const imported = input.imported;
  const recommendations: SubmissionState['recommendations'] = { province_ca: null, province_miit: null };
  for (const authority of RECOMMENDING_AUTHORITIES) {
    const office = imported?.recommendations[authority];
    if (office) recommendations[authority] = { by: imported.by, byName: `${office}（旧平台）`, at: imported.at, formVersion: input.formVersion ?? 0 };
  }
  const recommended = recommendations.province_ca !== null || recommendations.province_miit !== null;
  const phase = imported?.phase ?? 'draft';
  return {
    ...(imported && phase !== 'draft' ? { stepSince: imported.at } : {}),
    projectId: input.projectId,
    year: input.year,
    enterpriseId: input.enterpriseId,
    provinceCode: input.provinceCode ?? '',
    cityCode: input.cityCode ?? '',
    phase,
    formVersion: input.formVersion ?? 0,
    stage: input.stage ?? null,
    cityReviewRequired: input.cityReviewRequired,
    // Submitted on the old platform: in a province with 初审 the city still reviews it, unless it was recommended already.
    cityReview: input.cityReviewRequired && phase !== 'draft' ? (recommended ? 'approved' : 'pending') : null,
    recommendations,
    withdrawal: null,
    deadlines: { ...input.deadlines },
    experts: [],
    scores: [],
    onsite: null,
    decision: null,
    publicity: null,
    objections: [],
    isCase: false,
    invitedOperators: [...(input.invitedOperators ?? [])],
    seq: 0,
  };
}

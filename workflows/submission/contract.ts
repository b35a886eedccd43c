/**
 * Contract of the submission workflow (one per project and campaign year): ids, the Update/Signal/Query objects
 * and their argument types. The API and the UI import this module, never the workflow body.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Actor } from '../../domain/roles';
import type { PersonAction } from '../../domain/lifecycle/actions';
import type { ImportedDeclaration, SubmissionDeadlines, SubmissionState } from '../../domain/lifecycle/state';
import type { Phase } from '../../domain/phases';
import type { RecordedEvent, SectionWrite } from '../../domain/lifecycle/events';

export const SUBMISSION_WORKFLOW_TYPE = 'submissionWorkflow';

/**
 * When a submission's workflow ends — the one rule (issue 13.4). The workflow runs until its campaign year is
 * archived: the ministry's POST /api/campaigns/:year/archive tells the campaign workflow, which sends `archived` to
 * every submission of the year; each then finishes its handlers and completes with its final state. Until then every
 * phase, the final ones (domain/phases FINAL_PHASES: 逾期未提交, 未获推荐, 未入选, 已入选名录) included, keeps the workflow
 * waiting, so every action allowed in any phase — inviting or revoking an operator, 标记案例, 重新打开 / 调整状态 — is an
 * Update like any other. After the archive nothing changes any more (the API answers 409 WORKFLOW_CLOSED).
 *
 * Executions that completed under the earlier rule (逾期未提交 / 未获推荐 / 未入选 ended the workflow) are started again,
 * from the state they completed with, by the first action that needs them while their year is not archived
 * (api/projects/workflowGateway `act`): the same workflow id, a new run, the action applied as an update-with-start.
 */
export const SUBMISSION_LIFETIME = 'until-campaign-archived' as const;

/** `submission:<year>:<projectId>` — one declaration of one project in one campaign year. */
export function submissionWorkflowId(year: number, projectId: string): string {
  return `submission:${year}:${projectId}`;
}

export function parseSubmissionWorkflowId(id: string): { year: number; projectId: string } | null {
  const m = /^submission:(\d{4}):([0-9a-f-]{36})$/.exec(id);
  return m ? { year: Number(m[1]), projectId: m[2]! } : null;
}

export interface SubmissionWorkflowInput {
  submissionId: string;
  /** Set when the workflow continues as new: the state it had. */
  state?: SubmissionState;
  /** For a new submission: what initialState needs. */
  start?: {
    projectId: string;
    year: number;
    enterpriseId: string;
    provinceCode: string;
    cityCode: string;
    stage: '建设中' | '建设完成' | null;
    formVersion: number;
    cityReviewRequired: boolean;
    deadlines: SubmissionDeadlines;
    /** 从旧平台导入: the phase it starts in (domain/lifecycle/state.ts ImportedDeclaration). */
    imported?: ImportedDeclaration;
  };
  /** The person who created the draft (recorded as the first history entry). */
  createdBy?: Pick<Actor, 'userId' | 'displayName' | 'role'>;
}

export type { SectionWrite } from '../../domain/lifecycle/events';

export interface ActInput {
  action: PersonAction;
  actor: Actor;
  /** Only with a `save`: the validated, normalised section content. */
  sectionWrite?: SectionWrite;
}

/** What an accepted action returns: enough for the API to answer; the full view is read from the projection. */
export interface ActResult {
  phase: Phase;
  seq: number;
  formVersion: number;
}

/** Every human action (SPEC §3): validated before it reaches history, then applied and projected. */
export const actUpdate = defineUpdate<ActResult, [ActInput]>('act');
/**
 * The ministry changed the campaign: the deadlines and the province's 初审 rule (`cityReviewRequired`) as they now apply
 * to this submission, sent by the campaign workflow to the open workflows of the year it alters (issue 15.6).
 * `publicityEndsAt` is the campaign's 公示截止 when the ministry set one (it moves the end of the period of projects in
 * 公示). A workflow the change does not alter records nothing. Signals sent before the rule travelled lack it.
 */
export const deadlinesChangedSignal = defineSignal<[SubmissionDeadlines & { publicityEndsAt?: string | null; cityReviewRequired?: boolean }]>('deadlinesChanged');
/** The campaign year is archived: the workflow completes (see SUBMISSION_LIFETIME). */
export const archivedSignal = defineSignal('archived');
/** A no-op Update: the benchmark's floor for an Update round trip on the same server. */
export const pingUpdate = defineUpdate<number, []>('ping');
/**
 * Sent with the start (update-with-start, issue 16.3): answers once the draft's first history entry and projection
 * row are written, so 新增项目 can answer with the project as every list will show it — one round trip, no polling.
 */
export const createdUpdate = defineUpdate<number, []>('created');
export const stateQuery = defineQuery<SubmissionState>('state');
/**
 * The history entries this run has projected, oldest first. A local activity's input is not in the workflow history
 * (issue 15.5/15.8), so the projection rebuild (ops/rebuild.ts) reads them here; memory only, no history event.
 */
export const projectedEventsQuery = defineQuery<RecordedEvent[]>('projectedEvents');

/**
 * Search attributes the workflow keeps up to date (Temporal Web UI and the ops monitor filter by them; lists read
 * PostgreSQL). Registered on the server from the one list in deploy/temporal/search-attributes.
 */
export const SEARCH_ATTRIBUTE_KEYS = {
  year: defineSearchAttributeKey('Year', SearchAttributeType.INT),
  provinceCode: defineSearchAttributeKey('ProvinceCode', SearchAttributeType.KEYWORD),
  phase: defineSearchAttributeKey('Phase', SearchAttributeType.KEYWORD),
} as const;

/**
 * Contract of the submission workflow (one per project and campaign year): ids, the Update/Signal/Query objects
 * and their argument types. The API and the UI import this module, never the workflow body.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/roles';
import type { PersonAction } from '../../domain/lifecycle/actions';
import type { ImportedDeclaration, SubmissionDeadlines, SubmissionState } from '../../domain/lifecycle/state';
import type { Phase } from '../../domain/phases';
import type { SectionWrite } from '../../domain/lifecycle/events';

export const SUBMISSION_WORKFLOW_TYPE = 'submissionWorkflow';

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
 * The ministry moved the campaign's deadlines; sent to every open workflow of the year. `publicityEndsAt` is the
 * campaign's 公示截止 when the ministry set one (it moves the end of the period of projects in 公示).
 */
export const deadlinesChangedSignal = defineSignal<[SubmissionDeadlines & { publicityEndsAt?: string | null }]>('deadlinesChanged');
/** A no-op Update: the benchmark's floor for an Update round trip on the same server. */
export const pingUpdate = defineUpdate<number, []>('ping');
export const stateQuery = defineQuery<SubmissionState>('state');

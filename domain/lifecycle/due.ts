/**
 * What a submission becomes at its next deadline, as the projection stores it (due_at, due_phase, due_status_text):
 * lists, counts and exports show the post-deadline status from the instant on, before the workflow's timer has fired
 * and its write has landed. Pure; used by the projection activity and the migration that filled existing rows.
 */
import type { SubmissionState } from './state';
import { pendingDeadlineOutcome } from './transitions';
import { statusText } from '../statusText';
import { regionName } from '../reference';

/** 项目状态 text of a state, with the region names of its own codes. */
export function statusTextOf(state: SubmissionState): string {
  return statusText({ ...state, provinceName: regionName(state.provinceCode) ?? '', cityName: regionName(state.cityCode) ?? '' });
}

export function dueColumns(state: SubmissionState): { dueAt: string | null; duePhase: string | null; dueStatusText: string | null } {
  const due = pendingDeadlineOutcome(state);
  return due ? { dueAt: due.at, duePhase: due.state.phase, dueStatusText: statusTextOf(due.state) } : { dueAt: null, duePhase: null, dueStatusText: null };
}

/**
 * What a submission becomes at its next deadline, as the projection stores it (due_at, due_phase, due_status_text):
 * lists, counts and exports show the post-deadline status from the instant on, before the workflow's timer has fired
 * and its write has landed (issue 15.4). Pure; used by the projection write and the migration that filled existing rows.
 */
import type { SubmissionState } from './state';
import { pendingDeadlineOutcome } from './transitions';
import { statusText } from '../statusText';
import { regionName } from '../reference';

/** The due_* columns of a state; the place names its 项目状态 uses default to the state's own codes. */
export function dueColumns(
  state: SubmissionState,
  place: { provinceCode: string | null; cityCode: string | null } = { provinceCode: state.provinceCode, cityCode: state.cityCode },
): { dueAt: string | null; duePhase: string | null; dueStatusText: string | null } {
  const due = pendingDeadlineOutcome(state);
  if (!due) return { dueAt: null, duePhase: null, dueStatusText: null };
  const names = { provinceName: regionName(place.provinceCode) ?? '', cityName: regionName(place.cityCode) ?? '' };
  return { dueAt: due.at, duePhase: due.state.phase, dueStatusText: statusText({ ...due.state, ...names }) };
}

/**
 * 暂存 of one tab (a section, or the 相关材料 list) through the submission's workflow. A submitted project stays
 * complete (SPEC §3), and the workflow decides which check applies (issue 15.7): the API validates against the phase it
 * read, which a submit may change before the Update runs (a save racing a submit). So the save always says whether
 * the whole form with it passes the submit check (`complete`), and the workflow refuses an incomplete one once the
 * project is submitted — answered as if the API had seen the submit: 422 with every problem, by tab and field.
 */
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError, unprocessable } from '../errors';
import { act, updateIdFrom } from './workflowGateway';
import type { SubmissionRow } from './repository';
import { validateForSubmit, type SectionKey } from '../../domain/form';
import type { PersonAction } from '../../domain/lifecycle/actions';
import type { Actor } from '../../domain/roles';

export const SUBMITTED_INCOMPLETE_MESSAGE = '项目已提交，修改后的内容须完整有效';

/** A 暂存 as the routes build it; `complete` is decided here. */
export type SectionSaveAction = Omit<Extract<PersonAction, { type: 'save' }>, 'complete'>;

export async function saveSection(
  deps: AppDeps,
  req: Request,
  row: SubmissionRow,
  actor: Actor,
  action: SectionSaveAction,
  section: SectionKey,
  data: unknown,
): Promise<void> {
  const problems = validateForSubmit({ ...(row.sections as Record<SectionKey, unknown>), [section]: data });
  if (row.phase === 'submitted' && problems.length) throw unprocessable(SUBMITTED_INCOMPLETE_MESSAGE, problems);
  try {
    await act(deps, row.workflow_id, actor, { ...action, complete: problems.length === 0 }, { section, data }, updateIdFrom(req, actor));
  } catch (err) {
    // Submitted meanwhile: the workflow refused the incomplete save.
    if (err instanceof ApiError && err.code === 'SUBMISSION_INCOMPLETE') throw unprocessable(SUBMITTED_INCOMPLETE_MESSAGE, problems);
    throw err;
  }
}

/**
 * Who may see and touch one project, for the routes: a project the actor may not see is a 404 (no hint that it
 * exists), one it may see but not act on is a 403 naming the reason. The rules themselves are domain/authz.ts.
 */
import type { AppDeps } from '../deps';
import { forbidden, notFound } from '../errors';
import { getSubmission, type SubmissionRow } from './repository';
import { authzActor } from './workflowGateway';
import { canSeeProject, whyNot, projectResource, type ProjectAction } from '../../domain/authz';
import type { Actor } from '../../domain/roles';

/** 404 for a project the actor may not see at all (no hint that it exists; domain/authz canSeeProject). */
export async function loadVisible(deps: AppDeps, id: string, actor: Actor): Promise<SubmissionRow> {
  const row = await getSubmission(deps.sequelize, id, deps.clock());
  if (!row || !row.state) throw notFound('项目不存在');
  if (!canSeeProject(authzActor(actor), resourceOf(row), !!row.submitted_at)) throw notFound('项目不存在');
  return row;
}

export function resourceOf(row: SubmissionRow) {
  return projectResource({
    enterpriseId: row.enterprise_id,
    provinceCode: row.state?.provinceCode || row.province_code || '',
    cityCode: row.state?.cityCode || row.city_code || '',
    invitedOperators: row.state?.invitedOperators ?? row.invited_operators,
    experts: row.state?.experts ?? row.experts,
  });
}

/** 403 with the reason when the actor may see the project but not take this action on it. */
export function requireCan(actor: Actor, action: ProjectAction, row: SubmissionRow): void {
  const reason = whyNot(authzActor(actor), action, resourceOf(row));
  if (reason) throw forbidden(reason);
}

/** The row of a project the actor may take `action` on: 404 if it may not see it, 403 with the reason if it may not act. */
export async function loadFor(deps: AppDeps, id: string, actor: Actor, action: ProjectAction): Promise<SubmissionRow> {
  const row = await loadVisible(deps, id, actor);
  requireCan(actor, action, row);
  return row;
}

/**
 * The route guard (api/http.ts `access`) of a route on one project: 404 if the actor may not see it, 403 if it may
 * not take `action` on it — checked before the body is parsed. The handler loads the row again and checks again.
 */
export function projectGuard(deps: AppDeps, action?: ProjectAction) {
  return async (actor: Actor, params: { id: string }): Promise<void> => {
    const row = await loadVisible(deps, params.id, actor);
    if (action) requireCan(actor, action, row);
  };
}

/** The 查看 page of one project as the actor may see it: the projection row, its history and the names it refers to. */
import type { AppDeps } from '../deps';
import { getHistory } from './repository';
import { detailView } from './view';
import { loadVisible } from './access';
import { claimEvents, currentClaims, queueRowsOf } from './queue';
import { effectiveProfile } from '../../db/enterpriseProfile';
import { hasEligibilityException } from '../../db/eligibility';
import type { Actor } from '../../domain/roles';
import type { Phase } from '../../domain/phases';

/** Phases from which the enterprise (re)submits: 提交 then reads the live 企业信息, so the form shows that one. */
const SUBMITTABLE: readonly Phase[] = ['draft', 'returned', 'withdrawn'];

/** Whether the ministry allowed this enterprise to declare outside the notice's sectors (by its registered code). */
export async function enterpriseHasEligibilityException(deps: Pick<AppDeps, 'sequelize'>, enterpriseId: string): Promise<boolean> {
  const [rows] = await deps.sequelize.query('SELECT uscc FROM users WHERE id = :id', { replacements: { id: enterpriseId } });
  return hasEligibilityException(deps.sequelize, (rows as { uscc: string | null }[])[0]?.uscc);
}

export async function readProjectView(deps: AppDeps, id: string, actor: Actor) {
  const row = await loadVisible(deps, id, actor);
  const expertIds = row.state?.experts ?? [];
  const operatorIds = actor.role === 'enterprise' ? (row.state?.invitedOperators ?? []) : [];
  // The rest of the page in parallel: an action's answer waits for this view.
  // The enterprise about to (re)submit sees the 企业信息 提交 will check and snapshot; everyone else what was submitted.
  const live = !row.enterprise_snapshot || (actor.role === 'enterprise' && SUBMITTABLE.includes(row.phase));
  const [history, enterprise, eligibilityException, experts, operators, claimHistory, claims, queue] = await Promise.all([
    getHistory(deps.sequelize, id),
    live ? effectiveProfile(deps.sequelize, row.enterprise_id, row.year).then((p) => p.data) : Promise.resolve(row.enterprise_snapshot),
    actor.role === 'enterprise' ? enterpriseHasEligibilityException(deps, row.enterprise_id) : Promise.resolve(false),
    expertIds.length
      ? deps.sequelize.query('SELECT id, name FROM users WHERE id IN (:ids)', { replacements: { ids: expertIds } }).then(([r]) => r as { id: string; name: string }[])
      : Promise.resolve([]),
    operatorIds.length
      ? deps.sequelize
          .query('SELECT id, username, name, org_name FROM users WHERE id IN (:ids) ORDER BY name', { replacements: { ids: operatorIds } })
          .then(([r]) => (r as { id: string; username: string; name: string; org_name: string | null }[]).map((o) => ({ id: o.id, username: o.username, name: o.name, orgName: o.org_name })))
      : Promise.resolve([]),
    claimEvents(deps.sequelize, id),
    currentClaims(deps.sequelize, id),
    queueRowsOf(deps.sequelize, id, deps.clock()),
  ]);
  const expertNames: Record<string, string> = Object.fromEntries(experts.map((e) => [e.id, e.name]));
  return detailView(row, history, actor, deps.clock(), { enterprise, expertNames, operators, claimHistory, claims, eligibilityException, queue });
}

/** The 查看 page of one project as the actor may see it: the projection row, its history and the names it refers to. */
import type { AppDeps } from '../deps';
import { getHistory } from './repository';
import { detailView } from './view';
import { loadVisible } from './access';
import { claimEvents, currentClaims, queueRowsOf } from './queue';
import { effectiveProfile } from '../../db/enterpriseProfile';
import type { Actor } from '../../domain/roles';

export async function readProjectView(deps: AppDeps, id: string, actor: Actor) {
  const row = await loadVisible(deps, id, actor);
  const expertIds = row.state?.experts ?? [];
  const operatorIds = actor.role === 'enterprise' ? (row.state?.invitedOperators ?? []) : [];
  // The rest of the page in parallel: an action's answer waits for this view.
  const [history, enterprise, experts, operators, claimHistory, claims, queue] = await Promise.all([
    getHistory(deps.sequelize, id),
    row.enterprise_snapshot ? Promise.resolve(row.enterprise_snapshot) : effectiveProfile(deps.sequelize, row.enterprise_id, row.year).then((p) => p.data),
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
  return detailView(row, history, actor, deps.clock(), { enterprise, expertNames, operators, claimHistory, claims, queue });
}

/**
 * Which submission rows an actor sees, as SQL: derived from the rule in domain/authz.ts (`projectSight`), the same rule
 * that decides whether a project page opens, so a list can never show what the page would refuse, or hide what it
 * would show. Deny by default: a role without sight of projects gets `false`.
 */
import { enterpriseIdOf, projectSight, type AuthzActor } from '../domain/authz';

/** Matches no code: an office account without its jurisdiction code sees nothing. */
const NO_CODE = '------';

/** The WHERE clause (with its replacements added to `params`) of the submissions the actor may see. */
export function visibleSubmissionsClause(actor: AuthzActor, params: Record<string, unknown>): string {
  const sight = projectSight(actor.role);
  if (!sight) return 'false';
  let scope: string | null;
  switch (sight.scope) {
    case 'own':
      params.enterpriseId = enterpriseIdOf(actor) ?? null;
      scope = 'enterprise_id = :enterpriseId';
      break;
    case 'invited':
      params.actorId = actor.userId;
      scope = 'invited_operators @> ARRAY[CAST(:actorId AS uuid)]';
      break;
    case 'assigned':
      params.actorId = actor.userId;
      scope = 'experts @> ARRAY[CAST(:actorId AS uuid)]';
      break;
    case 'city':
      params.cityCode = actor.cityCode || NO_CODE;
      scope = 'city_code = :cityCode';
      break;
    case 'province':
      params.provinceCode = actor.provinceCode || NO_CODE;
      scope = 'province_code = :provinceCode';
      break;
    case 'national':
    case 'any':
      scope = null;
      break;
  }
  // The partial list indexes (migration 0002) are declared WHERE submitted_at IS NOT NULL: keep this text as it is.
  const submitted = sight.submittedOnly ? 'submitted_at IS NOT NULL' : null;
  return [scope, submitted].filter((c) => c !== null).join(' AND ') || 'true';
}

/**
 * Route guards (api/http.ts `access`) that need nothing but the actor: a platform permission of domain/authz.ts, or
 * a fixed set of roles. Each refuses with 403 and a Chinese reason; a project's own guard is api/projects/access.ts.
 */
import { forbidden } from './errors';
import { whyNot, PLATFORM, type PlatformAction } from '../domain/authz';
import { isAdminRole, ROLE_LABELS, type Actor, type Role } from '../domain/roles';

/** The actor holds the platform permission `action` (403 with domain/authz's reason otherwise). */
export function allowedTo(action: PlatformAction): (actor: Actor) => void {
  return (actor) => {
    const why = whyNot(actor, action, PLATFORM);
    if (why) throw forbidden(why);
  };
}

/** Only the given roles (403 `refusal` for every other). */
export function onlyRoles(roles: readonly Role[], refusal: string): (actor: Actor) => void {
  return (actor) => {
    if (!roles.includes(actor.role)) throw forbidden(refusal);
  };
}

/** Project lists and exports: everyone but the three administrators (三员分立: they do not read declarations). */
export function mayListProjects(actor: Actor): void {
  if (isAdminRole(actor.role)) throw forbidden(`${ROLE_LABELS[actor.role]}不查看项目内容`);
}

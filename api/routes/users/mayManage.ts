import { forbidden } from '../../errors';
import { whyNot, PLATFORM } from '../../../domain/authz';
import type { Actor } from '../../../domain/roles';

/** 用户管理 is the administrators' (403 with the reason for anyone else). */
export function mayManageUsers(actor: Actor): void {
  const why = whyNot(actor, 'user.manage', PLATFORM);
  if (why) throw forbidden(why);
}

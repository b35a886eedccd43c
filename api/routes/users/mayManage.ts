import { forbidden } from '../../errors';
import { whyNot, PLATFORM } from '../../../domain/authz';
import { isAdminRole, type Actor, type Role } from '../../../domain/roles';
import { allowedTo } from '../../guards';

/** 用户管理 is the system administrator's (403 with the reason for anyone else). */
export const mayManageUsers = allowedTo('user.manage');

/** The account list: the system administrator (accounts) and the security administrator (unlocks, approvals). */
export function mayReadUsers(actor: Actor): void {
  if (whyNot(actor, 'security.manage', PLATFORM) === null) return;
  mayManageUsers(actor);
}

export const maySecure = allowedTo('security.manage');

/**
 * 三员分立: an administrator account (系统/安全/审计管理员) is changed — enabled (approved), disabled, reset, edited —
 * by the security administrator only, and nobody changes their own; other accounts by the system administrator.
 */
export function mayChangeAccount(actor: Actor, target: { id: string; role: Role }): void {
  if (isAdminRole(target.role)) {
    if (target.id === actor.userId) throw forbidden('不能修改自己的管理员账号，请由另一位安全管理员操作');
    const why = whyNot(actor, 'security.manage', PLATFORM);
    if (why) throw forbidden('管理员账号由安全管理员审批和管理');
    return;
  }
  mayManageUsers(actor);
}

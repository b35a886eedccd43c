/**
 * What an administrator may do to an account, and how its state reads (issue 13.5, 三员分立 of issue 14.6): the
 * same rule as the API's guards (api/routes/users/mayManage.ts), so the user list shows a button only to the roles
 * the API lets through.
 * - 系统管理员 (admin) creates accounts and enables / disables / resets the others — not administrator accounts;
 * - 安全管理员 (security_admin) approves (启用), disables and resets administrator accounts, never their own, and
 *   unlocks any locked account;
 * - 审计管理员 (audit_admin) only reads the audit log.
 */
import { isAdminRole, type Role } from './roles';

export interface AccountState {
  id: string;
  role: Role;
  status: 'pending' | 'active' | 'rejected' | 'disabled';
  mustChangePassword?: boolean;
  /** Set while signing in is locked (at some address). */
  lockedUntil?: string | null;
}

export type AccountCondition = 'locked' | 'disabled' | 'pending' | 'rejected' | 'mustChange' | 'normal';

export const ACCOUNT_CONDITION_LABELS: Record<AccountCondition, string> = {
  locked: '已锁定',
  disabled: '已停用',
  pending: '待审核',
  rejected: '已驳回',
  mustChange: '待改密',
  normal: '正常',
};

/** The one word of the 状态 column: a lock first (it stops sign-in now), then the account's status. */
export function accountCondition(account: AccountState, now = new Date()): AccountCondition {
  if (account.lockedUntil && new Date(account.lockedUntil) > now) return 'locked';
  if (account.status !== 'active') return account.status;
  return account.mustChangePassword ? 'mustChange' : 'normal';
}

export interface AccountActions {
  enable: boolean;
  disable: boolean;
  resetPassword: boolean;
  unlock: boolean;
}

/** Who may change this account at all (edit, enable, disable, reset). */
export function mayChangeAccountAs(actor: { userId: string; role: Role }, target: { id: string; role: Role }): boolean {
  if (isAdminRole(target.role)) return actor.role === 'security_admin' && target.id !== actor.userId;
  return actor.role === 'admin';
}

export function accountActions(actor: { userId: string; role: Role }, target: AccountState, now = new Date()): AccountActions {
  const change = mayChangeAccountAs(actor, target);
  const self = target.id === actor.userId;
  return {
    enable: change && target.status === 'disabled',
    disable: change && !self && target.status === 'active',
    resetPassword: change && !self,
    unlock: actor.role === 'security_admin' && accountCondition(target, now) === 'locked',
  };
}

/** Creating accounts is the system administrator's. */
export const mayCreateAccounts = (role: unknown) => role === 'admin';

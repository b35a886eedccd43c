/**
 * The user list shows 启用/停用/重置密码 only to the roles the API lets through: the UI's rule
 * (domain/accountAdmin.ts) answers like the API's guards (api/routes/users/mayManage.ts) for every pair of roles,
 * on another account and on one's own.
 */
import { ROLES, type Actor, type Role } from '../../domain/roles';
import { accountActions, accountCondition, mayChangeAccountAs, mayCreateAccounts } from '../../domain/accountAdmin';
import { mayChangeAccount, mayManageUsers, maySecure } from '../../api/routes/users/mayManage';

const actorOf = (role: Role, userId = 'actor'): Actor => ({ userId, username: role, displayName: role, role });
const allowed = (guard: () => void) => {
  try {
    guard();
    return true;
  } catch {
    return false;
  }
};

describe('account actions in the UI follow the API', () => {
  for (const actorRole of ROLES) {
    for (const targetRole of ROLES) {
      it(`${actorRole} on ${targetRole}`, () => {
        const actor = actorOf(actorRole);
        const other = { id: 'other', role: targetRole };
        expect(mayChangeAccountAs(actor, other)).toBe(allowed(() => mayChangeAccount(actor, other)));
        const own = { id: 'actor', role: targetRole };
        expect(mayChangeAccountAs(actor, own)).toBe(allowed(() => mayChangeAccount(actor, own)));
      });
    }
    it(`${actorRole}: unlock and create as the API allows`, () => {
      const locked = { id: 'other', role: 'enterprise' as Role, status: 'active' as const, lockedUntil: new Date(Date.now() + 60_000).toISOString() };
      expect(accountActions(actorOf(actorRole), locked).unlock).toBe(allowed(() => maySecure(actorOf(actorRole))));
      expect(mayCreateAccounts(actorRole)).toBe(allowed(() => mayManageUsers(actorOf(actorRole))));
    });
  }

  it('offers 启用 on a disabled account, 停用 on an active one, never 停用/重置 on one\'s own', () => {
    const admin = actorOf('admin');
    expect(accountActions(admin, { id: 'x', role: 'city_miit', status: 'disabled' })).toMatchObject({ enable: true, disable: false, resetPassword: true });
    expect(accountActions(admin, { id: 'x', role: 'city_miit', status: 'active' })).toMatchObject({ enable: false, disable: true, resetPassword: true, unlock: false });
    const security = actorOf('security_admin');
    expect(accountActions(security, { id: 'actor', role: 'security_admin', status: 'active' })).toMatchObject({ enable: false, disable: false, resetPassword: false });
  });

  it('reads 状态 as 已锁定 while locked, then the account status', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(accountCondition({ id: 'x', role: 'expert', status: 'active', lockedUntil: '2026-03-01T00:10:00Z' }, now)).toBe('locked');
    expect(accountCondition({ id: 'x', role: 'expert', status: 'active', lockedUntil: '2026-02-28T00:10:00Z' }, now)).toBe('normal');
    expect(accountCondition({ id: 'x', role: 'expert', status: 'disabled' }, now)).toBe('disabled');
    expect(accountCondition({ id: 'x', role: 'expert', status: 'active', mustChangePassword: true }, now)).toBe('mustChange');
  });
});

/**
 * The browser side of a session: the bearer token, the signed-in user and the time of the last user activity,
 * kept in sessionStorage so a session ends with the tab (and is never shared between tabs).
 */
import type { Role } from '../../../domain/roles';

/** Sessions expire after 30 idle minutes (SPEC §5); the server expires them too. */
export const IDLE_LIMIT_MS = 30 * 60 * 1000;

const TOKEN_KEY = 'factory5g.token';
const USER_KEY = 'factory5g.user';
const LAST_ACTIVITY_KEY = 'factory5g.lastActivity';

/** The user as GET /api/me and POST /api/auth/login return it (api/auth/publicUser.ts). */
export interface SessionUser {
  id: string;
  username: string;
  /** 用户姓名 */
  name: string;
  role: Role;
  roleLabel?: string;
  orgName?: string | null;
  provinceCode?: string | null;
  cityCode?: string | null;
  /** Temporary or imported password: must be changed before anything else (SPEC §5). */
  mustChangePassword?: boolean;
}

const memoryStore = new Map<string, string>();
function storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  if (typeof sessionStorage !== 'undefined') return sessionStorage;
  return {
    getItem: (k) => memoryStore.get(k) ?? null,
    setItem: (k, v) => void memoryStore.set(k, v),
    removeItem: (k) => void memoryStore.delete(k),
  };
}

export const session = {
  getToken(): string | null {
    return storage().getItem(TOKEN_KEY);
  },
  start(token: string, user: SessionUser, now = Date.now()): void {
    storage().setItem(TOKEN_KEY, token);
    storage().setItem(USER_KEY, JSON.stringify(user));
    storage().setItem(LAST_ACTIVITY_KEY, String(now));
  },
  getUser(): SessionUser | null {
    const raw = storage().getItem(USER_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SessionUser;
    } catch {
      return null;
    }
  },
  setUser(user: SessionUser): void {
    storage().setItem(USER_KEY, JSON.stringify(user));
  },
  touch(now = Date.now()): void {
    if (storage().getItem(TOKEN_KEY)) storage().setItem(LAST_ACTIVITY_KEY, String(now));
  },
  isIdle(now = Date.now()): boolean {
    const last = Number(storage().getItem(LAST_ACTIVITY_KEY) ?? 0);
    return now - last > IDLE_LIMIT_MS;
  },
  clear(): void {
    storage().removeItem(TOKEN_KEY);
    storage().removeItem(USER_KEY);
    storage().removeItem(LAST_ACTIVITY_KEY);
  },
};

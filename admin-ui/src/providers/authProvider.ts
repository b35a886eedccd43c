/**
 * Sign-in for SPEC §5/§7: password + image captcha or mobile + SMS code, a bearer token kept in sessionStorage,
 * identity and permissions (= role) from GET /api/me, forced password change, 30-minute idle expiry.
 */
import { isReviewingRole } from '../../../domain/queue';
import type { AuthProvider, UserIdentity } from 'ra-core';
import { HttpError } from 'ra-core';
import { apiRequest } from './http';
import { session, type SessionUser } from './session';

export const CHANGE_PASSWORD_PATH = '/change-password';
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

export interface PasswordLogin {
  username: string;
  password: string;
  captchaId?: string;
  captcha?: string;
}

export interface SmsLogin {
  mobile: string;
  smsCode: string;
}

interface LoginResponse {
  token: string;
  user: SessionUser;
}

/** GET /api/me returns the user; a `{ user }` wrapper is accepted too. */
async function fetchMe(): Promise<SessionUser> {
  const body = await apiRequest<SessionUser | { user: SessionUser }>('/me');
  const user = 'user' in body ? body.user : body;
  session.setUser(user);
  return user;
}

function errorCode(error: unknown): string | undefined {
  return (error as HttpError | undefined)?.body?.code;
}

export const authProvider: AuthProvider = {
  async login(params: PasswordLogin | SmsLogin) {
    const response =
      'mobile' in params
        ? await apiRequest<LoginResponse>('/auth/sms-login', {
            method: 'POST',
            anonymous: true,
            body: { mobile: params.mobile, code: params.smsCode },
          })
        : await apiRequest<LoginResponse>('/auth/login', {
            method: 'POST',
            anonymous: true,
            body: {
              username: params.username,
              password: params.password,
              captchaId: params.captchaId,
              captcha: params.captcha,
            },
          });
    session.start(response.token, response.user);
    if (response.user.mustChangePassword) return { redirectTo: CHANGE_PASSWORD_PATH };
    // The reviewing offices start their day at 待我处理 (issue 11.1).
    if (isReviewingRole(response.user.role)) return { redirectTo: '/queue' };
    return undefined;
  },

  async logout() {
    if (session.getToken()) {
      // The server ends the session too; signing out locally must not wait on it or fail with it.
      await apiRequest('/auth/logout', { method: 'POST' }).catch(() => undefined);
    }
    session.clear();
  },

  async checkAuth() {
    // Not signed in: straight to the sign-in page, without an error notification on a first visit.
    if (!session.getToken()) throw { message: false };
    if (session.isIdle()) {
      session.clear();
      throw { message: 'app.session.idle_logout' };
    }
  },

  async checkError(error: unknown) {
    const status = (error as HttpError | undefined)?.status;
    if (status === 401) {
      session.clear();
      throw error;
    }
    if (status === 403 && errorCode(error) === PASSWORD_CHANGE_REQUIRED) {
      throw { logoutUser: false, redirectTo: CHANGE_PASSWORD_PATH, message: false };
    }
  },

  async getIdentity(): Promise<UserIdentity> {
    const user = await fetchMe();
    return {
      ...user,
      id: user.id,
      fullName: user.orgName ? `${user.name}（${user.orgName}）` : user.name,
    };
  },

  async getPermissions() {
    if (!session.getToken()) return undefined;
    const user = session.getUser() ?? (await fetchMe());
    return user.role;
  },
};

/** POST /api/auth/change-password (domain changePasswordSchema); clears the forced-change flag of the signed-in user. */
export async function changePassword(request: { oldPassword: string; newPassword: string; confirmPassword: string }): Promise<void> {
  await apiRequest('/auth/change-password', { method: 'POST', body: request });
  const user = session.getUser();
  if (user) session.setUser({ ...user, mustChangePassword: false });
}

import { z } from 'zod';
import { ROLE_LABELS, ROLES, STAFF_ROLES, type Role } from '../../domain/roles';

/** Staff passwords older than this are due for a change (等保2.0: 定期更换); the user is reminded at sign-in. */
export const STAFF_PASSWORD_MAX_AGE_DAYS = 90;

/** A staff account whose password is older than STAFF_PASSWORD_MAX_AGE_DAYS. */
export function passwordChangeDue(user: { role: Role; passwordChangedAt: Date; mustChangePassword: boolean }, now: Date): boolean {
  if (user.mustChangePassword || !(STAFF_ROLES as readonly string[]).includes(user.role)) return false;
  return now.getTime() - new Date(user.passwordChangedAt).getTime() > STAFF_PASSWORD_MAX_AGE_DAYS * 24 * 3600_000;
}

export const PublicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  orgName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
  /** A staff password older than 90 days: the UI reminds the user to change it (等保2.0 定期更换). */
  passwordChangeDue: z.boolean(),
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

/** Who an account is, as every account answer opens: id, 账号, 姓名, role and its Chinese label. */
export function userIdentity(u: { id: string; username: string; name: string; role: Role }) {
  return { id: u.id, username: u.username, name: u.name, role: u.role, roleLabel: ROLE_LABELS[u.role] };
}

export function publicUser(u: {
  id: string;
  username: string;
  name: string;
  role: Role;
  orgName: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  mustChangePassword: boolean;
  passwordChangedAt?: Date;
}, now: Date = new Date()): PublicUser {
  return {
    ...userIdentity(u),
    orgName: u.orgName,
    provinceCode: u.provinceCode,
    cityCode: u.cityCode,
    mustChangePassword: u.mustChangePassword,
    passwordChangeDue: !!u.passwordChangedAt && passwordChangeDue({ role: u.role, passwordChangedAt: u.passwordChangedAt, mustChangePassword: u.mustChangePassword }, now),
  };
}

import { z } from 'zod';
import { ROLE_LABELS, ROLES, type Role } from '../../domain/roles';

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
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

export function publicUser(u: {
  id: string;
  username: string;
  name: string;
  role: Role;
  orgName: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  mustChangePassword: boolean;
}): PublicUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    orgName: u.orgName,
    provinceCode: u.provinceCode,
    cityCode: u.cityCode,
    mustChangePassword: u.mustChangePassword,
  };
}

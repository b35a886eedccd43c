/**
 * What each role finds in its menu (permissions = the role from GET /api/me). The server decides what each
 * role may read and do; this only keeps screens a role cannot use out of its way.
 */
import type { Role } from '../../domain/roles';

export type ResourceName =
  | 'queue'
  | 'projects'
  | 'enterprise-profiles'
  | 'registrations'
  | 'users'
  | 'audit'
  | 'campaigns'
  | 'messages'
  | 'eligibility-exceptions'
  | 'province-settings';

export const RESOURCES_BY_ROLE: Record<Role, readonly ResourceName[]> = {
  enterprise: ['projects', 'enterprise-profiles', 'messages'],
  operator: ['projects', 'messages'],
  // 新增企业初审 where the province requires it (注册审核 lists only what waits for the city).
  city_miit: ['queue', 'projects', 'registrations', 'messages'],
  province_miit: ['queue', 'projects', 'province-settings', 'messages'],
  province_ca: ['queue', 'projects', 'messages'],
  ministry: ['queue', 'projects', 'campaigns', 'eligibility-exceptions', 'province-settings', 'messages'],
  expert: ['queue', 'projects', 'messages'],
  // 三员分立: 系统管理员 accounts and workflows, 安全管理员 accounts' security (unlock, role grants), 审计管理员 the log.
  admin: ['registrations', 'users', 'campaigns', 'messages'],
  security_admin: ['users', 'messages'],
  audit_admin: ['audit', 'messages'],
};

export function resourcesFor(role: unknown): readonly ResourceName[] {
  return typeof role === 'string' && role in RESOURCES_BY_ROLE ? RESOURCES_BY_ROLE[role as Role] : [];
}

/** 流程监控 (a page of its own, not a resource): administrators only. */
export const WORKFLOW_MONITOR_PATH = '/workflows';
export function hasWorkflowMonitor(role: unknown): boolean {
  return role === 'admin';
}

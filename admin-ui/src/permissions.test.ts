import { ROLES } from '../../domain/roles';
import { hasWorkflowMonitor, RESOURCES_BY_ROLE, resourcesFor } from './permissions';

describe('menu per role', () => {
  it('gives every role its messages (站内信)', () => {
    for (const role of ROLES) expect(RESOURCES_BY_ROLE[role]).toContain('messages');
  });

  it('shows 企业信息 to enterprises only', () => {
    const withProfiles = ROLES.filter((role) => RESOURCES_BY_ROLE[role].includes('enterprise-profiles'));
    expect(withProfiles).toEqual(['enterprise']);
  });

  it('shows registrations, users and the audit log to administrators only', () => {
    for (const resource of ['registrations', 'users', 'audit'] as const) {
      expect(ROLES.filter((role) => RESOURCES_BY_ROLE[role].includes(resource))).toEqual(['admin']);
    }
  });

  it('shows nothing to someone without a known role', () => {
    expect(resourcesFor(undefined)).toEqual([]);
    expect(resourcesFor('hacker')).toEqual([]);
  });

  it('shows 流程监控 to administrators only', () => {
    expect(ROLES.filter(hasWorkflowMonitor)).toEqual(['admin']);
    expect(hasWorkflowMonitor(undefined)).toBe(false);
  });
});

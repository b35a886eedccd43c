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

  it('shows registrations to the system administrator and the cities that review new enterprises, users also to the security administrator, the audit log to the audit administrator only (三员分立)', () => {
    const holders = (resource: 'registrations' | 'users' | 'audit') => ROLES.filter((role) => RESOURCES_BY_ROLE[role].includes(resource));
    expect(holders('registrations')).toEqual(['city_miit', 'admin']);
    expect(holders('users')).toEqual(['admin', 'security_admin']);
    expect(holders('audit')).toEqual(['audit_admin']);
  });

  it('shows 申报主体例外 to the ministry, and 省级设置 to the ministry and the provincial 工业和信息化厅', () => {
    expect(ROLES.filter((role) => RESOURCES_BY_ROLE[role].includes('eligibility-exceptions'))).toEqual(['ministry']);
    expect(ROLES.filter((role) => RESOURCES_BY_ROLE[role].includes('province-settings'))).toEqual(['province_miit', 'ministry']);
  });

  it('puts 待我处理 first for the reviewing roles, who land on it', () => {
    expect(ROLES.filter((role) => RESOURCES_BY_ROLE[role][0] === 'queue')).toEqual(['city_miit', 'province_miit', 'province_ca', 'ministry', 'expert']);
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

import { afterCityApproval, escalationDueAt, initialRegistrationStage, isEscalationDue, whyNotDecide } from './registrationReview';

describe('who reviews a new registration (新增企业初审)', () => {
  it('sends enterprises of a city-review province to their city first, operators and other provinces to the administrator', () => {
    expect(initialRegistrationStage('enterprise', 'city_then_admin', '440100')).toBe('city');
    expect(initialRegistrationStage('enterprise', 'city', '440100')).toBe('city');
    expect(initialRegistrationStage('enterprise', 'admin', '440100')).toBe('admin');
    expect(initialRegistrationStage('operator', 'city_then_admin', '440100')).toBe('admin');
    expect(initialRegistrationStage('enterprise', 'city_then_admin', null)).toBe('admin');
  });

  it('after the city’s 通过: the administrator, or an active account where the city decides alone', () => {
    expect(afterCityApproval('city_then_admin')).toBe('admin');
    expect(afterCityApproval('city')).toBe('active');
  });

  it('lets the city decide its own requests, and the administrator only after the city or once escalated', () => {
    const gz = { role: 'city_miit' as const, cityCode: '440100' };
    const request = { stage: 'city' as const, cityCode: '440100', escalated: false };
    expect(whyNotDecide(gz, request)).toBeNull();
    expect(whyNotDecide({ role: 'city_miit', cityCode: '440300' }, request)).toBe('该注册申请不属于本市，无权审核');
    expect(whyNotDecide(gz, { ...request, stage: 'admin' })).toBe('该注册申请不需要市工信局初审');
    expect(whyNotDecide({ role: 'admin' }, request)).toBe('该注册申请待市工信局初审，初审通过后（或超过3个工作日未处理时）方可审核');
    expect(whyNotDecide({ role: 'admin' }, { ...request, escalated: true })).toBeNull();
    expect(whyNotDecide({ role: 'admin' }, { ...request, stage: 'admin' })).toBeNull();
    expect(whyNotDecide({ role: 'ministry' }, request)).toBe('无权审核注册申请');
  });

  it('escalates after 3 working days on the Chinese calendar (国庆 2025 and its 调休 included)', () => {
    // Friday 2025-09-26 10:00 Beijing: Sat 27 off, Sun 28 调休上班, Mon 29, Tue 30 → due Tue 30 10:00.
    const since = new Date('2025-09-26T02:00:00Z');
    expect(escalationDueAt(since).toISOString()).toBe('2025-09-30T02:00:00.000Z');
    expect(isEscalationDue(since, new Date('2025-09-30T01:59:59Z'))).toBe(false);
    expect(isEscalationDue(since, new Date('2025-09-30T02:00:00Z'))).toBe(true);
    // Tuesday 2025-09-30 10:00: 1–8 October off; Thu 9, Fri 10 and the 调休 Saturday 11 are worked → Sat 11 10:00.
    expect(escalationDueAt(new Date('2025-09-30T02:00:00Z')).toISOString()).toBe('2025-10-11T02:00:00.000Z');
  });
});

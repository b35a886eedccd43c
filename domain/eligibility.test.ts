import { eligibilityProblem, eligibleSectorOf, ELIGIBLE_SECTORS, isEligibleIndustry } from './eligibility';
import { findIndustryCode } from './reference';

describe('申报主体 eligibility by 国民经济分类 (制造业、采矿业、电力、港口)', () => {
  it('lists each sector of the notice with codes that exist in GB/T 4754-2017', () => {
    expect(ELIGIBLE_SECTORS.map((s) => s.noticeWord)).toEqual(['制造业', '采矿业', '电力', '港口']);
    for (const sector of ELIGIBLE_SECTORS) for (const code of sector.codes) expect(findIndustryCode(code)).toBeDefined();
    expect(findIndustryCode('5531')?.name).toBe('客运港口');
    expect(findIndustryCode('5532')?.name).toBe('货运港口');
  });

  it.each([
    ['3982', '制造业'], // 电子电路制造
    ['C', '制造业'],
    ['38', '制造业'],
    ['0610', '采矿业'], // 烟煤和无烟煤开采洗选
    ['4415', '电力'], // 风力发电
    ['4420', '电力'],
    ['5532', '港口'],
    ['5531', '港口'],
  ])('accepts %s as %s', (code, sector) => {
    expect(eligibleSectorOf(code)?.noticeWord).toBe(sector);
    expect(eligibilityProblem(code, { exception: false, when: 'submit' })).toBeNull();
  });

  it.each([
    ['6312', '移动电信服务'],
    ['5521', '远洋货物运输 (water transport, but not a port)'],
    ['553', '水上运输辅助活动 (includes 5539, so not all port)'],
    ['G', '交通运输、仓储和邮政业'],
    ['0111', '稻谷种植'],
    ['9999', 'unknown'],
  ])('refuses %s (%s) with the notice’s words', (code) => {
    expect(isEligibleIndustry(code)).toBe(false);
    const message = eligibilityProblem(code, { exception: false, when: 'registration' });
    expect(message).toContain('申报主体须为制造业、采矿业、电力、港口等重点领域企业');
    expect(message).toContain(`（${code}）`.replace('（9999）', '9999'));
  });

  it('names the classification in full, and lets the ministry’s exception through', () => {
    expect(eligibilityProblem('6312', { exception: false, when: 'submit' })).toBe(
      '申报主体须为制造业、采矿业、电力、港口等重点领域企业，企业信息中的国民经济分类“信息传输、软件和信息技术服务业/电信、广播电视和卫星传输服务/电信/移动电信服务（6312）”不在申报范围内；如确需申报，请联系工业和信息化部申请例外',
    );
    expect(eligibilityProblem('6312', { exception: true, when: 'submit' })).toBeNull();
  });
});

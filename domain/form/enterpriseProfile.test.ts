import { exampleEnterpriseProfile, validateEnterpriseProfile } from './index';

type Profile = ReturnType<typeof exampleEnterpriseProfile>;

function problemsAfter(change: (profile: Profile) => unknown, mode: 'draft' | 'submit' = 'submit') {
  const result = validateEnterpriseProfile(change(exampleEnterpriseProfile()), mode);
  return result.ok ? [] : result.problems.map((p) => [p.section, p.path, p.message]);
}

describe('企业信息 (enterprise profile of a year)', () => {
  it('accepts the complete example profile', () => {
    expect(validateEnterpriseProfile(exampleEnterpriseProfile(), 'submit')).toEqual({
      ok: true,
      value: exampleEnterpriseProfile(),
    });
  });

  it('lists every required field when nothing has been filled in', () => {
    const result = validateEnterpriseProfile({}, 'submit');
    expect(result.ok ? [] : result.problems.map((p) => [p.section, p.path, p.message])).toEqual([
      ['enterprise', 'enterpriseInfo.name', '请填写单位名称'],
      ['enterprise', 'enterpriseInfo.creditCode', '请填写统一社会信用代码'],
      ['enterprise', 'enterpriseInfo.nature', '请选择企业性质'],
      ['enterprise', 'enterpriseInfo.nationalEconomyCode', '请选择国民经济分类'],
      ['enterprise', 'enterpriseInfo.address.provinceCode', '请选择单位地址（省）'],
      ['enterprise', 'enterpriseInfo.address.cityCode', '请选择单位地址（市）'],
      ['enterprise', 'enterpriseInfo.address.districtCode', '请选择单位地址（区县）'],
      ['enterprise', 'enterpriseInfo.addressDetail', '请填写详细地址'],
      ['enterprise', 'finance.operatingRevenue', '请填写营业收入(万元)'],
      ['enterprise', 'finance.rdInvestment', '请填写研发投入(万元)'],
      ['enterprise', 'unitContact.name', '请填写单位联系人姓名'],
      ['enterprise', 'unitContact.title', '请填写单位联系人职务'],
      ['enterprise', 'unitContact.mobile', '请填写单位联系人手机'],
      ['enterprise', 'unitContact.email', '请填写单位联系人邮箱'],
    ]);
    expect(validateEnterpriseProfile({}, 'draft').ok).toBe(true);
  });

  it('checks the 统一社会信用代码 and its GB 32100 check character, in the words registration uses', () => {
    expect(problemsAfter((p) => ({ ...p, enterpriseInfo: { ...p.enterpriseInfo, creditCode: '91350100M000100Y44' } }))).toEqual([
      ['enterprise', 'enterpriseInfo.creditCode', '统一社会信用代码校验位错误'],
    ]);
    expect(problemsAfter((p) => ({ ...p, enterpriseInfo: { ...p.enterpriseInfo, creditCode: '9135010OM000100Y4' } }), 'draft')).toEqual([
      ['enterprise', 'enterpriseInfo.creditCode', '统一社会信用代码应为18位'],
      ['enterprise', 'enterpriseInfo.creditCode', '统一社会信用代码含有非法字符'],
    ]);
  });

  it('accepts a credit code typed in lower case or full width and stores it in upper case', () => {
    const result = validateEnterpriseProfile({ enterpriseInfo: { creditCode: ' 91350100m000100y4３ ' } }, 'draft');
    expect(result.ok && result.value.enterpriseInfo.creditCode).toBe('91350100M000100Y43');
  });

  it('requires 单位地址 to be a GB/T 2260 triple and 国民经济分类 a 小类', () => {
    expect(
      problemsAfter((p) => ({
        ...p,
        enterpriseInfo: {
          ...p.enterpriseInfo,
          nationalEconomyCode: 'C',
          address: { provinceCode: '110000', cityCode: '440100', districtCode: '440106' },
        },
      })),
    ).toEqual([
      ['enterprise', 'enterpriseInfo.nationalEconomyCode', '国民经济分类必须选择到小类'],
      ['enterprise', 'enterpriseInfo.address', '单位地址不是有效的省/市/区县组合'],
    ]);
  });

  it('checks the year’s figures and the contact', () => {
    expect(
      problemsAfter((p) => ({
        ...p,
        enterpriseInfo: { ...p.enterpriseInfo, nature: '私营', employeeCount: 10.5, establishedDate: '2008-13-01' },
        finance: { ...p.finance, operatingRevenue: -5, rdInvestment: 1.005 },
        unitContact: { ...p.unitContact, mobile: '020-83134272', email: 'lihua' },
      })),
    ).toEqual([
      ['enterprise', 'enterpriseInfo.nature', '企业性质不是可选的选项'],
      ['enterprise', 'enterpriseInfo.establishedDate', '成立日期必须是有效日期，格式为YYYY-MM-DD'],
      ['enterprise', 'enterpriseInfo.employeeCount', '员工人数必须是整数'],
      ['enterprise', 'finance.operatingRevenue', '营业收入(万元)不能为负数'],
      ['enterprise', 'finance.rdInvestment', '研发投入(万元)最多保留两位小数'],
      ['enterprise', 'unitContact.mobile', '单位联系人手机格式不正确'],
      ['enterprise', 'unitContact.email', '单位联系人邮箱格式不正确'],
    ]);
  });

  it('leaves 注册资本, 成立日期, 员工人数 and 数字化转型投入 optional', () => {
    expect(
      problemsAfter((p) => ({
        ...p,
        enterpriseInfo: { ...p.enterpriseInfo, registeredCapital: null, establishedDate: '', employeeCount: undefined },
        finance: { operatingRevenue: 1, rdInvestment: 0 },
      })),
    ).toEqual([]);
  });
});

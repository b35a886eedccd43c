import { registrationSchema } from '../../../domain/accounts/registration';
import { placeErrors, toRegistrationInput, type AccountState, type OrganisationState } from './registrationForm';

const account: AccountState = {
  name: '张三',
  username: 'gzfactory',
  mobile: '13800138000',
  email: 'zhangsan@example.com',
  password: 'Abc@1357x',
  confirmPassword: 'Abc@1357x',
};
const organisation: OrganisationState = {
  role: 'enterprise',
  region: ['440000', '440100'],
  orgName: '广州某某制造有限公司',
  orgAddress: ['440000', '440100', '440106'],
  addressDetail: '天河路1号',
  uscc: '91350100M000100Y43',
  enterpriseNature: '民营企业',
  nationalEconomy: ['C', '39', '391', '3911'],
};

describe('registration form', () => {
  it('sends a body the API accepts: the deepest codes of each cascade', () => {
    const input = toRegistrationInput(account, organisation);
    expect(input.organisation).toMatchObject({
      regionCode: '440100',
      orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
      nationalEconomyCode: '3911',
    });
    const parsed = registrationSchema.safeParse(input);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toEqual([]);
  });

  it('shows the server messages beside 所属地, 单位地址 and 确认密码', () => {
    const { errors, unplaced } = placeErrors({
      'account.confirmPassword': '两次输入的密码不一致',
      'organisation.regionCode': '请选择所属地',
      'organisation.orgAddress.cityCode': '单位地址的城市不属于所选省份',
      root: { serverError: '请检查填写的内容' },
    });
    expect(errors).toEqual({
      confirmPassword: '两次输入的密码不一致',
      region: '请选择所属地',
      orgAddress: '单位地址的城市不属于所选省份',
    });
    expect(unplaced).toBe(false);
  });

  it('keeps a message it cannot place for the top of the form', () => {
    expect(placeErrors({ captcha: '验证码不正确' }).unplaced).toBe(true);
  });
});

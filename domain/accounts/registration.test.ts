import type { z } from 'zod';
import {
  accountStepSchema,
  changePasswordSchema,
  createUserSchema,
  loginSchema,
  nationalEconomyCodeSchema,
  organisationStepSchema,
  registrationSchema,
  smsCodeRequestSchema,
  smsLoginSchema,
  usernameSchema,
} from './registration';

/** What the form shows: each message beside the field it belongs to. */
function messages(schema: z.ZodType, input: unknown): Array<[string, string]> {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const account = {
  name: '张三',
  username: 'gzfactory',
  mobile: '13800138000',
  email: 'zhangsan@example.com',
  password: 'Abc@2468',
  confirmPassword: 'Abc@2468',
};

const organisation = {
  role: 'enterprise',
  regionCode: '440100',
  orgName: '广州某某智能制造有限公司',
  orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
  addressDetail: '天河区某某路1号',
  uscc: '91440300708461136T',
  enterpriseNature: '民营企业',
  nationalEconomyCode: '3899',
};

describe('registration step 1 (账号注册)', () => {
  it('accepts a complete account', () => {
    expect(messages(accountStepSchema, account)).toEqual([]);
  });

  it.each([
    ['absent', {}],
    ['blank', { name: ' ', username: '  ', mobile: '', email: '', password: '', confirmPassword: '' }],
  ])('names every missing field (%s)', (_, input) => {
    expect(messages(accountStepSchema, input)).toEqual([
      ['name', '请输入用户姓名'],
      ['username', '请输入用户账号'],
      ['mobile', '请输入手机号码'],
      ['email', '请输入邮箱'],
      ['password', '请输入密码'],
      ['confirmPassword', '请再次输入密码'],
    ]);
  });

  it('refuses passwords that differ, even while other fields are wrong', () => {
    expect(messages(accountStepSchema, { ...account, confirmPassword: 'Abc@2469' })).toEqual([
      ['confirmPassword', '两次输入的密码不一致'],
    ]);
    expect(messages(accountStepSchema, { ...account, name: '', confirmPassword: 'Abc@2469' })).toEqual([
      ['name', '请输入用户姓名'],
      ['confirmPassword', '两次输入的密码不一致'],
    ]);
  });

  it('holds the password to the rule', () => {
    expect(messages(accountStepSchema, { ...account, password: 'abc12345', confirmPassword: 'abc12345' })).toEqual([
      ['password', '密码须包含大写字母'],
      ['password', '密码须包含特殊字符（@ - _ 之一）'],
      ['password', '密码不能包含连续的数字（如123、987）'],
    ]);
  });

  it.each(['13800138000', '19912345678', '138 0013 8000', '138-0013-8000', ' 15012345678 '])('accepts the mobile number %s', (mobile) => {
    const result = accountStepSchema.safeParse({ ...account, mobile });
    expect(result.success).toBe(true);
    expect(result.data?.mobile).toMatch(/^1\d{10}$/);
  });

  it.each(['12800138000', '1380013800', '138001380001', '+8613800138000', '1380013800a', '02012345678'])(
    'refuses the mobile number %s',
    (mobile) => {
      expect(messages(accountStepSchema, { ...account, mobile })).toEqual([['mobile', '手机号码格式不正确']]);
    },
  );

  it.each(['zhangsan', 'zhangsan@', '@example.com', 'zhang san@example.com', 'zhangsan@example'])('refuses the e-mail %s', (email) => {
    expect(messages(accountStepSchema, { ...account, email })).toEqual([['email', '邮箱格式不正确']]);
  });

  it('trims the e-mail address', () => {
    expect(accountStepSchema.parse({ ...account, email: ' zhangsan@example.com ' }).email).toBe('zhangsan@example.com');
  });

  it('limits the name and the e-mail', () => {
    expect(messages(accountStepSchema, { ...account, name: '张'.repeat(51) })).toEqual([['name', '用户姓名不能超过50个字']]);
    expect(messages(accountStepSchema, { ...account, email: 'a'.repeat(89) + '@example.com' })).toEqual([
      ['email', '邮箱不能超过100个字符'],
    ]);
  });
});

describe('用户账号', () => {
  it.each(['gzfactory', 'gz-5g_factory', '腾讯科技（深圳）有限公司', '广州某某(集团)有限公司', 'abcd', 'a'.repeat(32)])('accepts %s', (username) => {
    expect(messages(usernameSchema, username)).toEqual([]);
  });

  it('needs 4 to 32 characters, counting Chinese characters as one each', () => {
    expect(messages(usernameSchema, 'abc')).toEqual([['', '用户账号应为4至32个字符']]);
    expect(messages(usernameSchema, 'a'.repeat(33))).toEqual([['', '用户账号应为4至32个字符']]);
    expect(messages(usernameSchema, '某某公司')).toEqual([]);
    expect(messages(usernameSchema, '某'.repeat(33))).toEqual([['', '用户账号应为4至32个字符']]);
  });

  it('refuses spaces and other symbols', () => {
    expect(messages(usernameSchema, 'gz factory')).toEqual([['', '用户账号只能包含字母、数字、汉字、下划线、短横线和括号']]);
    expect(messages(usernameSchema, 'gz@factory')).toEqual([['', '用户账号只能包含字母、数字、汉字、下划线、短横线和括号']]);
    expect(messages(usernameSchema, 'a b')).toEqual([
      ['', '用户账号应为4至32个字符'],
      ['', '用户账号只能包含字母、数字、汉字、下划线、短横线和括号'],
    ]);
  });

  it('drops blanks around the name', () => {
    expect(usernameSchema.parse('  gzfactory ')).toBe('gzfactory');
  });
});

describe('registration step 2 (企业认证)', () => {
  it('accepts a complete organisation', () => {
    expect(messages(organisationStepSchema, organisation)).toEqual([]);
  });

  it('names every missing field', () => {
    expect(messages(organisationStepSchema, {})).toEqual([
      ['role', '请选择角色'],
      ['regionCode', '请选择所属地'],
      ['orgName', '请输入单位名称'],
      ['orgAddress', '请选择单位地址'],
      ['addressDetail', '请输入详细地址'],
      ['uscc', '请输入组织机构代码'],
      ['enterpriseNature', '请选择企业性质'],
      ['nationalEconomyCode', '请选择国民经济分类'],
    ]);
    expect(messages(organisationStepSchema, { ...organisation, orgAddress: {} })).toEqual([
      ['orgAddress.provinceCode', '请选择单位地址所在省份'],
      ['orgAddress.cityCode', '请选择单位地址所在城市'],
      ['orgAddress.districtCode', '请选择单位地址所在区县'],
    ]);
  });

  it('lets an operator register, and no other role', () => {
    expect(messages(organisationStepSchema, { ...organisation, role: 'operator' })).toEqual([]);
    expect(messages(organisationStepSchema, { ...organisation, role: 'province_miit' })).toEqual([['role', '请选择角色']]);
    expect(messages(organisationStepSchema, { ...organisation, role: 'admin' })).toEqual([['role', '请选择角色']]);
  });

  it('checks the 统一社会信用代码 and stores it in capitals', () => {
    expect(organisationStepSchema.parse({ ...organisation, uscc: ' 91440300708461136t ' }).uscc).toBe('91440300708461136T');
    expect(messages(organisationStepSchema, { ...organisation, uscc: '91440300708461136A' })).toEqual([
      ['uscc', '统一社会信用代码校验位错误'],
    ]);
    expect(messages(organisationStepSchema, { ...organisation, uscc: '9144030070846113' })).toEqual([
      ['uscc', '统一社会信用代码应为18位'],
    ]);
    expect(messages(organisationStepSchema, { ...organisation, uscc: '91440300708461136I' })).toEqual([
      ['uscc', '统一社会信用代码含有非法字符'],
    ]);
  });

  it('keeps the address cascade consistent', () => {
    const address = (provinceCode: string, cityCode: string, districtCode: string) => ({
      ...organisation,
      orgAddress: { provinceCode, cityCode, districtCode },
    });
    expect(messages(organisationStepSchema, address('110000', '110100', '110101'))).toEqual([]);
    expect(messages(organisationStepSchema, address('440000', '450100', '450102'))).toEqual([
      ['orgAddress.cityCode', '单位地址的城市不属于所选省份'],
    ]);
    expect(messages(organisationStepSchema, address('440000', '440100', '440305'))).toEqual([
      ['orgAddress.districtCode', '单位地址的区县不属于所选城市'],
    ]);
    expect(messages(organisationStepSchema, address('440100', '44010', '44a106'))).toEqual([
      ['orgAddress.provinceCode', '单位地址的省份代码格式不正确'],
      ['orgAddress.cityCode', '单位地址的城市代码格式不正确'],
      ['orgAddress.districtCode', '单位地址的区县代码格式不正确'],
    ]);
  });

  it('needs a six-digit code for 所属地', () => {
    expect(messages(organisationStepSchema, { ...organisation, regionCode: '4401' })).toEqual([['regionCode', '所属地代码格式不正确']]);
  });

  it('offers the five 企业性质', () => {
    for (const nature of ['国有企业', '民营企业', '外资企业', '合资企业', '其他']) {
      expect(messages(organisationStepSchema, { ...organisation, enterpriseNature: nature })).toEqual([]);
    }
    expect(messages(organisationStepSchema, { ...organisation, enterpriseNature: '私营企业' })).toEqual([
      ['enterpriseNature', '请选择企业性质'],
    ]);
  });

  it('limits the organisation name and the address', () => {
    expect(messages(organisationStepSchema, { ...organisation, orgName: '某'.repeat(101) })).toEqual([
      ['orgName', '单位名称不能超过100个字'],
    ]);
    expect(messages(organisationStepSchema, { ...organisation, addressDetail: '路'.repeat(201) })).toEqual([
      ['addressDetail', '详细地址不能超过200个字'],
    ]);
  });

  describe('国民经济分类', () => {
    it.each(['C', 'c', '38', '389', '3899'])('accepts the code %s', (code) => {
      expect(messages(nationalEconomyCodeSchema, code)).toEqual([]);
    });

    it('stores a 门类 letter in capitals', () => {
      expect(nationalEconomyCodeSchema.parse('c')).toBe('C');
    });

    it.each(['3', '38991', 'CC', 'U', 'C38'])('refuses the code %s', (code) => {
      expect(messages(nationalEconomyCodeSchema, code)).toEqual([['', '国民经济分类代码格式不正确']]);
    });
  });
});

describe('POST /api/auth/register body', () => {
  it('accepts both steps together', () => {
    const result = registrationSchema.safeParse({ account, organisation });
    expect(result.success).toBe(true);
  });

  it('names the step and the field of each problem', () => {
    expect(
      messages(registrationSchema, {
        account: { ...account, mobile: '1380013800', confirmPassword: 'x' },
        organisation: { ...organisation, uscc: '91440300708461136A' },
      }),
    ).toEqual([
      ['account.mobile', '手机号码格式不正确'],
      ['account.confirmPassword', '两次输入的密码不一致'],
      ['organisation.uscc', '统一社会信用代码校验位错误'],
    ]);
  });

  it('asks for each step that is missing', () => {
    expect(messages(registrationSchema, {})).toEqual([
      ['account', '请填写账号注册信息'],
      ['organisation', '请填写企业认证信息'],
    ]);
  });
});

describe('login', () => {
  it('accepts account and password, with or without a captcha', () => {
    expect(messages(loginSchema, { username: 'gzfactory', password: 'Abc@2468', captchaId: 'c1', captcha: 'x7k2' })).toEqual([]);
    expect(messages(loginSchema, { username: 'gzfactory', password: 'Abc@2468' })).toEqual([]);
    expect(loginSchema.parse({ username: 'gzfactory', password: 'Abc@2468', captchaId: '', captcha: '' })).toEqual({
      username: 'gzfactory',
      password: 'Abc@2468',
    });
  });

  it('lets an imported account log in with its initial password 123456 and its enterprise name', () => {
    expect(messages(loginSchema, { username: '广州某某(集团)有限公司', password: '123456' })).toEqual([]);
  });

  it('asks for what is missing', () => {
    expect(messages(loginSchema, {})).toEqual([
      ['username', '请输入账号'],
      ['password', '请输入密码'],
    ]);
    expect(messages(loginSchema, { username: ' ', password: '' })).toEqual([
      ['username', '请输入账号'],
      ['password', '请输入密码'],
    ]);
  });

  it('refuses absurdly long input before it reaches the password hasher', () => {
    expect(messages(loginSchema, { username: 'gzfactory', password: 'x'.repeat(129) })).toEqual([['password', '密码过长']]);
    expect(messages(loginSchema, { username: 'x'.repeat(101), password: 'x' })).toEqual([['username', '账号不能超过100个字符']]);
  });

  it('logs in with a mobile number and a six-digit SMS code', () => {
    expect(messages(smsLoginSchema, { mobile: '13800138000', code: '012345' })).toEqual([]);
    expect(messages(smsLoginSchema, {})).toEqual([
      ['mobile', '请输入手机号码'],
      ['code', '请输入短信验证码'],
    ]);
    expect(messages(smsLoginSchema, { mobile: '1380013800', code: '12345' })).toEqual([
      ['mobile', '手机号码格式不正确'],
      ['code', '短信验证码应为6位数字'],
    ]);
    expect(messages(smsCodeRequestSchema, { mobile: '' })).toEqual([['mobile', '请输入手机号码']]);
  });
});

describe('change password (also replacing a temporary or imported one)', () => {
  it('accepts a new password under the rule', () => {
    expect(messages(changePasswordSchema, { oldPassword: '123456', newPassword: 'Abc@2468', confirmPassword: 'Abc@2468' })).toEqual([]);
  });

  it('refuses the old password again', () => {
    expect(messages(changePasswordSchema, { oldPassword: 'Abc@2468', newPassword: 'Abc@2468', confirmPassword: 'Abc@2468' })).toEqual([
      ['newPassword', '新密码不能与旧密码相同'],
    ]);
  });

  it('refuses a confirmation that differs', () => {
    expect(messages(changePasswordSchema, { oldPassword: '123456', newPassword: 'Abc@2468', confirmPassword: 'Abc@2486' })).toEqual([
      ['confirmPassword', '两次输入的密码不一致'],
    ]);
  });

  it('holds the new password to the rule', () => {
    expect(messages(changePasswordSchema, { oldPassword: 'x', newPassword: '12345678', confirmPassword: '12345678' })).toEqual([
      ['newPassword', '密码须包含大写字母'],
      ['newPassword', '密码须包含小写字母'],
      ['newPassword', '密码须包含特殊字符（@ - _ 之一）'],
      ['newPassword', '密码不能包含连续的数字（如123、987）'],
    ]);
  });

  it('asks for every field', () => {
    expect(messages(changePasswordSchema, {})).toEqual([
      ['oldPassword', '请输入原密码'],
      ['newPassword', '请输入密码'],
      ['confirmPassword', '请再次输入密码'],
    ]);
  });
});

describe('staff account creation (POST /api/users)', () => {
  const staff = { username: 'gz_city_miit', name: '李四' };

  it('gives a city office its city and province', () => {
    expect(createUserSchema.parse({ ...staff, role: 'city_miit', provinceCode: '440000', cityCode: '440100' })).toEqual({
      ...staff,
      role: 'city_miit',
      provinceCode: '440000',
      cityCode: '440100',
    });
    expect(messages(createUserSchema, { ...staff, role: 'city_miit' })).toEqual([
      ['provinceCode', '请选择所属省份'],
      ['cityCode', '请选择所属城市'],
    ]);
    expect(messages(createUserSchema, { ...staff, role: 'city_miit', provinceCode: '440000', cityCode: '' })).toEqual([
      ['cityCode', '请选择所属城市'],
    ]);
    expect(messages(createUserSchema, { ...staff, role: 'city_miit', provinceCode: '440000', cityCode: '450100' })).toEqual([
      ['cityCode', '所属城市不属于所选省份'],
    ]);
  });

  it('gives both provincial authorities a province and no city', () => {
    for (const role of ['province_miit', 'province_ca']) {
      expect(createUserSchema.parse({ ...staff, role, provinceCode: '440000', cityCode: '440100' })).toEqual({
        ...staff,
        role,
        provinceCode: '440000',
      });
      expect(messages(createUserSchema, { ...staff, role, provinceCode: null })).toEqual([['provinceCode', '请选择所属省份']]);
    }
  });

  it('gives the ministry, experts and administrators no jurisdiction', () => {
    for (const role of ['ministry', 'expert', 'admin']) {
      expect(createUserSchema.parse({ ...staff, role, provinceCode: '440000', cityCode: '440100' })).toEqual({ ...staff, role });
    }
  });

  it('refuses roles that register themselves', () => {
    expect(messages(createUserSchema, { ...staff, role: 'enterprise' })).toEqual([['role', '请选择角色']]);
  });

  it('checks codes, mobile and e-mail when given, and accepts them empty', () => {
    expect(
      messages(createUserSchema, { ...staff, role: 'province_ca', provinceCode: '4400', mobile: '123', email: 'li' }),
    ).toEqual([
      ['mobile', '手机号码格式不正确'],
      ['email', '邮箱格式不正确'],
      ['provinceCode', '所属省份代码格式不正确'],
    ]);
    expect(createUserSchema.parse({ ...staff, role: 'expert', mobile: '', email: ' ' })).toEqual({ ...staff, role: 'expert' });
  });

  it('reports a missing jurisdiction together with a wrong user name', () => {
    expect(messages(createUserSchema, { username: 'ab', name: '李四', role: 'province_miit' })).toEqual([
      ['username', '用户账号应为4至32个字符'],
      ['provinceCode', '请选择所属省份'],
    ]);
  });
});

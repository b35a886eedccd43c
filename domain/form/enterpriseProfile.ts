/**
 * 企业信息 — the enterprise's profile for one campaign year (menu 企业信息; one record a year). The form's tab
 * 企业实体信息 shows it read-only (企业信息, 资金信息, 单位联系人) and the submission snapshots it on 提交.
 * Kept modest: what the registration asks (单位名称, 统一社会信用代码, 企业性质, 国民经济分类, 单位地址) plus the
 * year's figures and a contact person.
 */
import { z } from 'zod';
import { ENTERPRISE_NATURES } from '../reference';
import { fieldsFor, isMismatchedAddress, TEXT_MAX, withEmptyAsObject, type FormMode } from './fields';
import { toProblems, type ValidationResult } from './problems';
import { messages } from './messages';

export const ENTERPRISE_PROFILE_LABELS = {
  enterpriseInfo: '企业信息',
  'enterpriseInfo.name': '单位名称',
  'enterpriseInfo.creditCode': '统一社会信用代码',
  'enterpriseInfo.nature': '企业性质',
  'enterpriseInfo.nationalEconomyCode': '国民经济分类',
  'enterpriseInfo.address': '单位地址',
  'enterpriseInfo.address.provinceCode': '单位地址（省）',
  'enterpriseInfo.address.cityCode': '单位地址（市）',
  'enterpriseInfo.address.districtCode': '单位地址（区县）',
  'enterpriseInfo.addressDetail': '详细地址',
  'enterpriseInfo.registeredCapital': '注册资本(万元)',
  'enterpriseInfo.establishedDate': '成立日期',
  'enterpriseInfo.employeeCount': '员工人数',
  finance: '资金信息',
  'finance.operatingRevenue': '营业收入(万元)',
  'finance.rdInvestment': '研发投入(万元)',
  'finance.digitalInvestment': '数字化转型投入(万元)',
  unitContact: '单位联系人',
  'unitContact.name': '单位联系人姓名',
  'unitContact.title': '单位联系人职务',
  'unitContact.mobile': '单位联系人手机',
  'unitContact.email': '单位联系人邮箱',
} as const;

const L = ENTERPRISE_PROFILE_LABELS;

export function enterpriseProfileSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  const schema = z
    .object(
      {
        enterpriseInfo: f.group(L.enterpriseInfo, {
          name: f.text(L['enterpriseInfo.name']),
          creditCode: f.creditCode(L['enterpriseInfo.creditCode']),
          nature: f.choice(L['enterpriseInfo.nature'], ENTERPRISE_NATURES),
          nationalEconomyCode: f.industryClassCode(L['enterpriseInfo.nationalEconomyCode']),
          address: f.group(L['enterpriseInfo.address'], {
            provinceCode: f.regionCode(L['enterpriseInfo.address.provinceCode'], 'province'),
            cityCode: f.regionCode(L['enterpriseInfo.address.cityCode'], 'city'),
            districtCode: f.regionCode(L['enterpriseInfo.address.districtCode'], 'district'),
          }),
          addressDetail: f.text(L['enterpriseInfo.addressDetail'], { max: TEXT_MAX.medium }),
          registeredCapital: f.amount(L['enterpriseInfo.registeredCapital'], { optional: true }),
          establishedDate: f.date(L['enterpriseInfo.establishedDate'], { optional: true }),
          employeeCount: f.count(L['enterpriseInfo.employeeCount'], { optional: true }),
        }),
        finance: f.group(L.finance, {
          operatingRevenue: f.amount(L['finance.operatingRevenue']),
          rdInvestment: f.amount(L['finance.rdInvestment']),
          digitalInvestment: f.amount(L['finance.digitalInvestment'], { optional: true }),
        }),
        unitContact: f.group(L.unitContact, {
          name: f.text(L['unitContact.name'], { max: 50 }),
          title: f.text(L['unitContact.title'], { max: 50 }),
          mobile: f.mobile(L['unitContact.mobile']),
          email: f.email(L['unitContact.email']),
        }),
      },
      { error: messages.notAnObject('企业信息') },
    )
    .superRefine(
      (profile, ctx) => {
        if (mode !== 'submit') return;
        if (isMismatchedAddress(profile.enterpriseInfo?.address)) {
          ctx.addIssue({
            code: 'custom',
            path: ['enterpriseInfo', 'address'],
            message: messages.invalidRegionTriple(L['enterpriseInfo.address']),
          });
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    );
  return withEmptyAsObject(schema);
}

export type EnterpriseProfile = z.output<ReturnType<typeof enterpriseProfileSchema>>;

const PROFILE_SCHEMAS = { draft: enterpriseProfileSchema('draft'), submit: enterpriseProfileSchema('submit') };

export function validateEnterpriseProfile(data: unknown, mode: FormMode): ValidationResult<EnterpriseProfile> {
  const result = PROFILE_SCHEMAS[mode].safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: toProblems('enterprise', result.error.issues, ENTERPRISE_PROFILE_LABELS) };
}

/** A complete, valid profile matching exampleForm() (a Guangzhou electronics manufacturer). */
export function exampleEnterpriseProfile() {
  return {
    enterpriseInfo: {
      name: '广州天河精密电子有限公司',
      creditCode: '91350100M000100Y43',
      nature: '民营企业',
      nationalEconomyCode: '3982',
      address: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
      addressDetail: '广州市天河区高普路1033号',
      registeredCapital: 12000,
      establishedDate: '2008-06-18',
      employeeCount: 2300,
    },
    finance: { operatingRevenue: 356000, rdInvestment: 14800.5, digitalInvestment: 5200 },
    unitContact: { name: '李华', title: '总经理助理', mobile: '13912345678', email: 'lihua@example.com' },
  };
}

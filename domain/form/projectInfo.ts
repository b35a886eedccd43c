/** 项目基本情况 › 项目情况 */
import { PROJECT_HONORS, PROJECT_LEVELS, PROJECT_STAGES, PROJECT_TYPES, INDUSTRIES } from '../reference';
import { fieldsFor, isMismatchedAddress, sectionObject, TEXT_MAX, type FormMode } from './fields';
import { messages } from './messages';

export const PROJECT_INFO_LABELS = {
  name: '项目名称',
  projectType: '项目类型',
  nationalEconomyCode: '国民经济分类',
  industry: '所属行业',
  startDate: '起始时间',
  endDate: '结束时间',
  level: '项目层级',
  honors: '项目荣誉',
  stage: '实施阶段',
  address: '实施地址',
  'address.provinceCode': '实施地址（省）',
  'address.cityCode': '实施地址（市）',
  'address.districtCode': '实施地址（区县）',
  addressDetail: '详细地址',
  partners: '合作单位',
  partnerContent: '合作内容',
  summary: '项目简介',
  siteTopologyImage: '现场拓扑图',
} as const;

const L = PROJECT_INFO_LABELS;

/** 项目名称 must contain “5G” and end with 工厂, 车间 or 产线 (the platform's naming rule). */
export function isValidProjectName(name: string): boolean {
  return name.includes('5G') && /(工厂|车间|产线)$/.test(name);
}

export function projectInfoSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '项目情况',
    {
      name: f.text(L.name),
      projectType: f.choice(L.projectType, PROJECT_TYPES),
      nationalEconomyCode: f.industryClassCode(L.nationalEconomyCode),
      industry: f.choice(L.industry, INDUSTRIES),
      startDate: f.date(L.startDate),
      endDate: f.date(L.endDate),
      level: f.choice(L.level, PROJECT_LEVELS),
      honors: f.multiChoice(L.honors, PROJECT_HONORS),
      stage: f.choice(L.stage, PROJECT_STAGES),
      address: f.group(L.address, {
        provinceCode: f.regionCode(L['address.provinceCode'], 'province'),
        cityCode: f.regionCode(L['address.cityCode'], 'city'),
        districtCode: f.regionCode(L['address.districtCode'], 'district'),
      }),
      addressDetail: f.text(L.addressDetail, { max: TEXT_MAX.medium }),
      // 合作单位 and 合作内容 go together: both or neither (a project may have no partner).
      partners: f.text(L.partners, { max: TEXT_MAX.medium, optional: true }),
      partnerContent: f.text(L.partnerContent, { max: TEXT_MAX.long, optional: true }),
      summary: f.text(L.summary, { max: TEXT_MAX.long }),
      siteTopologyImage: f.fileId(L.siteTopologyImage),
    },
    mode,
    (info, report) => {
      if (typeof info.name === 'string' && !isValidProjectName(info.name)) report(['name'], messages.projectName);
      if (typeof info.startDate === 'string' && typeof info.endDate === 'string' && info.startDate > info.endDate) {
        report(['endDate'], messages.startAfterEnd(L.startDate, L.endDate));
      }
      if (isMismatchedAddress(info.address)) report(['address'], messages.invalidRegionTriple(L.address));
      if (info.partners && !info.partnerContent) report(['partnerContent'], messages.required(L.partnerContent));
      if (info.partnerContent && !info.partners) report(['partners'], messages.required(L.partners));
    },
  );
}

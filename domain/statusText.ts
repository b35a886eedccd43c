/**
 * 项目状态 as the platform shows it in lists: one "<地区>(<机关>)<状态>;" part per authority whose
 * answer is awaited or given, e.g. `广东省(通信管理局)已推荐;广东省(工业和信息化厅)待推荐;`
 * (the communications administration first, as on the platform's own list), and the phase's
 * label where no authority is involved.
 */
import { PHASE_LABELS, type Phase } from './phases';
import type { CityReview, Recommendation, RecommendingAuthority } from './lifecycle/state';

/** The 34 provincial-level divisions (GB/T 2260 codes). Full region data lives in domain/reference/. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '110000': '北京市',
  '120000': '天津市',
  '130000': '河北省',
  '140000': '山西省',
  '150000': '内蒙古自治区',
  '210000': '辽宁省',
  '220000': '吉林省',
  '230000': '黑龙江省',
  '310000': '上海市',
  '320000': '江苏省',
  '330000': '浙江省',
  '340000': '安徽省',
  '350000': '福建省',
  '360000': '江西省',
  '370000': '山东省',
  '410000': '河南省',
  '420000': '湖北省',
  '430000': '湖南省',
  '440000': '广东省',
  '450000': '广西壮族自治区',
  '460000': '海南省',
  '500000': '重庆市',
  '510000': '四川省',
  '520000': '贵州省',
  '530000': '云南省',
  '540000': '西藏自治区',
  '610000': '陕西省',
  '620000': '甘肃省',
  '630000': '青海省',
  '640000': '宁夏回族自治区',
  '650000': '新疆维吾尔自治区',
  '710000': '台湾省',
  '810000': '香港特别行政区',
  '820000': '澳门特别行政区',
});

/** 直辖市: their industry authority is a 经济和信息化局, not a 工业和信息化厅. */
export const MUNICIPALITY_NAMES: readonly string[] = ['北京市', '天津市', '上海市', '重庆市'];

/** The province's name from any GB/T 2260 code inside it (province, city or district); '' if unknown. */
export function provinceNameOf(code: string): string {
  if (!/^\d{6}$/.test(code)) return '';
  return PROVINCE_NAMES[`${code.slice(0, 2)}0000`] ?? '';
}

/** The office names shown in brackets after the region's name. */
export function authorityOfficeName(authority: RecommendingAuthority | 'city_miit', provinceName: string): string {
  if (authority === 'province_ca') return '通信管理局';
  if (authority === 'city_miit') return '工业和信息化局';
  return MUNICIPALITY_NAMES.includes(provinceName) ? '经济和信息化局' : '工业和信息化厅';
}

export interface StatusTextInput {
  phase: Phase;
  provinceName: string;
  cityName: string;
  recommendations: Record<RecommendingAuthority, Recommendation | null>;
  cityReviewRequired: boolean;
  cityReview: CityReview | null;
}

/** The communications administration comes first, as on the platform. */
const DISPLAY_ORDER: readonly RecommendingAuthority[] = ['province_ca', 'province_miit'];

/** Phases in which the list shows each provincial authority's answer. */
const RECOMMENDATION_PHASES: readonly Phase[] = ['submitted', 'partially_recommended', 'recommended'];

export function statusText(input: StatusTextInput): string {
  const { phase, provinceName, cityName } = input;
  if (phase === 'submitted' && input.cityReviewRequired && input.cityReview === 'pending') {
    return `${cityName}(${authorityOfficeName('city_miit', provinceName)})待初审;`;
  }
  if (RECOMMENDATION_PHASES.includes(phase)) {
    return DISPLAY_ORDER.map((authority) => {
      const state = input.recommendations[authority] ? '已推荐' : '待推荐';
      return `${provinceName}(${authorityOfficeName(authority, provinceName)})${state};`;
    }).join('');
  }
  return PHASE_LABELS[phase];
}

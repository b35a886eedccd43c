/**
 * The old platform's 5G工厂 list export (操作手册 图6, 导出: 企业名称 · 项目名称 · 项目类型 · 项目层级 · 项目状态 · 建设阶段 ·
 * 行业 · 项目实施地址 · 创建时间 · 更新时间), read as earlier years' declarations so that their enterprises can
 * 复制上年申报 for the 进展更新 the notices ask for (issue 12.8). Pure rules: the two cells that need reading — 项目状态
 * (“北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;”) and 项目实施地址 (“北京市北京市朝阳区”) — and the phase a row
 * becomes.
 */
import { REGION_TREE, type RegionNode } from './reference';
import type { RecommendingAuthority } from './lifecycle/state';

/** The phases an imported declaration starts in; the campaign's deadlines then apply to it as to any other. */
export const IMPORTED_PHASES = ['draft', 'submitted', 'partially_recommended', 'recommended'] as const;
export type ImportedPhase = (typeof IMPORTED_PHASES)[number];

export interface LegacyStatus {
  phase: ImportedPhase;
  /** The offices whose 推荐 the old platform showed, as it named them (e.g. 北京市(通信管理局)). */
  recommendations: Partial<Record<RecommendingAuthority, string>>;
  /** The region the offices were named with (北京市), to compare with the 实施地址. */
  regions: string[];
}

const DRAFT_WORDS = ['暂存', '草稿', '未提交'];
const SUBMITTED_WORDS = ['已提交', '待推荐', '待审核', '待初审', '审核中'];
const RECOMMENDED_WORDS = ['已推荐', '推荐'];
const NOT_RECOMMENDED_WORDS = ['未推荐', '待推荐', '取消推荐', '已取消推荐', '不推荐'];

export const LEGACY_STATUS_HINT = '应为“暂存”“已提交”，或如“北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;”，也可留空（已提交）';

/** 通信管理局 → the communications administration; 工业和信息化厅/经济和信息化局/工信局/经信委 … → the industry authority. */
export function authorityOfOffice(office: string): RecommendingAuthority | null {
  if (/通信管理局/.test(office)) return 'province_ca';
  if (/工业和信息化|经济和信息化|经济信息化|工信|经信/.test(office)) return 'province_miit';
  return null;
}

/** 项目状态 of the old platform's list → the phase and the 推荐 it shows, or a Chinese reason. */
export function parseLegacyStatus(text: string): { ok: true; value: LegacyStatus } | { ok: false; message: string } {
  const whole = text.replace(/\s/g, '');
  if (whole === '' || SUBMITTED_WORDS.includes(whole)) return { ok: true, value: { phase: 'submitted', recommendations: {}, regions: [] } };
  if (DRAFT_WORDS.includes(whole)) return { ok: true, value: { phase: 'draft', recommendations: {}, regions: [] } };
  const recommendations: LegacyStatus['recommendations'] = {};
  const regions: string[] = [];
  for (const segment of whole.split(/[;；]/).filter(Boolean)) {
    const m = /^(.*?)[（(](.+?)[）)](.+)$/.exec(segment);
    const authority = m ? authorityOfOffice(m[2]!) : null;
    if (!m || !authority) return { ok: false, message: `无法识别的项目状态“${segment}”：${LEGACY_STATUS_HINT}` };
    const word = m[3]!;
    if (RECOMMENDED_WORDS.includes(word)) {
      recommendations[authority] = `${m[1]}(${m[2]})`;
      if (m[1]) regions.push(m[1]);
    } else if (!NOT_RECOMMENDED_WORDS.includes(word)) {
      return { ok: false, message: `无法识别的项目状态“${segment}”：${LEGACY_STATUS_HINT}` };
    }
  }
  const count = Object.keys(recommendations).length;
  return { ok: true, value: { phase: count === 2 ? 'recommended' : count === 1 ? 'partially_recommended' : 'submitted', recommendations, regions } };
}

export interface LegacyAddress {
  provinceCode: string;
  cityCode: string;
  districtCode: string | null;
  /** What follows the district (街道、门牌…), if anything. */
  detail: string;
}

const longestPrefix = (nodes: readonly RegionNode[] | undefined, text: string): RegionNode | undefined =>
  (nodes ?? []).filter((n) => text.startsWith(n.name)).sort((a, b) => b.name.length - a.name.length)[0];

/** 项目实施地址 as the old platform wrote it: province, city and district names run together (北京市北京市朝阳区). */
export function parseLegacyAddress(text: string): LegacyAddress | null {
  const s = text.replace(/\s/g, '');
  const province = longestPrefix(REGION_TREE, s);
  if (!province) return null;
  const afterProvince = s.slice(province.name.length);
  const city = longestPrefix(province.children, afterProvince);
  if (!city) return null;
  const afterCity = afterProvince.slice(city.name.length);
  const district = longestPrefix(city.children, afterCity);
  if (!district) return afterCity === '' ? { provinceCode: province.code, cityCode: city.code, districtCode: null, detail: '' } : null;
  return { provinceCode: province.code, cityCode: city.code, districtCode: district.code, detail: afterCity.slice(district.name.length) };
}

/** Whether the region an office was named with (北京市, 广东, 广东省) is the project's province. */
export function isSameProvince(regionText: string, provinceCode: string): boolean {
  const province = REGION_TREE.find((p) => p.code === provinceCode);
  if (!province) return false;
  const short = (name: string) => name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
  return short(regionText) === short(province.name);
}

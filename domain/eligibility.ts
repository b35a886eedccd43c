/**
 * 申报主体 eligibility (SPEC §1; 工信管函〔2025〕133号 “一、申报主体”: “项目申报主体为制造业、采矿业、电力、港口等重点
 * 领域企业，在中华人民共和国境内注册，具备独立法人资格”; 粤工信工业互联网函〔2025〕10号 repeats it for Guangdong).
 *
 * The notice names sectors; the platform records an enterprise's 国民经济分类 (GB/T 4754-2017). The sectors map to the
 * standard as below — 门类 B, C and D whole, and of 门类 G only the two port classes — and an enterprise is eligible when
 * its code lies inside one of them (a 门类, 大类, 中类 or 小类 code: registration accepts any level). Anything else needs
 * an exception the ministry grants per enterprise with a reason (the notice's “等” leaves it room to do so).
 *
 * “在中华人民共和国境内注册，具备独立法人资格” is what the 统一社会信用代码 check of registration already stands for
 * (GB 32100: only a registered legal entity has one); it is not repeated here.
 *
 * Pure and browser-safe: the registration page and the form's completeness meter show the same message as the API.
 */
import { findIndustryCode, industryPath, industryPathText } from './reference';

export interface EligibleSector {
  /** The notice's word for the sector. */
  noticeWord: string;
  /** GB/T 4754-2017 codes that make up the sector (every code below them is included). */
  codes: readonly string[];
}

/** 制造业、采矿业、电力、港口 (the notice's order), as GB/T 4754-2017 codes. */
export const ELIGIBLE_SECTORS: readonly EligibleSector[] = [
  { noticeWord: '制造业', codes: ['C'] }, // 门类 C 制造业
  { noticeWord: '采矿业', codes: ['B'] }, // 门类 B 采矿业
  // 门类 D 电力、热力、燃气及水生产和供应业: the whole 门类, as the programme's industry list (所属行业 “电力”) reads it.
  { noticeWord: '电力', codes: ['D'] },
  // 门类 G › 55 水上运输业 › 553 水上运输辅助活动: 5531 客运港口, 5532 货运港口 — not the rest of water transport.
  { noticeWord: '港口', codes: ['5531', '5532'] },
];

/** The notice's words for the eligible sectors, as messages quote them. */
export const ELIGIBLE_SECTORS_TEXT = '制造业、采矿业、电力、港口等重点领域企业';

export const ELIGIBILITY_MESSAGES = {
  notEligible: (code: string) =>
    `申报主体须为${ELIGIBLE_SECTORS_TEXT}，国民经济分类“${describe(code)}”不在申报范围内；如确需申报，请联系工业和信息化部申请例外`,
  atSubmit: (code: string) =>
    `申报主体须为${ELIGIBLE_SECTORS_TEXT}，企业信息中的国民经济分类“${describe(code)}”不在申报范围内；如确需申报，请联系工业和信息化部申请例外`,
  exceptionReasonRequired: '请填写例外原因',
} as const;

function describe(code: string): string {
  const text = industryPathText(code);
  return text ? `${text}（${code}）` : code;
}

/** The sector a GB/T 4754-2017 code falls in, or null when it falls in none (or is unknown). */
export function eligibleSectorOf(code: string | null | undefined): EligibleSector | null {
  if (!code || !findIndustryCode(code)) return null;
  const lineage = new Set(industryPath(code).map((entry) => entry.code));
  return ELIGIBLE_SECTORS.find((sector) => sector.codes.some((c) => lineage.has(c))) ?? null;
}

export function isEligibleIndustry(code: string | null | undefined): boolean {
  return eligibleSectorOf(code) !== null;
}

/**
 * Whether an enterprise with this 国民经济分类 may declare: eligible by sector, or by the ministry's exception.
 * Returns the message to show when it may not, else null.
 */
export function eligibilityProblem(
  code: string | null | undefined,
  options: { exception: boolean; when: 'registration' | 'submit' },
): string | null {
  if (options.exception || !code || isEligibleIndustry(code)) return null;
  return options.when === 'registration' ? ELIGIBILITY_MESSAGES.notEligible(code) : ELIGIBILITY_MESSAGES.atSubmit(code);
}

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
 *   1      登记管理部门代码 (registering authority: 1 机构编制, 5 民政, 9 市场监管/工商, Y 其他 …)
 *   2      机构类别代码 (organisation kind, e.g. 91 企业, 92 个体工商户, 93 农民专业合作社)
 *   3–8    登记管理机关行政区划码 (GB/T 2260, six digits)
 *   9–17   主体标识码 (the old 组织机构代码, GB 11714)
 *   18     校验码, computed over the first 17 characters (weights 3^i mod 31).
 *
 * Positions 1 and 2 are not checked against a list: the authorities add codes over time (e.g. A, N),
 * and refusing a real enterprise's code would be worse than accepting an odd prefix that still
 * carries a correct check character.
 *
 * The registration form labels this field 组织机构代码 (as the legacy platform did), but the value is
 * the 18-character credit code, so the messages name the code itself.
 */

/** The code's alphabet; a character's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of each of the first 17 positions (3^i mod 31). */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const USCC_MESSAGES = {
  required: '请输入统一社会信用代码',
  length: '统一社会信用代码应为18位',
  illegalCharacter: '统一社会信用代码含有非法字符',
  regionCode: '统一社会信用代码第3至8位应为行政区划代码（6位数字）',
  checkCharacter: '统一社会信用代码校验位错误',
} as const;

/**
 * What users type or paste: surrounding blanks, lower case, full-width characters from a Chinese
 * input method (ＡＢ１２). NFKC turns full-width forms into ASCII.
 */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

function isUsccCharacter(ch: string): boolean {
  return ch.length === 1 && USCC_ALPHABET.includes(ch);
}

/**
 * The check character (position 18) for the first 17 characters.
 * Throws on input that is not 17 characters of the alphabet: that is a programming error here,
 * users' input goes through usccProblems.
 */
export function usccCheckChar(first17: string): string {
  const body = normalizeUscc(first17);
  if (body.length !== 17 || ![...body].every(isUsccCharacter)) {
    throw new RangeError(`usccCheckChar needs 17 characters of ${USCC_ALPHABET}, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(body[i]) * USCC_WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return USCC_ALPHABET[check === 31 ? 0 : check];
}

/**
 * Everything wrong with a code, as messages a user reads; empty when the code is valid.
 * Length and alphabet are reported together; the region digits and the check character only
 * once the code has the right shape (a check-character error on a 17-character code helps no one).
 */
export function usccProblems(input: string): string[] {
  const code = normalizeUscc(input);
  if (code === '') return [USCC_MESSAGES.required];
  const problems: string[] = [];
  const chars = [...code];
  if (chars.length !== 18) problems.push(USCC_MESSAGES.length);
  if (!chars.every(isUsccCharacter)) problems.push(USCC_MESSAGES.illegalCharacter);
  if (problems.length > 0) return problems;

  if (!/^\d{6}$/.test(code.slice(2, 8))) problems.push(USCC_MESSAGES.regionCode);
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) problems.push(USCC_MESSAGES.checkCharacter);
  return problems;
}

export function isValidUscc(input: string): boolean {
  return usccProblems(input).length === 0;
}

/** The parts of a valid code, for display and for matching an enterprise to its region. */
export interface UsccParts {
  /** 登记管理部门代码 */
  registeringAuthority: string;
  /** 机构类别代码 */
  organisationKind: string;
  /** 登记管理机关行政区划码 (GB/T 2260) */
  regionCode: string;
  /** 主体标识码（组织机构代码） */
  organisationCode: string;
  /** 校验码 */
  checkChar: string;
}

/** Splits a valid code into its parts; undefined when the code is not valid. */
export function parseUscc(input: string): UsccParts | undefined {
  if (!isValidUscc(input)) return undefined;
  const code = normalizeUscc(input);
  return {
    registeringAuthority: code[0],
    organisationKind: code[1],
    regionCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
    checkChar: code[17],
  };
}

/**
 * A valid code from its first 17 characters: for demo seeds and tests, where made-up
 * enterprises need codes that pass the check.
 */
export function makeUscc(prefix17: string): string {
  const body = normalizeUscc(prefix17);
  return body + usccCheckChar(body);
}

/** 统一社会信用代码 (GB 32100-2015), asked by the enterprise profile and by registration. */
/** GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z), the last a check character. */
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isCreditCodeFormat(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code);
}

/** The 统一社会信用代码's check character (18th) matches the first 17. */
export function isValidCreditCode(code: string): boolean {
  if (!isCreditCodeFormat(code)) return false;
  const sum = CREDIT_CODE_WEIGHTS.reduce((total, weight, i) => total + CREDIT_CODE_ALPHABET.indexOf(code[i]) * weight, 0);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

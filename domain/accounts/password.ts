/**
 * Password rule of SPEC §5 and the enterprise manual (注册系统账户时，密码最少 8 位，包括至少 1 个大写字母，
 * 1 个小写字母，1 个数字，1 个特殊字符（@-_），不能包含空格，不能包含连续的数字).
 *
 * The manual names exactly three special characters, so any other symbol is refused with its own
 * message rather than silently accepted: a user who types `#` learns what to use instead.
 * The same rule applies to registration, to changing a password and to replacing a temporary or
 * imported one (the legacy `123456` passes login, never this rule).
 */
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for pass-phrases; short enough that a login body cannot make the hasher chew megabytes. */
export const PASSWORD_MAX_LENGTH = 64;
export const PASSWORD_SPECIAL_CHARACTERS = ['@', '-', '_'] as const;

export const PASSWORD_MESSAGES = {
  required: '请输入密码',
  tooShort: `密码至少${PASSWORD_MIN_LENGTH}位`,
  tooLong: `密码不能超过${PASSWORD_MAX_LENGTH}位`,
  upperCase: '密码须包含大写字母',
  lowerCase: '密码须包含小写字母',
  digit: '密码须包含数字',
  special: '密码须包含特殊字符（@ - _ 之一）',
  space: '密码不能包含空格',
  otherCharacters: '密码只能包含字母、数字和@-_',
  consecutiveDigits: '密码不能包含连续的数字（如123、987）',
} as const;

/** Any blank a user can type: space, tab, the full-width space of Chinese input methods. */
const BLANK = /\s/u;
const ALLOWED = /^[A-Za-z0-9@\-_]$/;

/**
 * True when the text holds three or more adjacent digits that each go up by one (123, 4567, 012)
 * or each go down by one (987, 210). 890 and 098 do not wrap around; 111 is not a run.
 */
export function hasConsecutiveDigits(text: string): boolean {
  for (let i = 0; i + 2 < text.length; i++) {
    const [a, b, c] = [text[i], text[i + 1], text[i + 2]];
    if (!/\d/.test(a) || !/\d/.test(b) || !/\d/.test(c)) continue;
    const step = Number(b) - Number(a);
    if ((step === 1 || step === -1) && Number(c) - Number(b) === step) return true;
  }
  return false;
}

/** Every rule the password breaks, in the order of the rule's wording; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  if (password.length === 0) return [PASSWORD_MESSAGES.required];
  const characters = [...password];
  const problems: string[] = [];
  if (characters.length < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_MESSAGES.tooShort);
  if (characters.length > PASSWORD_MAX_LENGTH) problems.push(PASSWORD_MESSAGES.tooLong);
  if (!/[A-Z]/.test(password)) problems.push(PASSWORD_MESSAGES.upperCase);
  if (!/[a-z]/.test(password)) problems.push(PASSWORD_MESSAGES.lowerCase);
  if (!/[0-9]/.test(password)) problems.push(PASSWORD_MESSAGES.digit);
  if (!/[@\-_]/.test(password)) problems.push(PASSWORD_MESSAGES.special);
  if (characters.some((ch) => BLANK.test(ch))) problems.push(PASSWORD_MESSAGES.space);
  if (characters.some((ch) => !BLANK.test(ch) && !ALLOWED.test(ch))) problems.push(PASSWORD_MESSAGES.otherCharacters);
  if (hasConsecutiveDigits(password)) problems.push(PASSWORD_MESSAGES.consecutiveDigits);
  return problems;
}

export function isAcceptablePassword(password: string): boolean {
  return passwordProblems(password).length === 0;
}

/**
 * A new password under the rule: one issue per broken rule, so the form can list them all at once.
 * Never trimmed: a blank the user typed is theirs and must be refused, not quietly removed.
 */
export const passwordSchema = z
  .string({ error: PASSWORD_MESSAGES.required })
  .superRefine((password, ctx) => {
    for (const message of passwordProblems(password)) ctx.addIssue({ code: 'custom', message });
  });

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const SPECIAL = PASSWORD_SPECIAL_CHARACTERS.join('');

/**
 * A temporary password that satisfies the rule, for an administrator's password reset.
 * `randomIndex(n)` returns an integer in [0, n): pass `crypto.randomInt` on the server, a seeded
 * function in tests. Look-alike characters (I l 1 O 0) are left out: the password is read aloud or
 * copied from a screen.
 */
export function generatePassword(randomIndex: (bound: number) => number, length = 12): string {
  if (!Number.isInteger(length) || length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new RangeError(`password length must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH}, got ${length}`);
  }
  const pick = (alphabet: string) => alphabet[randomIndex(alphabet.length)];
  const all = UPPER + LOWER + DIGITS + SPECIAL;
  // A fair source succeeds at once almost always (the only way to fail is a run like 234);
  // the bound turns a broken source into an error instead of a hung request.
  for (let attempt = 0; attempt < 1000; attempt++) {
    const characters = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SPECIAL)];
    while (characters.length < length) characters.push(pick(all));
    // Fisher–Yates, so the guaranteed classes are not always in the first four places.
    for (let i = characters.length - 1; i > 0; i--) {
      const j = randomIndex(i + 1);
      [characters[i], characters[j]] = [characters[j], characters[i]];
    }
    const password = characters.join('');
    if (isAcceptablePassword(password)) return password;
  }
  throw new Error('generatePassword: the random source never produced an acceptable password');
}

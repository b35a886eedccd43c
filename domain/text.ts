/**
 * Text that every layer can hold (issue 14.1). A string the API accepts must be storable in PostgreSQL (`text` and
 * `jsonb`: no NUL, no lone surrogate — jsonb refuses "\u0000" and "\ud800"), shown by a browser and written into an
 * .xlsx (XML 1.0: no C0 control other than tab, line feed and carriage return, no U+FFFE/U+FFFF). So one rule,
 * applied at the API door to every string of every body, query and path (object keys included), and again inside
 * the submission workflow's Update validator, so that nothing the projection cannot store ever reaches history:
 *
 * - refused: NUL and the other C0 controls except \t \n \r, DEL and the C1 controls (U+007F–U+009F), lone UTF-16
 *   surrogates, the noncharacters of the Basic Multilingual Plane (U+FDD0–U+FDEF, U+FFFE, U+FFFF; the astral ones
 *   are legal XML and storable everywhere, and leaving them alone keeps the rule expressible as one JSON Schema
 *   pattern, STORABLE_TEXT_PATTERN below);
 * - accepted text is normalised to NFC, so "é" typed two ways is one string to search, compare and store;
 * - lengths are counted in characters (code points), as a person and JSON Schema's maxLength count them, not in
 *   UTF-16 units: "𠀀" (CJK Extension B) or an emoji is one character.
 *
 * Headers and file names we keep (user agent, upload names) are not refused for such characters: `cleanText`
 * drops them instead, because the person cannot change what the browser or the file system sent.
 *
 * Pure: imported by the API, the workflows (validators) and the UI.
 */

/** Deeper JSON than any form of this platform has (the forms are ≤ 5 levels): refused before anything walks it. */
export const MAX_JSON_DEPTH = 32;
/** A few problems are enough for a person to see what is wrong; a hostile body may hold thousands. */
const MAX_PROBLEMS = 20;

export const TEXT_MESSAGES = {
  control: (codePoint: number) => `不能包含控制字符（${unicodeName(codePoint)}），请删除后重试`,
  surrogate: '包含不完整的字符（单独的代理项，常见于复制粘贴时被截断的表情符号），请删除后重试',
  noncharacter: (codePoint: number) => `不能包含非字符码位（${unicodeName(codePoint)}），请删除后重试`,
  tooDeep: `数据嵌套层级过深（最多${MAX_JSON_DEPTH}层）`,
  tooLong: (max: number) => `不能超过${max}个字`,
} as const;

function unicodeName(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return codePoint === 0 ? `${hex} 空字符` : hex;
}

/** A code point the rule refuses (lone surrogates are found separately: they are not code points of a valid string). */
function isForbiddenCodePoint(cp: number): boolean {
  if (cp <= 0x1f) return cp !== 0x09 && cp !== 0x0a && cp !== 0x0d;
  if (cp >= 0x7f && cp <= 0x9f) return true;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;
  return cp === 0xfffe || cp === 0xffff;
}

/** Why the text cannot be stored, in words a person reads; null when it can. */
export function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        if (isForbiddenCodePoint(cp)) return TEXT_MESSAGES.noncharacter(cp);
        i++;
        continue;
      }
      return TEXT_MESSAGES.surrogate;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return TEXT_MESSAGES.surrogate;
    if (isForbiddenCodePoint(unit)) return unit >= 0xfdd0 ? TEXT_MESSAGES.noncharacter(unit) : TEXT_MESSAGES.control(unit);
  }
  return null;
}

export function isStorableText(text: string): boolean {
  return textProblem(text) === null;
}

export interface TextProblem {
  /** Where in the value: object keys and array indexes. */
  path: (string | number)[];
  message: string;
}

/**
 * Every string in a JSON value (object keys included) that cannot be stored, with its path; also a value nested
 * deeper than MAX_JSON_DEPTH. Iterative, so a hostile body cannot exhaust the stack.
 */
export function storableTextProblems(value: unknown): TextProblem[] {
  const problems: TextProblem[] = [];
  // Depth first in document order; a bad key is an item of its own, so problems come out in the order they appear.
  const stack: { value: unknown; path: (string | number)[]; keyProblem?: string }[] = [{ value, path: [] }];
  while (stack.length && problems.length < MAX_PROBLEMS) {
    const item = stack.pop()!;
    if (item.keyProblem) {
      problems.push({ path: item.path, message: item.keyProblem });
      continue;
    }
    if (typeof item.value === 'string') {
      const message = textProblem(item.value);
      if (message) problems.push({ path: item.path, message });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.path.length >= MAX_JSON_DEPTH) {
      problems.push({ path: item.path, message: TEXT_MESSAGES.tooDeep });
      continue;
    }
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) stack.push({ value: item.value[i], path: [...item.path, i] });
      continue;
    }
    const entries = Object.entries(item.value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const keyProblem = textProblem(key);
      stack.push(keyProblem ? { value: undefined, path: [...item.path, key], keyProblem } : { value: child, path: [...item.path, key] });
    }
  }
  return problems;
}

/**
 * The same JSON value with every string and key in NFC. Call it after storableTextProblems found nothing (the value
 * is then known to be shallower than MAX_JSON_DEPTH, so the recursion is bounded). Prototype keys stay plain data.
 */
export function normaliseText<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => normaliseText(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, key.normalize('NFC'), { value: normaliseText(child), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** Length in characters (code points): what a person counts and what JSON Schema's maxLength means. */
export function charLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Text from a source the person cannot edit (a browser's user agent, a file name from the file system): the
 * characters the rule refuses are dropped, the rest normalised to NFC and cut to `maxChars` characters.
 */
export function cleanText(text: string, maxChars = 1000): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < text.length && n < maxChars; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        if (!isForbiddenCodePoint(cp)) {
          out += text[i]! + text[i + 1]!;
          n++;
        }
        i++;
      }
      continue;
    }
    if ((unit >= 0xdc00 && unit <= 0xdfff) || isForbiddenCodePoint(unit)) continue;
    out += text[i]!;
    n++;
  }
  return out.normalize('NFC');
}

/** A JSON Schema `pattern` (ECMA-262) for the same rule, so that the OpenAPI document says what the door accepts. */
export const STORABLE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]*$';

/** `a.b[0].c`, the path notation of the API's field problems. */
export function textPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

/**
 * For a workflow's Update validator (defence in depth behind the API door): the first unstorable string of the
 * value as one sentence naming its field, or null.
 */
export function unstorableTextRefusal(value: unknown): string | null {
  const [first] = storableTextProblems(value);
  if (!first) return null;
  const field = textPath(first.path);
  return field ? `${field}：${first.message}` : first.message;
}

/**
 * Field builders shared by the section schemas. Each builder knows its Chinese label and the two modes:
 *
 * - `draft` (暂存): every field may be missing; `''`, whitespace and `null` (what react-admin sends for a cleared
 *   input) count as missing and are dropped; a value that is present must have the right format.
 * - `submit` (提交): additionally, required fields must be present. Cross-field rules live in each section's
 *   `submitRules` and run in submit mode only.
 *
 * Static types are the same in both modes (every field `T | undefined`): a stored form may be a draft.
 */
import { z } from 'zod';
import { findIndustryCode, findRegion, isValidRegionTriple, type RegionLevel } from '../reference';
import { normalizeUscc, usccProblems } from '../accounts/uscc';
import { messages } from './messages';

export type FormMode = 'draft' | 'submit';

export const TEXT_MAX = { short: 100, medium: 500, long: 5000 } as const;
export const MAX_ROWS = 50;
/** Upper bound of a percentage that may exceed 100 (an increase): a guard against typing slips, not a business rule. */
export const PERCENT_MAX = 10000;

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const blankToUndefined = (value: unknown) => (isBlank(value) ? undefined : value);

export function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

export function roundToCents(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

type TypeErrorMessage = string | ((issue: { input?: unknown }) => string);

interface FieldOptions {
  /** Optional even when submitting (or required only by a cross-field rule). */
  optional?: boolean;
}

/** Builders bound to one mode: `const f = fieldsFor(mode)`. */
export function fieldsFor(mode: FormMode) {
  /**
   * `makeInner(typeError)` builds the field's zod type with the given error for a wrong type. In submit mode a
   * missing value reaches the inner type as `undefined`, whose type error then says it is missing (zod drops
   * issues of absent keys whose schema is optional, so a required field must not be `.optional()`).
   */
  function field<T extends z.ZodType>(
    makeInner: (typeError: TypeErrorMessage) => T,
    wrongType: string,
    options: FieldOptions,
    missingMessage: string,
  ) {
    const optionalField = z.preprocess(blankToUndefined, makeInner(wrongType).optional());
    if (mode === 'draft' || options.optional) return optionalField;
    const requiredField = z.preprocess(
      blankToUndefined,
      makeInner((issue) => (issue.input === undefined ? missingMessage : wrongType)),
    );
    // Same static type in both modes: a required field's output is a subset of the optional one's.
    return requiredField as unknown as typeof optionalField;
  }

  const text = (label: string, options: FieldOptions & { max?: number } = {}) => {
    const max = options.max ?? TEXT_MAX.short;
    return field(
      (error) => z.string({ error }).trim().max(max, messages.tooLong(label, max)),
      messages.notText(label),
      options,
      messages.required(label),
    );
  };

  /** Non-negative amount with at most two decimals: money (万元), areas (m²), capacities. */
  const amount = (label: string, options: FieldOptions = {}) =>
    field(
      (error) =>
        z
          .number({ error })
          .min(0, messages.negative(label))
          .refine(hasAtMostTwoDecimals, messages.tooManyDecimals(label))
          .transform(roundToCents), // 0.1 + 0.2 is stored as 0.3
      messages.notANumber(label),
      options,
      messages.required(label),
    );

  const count = (label: string, options: FieldOptions = {}) =>
    field(
      (error) => z.number({ error }).int(messages.notAnInteger(label)).min(0, messages.negative(label)),
      messages.notANumber(label),
      options,
      messages.required(label),
    );

  /**
   * A percentage with at most two decimals, ≥ 0. A reduction (降本, 绿色) cannot exceed 100 %; an increase (提质, 增效)
   * can — 人均产值 up 150 % is a real answer — so it is capped only against typing slips (PERCENT_MAX).
   */
  const percent = (label: string, options: FieldOptions & { max?: number } = {}) =>
    field(
      (error) =>
        z
          .number({ error })
          .min(0, messages.negative(label))
          .max(options.max ?? 100, messages.percentTooLarge(label, options.max ?? 100))
          .refine(hasAtMostTwoDecimals, messages.tooManyDecimals(label))
          .transform(roundToCents), // 0.1 + 0.2 is stored as 0.3
      messages.notANumber(label),
      options,
      messages.required(label),
    );

  const choice = <const V extends readonly [string, ...string[]]>(label: string, values: V, options: FieldOptions = {}) =>
    field((error) => z.enum(values, { error }), messages.invalidChoice(label), options, messages.requiredChoice(label));

  /** Multiple choice; duplicates are dropped. Optional: an empty list is a valid answer. */
  const multiChoice = <const V extends readonly [string, ...string[]]>(label: string, values: V) =>
    z.preprocess(
      (value) => (value === undefined || value === null ? [] : value),
      z
        .array(z.enum(values, { error: messages.invalidChoice(label) }), { error: messages.invalidList(label) })
        .transform((chosen) => [...new Set(chosen)]),
    );

  const date = (label: string, options: FieldOptions = {}) =>
    field(
      (error) => z.string({ error }).refine(isIsoDate, messages.invalidDate(label)),
      messages.invalidDate(label),
      options,
      messages.required(label),
    );

  /** An uploaded image: the form holds the file's id (a uuid); the upload itself checks type and size. */
  const fileId = (label: string, options: FieldOptions = {}) =>
    field(
      (error) => z.string({ error }).uuid(messages.invalidFileId(label)),
      messages.invalidFileId(label),
      options,
      messages.requiredUpload(label),
    );

  const mobile = (label: string, options: FieldOptions = {}) =>
    field(
      (error) => z.string({ error }).trim().regex(/^1[3-9]\d{9}$/, messages.invalidFormat(label)),
      messages.invalidFormat(label),
      options,
      messages.required(label),
    );

  const email = (label: string, options: FieldOptions = {}) =>
    field(
      (error) =>
        z
          .string({ error })
          .trim()
          .max(TEXT_MAX.short, messages.tooLong(label, TEXT_MAX.short))
          .email(messages.invalidFormat(label)),
      messages.invalidFormat(label),
      options,
      messages.required(label),
    );

  /** A GB/T 2260 code of the given level. Whether the three codes nest is a cross-field rule. */
  const regionCode = (label: string, level: RegionLevel, options: FieldOptions = {}) =>
    field(
      (error) =>
        z.string({ error }).refine((code) => findRegion(code)?.level === level, messages.invalidRegionCode(label)),
      messages.invalidRegionCode(label),
      options,
      messages.requiredChoice(label),
    );

  /** A GB/T 4754-2017 小类 code such as '3831'. */
  const industryClassCode = (label: string, options: FieldOptions = {}) =>
    field(
      (error) =>
        z
          .string({ error })
          .refine((code) => findIndustryCode(code) !== undefined, {
            message: messages.unknownIndustryCode(label),
            abort: true,
          })
          .refine((code) => findIndustryCode(code)?.level === '小类', messages.industryNotClass(label)),
      messages.unknownIndustryCode(label),
      options,
      messages.requiredChoice(label),
    );

  /**
   * 统一社会信用代码 (GB 32100), with the same normalisation (full-width, lower case) and messages as registration
   * (domain/accounts/uscc.ts), so an enterprise reads the same words in both places.
   */
  const creditCode = (label: string, options: FieldOptions = {}) =>
    field(
      (error) =>
        z
          .string({ error })
          .transform(normalizeUscc)
          .superRefine((code, ctx) => {
            for (const message of usccProblems(code)) ctx.addIssue({ code: 'custom', message });
          }),
      messages.notText(label),
      options,
      messages.required(label),
    );

  /** A nested group of fields; a missing group is an empty one, so each required field inside is reported. */
  const group = <S extends z.ZodRawShape>(label: string, shape: S) =>
    z.preprocess(
      (value) => (value === undefined || value === null ? {} : value),
      z.object(shape, { error: messages.notAnObject(label) }),
    );

  /**
   * Repeating rows (rows added with “+”). At most MAX_ROWS rows; problems inside a row are prefixed with the
   * list's label and the row number when converted to Problems.
   */
  const rows = <S extends z.ZodRawShape>(label: string, rowShape: S, options: { requiredInSubmit?: boolean } = {}) => {
    const list = z
      .array(z.object(rowShape, { error: messages.invalidRow }), { error: messages.invalidList(label) })
      .max(MAX_ROWS, messages.tooManyRows(label, MAX_ROWS));
    return z.preprocess(
      (value) => (value === undefined || value === null ? [] : value),
      mode === 'submit' && options.requiredInSubmit ? list.min(1, messages.atLeastOneRow(label)) : list,
    );
  };

  return {
    text,
    creditCode,
    amount,
    count,
    percent,
    choice,
    multiChoice,
    date,
    fileId,
    mobile,
    email,
    regionCode,
    industryClassCode,
    group,
    rows,
  };
}

export type Fields = ReturnType<typeof fieldsFor>;

/** The section's object: `null`/missing is an empty section. Cross-field rules run even when fields have problems. */
export function sectionObject<S extends z.ZodRawShape>(
  label: string,
  shape: S,
  mode: FormMode,
  submitRules?: (value: z.output<z.ZodObject<S>>, report: Reporter) => void,
) {
  const object = z.object(shape, { error: messages.notAnObject(label) });
  return mode === 'submit' && submitRules
    ? object.superRefine((value, ctx) => submitRules(value, reporterFor(ctx)), {
        when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
      })
    : object;
}

/** Adds a problem at a path of the section. */
export type Reporter = (path: (string | number)[], message: string) => void;

function reporterFor(ctx: z.RefinementCtx): Reporter {
  return (path, message) => ctx.addIssue({ code: 'custom', path, message });
}

export function withEmptyAsObject<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === undefined || value === null ? {} : value), schema);
}

/** The value's number, or undefined when it is not a finite number (e.g. a field that has its own problem). */
export function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * True when each code of the address is a known region of its level but they do not nest (a district of
 * 深圳 under 广州). An unknown code is reported on its own field, not again as a mismatch.
 */
export function isMismatchedAddress(
  address: { provinceCode?: unknown; cityCode?: unknown; districtCode?: unknown } | undefined,
): boolean {
  const { provinceCode, cityCode, districtCode } = address ?? {};
  const known = (code: unknown, level: RegionLevel) => typeof code === 'string' && findRegion(code)?.level === level;
  return (
    known(provinceCode, 'province') &&
    known(cityCode, 'city') &&
    known(districtCode, 'district') &&
    !isValidRegionTriple(provinceCode as string, cityCode as string, districtCode as string)
  );
}

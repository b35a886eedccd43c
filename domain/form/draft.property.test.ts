import fc from 'fast-check';
import * as reference from '../reference';
import { exampleEnterpriseProfile, exampleForm, SECTION_KEYS, validateEnterpriseProfile, validateSection } from './index';

/**
 * Values that only make sense whole: options of the enumerations, dates, uuids, codes, numbers written as digits,
 * mobiles, e-mails. Every other string of the example is free text, which a draft may hold cut at any point.
 */
const OPTION_VALUES = new Set<string>(
  Object.values(reference).flatMap((value) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : [],
  ),
);
function isWholeValue(text: string): boolean {
  return (
    OPTION_VALUES.has(text) ||
    /^\d{4}-\d{2}-\d{2}$/.test(text) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(text) ||
    /^[0-9A-Z]+$/.test(text) ||
    text.includes('@')
  );
}

/** Any subset of the fields (at every depth, rows included) with any prefix of each free-text string. */
function partOf(value: unknown): fc.Arbitrary<unknown> {
  const cleared = fc.constantFrom<unknown>('', null, undefined);
  if (Array.isArray(value)) {
    if (value.length === 0) return fc.constant([]);
    if (value.every((item) => typeof item === 'string')) return fc.subarray(value);
    return fc.tuple(...value.map(partOf)).chain((rows) => fc.subarray(rows));
  }
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).map(([key, child]) => [key, fc.option(partOf(child), { nil: undefined })] as const);
    return fc.record(Object.fromEntries(fields)).map((record) =>
      Object.fromEntries(Object.entries(record).filter(([, child]) => child !== undefined)),
    );
  }
  if (typeof value === 'string' && !isWholeValue(value)) {
    return fc.oneof(fc.nat(value.length).map((length) => value.slice(0, length)), cleared);
  }
  return fc.oneof(fc.constant(value), cleared);
}

/** 相关材料 entries are written whole by the server (an upload), never typed, so no part of one is a draft. */
const TYPED_SECTIONS = SECTION_KEYS.filter((section) => section !== 'materials');

describe('暂存 (draft mode)', () => {
  it.each(TYPED_SECTIONS)('accepts any part of a valid %s: any subset of its fields, any prefix of its texts', (section) => {
    fc.assert(
      fc.property(partOf(exampleForm()[section]), (part) => {
        const result = validateSection(section, part, 'draft');
        if (!result.ok) throw new Error(`${JSON.stringify(part)} → ${JSON.stringify(result.problems)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts any part of a valid enterprise profile', () => {
    fc.assert(
      fc.property(partOf(exampleEnterpriseProfile()), (part) => validateEnterpriseProfile(part, 'draft').ok),
      { numRuns: 300 },
    );
  });

  it.each(TYPED_SECTIONS)('saves %s in a normal form that validates to itself', (section) => {
    fc.assert(
      fc.property(partOf(exampleForm()[section]), (part) => {
        const first = validateSection(section, part, 'draft');
        const again = first.ok ? validateSection(section, first.value, 'draft') : first;
        expect(again).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});

describe('any input', () => {
  it.each(SECTION_KEYS)('gets an answer for %s, never an exception, with Chinese messages', (section) => {
    const input = fc.oneof(fc.anything(), partOf(exampleForm()[section]).map((part) => ({ ...(part as object), junk: 1 })));
    fc.assert(
      fc.property(input, fc.constantFrom('draft' as const, 'submit' as const), (data, mode) => {
        const result = validateSection(section, data, mode);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.message).toMatch(/\p{Script=Han}/u);
        }
      }),
      { numRuns: 200 },
    );
  });
});

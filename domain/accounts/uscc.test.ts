import fc from 'fast-check';
import {
  USCC_ALPHABET,
  USCC_WEIGHTS,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  parseUscc,
  usccCheckChar,
  usccProblems,
} from './uscc';

/**
 * Codes of large enterprises as they appear in public registers and licences (91440300708461136T
 * is Tencent's, in Shenzhen; the others were recalled from public records and are kept because
 * they pass the check, which a misremembered code does only once in 31 times).
 */
const PUBLISHED_CODES = [
  '91440300708461136T',
  '9144030071526726XG',
  '914403001922038216',
  '91330100716105852F',
  '91110108551385082Q',
  '91110000100017643K',
  '91440300279583285Y',
  '91110000710935732K',
];

const body = fc
  .array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 })
  .map((chars) => chars.join(''));

/** Authority and kind, six region digits, nine characters of 主体标识码. */
const realisticBody = fc
  .tuple(
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 2, maxLength: 2 }),
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 }),
  )
  .map((parts) => parts.map((chars) => chars.join('')).join(''));

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each(PUBLISHED_CODES)('accepts the published code %s', (code) => {
    expect(usccProblems(code)).toEqual([]);
    expect(isValidUscc(code)).toBe(true);
  });

  it('computes the published check characters, digits and letters alike', () => {
    expect(usccCheckChar('91440300708461136')).toBe('T');
    expect(usccCheckChar('9144030071526726X')).toBe('G');
    expect(usccCheckChar('91440300192203821')).toBe('6');
    expect(usccCheckChar('91110108551385082')).toBe('Q');
  });

  it("writes a check value of 31 as '0'", () => {
    // The weighted sum of these 17 characters is a multiple of 31: 31 - 0 = 31, written '0'.
    const first17 = '91440101MA5C10026';
    const sum = [...first17].reduce((acc, ch, i) => acc + USCC_ALPHABET.indexOf(ch) * USCC_WEIGHTS[i], 0);
    expect(sum % 31).toBe(0);
    expect(usccCheckChar(first17)).toBe('0');
    expect(isValidUscc('91440101MA5C100260')).toBe(true);
    expect(usccProblems('91440101MA5C10026Y')).toEqual(['统一社会信用代码校验位错误']);
  });

  it('uses the 31-character alphabet without I, O, Z, S, V', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(USCC_ALPHABET).not.toContain(ch);
  });

  it('reads a code typed in lower case, with blanks around it or in full-width characters', () => {
    expect(normalizeUscc(' 91440300708461136t ')).toBe('91440300708461136T');
    expect(normalizeUscc('９１４４０３００７０８４６１１３６Ｔ')).toBe('91440300708461136T');
    expect(isValidUscc('91440300708461136t')).toBe(true);
    expect(isValidUscc('\u300091440300708461136T\u3000')).toBe(true);
  });

  it('asks for the code when nothing is entered', () => {
    expect(usccProblems('')).toEqual(['请输入统一社会信用代码']);
    expect(usccProblems('   ')).toEqual(['请输入统一社会信用代码']);
  });

  it('refuses a code that is not 18 characters long', () => {
    expect(usccProblems('91440300708461136')).toEqual(['统一社会信用代码应为18位']);
    expect(usccProblems('91440300708461136T0')).toEqual(['统一社会信用代码应为18位']);
    expect(usccProblems('708461136')).toEqual(['统一社会信用代码应为18位']);
  });

  it('refuses letters outside the alphabet and other characters', () => {
    expect(usccProblems('91440300708461136I')).toEqual(['统一社会信用代码含有非法字符']);
    expect(usccProblems('9144030070846113OT')).toEqual(['统一社会信用代码含有非法字符']);
    expect(usccProblems('91440300-708461136')).toEqual(['统一社会信用代码含有非法字符']);
    expect(usccProblems('9144 0300708461136')).toEqual(['统一社会信用代码含有非法字符']);
  });

  it('reports length and alphabet together', () => {
    expect(usccProblems('9144030070846113S')).toEqual(['统一社会信用代码应为18位', '统一社会信用代码含有非法字符']);
  });

  it('refuses a wrong check character', () => {
    expect(usccProblems('91440300708461136A')).toEqual(['统一社会信用代码校验位错误']);
    expect(usccProblems('914403001922038210')).toEqual(['统一社会信用代码校验位错误']);
  });

  it('refuses a code whose positions 3 to 8 are not a region code', () => {
    const code = makeUscc('914A0300708461136');
    expect(usccProblems(code)).toEqual(['统一社会信用代码第3至8位应为行政区划代码（6位数字）']);
  });

  it('catches any single mistyped character and any swap of two neighbouring characters', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...USCC_ALPHABET), (first17, position, replacement) => {
        const code = makeUscc(first17);
        fc.pre(code[position] !== replacement);
        const typo = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(usccProblems(typo)).toContain('统一社会信用代码校验位错误');
      }),
    );
    fc.assert(
      fc.property(body, fc.nat(16), (first17, position) => {
        const code = makeUscc(first17);
        fc.pre(code[position] !== code[position + 1]);
        const swapped = code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2);
        expect(usccProblems(swapped)).toContain('统一社会信用代码校验位错误');
      }),
    );
  });

  describe('makeUscc (demo data)', () => {
    it('completes 17 characters with their check character', () => {
      expect(makeUscc('91440300708461136')).toBe('91440300708461136T');
      expect(makeUscc('91440101ma5c10026')).toBe('91440101MA5C100260');
    });

    it('always makes a code the check accepts', () => {
      fc.assert(fc.property(realisticBody, (first17) => isValidUscc(makeUscc(first17))));
      fc.assert(
        fc.property(body, (first17) => {
          const code = makeUscc(first17);
          expect(code).toHaveLength(18);
          expect(usccProblems(code)).not.toContain('统一社会信用代码校验位错误');
        }),
      );
    });

    it('refuses a prefix that is not 17 characters of the alphabet', () => {
      expect(() => makeUscc('9144030070846113')).toThrow(RangeError);
      expect(() => makeUscc('9144030070846113I')).toThrow(RangeError);
    });
  });

  it('splits a valid code into its parts', () => {
    expect(parseUscc('91440300708461136t')).toEqual({
      registeringAuthority: '9',
      organisationKind: '1',
      regionCode: '440300',
      organisationCode: '708461136',
      checkChar: 'T',
    });
    expect(parseUscc('91440300708461136A')).toBeUndefined();
  });
});

import fc from 'fast-check';
import { generatePassword, hasConsecutiveDigits, isAcceptablePassword, passwordProblems, passwordSchema } from './password';

describe('password rule (密码最少8位，含大小写字母、数字和@-_，不含空格和连续数字)', () => {
  it.each(['Abc@2468', 'gz-Factory_2025', 'A_b-c@d1', 'Zz@13579', 'Password@97531', 'Aa@1a2b3c'])('accepts %s', (password) => {
    expect(passwordProblems(password)).toEqual([]);
    expect(isAcceptablePassword(password)).toBe(true);
  });

  it('asks for a password when nothing is entered', () => {
    expect(passwordProblems('')).toEqual(['请输入密码']);
  });

  it('needs at least 8 characters', () => {
    expect(passwordProblems('Ab@2468')).toEqual(['密码至少8位']);
  });

  it('allows at most 64 characters', () => {
    expect(passwordProblems('Ab@2468' + 'x'.repeat(57))).toEqual([]);
    expect(passwordProblems('Ab@2468' + 'x'.repeat(58))).toEqual(['密码不能超过64位']);
  });

  it('needs an upper-case letter', () => {
    expect(passwordProblems('abc@2468')).toEqual(['密码须包含大写字母']);
  });

  it('needs a lower-case letter', () => {
    expect(passwordProblems('ABC@2468')).toEqual(['密码须包含小写字母']);
  });

  it('needs a digit', () => {
    expect(passwordProblems('Abcd@efg')).toEqual(['密码须包含数字']);
  });

  it('needs one of @ - _', () => {
    expect(passwordProblems('Abcd2468')).toEqual(['密码须包含特殊字符（@ - _ 之一）']);
    for (const special of ['@', '-', '_']) expect(passwordProblems(`Abcd${special}2468`)).toEqual([]);
  });

  it('refuses spaces, including the full-width space and tabs', () => {
    expect(passwordProblems('Abc @2468')).toEqual(['密码不能包含空格']);
    expect(passwordProblems('Abc\u3000@2468')).toEqual(['密码不能包含空格']);
    expect(passwordProblems('Abc\t@2468')).toEqual(['密码不能包含空格']);
    expect(passwordProblems(' Abc@2468')).toEqual(['密码不能包含空格']);
  });

  it('refuses other special characters and non-ASCII letters', () => {
    expect(passwordProblems('Abc@2468#')).toEqual(['密码只能包含字母、数字和@-_']);
    expect(passwordProblems('Abc@2468!')).toEqual(['密码只能包含字母、数字和@-_']);
    expect(passwordProblems('Abc@2468密码')).toEqual(['密码只能包含字母、数字和@-_']);
    expect(passwordProblems('Abc＠2468')).toEqual(['密码须包含特殊字符（@ - _ 之一）', '密码只能包含字母、数字和@-_']);
  });

  it('refuses runs of three or more consecutive digits, up or down', () => {
    for (const password of ['Abc@1234', 'Abc@123x', 'Abc@x987', 'Abc@4567x', 'Abc@0121', 'Abc@9210', 'Abc@x789', '321Abc@xy', 'Abc@x-7654']) {
      expect(passwordProblems(password)).toEqual(['密码不能包含连续的数字（如123、987）']);
    }
  });

  it('allows digits that are not a run of three', () => {
    expect(passwordProblems('Abc@12x3')).toEqual([]); // interrupted
    expect(passwordProblems('Abc@1357')).toEqual([]); // steps of two
    expect(passwordProblems('Abc@1112')).toEqual([]); // repeated, not consecutive
    expect(passwordProblems('Abc@8901')).toEqual([]); // 8,9,0 does not wrap round; 9,0,1 neither
    expect(passwordProblems('Abc@1213')).toEqual([]); // up then down
  });

  it('lists every rule a password breaks, in the order the rule is written', () => {
    expect(passwordProblems('abc 123')).toEqual([
      '密码至少8位',
      '密码须包含大写字母',
      '密码须包含特殊字符（@ - _ 之一）',
      '密码不能包含空格',
      '密码不能包含连续的数字（如123、987）',
    ]);
  });

  it('refuses the imported initial password 123456 when it has to be replaced', () => {
    expect(passwordProblems('123456')).toEqual([
      '密码至少8位',
      '密码须包含大写字母',
      '密码须包含小写字母',
      '密码须包含特殊字符（@ - _ 之一）',
      '密码不能包含连续的数字（如123、987）',
    ]);
  });

  describe('hasConsecutiveDigits', () => {
    it('finds ascending and descending runs only', () => {
      expect(hasConsecutiveDigits('123')).toBe(true);
      expect(hasConsecutiveDigits('987')).toBe(true);
      expect(hasConsecutiveDigits('a4567b')).toBe(true);
      expect(hasConsecutiveDigits('12')).toBe(false);
      expect(hasConsecutiveDigits('132')).toBe(false);
      expect(hasConsecutiveDigits('1a2b3')).toBe(false);
      expect(hasConsecutiveDigits('')).toBe(false);
    });
  });

  describe('passwordSchema', () => {
    it('gives one issue per broken rule', () => {
      const result = passwordSchema.safeParse('abcdefgh');
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([
        '密码须包含大写字母',
        '密码须包含数字',
        '密码须包含特殊字符（@ - _ 之一）',
      ]);
    });

    it('asks for a password when none is sent', () => {
      expect(passwordSchema.safeParse(undefined).error?.issues.map((issue) => issue.message)).toEqual(['请输入密码']);
      expect(passwordSchema.safeParse(12345678).error?.issues.map((issue) => issue.message)).toEqual(['请输入密码']);
    });

    it('keeps the password exactly as typed', () => {
      expect(passwordSchema.parse('Abc@2468')).toBe('Abc@2468');
    });
  });

  describe('generatePassword (temporary passwords after a reset)', () => {
    it('always satisfies the rule', () => {
      fc.assert(
        fc.property(fc.infiniteStream(fc.nat()), fc.integer({ min: 8, max: 64 }), (stream, length) => {
          const numbers = stream[Symbol.iterator]();
          const randomIndex = (bound: number) => (numbers.next().value as number) % bound;
          const password = generatePassword(randomIndex, length);
          expect(password).toHaveLength(length);
          expect(passwordProblems(password)).toEqual([]);
        }),
      );
    });

    it('leaves out characters that are easily misread', () => {
      let seed = 1;
      const randomIndex = (bound: number) => {
        seed = (seed * 48271) % 2147483647;
        return seed % bound;
      };
      for (let i = 0; i < 200; i++) expect(generatePassword(randomIndex)).not.toMatch(/[Il1O0o]/);
    });

    it('refuses a length the rule does not allow', () => {
      expect(() => generatePassword(() => 0, 7)).toThrow(RangeError);
      expect(() => generatePassword(() => 0, 65)).toThrow(RangeError);
    });
  });
});

import { charLength, cleanText, normaliseText, storableTextProblems, textProblem, unstorableTextRefusal, STORABLE_TEXT_PATTERN, MAX_JSON_DEPTH } from './text';

describe('text every layer can hold', () => {
  test.each([
    ['NUL', 'a\u0000b', '不能包含控制字符（U+0000 空字符），请删除后重试'],
    ['a bell', 'a\u0007', '不能包含控制字符（U+0007），请删除后重试'],
    ['vertical tab', '\u000b', '不能包含控制字符（U+000B），请删除后重试'],
    ['DEL', '\u007f', '不能包含控制字符（U+007F），请删除后重试'],
    ['a C1 control', '\u0085', '不能包含控制字符（U+0085），请删除后重试'],
    ['a lone high surrogate', '表情\ud83d', '包含不完整的字符（单独的代理项，常见于复制粘贴时被截断的表情符号），请删除后重试'],
    ['a lone low surrogate', '\udc00x', '包含不完整的字符（单独的代理项，常见于复制粘贴时被截断的表情符号），请删除后重试'],
    ['a noncharacter', '\ufdd0', '不能包含非字符码位（U+FDD0），请删除后重试'],
    ['U+FFFF', '\uffff', '不能包含非字符码位（U+FFFF），请删除后重试'],
  ])('refuses %s', (_name, text, message) => {
    expect(textProblem(text)).toBe(message);
  });

  test.each([
    ['Chinese with line breaks and tabs', '5G全连接工厂\r\n第二行\t制表'],
    ['an emoji (a surrogate pair)', '智能工厂👍'],
    ['CJK Extension B', '𠀀𠀁'],
    ['an astral noncharacter (legal XML)', '\u{1fffe}'],
    ['U+FFFD', '\ufffd'],
    ['empty', ''],
  ])('accepts %s', (_name, text) => {
    expect(textProblem(text)).toBeNull();
  });

  test('problems name the path, keys included, and stop at a bounded depth', () => {
    expect(storableTextProblems({ a: [{ b: 'ok' }, { c: 'x\u0000' }], ['k\u0000']: 1, n: 5 })).toEqual([
      { path: ['a', 1, 'c'], message: expect.stringContaining('U+0000') },
      { path: ['k\u0000'], message: expect.stringContaining('U+0000') },
    ]);
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(storableTextProblems(deep)).toEqual([{ path: Array(MAX_JSON_DEPTH).fill(0), message: `数据嵌套层级过深（最多${MAX_JSON_DEPTH}层）` }]);
    expect(unstorableTextRefusal({ sectionWrite: { data: { name: '\ud800' } } })).toBe('sectionWrite.data.name：包含不完整的字符（单独的代理项，常见于复制粘贴时被截断的表情符号），请删除后重试');
    expect(unstorableTextRefusal({ a: ['fine'] })).toBeNull();
  });

  test('NFC everywhere, keys included; prototype keys stay plain data', () => {
    const value = normaliseText({ ['Cafe\u0301']: ['e\u0301', 1, null, { x: 'A\u030a' }], ['__proto__']: { polluted: true } } as Record<string, unknown>);
    expect(value).toEqual({ ['Café']: ['é', 1, null, { x: 'Å' }], ['__proto__']: { polluted: true } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('lengths count characters, not UTF-16 units', () => {
    expect(charLength('𠀀👍工厂')).toBe(4);
    expect(charLength('\ud800')).toBe(1);
  });

  test('cleanText drops what the rule refuses from text the person cannot edit', () => {
    expect(cleanText('Mozilla\u0000/5.0\u0085 (X11)\ud800 👍', 1000)).toBe('Mozilla/5.0 (X11) 👍');
    expect(cleanText('𠀀𠀀𠀀', 2)).toBe('𠀀𠀀');
    expect(cleanText('e\u0301')).toBe('é');
  });

  test('the OpenAPI pattern says the same as the rule', () => {
    const pattern = new RegExp(STORABLE_TEXT_PATTERN);
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const text = String.fromCharCode(cp);
      expect([cp, pattern.test(text)]).toEqual([cp, textProblem(text) === null]);
    }
  });
});

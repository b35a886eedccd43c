import { maskAccount } from './mask';

describe('maskAccount (naming the account that already holds a 组织机构代码)', () => {
  it('shows the first two and last two characters of a usual account name', () => {
    expect(maskAccount('gzcity')).toBe('gz***ty');
    expect(maskAccount('gzfactory')).toBe('gz***ry');
    expect(maskAccount('shenzhen_5g')).toBe('sh***5g');
  });

  it('masks Chinese enterprise names the same way, by character', () => {
    expect(maskAccount('广州某某制造有限公司')).toBe('广州***公司');
    expect(maskAccount('腾讯科技（深圳）有限公司')).toBe('腾讯***公司');
    expect(maskAccount('𠀋𠀋制造有限公司')).toBe('𠀋𠀋***公司');
  });

  it('shows less of a short name', () => {
    expect(maskAccount('abcde')).toBe('a***e');
    expect(maskAccount('abcd')).toBe('a***d');
    expect(maskAccount('华为公司')).toBe('华***司');
    expect(maskAccount('abc')).toBe('a***');
    expect(maskAccount('ab')).toBe('a***');
    expect(maskAccount('a')).toBe('***');
    expect(maskAccount('')).toBe('***');
  });

  it('ignores blanks around the name', () => {
    expect(maskAccount('  gzcity ')).toBe('gz***ty');
  });
});

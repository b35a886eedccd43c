import { authorityOfOffice, isSameProvince, parseLegacyAddress, parseLegacyStatus } from './legacyProjects';
import { initialState } from './lifecycle/state';

describe('项目状态 of the old platform’s 5G工厂 list', () => {
  test.each([
    ['北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;', 'recommended', ['province_ca', 'province_miit']],
    ['广东省(工业和信息化厅)已推荐；', 'partially_recommended', ['province_miit']],
    ['北京市(通信管理局)已推荐;', 'partially_recommended', ['province_ca']],
    ['北京市(通信管理局)已推荐;北京市(经济和信息化局)未推荐;', 'partially_recommended', ['province_ca']],
    ['', 'submitted', []],
    ['待推荐', 'submitted', []],
    ['暂存', 'draft', []],
  ])('%s → %s', (text, phase, authorities) => {
    const parsed = parseLegacyStatus(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.phase).toBe(phase);
    expect(Object.keys(parsed.value.recommendations).sort()).toEqual(authorities);
  });

  test('what the old platform never wrote is refused with a Chinese hint', () => {
    expect(parseLegacyStatus('北京市(通信管理局)已驳回;')).toEqual({ ok: false, message: expect.stringContaining('无法识别的项目状态“北京市(通信管理局)已驳回”') });
    expect(parseLegacyStatus('北京市(发改委)已推荐;')).toEqual({ ok: false, message: expect.stringContaining('无法识别的项目状态') });
    expect(parseLegacyStatus('已入选')).toEqual({ ok: false, message: expect.stringContaining('应为“暂存”“已提交”') });
  });

  test('offices by name', () => {
    expect(authorityOfOffice('通信管理局')).toBe('province_ca');
    expect(authorityOfOffice('经济和信息化局')).toBe('province_miit');
    expect(authorityOfOffice('工业和信息化厅')).toBe('province_miit');
    expect(authorityOfOffice('发展和改革委员会')).toBeNull();
  });
});

describe('项目实施地址 as the old platform ran the names together', () => {
  test('province, city, district; a municipality repeats its name', () => {
    expect(parseLegacyAddress('北京市北京市朝阳区')).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: '110105', detail: '' });
    expect(parseLegacyAddress('广东省广州市番禺区')).toEqual({ provinceCode: '440000', cityCode: '440100', districtCode: '440113', detail: '' });
    expect(parseLegacyAddress('广东省 深圳市 南山区 科技园')).toEqual({ provinceCode: '440000', cityCode: '440300', districtCode: '440305', detail: '科技园' });
  });

  test('a city without districts; what is not a region is refused', () => {
    expect(parseLegacyAddress('广东省东莞市')).toMatchObject({ provinceCode: '440000', cityCode: '441900', districtCode: null });
    expect(parseLegacyAddress('火星市奥林匹斯区')).toBeNull();
    expect(parseLegacyAddress('广东省长沙市')).toBeNull();
    expect(parseLegacyAddress('广东省广州市不存在区')).toBeNull();
  });

  test('the recommending offices’ region is the project’s province', () => {
    expect(isSameProvince('北京市', '110000')).toBe(true);
    expect(isSameProvince('广东', '440000')).toBe(true);
    expect(isSameProvince('广东省', '110000')).toBe(false);
  });
});

describe('an imported declaration’s first state', () => {
  const base = { projectId: 'p', year: 2024, enterpriseId: 'e', provinceCode: '440000', cityCode: '440100', deadlines: { submission: '2024-03-31T15:59:59Z', recommendation: '2024-04-10T15:59:59Z', cityReview: null } };
  const imported = (phase: 'draft' | 'submitted' | 'partially_recommended' | 'recommended', recommendations = {}) => ({ phase, recommendations, by: 'ministry-user', at: '2026-11-30T10:00:00.000Z' });

  test('the phase and the 推荐 the old platform showed; a city 初审 is approved once recommended, pending otherwise', () => {
    const recommended = initialState({ ...base, cityReviewRequired: true, imported: imported('recommended', { province_ca: '广东省(通信管理局)', province_miit: '广东省(工业和信息化厅)' }) });
    expect(recommended).toMatchObject({ phase: 'recommended', cityReview: 'approved', stepSince: '2026-11-30T10:00:00.000Z' });
    expect(recommended.recommendations.province_ca).toEqual({ by: 'ministry-user', byName: '广东省(通信管理局)（旧平台）', at: '2026-11-30T10:00:00.000Z', formVersion: 0 });
    expect(initialState({ ...base, cityReviewRequired: true, imported: imported('submitted') })).toMatchObject({ phase: 'submitted', cityReview: 'pending' });
    expect(initialState({ ...base, cityReviewRequired: false, imported: imported('submitted') })).toMatchObject({ phase: 'submitted', cityReview: null });
  });

  test('a draft, imported or new, is the same new draft', () => {
    const { stepSince, ...draft } = initialState({ ...base, cityReviewRequired: true, imported: imported('draft') });
    expect(stepSince).toBeUndefined();
    expect(draft).toEqual(initialState({ ...base, cityReviewRequired: true }));
  });
});

import { PHASES } from './phases';
import { PROVINCE_NAMES, provinceNameOf, statusText, type StatusTextInput } from './statusText';

const given = { by: 'u', byName: '审核员', at: '2025-04-01T02:00:00.000Z', formVersion: 3 };

function input(changes: Partial<StatusTextInput>): StatusTextInput {
  return {
    phase: 'submitted',
    provinceName: '广东省',
    cityName: '广州市',
    recommendations: { province_ca: null, province_miit: null },
    cityReviewRequired: false,
    cityReview: null,
    ...changes,
  };
}

describe('status text in the project list', () => {
  test('Guangdong, recommended by the communications administration only', () => {
    expect(
      statusText(input({ phase: 'partially_recommended', recommendations: { province_ca: given, province_miit: null } })),
    ).toBe('广东省(通信管理局)已推荐;广东省(工业和信息化厅)待推荐;');
  });

  test('a municipality’s industry authority is its 经济和信息化局', () => {
    expect(
      statusText(
        input({ phase: 'recommended', provinceName: '北京市', cityName: '北京市', recommendations: { province_ca: given, province_miit: given } }),
      ),
    ).toBe('北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;');
  });

  test('awaiting both recommendations, or the city’s 初审 first', () => {
    expect(statusText(input({}))).toBe('广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;');
    expect(statusText(input({ cityReviewRequired: true, cityReview: 'pending' }))).toBe('广州市(工业和信息化局)待初审;');
    expect(statusText(input({ cityReviewRequired: true, cityReview: 'approved' }))).toBe(
      '广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;',
    );
  });

  test('other phases show their label', () => {
    expect(statusText(input({ phase: 'draft' }))).toBe('暂存');
    expect(statusText(input({ phase: 'returned', cityReviewRequired: true, cityReview: 'returned' }))).toBe('已退回');
    expect(statusText(input({ phase: 'withdrawal_requested', recommendations: { province_ca: given, province_miit: given } }))).toBe(
      '撤回申请中',
    );
    expect(statusText(input({ phase: 'listed' }))).toBe('已入选名录');
    for (const phase of PHASES) expect(statusText(input({ phase }))).not.toBe('');
  });
});

describe('province names', () => {
  test('all 34 provincial-level divisions, found from any code inside them', () => {
    expect(Object.keys(PROVINCE_NAMES)).toHaveLength(34);
    expect(provinceNameOf('440106')).toBe('广东省');
    expect(provinceNameOf('500000')).toBe('重庆市');
    expect(provinceNameOf('990000')).toBe('');
    expect(provinceNameOf('44')).toBe('');
  });
});

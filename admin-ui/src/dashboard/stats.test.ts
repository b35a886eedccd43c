import { hasDashboard, monthSeries, topWithOthers } from './stats';

describe('dashboard statistics', () => {
  it('gives the ministry and the regulators a dashboard, nobody else', () => {
    expect(['ministry', 'province_miit', 'province_ca', 'city_miit'].every(hasDashboard)).toBe(true);
    expect(['enterprise', 'operator', 'expert', 'admin', undefined].some(hasDashboard)).toBe(false);
  });

  it('lists every month of the year up to the last with submissions, empty months as 0', () => {
    expect(monthSeries([{ month: '2026-03', count: 4 }, { month: '2026-01', count: 2 }], 2026)).toEqual([
      { month: '2026-01', label: '1月', count: 2 },
      { month: '2026-02', label: '2月', count: 0 },
      { month: '2026-03', label: '3月', count: 4 },
    ]);
    expect(monthSeries([], 2026)).toEqual([{ month: '2026-01', label: '1月', count: 0 }]);
  });

  it('keeps the biggest slices and sums the rest as 其他', () => {
    const rows = [5, 1, 3, 2].map((count, i) => ({ name: `p${i}`, count }));
    expect(topWithOthers(rows, 3, (count) => ({ name: '其他', count }))).toEqual([
      { name: 'p0', count: 5 },
      { name: 'p2', count: 3 },
      { name: '其他', count: 3 },
    ]);
  });
});

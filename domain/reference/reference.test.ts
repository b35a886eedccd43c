import industryFile from './gbt4754-2017.json';
import regionFile from './regions.json';
import {
  APPLICATION_LEVELS,
  childRegions,
  ENTERPRISE_NATURES,
  findIndustryCode,
  findRegion,
  INDUSTRIES,
  INDUSTRY_TREE,
  industryPath,
  industryPathText,
  INFRASTRUCTURE_MODES,
  isIndustryClassCode,
  isValidRegionTriple,
  OPERATORS,
  REGION_TREE,
  regionName,
  regionPath,
  SCENARIOS_BY_APPLICATION_AREA,
  TYPICAL_SCENARIO_NAMES,
  type IndustryNode,
  type RegionNode,
} from './index';

function levels<T extends { code: string; children?: T[] }>(tree: readonly T[]): T[][] {
  const byDepth: T[][] = [];
  const walk = (node: T, depth: number) => {
    (byDepth[depth] ??= []).push(node);
    for (const child of node.children ?? []) walk(child, depth + 1);
  };
  tree.forEach((node) => walk(node, 0));
  return byDepth;
}

function parentChildPairs<T extends { code: string; children?: T[] }>(tree: readonly T[]): [T, T][] {
  const pairs: [T, T][] = [];
  const walk = (node: T) =>
    node.children?.forEach((child) => {
      pairs.push([node, child]);
      walk(child);
    });
  tree.forEach(walk);
  return pairs;
}

describe('GB/T 4754-2017 国民经济行业分类', () => {
  const [sections, divisions, groups, classes] = levels<IndustryNode>(INDUSTRY_TREE);

  it('has 20 门类, 97 大类, 473 中类 and 1381 小类', () => {
    expect([sections.length, divisions.length, groups.length, classes.length]).toEqual([20, 97, 473, 1381]);
    expect(levels<IndustryNode>(INDUSTRY_TREE)).toHaveLength(4);
  });

  it('uses letters for 门类 and 2, 3, 4 digits below', () => {
    expect(sections.every((n) => /^[A-T]$/.test(n.code))).toBe(true);
    expect(divisions.every((n) => /^\d{2}$/.test(n.code))).toBe(true);
    expect(groups.every((n) => /^\d{3}$/.test(n.code))).toBe(true);
    expect(classes.every((n) => /^\d{4}$/.test(n.code) && !n.children)).toBe(true);
  });

  it('has unique codes and non-empty names', () => {
    const all = levels<IndustryNode>(INDUSTRY_TREE).flat();
    expect(new Set(all.map((n) => n.code)).size).toBe(all.length);
    expect(all.every((n) => n.name.trim().length > 0)).toBe(true);
  });

  it("nests every 中类 and 小类 under the digits of its parent's code", () => {
    for (const [parent, child] of parentChildPairs<IndustryNode>(INDUSTRY_TREE)) {
      if (/^[A-Z]$/.test(parent.code)) expect(child.code).toMatch(/^\d{2}$/);
      else expect(child.code.startsWith(parent.code)).toBe(true);
    }
  });

  it('has 采矿业, 制造业 and 电力 with their children', () => {
    const byCode = new Map(sections.map((s) => [s.code, s]));
    expect(byCode.get('B')?.name).toBe('采矿业');
    expect(byCode.get('C')?.name).toBe('制造业');
    expect(byCode.get('C')?.children).toHaveLength(31);
    expect(byCode.get('D')?.name).toBe('电力、热力、燃气及水生产和供应业');
    for (const code of ['B', 'C', 'D']) expect(byCode.get(code)?.children?.length).toBeGreaterThan(0);
  });

  it('finds a 小类 with its path from the 门类', () => {
    expect(findIndustryCode('3831')).toEqual({ code: '3831', name: '电线、电缆制造', level: '小类', parentCode: '383' });
    expect(industryPath('3831').map((c) => c.code)).toEqual(['C', '38', '383', '3831']);
    expect(industryPathText('3831')).toBe('制造业/电气机械和器材制造业/电线、电缆、光缆及电工器材制造/电线、电缆制造');
    expect(isIndustryClassCode('3831')).toBe(true);
    expect(isIndustryClassCode('383')).toBe(false);
    expect(isIndustryClassCode('9999')).toBe(false);
    expect(industryPath('9999')).toEqual([]);
  });

  it('is versioned with the name of the standard', () => {
    expect(industryFile.standard).toBe('GB/T 4754-2017 国民经济行业分类');
  });
});

describe('GB/T 2260 行政区划', () => {
  const [provinces, cities, districts] = levels<RegionNode>(REGION_TREE);

  it('has the 31 mainland provinces, each with cities and districts', () => {
    expect(provinces).toHaveLength(31);
    expect(levels<RegionNode>(REGION_TREE)).toHaveLength(3);
    for (const province of provinces) {
      expect(province.children?.length).toBeGreaterThan(0);
      for (const city of province.children ?? []) expect(city.children?.length).toBeGreaterThan(0);
    }
    expect(cities.length).toBeGreaterThan(330);
    expect(districts.length).toBeGreaterThan(2800);
  });

  it('uses 6-digit codes: province xx0000, city xxxx00, district under its city', () => {
    expect(provinces.every((p) => /^\d{2}0000$/.test(p.code))).toBe(true);
    expect(cities.every((c) => /^\d{4}00$/.test(c.code) && !c.code.endsWith('0000'))).toBe(true);
    expect(districts.every((d) => /^\d{6}$/.test(d.code) && !d.code.endsWith('00'))).toBe(true);
  });

  it('has unique codes nested by prefix', () => {
    const all = [...provinces, ...cities, ...districts];
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length);
    for (const [parent, child] of parentChildPairs<RegionNode>(REGION_TREE)) {
      const prefixLength = parent.code.endsWith('0000') ? 2 : 4;
      expect(child.code.slice(0, prefixLength)).toBe(parent.code.slice(0, prefixLength));
    }
  });

  it('has 广东省 440000 → 广州市 440100 → 天河区 440106', () => {
    expect(regionName('440000')).toBe('广东省');
    expect(findRegion('440100')).toEqual({ code: '440100', name: '广州市', level: 'city', parentCode: '440000' });
    expect(findRegion('440106')).toEqual({ code: '440106', name: '天河区', level: 'district', parentCode: '440100' });
    expect(regionPath('440000', '440100', '440106')).toBe('广东省广州市天河区');
    expect(isValidRegionTriple('440000', '440100', '440106')).toBe(true);
  });

  it('gives each municipality one city of the same name, as the platform prints 北京市北京市朝阳区', () => {
    for (const code of ['110000', '120000', '310000']) {
      const municipality = provinces.find((p) => p.code === code);
      expect(municipality?.children?.map((c) => c.name)).toEqual([municipality?.name]);
    }
    expect(regionPath('110000', '110100', '110105')).toBe('北京市北京市朝阳区');
    expect(isValidRegionTriple('110000', '110100', '110105')).toBe(true);
    expect(childRegions('500000').map((c) => c.code)).toEqual(['500100', '500200']);
  });

  it('keeps province-administered counties and cities without districts (东莞市, 中山市)', () => {
    expect(isValidRegionTriple('410000', '419000', '419001')).toBe(true); // 济源市
    expect(isValidRegionTriple('440000', '441900', '441923')).toBe(true); // 东莞 松山湖
    expect(regionName('442000')).toBe('中山市');
  });

  it('leaves out 台湾省, 香港 and 澳门, which no provincial authority of the programme covers', () => {
    for (const code of ['710000', '810000', '820000']) expect(findRegion(code)).toBeUndefined();
  });

  it('refuses triples that do not nest', () => {
    expect(isValidRegionTriple('440000', '440100', '440306')).toBe(false); // 深圳 district under 广州
    expect(isValidRegionTriple('110000', '440100', '440106')).toBe(false);
    expect(isValidRegionTriple('440000', '440100', undefined)).toBe(false);
    expect(isValidRegionTriple('440100', '440100', '440106')).toBe(false);
    expect(regionPath('440000', '', null)).toBe('广东省');
  });

  it('names its source', () => {
    expect(regionFile.source).toMatch(/^@vant\/area-data /);
  });
});

describe('form enumerations', () => {
  it('lists the 17 所属行业 in the order of SPEC §4', () => {
    expect(INDUSTRIES).toEqual([
      '电子设备制造', '装备制造', '钢铁', '采矿', '电力', '石化化工', '建材', '港口', '纺织',
      '家电', '轻工', '医药', '有色金属', '汽车', '船舶', '航空航天', '其他',
    ]);
  });

  it('lists operators, infrastructure modes, 应用程度 and 企业性质', () => {
    expect(OPERATORS).toEqual(['中国移动', '中国电信', '中国联通', '中国广电', '其他']);
    expect(INFRASTRUCTURE_MODES).toEqual(['公网', '虚拟专网', '混合专网', '独立专网', '综合专网']);
    expect(APPLICATION_LEVELS).toEqual(['用例不适用', '开发测试阶段', '发展阶段', '高级阶段']);
    expect(ENTERPRISE_NATURES).toEqual(['国有企业', '民营企业', '外资企业', '合资企业', '其他']);
  });

  it('has the 20 typical scenarios, each grouped under exactly one application area', () => {
    expect(TYPICAL_SCENARIO_NAMES).toHaveLength(20);
    expect(new Set(TYPICAL_SCENARIO_NAMES).size).toBe(20);
    expect(Object.keys(SCENARIOS_BY_APPLICATION_AREA)).toEqual(['研发设计', '生产制造', '检测监测', '仓储物流', '服务管理']);
    expect(Object.values(SCENARIOS_BY_APPLICATION_AREA).flat().sort()).toEqual([...TYPICAL_SCENARIO_NAMES].sort());
  });
});

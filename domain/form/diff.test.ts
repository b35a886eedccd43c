import { diffForms, displayValue } from './diff';

const IMAGE_A = '11111111-1111-4111-8111-111111111111';
const IMAGE_B = '22222222-2222-4222-8222-222222222222';
const edge = (location: string, cost: number) => ({ location, cost, provider: '华为' });

describe('对比版本: what changed between two saved versions, in the form’s Chinese labels', () => {
  it('names a changed field with its label and the two values', () => {
    const changes = diffForms({ outcomes: { economicBenefits: '年节约成本800万元' } }, { outcomes: { economicBenefits: '年节约成本1200万元' } });
    expect(changes).toEqual([
      { section: 'outcomes', sectionLabel: '项目实施成效', path: 'economicBenefits', label: '经济效益', kind: 'changed', before: '年节约成本800万元', after: '年节约成本1200万元' },
    ]);
  });

  it('treats a blank as not filled: clearing is a removal, filling is an addition, and blank to blank is no change', () => {
    const changes = diffForms({ projectInfo: { partners: '中国移动', addressDetail: '' } }, { projectInfo: { partners: '', addressDetail: null, name: '5G全连接工厂' } });
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['name', 'added'],
      ['partners', 'removed'],
    ]);
  });

  it('reads a nested group by its own label (宏站数量)', () => {
    const changes = diffForms({ infrastructure: { macroStation: { quantity: 2, unitPrice: 10 } } }, { infrastructure: { macroStation: { quantity: 3, unitPrice: 10 } } });
    expect(changes).toEqual([expect.objectContaining({ path: 'macroStation.quantity', label: '宏站数量', before: 2, after: 3 })]);
  });

  it('lists a row added at the end and a row removed from the start as rows, not as every row changed', () => {
    const before = { infrastructure: { edgeComputing: [edge('车间A', 10), edge('车间B', 20), edge('车间C', 30)] } };
    const after = { infrastructure: { edgeComputing: [edge('车间B', 20), edge('车间C', 30), edge('车间D', 40)] } };
    expect(diffForms(before, after)).toEqual([
      expect.objectContaining({ kind: 'rowRemoved', path: 'edgeComputing[0]', label: '边缘计算部署 原第1行', before: edge('车间A', 10) }),
      expect.objectContaining({ kind: 'rowAdded', path: 'edgeComputing[2]', label: '边缘计算部署 第3行', after: edge('车间D', 40) }),
    ]);
  });

  it('compares a changed row field by field, labelled with its row', () => {
    const before = { infrastructure: { edgeComputing: [edge('车间A', 10), edge('车间B', 20)] } };
    const after = { infrastructure: { edgeComputing: [edge('车间A', 10), edge('车间B', 25)] } };
    expect(diffForms(before, after)).toEqual([expect.objectContaining({ kind: 'changed', path: 'edgeComputing[1].cost', label: '边缘计算部署 第2行 · 建设成本(万元)', before: 20, after: 25 })]);
  });

  it('shows a replaced image as a file replacement with both ids', () => {
    expect(diffForms({ projectInfo: { siteTopologyImage: IMAGE_A } }, { projectInfo: { siteTopologyImage: IMAGE_B } })).toEqual([
      expect.objectContaining({ kind: 'fileReplaced', label: '现场拓扑图', before: IMAGE_A, after: IMAGE_B }),
    ]);
  });

  it('finds nothing between equal forms, whatever the key order', () => {
    expect(diffForms({ funding: { national: 1, provincial: 2 } }, { funding: { provincial: 2, national: 1 } })).toEqual([]);
  });

  it('writes values for people', () => {
    expect(displayValue(['智能制造', '远程运维'])).toBe('智能制造、远程运维');
    expect(displayValue(null)).toBe('—');
    expect(displayValue(true)).toBe('是');
  });
});

describe('对比版本 order', () => {
  it('lists changes in the order of the form, not of the stored JSON', () => {
    const before = { infrastructure: { edgeComputing: [], networkTopologyImage: '11111111-1111-4111-8111-111111111111', infrastructureMode: '公网' } };
    const after = { infrastructure: { edgeComputing: [{ location: '机房' }], networkTopologyImage: '22222222-2222-4222-8222-222222222222', infrastructureMode: '虚拟专网' } };
    expect(diffForms(before, after).map((c) => c.path)).toEqual(['infrastructureMode', 'networkTopologyImage', 'edgeComputing[0]']);
  });
});

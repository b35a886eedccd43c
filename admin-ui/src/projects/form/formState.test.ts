/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
import { exampleForm, FIELD_LABELS, SECTION_KEYS } from '../../../../domain/form';
import { draftResolver, groupProblemsByTab, nextSection } from './formState';
import { SECTION_LAYOUT, valuesToSave } from './layout';

describe('the declaration form screen', () => {
  it('marks a wrong value with the message the API would give, at the field path', async () => {
    const result = await draftResolver('infrastructure')({ indoorArea: -1, edgeComputing: [{ cost: 1.234 }] }, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    expect(result.errors).toMatchObject({
      indoorArea: { message: '工厂室内面积(m²)不能为负数' },
      edgeComputing: [{ cost: { message: '建设成本(万元)最多保留两位小数' } }],
    });
  });

  it('accepts a half-filled section for 暂存', async () => {
    const result = await draftResolver('projectInfo')({ name: '某某', honors: [] }, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors).toEqual({});
  });

  it('drops the questions a 否 ends the 安全管理 chain with, and the details of an unbuilt key system', () => {
    expect(
      valuesToSave('security', { classifiedManagement: '否', commensurateProtection: '是', protectionCapability: '有' }),
    ).toEqual({ classifiedManagement: '否', protectionCapability: '有' });
    const saved = valuesToSave('infrastructure', {
      networkManagement: { built: '否', provider: '某公司' },
      macroStation: { quantity: 2, unitPrice: 3, totalPrice: 99 },
    });
    expect(saved.networkManagement).toEqual({ built: '否' });
    expect(saved.macroStation).toEqual({ quantity: 2, unitPrice: 3 });
  });

  it('keeps every field of the example declaration when saving it', () => {
    const form = exampleForm() as Record<string, any>;
    expect(valuesToSave('security', form.security)).toEqual(form.security);
    expect(valuesToSave('applications', form.applications).productionManufacturing).toEqual(form.applications.productionManufacturing);
  });

  it('lays out every labelled field of every section', () => {
    const missing: string[] = [];
    // 相关材料 is a list of uploads with a panel of its own (MaterialsPanel), not laid-out inputs.
    for (const section of SECTION_KEYS.filter((s) => s !== 'materials')) {
      const sources = SECTION_LAYOUT[section].flatMap((spec) => (spec.source ? [spec.source] : []));
      for (const key of Object.keys(FIELD_LABELS[section]).filter((k) => !k.includes('[]'))) {
        const shown = sources.some((s) => s === key || s.startsWith(`${key}.`) || key.startsWith(`${s}.`));
        if (!shown) missing.push(`${section}.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('groups the problems of a refused 提交 by tab, in the order of the form', () => {
    const groups = groupProblemsByTab([
      { section: 'contacts', path: 'mobile', message: '请填写项目联系人手机' },
      { section: 'projectInfo', path: 'name', message: '请填写项目名称' },
      { section: 'security', path: 'classifiedManagement', message: '请选择…' },
      { section: 'enterprise', path: 'finance.operatingRevenue', message: '请填写营业收入(万元)' },
    ]);
    expect(groups.map((g) => [g.tabLabel, g.problems.length])).toEqual([
      ['项目基本情况', 1],
      ['项目建设能力', 1],
      ['企业实体信息', 2],
    ]);
  });

  it('goes from 项目经费 to 基础设施建设 on 下一页, and has no page after 项目联系人', () => {
    expect(nextSection('funding')).toBe('infrastructure');
    expect(nextSection('contacts')).toBeUndefined();
  });
});

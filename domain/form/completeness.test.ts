import fc from 'fast-check';
import { exampleEnterpriseProfile, exampleForm, SECTION_KEYS, validateForSubmit } from './index';
import { enterpriseMeter, formMeter, sectionMeter, submitProblems } from './completeness';

const complete = () => ({ sections: exampleForm(), enterprise: exampleEnterpriseProfile(), year: 2026, eligibilityException: false });

describe('completeness before 提交', () => {
  it('finds a complete declaration complete: every required field filled, no problem', () => {
    const meter = formMeter(complete());
    for (const section of SECTION_KEYS) {
      expect([section, meter.sections[section].filled.length]).toEqual([section, meter.sections[section].required.length]);
      expect(meter.sections[section].problems).toEqual([]);
    }
    expect(meter.enterprise.problems).toEqual([]);
    expect(meter.problems).toEqual([]);
  });

  it('counts required fields of an empty form as the 提交 check lists them', () => {
    const meter = formMeter({ sections: {}, enterprise: {}, year: 2026, eligibilityException: false });
    expect(meter.sections.projectInfo.required).toEqual([
      'name', 'projectType', 'nationalEconomyCode', 'industry', 'startDate', 'endDate', 'level', 'stage',
      'address.provinceCode', 'address.cityCode', 'address.districtCode', 'addressDetail', 'summary', 'siteTopologyImage',
    ]);
    expect(meter.sections.projectInfo.filled).toEqual([]);
    expect(meter.sections.funding.required).toHaveLength(5);
    expect(meter.sections.materials.required).toEqual(['contract']);
    // Every empty required field is exactly one problem (the rest of the rules need values to compare).
    for (const section of SECTION_KEYS) {
      expect(meter.sections[section].problems.map((p) => p.path)).toEqual(meter.sections[section].required);
    }
  });

  it('adds the details of a key system once it is built, and 数量/单价 once a 宏站 is described', () => {
    const form = exampleForm();
    const infrastructure = { ...form.infrastructure, identifierResolutionNode: { built: '是' }, macroStation: {}, microStation: { manufacturer: '华为' } };
    const meter = sectionMeter('infrastructure', { ...form, infrastructure });
    expect(meter.required).toEqual(expect.arrayContaining([
      'identifierResolutionNode.connectedToSecondaryNode', 'identifierResolutionNode.selfDeveloped', 'identifierResolutionNode.provider',
      'microStation.quantity', 'microStation.unitPrice',
    ]));
    expect(meter.required).not.toContain('macroStation.quantity');
    expect(meter.required.length - meter.filled.length).toBe(5);
    expect(meter.problems).toHaveLength(5);
  });

  it('counts required columns in every row of a list', () => {
    const form = exampleForm();
    const infrastructure = { ...form.infrastructure, edgeComputing: [...form.infrastructure.edgeComputing, { location: '二号机房' }] };
    const meter = sectionMeter('infrastructure', { ...form, infrastructure });
    expect(meter.required.filter((p) => p.startsWith('edgeComputing[1]'))).toEqual([
      'edgeComputing[1].location', 'edgeComputing[1].cost', 'edgeComputing[1].provider', 'edgeComputing[1].deviceForm', 'edgeComputing[1].developmentStage',
    ]);
    expect(meter.filled.filter((p) => p.startsWith('edgeComputing[1]'))).toEqual(['edgeComputing[1].location']);
  });

  it('asks for the 验收报告 of a 建设完成 project among the materials', () => {
    const form = exampleForm();
    const meter = sectionMeter('materials', { ...form, materials: { items: form.materials.items.slice(0, 1) } });
    expect(meter).toEqual({
      required: ['contract', 'acceptanceReport'],
      filled: ['contract'],
      problems: [{ section: 'materials', path: 'acceptanceReport', message: '实施阶段为“建设完成”的项目，请上传验收报告' }],
    });
  });

  it('shows the 企业信息 and eligibility problems on the enterprise part', () => {
    const profile = exampleEnterpriseProfile();
    const meter = enterpriseMeter({ enterprise: { ...profile, enterpriseInfo: { ...profile.enterpriseInfo, nationalEconomyCode: '6312' }, unitContact: {} }, year: 2026, eligibilityException: false });
    expect(meter.required.length - meter.filled.length).toBe(4);
    expect(meter.problems.map((p) => p.message)).toEqual([
      '请填写单位联系人姓名（请在“企业信息”菜单中补充2026年度企业信息）',
      '请填写单位联系人职务（请在“企业信息”菜单中补充2026年度企业信息）',
      '请填写单位联系人手机（请在“企业信息”菜单中补充2026年度企业信息）',
      '请填写单位联系人邮箱（请在“企业信息”菜单中补充2026年度企业信息）',
      expect.stringContaining('不在申报范围内'),
    ]);
    expect(enterpriseMeter({ enterprise: { ...profile, enterpriseInfo: { ...profile.enterpriseInfo, nationalEconomyCode: '6312' } }, year: 2026, eligibilityException: true }).problems).toEqual([]);
  });

  it('lists exactly what 提交 lists, in the same order, for any mix of the example and blanks', () => {
    const example = exampleForm();
    const sectionsArb = fc.record(
      Object.fromEntries(SECTION_KEYS.map((s) => [s, fc.constantFrom<unknown>(example[s], {}, undefined, { ...(example[s] as object), name: '' })])),
    );
    fc.assert(
      fc.property(sectionsArb, fc.boolean(), (sections, exception) => {
        const input = { sections: sections as Record<string, unknown>, enterprise: exampleEnterpriseProfile(), year: 2026, eligibilityException: exception };
        expect(formMeter(input).problems).toEqual(submitProblems(input));
        expect(submitProblems(input).slice(0, validateForSubmit(input.sections).length)).toEqual(validateForSubmit(input.sections));
      }),
      { numRuns: 60 },
    );
  });
});

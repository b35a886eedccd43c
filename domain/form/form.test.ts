import {
  emptyForm,
  exampleForm,
  FIELD_LABELS,
  SECTION_KEYS,
  SECTION_LABELS,
  TABS,
  validateForSubmit,
  validateSection,
} from './index';

describe('the declaration form as a whole', () => {
  it('accepts the complete example form on 提交, with no problem in any tab', () => {
    expect(validateForSubmit(exampleForm())).toEqual([]);
    for (const section of SECTION_KEYS) {
      expect(validateSection(section, exampleForm()[section], 'draft').ok).toBe(true);
    }
  });

  it('lists every required field of every tab when nothing has been filled in', () => {
    const problems = validateForSubmit({}).map((p) => [p.section, p.path, p.message]);
    expect(problems).toEqual([
      ['projectInfo', 'name', '请填写项目名称'],
      ['projectInfo', 'projectType', '请选择项目类型'],
      ['projectInfo', 'nationalEconomyCode', '请选择国民经济分类'],
      ['projectInfo', 'industry', '请选择所属行业'],
      ['projectInfo', 'startDate', '请填写起始时间'],
      ['projectInfo', 'endDate', '请填写结束时间'],
      ['projectInfo', 'level', '请选择项目层级'],
      ['projectInfo', 'stage', '请选择实施阶段'],
      ['projectInfo', 'address.provinceCode', '请选择实施地址（省）'],
      ['projectInfo', 'address.cityCode', '请选择实施地址（市）'],
      ['projectInfo', 'address.districtCode', '请选择实施地址（区县）'],
      ['projectInfo', 'addressDetail', '请填写详细地址'],
      ['projectInfo', 'summary', '请填写项目简介'],
      ['projectInfo', 'siteTopologyImage', '请上传现场拓扑图'],
      ['funding', 'national', '请填写国家级经费(万元)'],
      ['funding', 'provincial', '请填写省级经费(万元)'],
      ['funding', 'city', '请填写市级经费(万元)'],
      ['funding', 'district', '请填写区级经费(万元)'],
      ['funding', 'selfRaised', '请填写企业自筹(万元)'],
      ['infrastructure', 'infrastructureMode', '请选择5G基础设施模式'],
      ['infrastructure', 'operator', '请选择5G基础设施运营商'],
      ['infrastructure', 'indoorArea', '请填写工厂室内面积(m²)'],
      ['infrastructure', 'outdoorArea', '请填写工厂室外面积(m²)'],
      ['infrastructure', 'upfOnPremises', '请选择UPF下沉部署在企业或园区'],
      ['infrastructure', 'networkPlan', '请填写现场网络组网方案'],
      ['infrastructure', 'networkManagement.built', '请选择是否建设网络服务与管理系统'],
      ['infrastructure', 'dataStorageNode.built', '请选择是否建设有数据存储节点'],
      ['infrastructure', 'industrialInternetPlatform.built', '请选择是否建设有企业级工业互联网平台'],
      ['infrastructure', 'identifierResolutionNode.built', '请选择是否建有工业互联网标识解析企业节点'],
      ['siteUpgrade', 'embeddedModuleTerminals', '请至少填写一条内置5G模组的工业终端产品或通过5G工业网关连接的设备'],
      ['siteUpgrade', 'productionEquipmentTotal', '请填写现场生产装备总数'],
      ['siteUpgrade', 'networkedProductionEquipment', '请填写联网的生产装备数'],
      ['siteUpgrade', 'keyEquipmentTotal', '请填写关键装备总数'],
      ['siteUpgrade', 'networkedKeyEquipment', '请填写联网的关键装备数'],
      ['siteUpgrade', 'wirelessDevicesTotal', '请填写现场无线联网设备总数'],
      ['siteUpgrade', 'direct5gWirelessDevices', '请填写直接接入5G网络的无线联网设备数'],
      ['siteUpgrade', 'key5gEquipment', '请填写连接到5G网络的关键装备数'],
      ['siteUpgrade', 'dataCollectionProducts', '请至少填写一条数据采集产品'],
      ['siteUpgrade', 'dataModelling', '请填写工业数据的模型化组织'],
      ['siteUpgrade', 'itOtConvergence', '请填写IT-OT融合'],
      ['siteUpgrade', 'managementUpgrade', '请填写企业管理智能化升级'],
      ['applications', 'researchDesign.level', '请选择研发设计应用程度'],
      ['applications', 'productionManufacturing.level', '请选择生产制造应用程度'],
      ['applications', 'inspectionMonitoring.level', '请选择检测监测应用程度'],
      ['applications', 'warehousingLogistics.level', '请选择仓储物流应用程度'],
      ['applications', 'serviceManagement.level', '请选择服务管理应用程度'],
      ['security', 'classifiedManagement', '请选择是否已开展工业互联网企业网络安全分类分级管理工作'],
      ['security', 'protectionCapability', '请填写安全防护能力增加'],
      ['outcomes', 'economicBenefits', '请填写经济效益'],
      ['outcomes', 'socialBenefits', '请填写社会效益'],
      ['outcomes', 'qualityImprovement', '请填写提质(%)'],
      ['outcomes', 'costReduction', '请填写降本(%)'],
      ['outcomes', 'efficiencyImprovement', '请填写增效(%)'],
      ['outcomes', 'greenImprovement', '请填写绿色(%)'],
      ['materials', 'contract', '请上传合同协议'],
      ['contacts', 'name', '请填写项目联系人姓名'],
      ['contacts', 'title', '请填写项目联系人职务'],
      ['contacts', 'mobile', '请填写项目联系人手机'],
      ['contacts', 'email', '请填写项目联系人邮箱'],
    ]);
  });

  it('reports the same problems for a blank draft as for nothing at all', () => {
    expect(validateForSubmit(emptyForm())).toEqual(validateForSubmit({}));
  });

  it('reports only the sections that are missing when the others are complete', () => {
    const { contacts: _left, ...withoutContacts } = exampleForm();
    expect(validateForSubmit(withoutContacts).map((p) => p.section)).toEqual(['contacts', 'contacts', 'contacts', 'contacts']);
  });

  it('gives a blank draft with empty groups and lists, which the draft schema accepts', () => {
    const blank = emptyForm();
    expect(blank.projectInfo).toEqual({ honors: [], address: {} });
    expect(blank.siteUpgrade).toEqual({ embeddedModuleTerminals: [], gatewayConnectedDevices: [], dataCollectionProducts: [] });
    for (const section of SECTION_KEYS) expect(validateSection(section, blank[section], 'draft')).toEqual({ ok: true, value: blank[section] });
  });

  it('treats a section that is not an object as a problem of the whole section', () => {
    expect(validateSection('funding', 'abc', 'draft')).toEqual({
      ok: false,
      problems: [{ section: 'funding', path: '', message: '项目经费的数据格式不正确' }],
    });
    expect(validateSection('funding', null, 'draft').ok).toBe(true);
  });

  it('asks for a 合同协议 always and a 验收报告 once the project is 建设完成, as 相关材料', () => {
    const form = exampleForm();
    expect(validateForSubmit({ ...form, materials: { items: [] } }).map((p) => [p.section, p.path, p.message])).toEqual([
      ['materials', 'contract', '请上传合同协议'],
      ['materials', 'acceptanceReport', '实施阶段为“建设完成”的项目，请上传验收报告'],
    ]);
    const underConstruction = { ...form, projectInfo: { ...form.projectInfo, stage: '建设中' }, materials: { items: form.materials.items.slice(0, 1) } };
    expect(validateForSubmit(underConstruction)).toEqual([]);
    const tooMany = { items: Array.from({ length: 21 }, () => form.materials.items[0]) };
    expect(validateSection('materials', tooMany, 'draft')).toMatchObject({ ok: false, problems: [{ path: 'items', message: '相关材料最多上传20个' }] });
  });

  it('has four tabs holding every section once, in order, with Chinese labels', () => {
    expect(TABS.map((t) => t.label)).toEqual(['项目基本情况', '项目建设能力', '项目实施成效', '企业实体信息']);
    expect(TABS.flatMap((t) => t.sections)).toEqual([...SECTION_KEYS]);
    expect(TABS[1].sections).toEqual(['infrastructure', 'siteUpgrade', 'applications', 'security']);
    expect(Object.values(SECTION_LABELS)).toEqual([
      '项目情况', '项目经费', '基础设施建设', '厂区现场升级', '5G应用创新', '安全防护保障', '项目实施成效', '相关材料', '项目联系人',
    ]);
  });

  it('labels every field of the example form in Chinese', () => {
    for (const section of SECTION_KEYS) {
      const paths = fieldPaths(exampleForm()[section]);
      for (const path of paths) expect([section, path, FIELD_LABELS[section][path]]).toEqual([section, path, expect.stringMatching(/\p{Script=Han}/u)]);
    }
  });
});

/** 'a', 'b.c', 'rows[].d' for every leaf field of an example section. */
function fieldPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const first = value[0] as unknown;
    return typeof first === 'object' && first !== null ? fieldPaths(first, `${prefix}[]`) : [prefix];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => fieldPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

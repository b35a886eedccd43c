import { validateSection } from './index';
import { problemsAfter } from './testSupport';

describe('项目情况', () => {
  it.each(['广州5G智能', '广州智能工厂', '广州5g智能工厂', '5G工厂改造项目'])(
    'refuses the project name %s: it must contain 5G and end with 工厂, 车间 or 产线',
    (name) => {
      expect(problemsAfter('projectInfo', (p) => ({ ...p, name }))).toEqual([
        ['name', '项目名称必须包含“5G”并以“工厂”、“车间”或“产线”结尾'],
      ]);
    },
  );

  it.each(['某某5G智慧车间', '5G+工业互联网装配产线', '5G全连接工厂'])('accepts the project name %s', (name) => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, name }))).toEqual([]);
  });

  it('accepts an unfinished project name in a draft (暂存 checks the format only)', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, name: '广州' }), 'draft')).toEqual([]);
  });

  it('asks for the name when it is blank, whitespace or null', () => {
    for (const name of ['', '   ', null]) {
      expect(problemsAfter('projectInfo', (p) => ({ ...p, name }))).toEqual([['name', '请填写项目名称']]);
    }
  });

  it('refuses a name that is too long or not text, even in a draft', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, name: `5G${'很'.repeat(97)}工厂` }), 'draft')).toEqual([
      ['name', '项目名称不能超过100个字'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, name: 5 }), 'draft')).toEqual([['name', '项目名称必须是文字']]);
  });

  it('refuses a start date after the end date', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, startDate: '2025-01-01', endDate: '2024-12-31' }))).toEqual([
      ['endDate', '起始时间不能晚于结束时间'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, startDate: '2024-12-31', endDate: '2024-12-31' }))).toEqual([]);
  });

  it('refuses dates that are not real days written YYYY-MM-DD', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, startDate: '2024-02-30' }), 'draft')).toEqual([
      ['startDate', '起始时间必须是有效日期，格式为YYYY-MM-DD'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, endDate: '2024/12/31' }), 'draft')).toEqual([
      ['endDate', '结束时间必须是有效日期，格式为YYYY-MM-DD'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, startDate: '2024-02-29' }))).toEqual([]);
  });

  it('refuses values outside the enumerations', () => {
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, projectType: '政府项目', industry: '金融', level: '园区', stage: '已完成' }), 'draft'),
    ).toEqual([
      ['projectType', '项目类型不是可选的选项'],
      ['industry', '所属行业不是可选的选项'],
      ['level', '项目层级不是可选的选项'],
      ['stage', '实施阶段不是可选的选项'],
    ]);
  });

  it('requires a 国民经济分类 小类 that exists in GB/T 4754-2017', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, nationalEconomyCode: '383' }), 'draft')).toEqual([
      ['nationalEconomyCode', '国民经济分类必须选择到小类'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, nationalEconomyCode: '9999' }), 'draft')).toEqual([
      ['nationalEconomyCode', '国民经济分类不是有效的GB/T 4754-2017行业代码'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, nationalEconomyCode: '3831' }))).toEqual([]);
  });

  it('requires the address codes to form a GB/T 2260 province/city/district triple', () => {
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, address: { provinceCode: '440000', cityCode: '440100', districtCode: '440306' } })),
    ).toEqual([['address', '实施地址不是有效的省/市/区县组合']]);
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, address: { provinceCode: '990000', cityCode: '440100', districtCode: '440106' } })),
    ).toEqual([['address.provinceCode', '实施地址（省）不是有效的行政区划代码']]);
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, address: { provinceCode: '440000', cityCode: '440106', districtCode: '440106' } })),
    ).toEqual([['address.cityCode', '实施地址（市）不是有效的行政区划代码']]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, address: { provinceCode: '440000' } }))).toEqual([
      ['address.cityCode', '请选择实施地址（市）'],
      ['address.districtCode', '请选择实施地址（区县）'],
    ]);
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, address: { provinceCode: '110000', cityCode: '110100', districtCode: '110105' } })),
    ).toEqual([]);
  });

  it('accepts several honours from the list, drops repeats, and refuses others', () => {
    const result = validateSection('projectInfo', { honors: ['灯塔工厂', '国家级5G工厂', '灯塔工厂'] }, 'draft');
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ honors: ['灯塔工厂', '国家级5G工厂'] }) });
    expect(problemsAfter('projectInfo', (p) => ({ ...p, honors: ['国家级5G工厂', '最佳工厂'] }))).toEqual([
      ['honors[1]', '项目荣誉不是可选的选项'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, honors: '灯塔工厂' }))).toEqual([['honors', '项目荣誉格式不正确']]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, honors: [] }))).toEqual([]);
  });

  it('asks for 合作内容 with 合作单位 and the other way round; both may be left out', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, partnerContent: '' }))).toEqual([['partnerContent', '请填写合作内容']]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, partners: '' }))).toEqual([['partners', '请填写合作单位']]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, partners: '', partnerContent: null }))).toEqual([]);
  });

  it('holds the topology image as an uploaded file id', () => {
    expect(problemsAfter('projectInfo', (p) => ({ ...p, siteTopologyImage: 'topology.png' }), 'draft')).toEqual([
      ['siteTopologyImage', '现场拓扑图的文件标识无效，请重新上传'],
    ]);
    expect(problemsAfter('projectInfo', (p) => ({ ...p, siteTopologyImage: undefined }))).toEqual([
      ['siteTopologyImage', '请上传现场拓扑图'],
    ]);
  });

  it('lists every problem of the section at once, in the order of the form', () => {
    expect(
      problemsAfter('projectInfo', (p) => ({ ...p, name: '智能工厂', projectType: undefined, startDate: '2025-01-01', summary: '' })),
    ).toEqual([
      ['name', '项目名称必须包含“5G”并以“工厂”、“车间”或“产线”结尾'],
      ['projectType', '请选择项目类型'],
      ['endDate', '起始时间不能晚于结束时间'],
      ['summary', '请填写项目简介'],
    ]);
  });
});

describe('项目经费', () => {
  it('refuses negative amounts, more than two decimals and non-numbers, even in a draft', () => {
    expect(
      problemsAfter('funding', (f) => ({ ...f, national: -1, provincial: 10.123, city: '100', district: 0.1 + 0.2 }), 'draft'),
    ).toEqual([
      ['national', '国家级经费(万元)不能为负数'],
      ['provincial', '省级经费(万元)最多保留两位小数'],
      ['city', '市级经费(万元)必须是数字'],
    ]);
  });

  it('stores an amount rounded to the cent, so 0.1 + 0.2 is 0.3', () => {
    expect(validateSection('funding', { district: 0.1 + 0.2 }, 'draft')).toEqual({ ok: true, value: { district: 0.3 } });
  });

  it('accepts zero and two decimals', () => {
    expect(problemsAfter('funding', (f) => ({ ...f, national: 0, provincial: 0.29, city: 1.1, district: 99999999.99 }))).toEqual([]);
  });

  it('asks for every amount on submit (0 when there is none)', () => {
    expect(problemsAfter('funding', (f) => ({ ...f, selfRaised: null }))).toEqual([['selfRaised', '请填写企业自筹(万元)']]);
  });
});

describe('基础设施建设', () => {
  it('computes 宏站/微站 总价 = 数量 × 单价 on the server, overwriting the client value', () => {
    const result = validateSection(
      'infrastructure',
      {
        macroStation: { quantity: 3, unitPrice: 19.99, totalPrice: 1 },
        microStation: { quantity: 137, unitPrice: 3.33, totalPrice: 'free' },
      },
      'draft',
    );
    expect(result.ok && result.value.macroStation).toEqual({ quantity: 3, unitPrice: 19.99, totalPrice: 59.97 });
    expect(result.ok && result.value.microStation).toEqual({ quantity: 137, unitPrice: 3.33, totalPrice: 456.21 });
  });

  it('leaves 总价 empty until both 数量 and 单价 are known', () => {
    const result = validateSection('infrastructure', { macroStation: { quantity: 3, totalPrice: 60 } }, 'draft');
    expect(result.ok && result.value.macroStation).toEqual({ quantity: 3, totalPrice: undefined });
  });

  it('asks for 数量 and 单价 once a station is described, and accepts no station at all', () => {
    expect(problemsAfter('infrastructure', (i) => ({ ...i, macroStation: { coverageArea: 1000, manufacturer: '华为' } }))).toEqual([
      ['macroStation.quantity', '请填写宏站数量'],
      ['macroStation.unitPrice', '请填写宏站单价(均值万元)'],
    ]);
    expect(problemsAfter('infrastructure', (i) => ({ ...i, macroStation: undefined, microStation: {} }))).toEqual([]);
  });

  it('refuses a fractional number of stations', () => {
    expect(problemsAfter('infrastructure', (i) => ({ ...i, microStation: { quantity: 1.5, unitPrice: 3 } }), 'draft')).toEqual([
      ['microStation.quantity', '微站数量必须是整数'],
    ]);
  });

  it('requires the details of a key system when it is built', () => {
    expect(
      problemsAfter('infrastructure', (i) => ({
        ...i,
        networkManagement: { built: '是' },
        identifierResolutionNode: { built: '是', provider: '自研' },
      })),
    ).toEqual([
      ['networkManagement.maintenanceMode', '请选择网络管理系统维护模式'],
      ['networkManagement.maintenanceCost', '请填写网络管理系统维护费用(万元/年)'],
      ['networkManagement.provider', '请填写网络服务与管理系统服务商'],
      ['identifierResolutionNode.connectedToSecondaryNode', '请选择是否和二级节点连接'],
      ['identifierResolutionNode.selfDeveloped', '请选择是否自研工业互联网标识解析'],
    ]);
  });

  it('requires the details of a key system to be empty when it is not built', () => {
    expect(
      problemsAfter('infrastructure', (i) => ({
        ...i,
        dataStorageNode: { ...i.dataStorageNode, built: '否' },
        identifierResolutionNode: { built: '否', provider: '京东集团' },
      })),
    ).toEqual([
      ['dataStorageNode.constructionMode', '未建设数据存储节点时，数据存储节点建设模式应为空'],
      ['dataStorageNode.location', '未建设数据存储节点时，数据存储节点部署位置应为空'],
      ['dataStorageNode.provider', '未建设数据存储节点时，数据存储节点服务商应为空'],
      ['identifierResolutionNode.provider', '未建设工业互联网标识解析企业节点时，标识解析企业节点服务商应为空'],
    ]);
    expect(problemsAfter('infrastructure', (i) => ({ ...i, industrialInternetPlatform: { built: '否', provider: '' } }))).toEqual([]);
  });

  it('validates each 边缘计算部署 row and names the row', () => {
    const row = exampleRow();
    expect(
      problemsAfter('infrastructure', (i) => ({
        ...i,
        edgeComputing: [row, { ...row, location: '', deviceForm: '大型机', latency: -5 }],
      })),
    ).toEqual([
      ['edgeComputing[1].location', '边缘计算部署第2行：请填写设备部署位置'],
      ['edgeComputing[1].latency', '边缘计算部署第2行：传输延时(ms)不能为负数'],
      ['edgeComputing[1].deviceForm', '边缘计算部署第2行：边缘计算设备形态不是可选的选项'],
    ]);
    expect(problemsAfter('infrastructure', (i) => ({ ...i, edgeComputing: ['MEC'] }), 'draft')).toEqual([
      ['edgeComputing[0]', '边缘计算部署第1行：数据格式不正确'],
    ]);
  });

  it('accepts no 边缘计算部署 row, and at most 50', () => {
    expect(problemsAfter('infrastructure', (i) => ({ ...i, edgeComputing: [] }))).toEqual([]);
    expect(problemsAfter('infrastructure', (i) => ({ ...i, edgeComputing: Array(50).fill(exampleRow()) }))).toEqual([]);
    expect(problemsAfter('infrastructure', (i) => ({ ...i, edgeComputing: Array(51).fill(exampleRow()) }), 'draft')).toEqual([
      ['edgeComputing', '边缘计算部署最多填写50条'],
    ]);
  });

  it('refuses an unknown 5G基础设施模式 or 运营商', () => {
    expect(problemsAfter('infrastructure', (i) => ({ ...i, infrastructureMode: '专网', operator: '中国铁塔' }), 'draft')).toEqual([
      ['infrastructureMode', '5G基础设施模式不是可选的选项'],
      ['operator', '5G基础设施运营商不是可选的选项'],
    ]);
  });
});

function exampleRow() {
  return {
    location: '厂区核心机房',
    cost: 180,
    provider: '华为技术有限公司',
    deviceForm: '边缘服务器',
    developmentStage: '发展阶段',
  };
}

describe('厂区现场升级', () => {
  it.each([
    ['networkedProductionEquipment', 1201, '联网的生产装备数不能大于现场生产装备总数'],
    ['keyEquipmentTotal', 1201, '关键装备总数不能大于现场生产装备总数'],
    ['networkedKeyEquipment', 301, '联网的关键装备数不能大于关键装备总数'],
    ['key5gEquipment', 291, '连接到5G网络的关键装备数不能大于联网的关键装备数'],
    ['direct5gWirelessDevices', 801, '直接接入5G网络的无线联网设备数不能大于现场无线联网设备总数'],
  ])('refuses %s = %d: a part never exceeds its whole', (field, value, message) => {
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, [field]: value }))).toEqual([[field, message]]);
  });

  it('refuses more networked key equipment than networked production equipment', () => {
    expect(
      problemsAfter('siteUpgrade', (s) => ({ ...s, networkedProductionEquipment: 100, networkedKeyEquipment: 150, key5gEquipment: 100 })),
    ).toEqual([['networkedKeyEquipment', '联网的关键装备数不能大于联网的生产装备数']]);
  });

  it('accepts a part equal to its whole', () => {
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, networkedProductionEquipment: 1200, direct5gWirelessDevices: 800 }))).toEqual([]);
  });

  it('refuses negative and fractional counts, even in a draft', () => {
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, productionEquipmentTotal: -1, keyEquipmentTotal: 2.5 }), 'draft')).toEqual([
      ['productionEquipmentTotal', '现场生产装备总数不能为负数'],
      ['keyEquipmentTotal', '关键装备总数必须是整数'],
    ]);
  });

  it('requires at least one 5G terminal or gateway-connected device; either list may be empty', () => {
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, embeddedModuleTerminals: [], gatewayConnectedDevices: [] }))).toEqual([
      ['embeddedModuleTerminals', '请至少填写一条内置5G模组的工业终端产品或通过5G工业网关连接的设备'],
    ]);
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, embeddedModuleTerminals: [] }))).toEqual([]);
  });

  it('requires at least one 数据采集产品, each row complete', () => {
    expect(problemsAfter('siteUpgrade', (s) => ({ ...s, dataCollectionProducts: [] }))).toEqual([
      ['dataCollectionProducts', '请至少填写一条数据采集产品'],
    ]);
    expect(
      problemsAfter('siteUpgrade', (s) => ({
        ...s,
        dataCollectionProducts: [{ ...s.dataCollectionProducts[0], dataType: '视频', quantity: undefined }],
      })),
    ).toEqual([
      ['dataCollectionProducts[0].quantity', '数据采集产品第1行：请填写数量(个)'],
      ['dataCollectionProducts[0].dataType', '数据采集产品第1行：采集的数据类型不是可选的选项'],
    ]);
  });

  it('names the row of a terminal with a problem', () => {
    expect(
      problemsAfter('siteUpgrade', (s) => ({ ...s, gatewayConnectedDevices: [{ name: '工业相机', manufacturer: '海康威视', quantity: -3 }] })),
    ).toEqual([['gatewayConnectedDevices[0].quantity', '通过5G工业网关连接的设备第1行：数量(个)不能为负数']]);
  });
});

describe('5G应用创新', () => {
  it('requires 现场价值 unless 应用程度 is 用例不适用', () => {
    expect(
      problemsAfter('applications', (a) => ({
        ...a,
        productionManufacturing: { level: '发展阶段', siteValue: '  ' },
        researchDesign: { level: '用例不适用' },
      })),
    ).toEqual([['productionManufacturing.siteValue', '请填写生产制造现场价值']]);
  });

  it('refuses an unknown 应用程度 or typical scenario', () => {
    expect(
      problemsAfter('applications', (a) => ({ ...a, serviceManagement: { level: '成熟阶段', scenarios: ['元宇宙工厂'] } }), 'draft'),
    ).toEqual([
      ['serviceManagement.level', '服务管理应用程度不是可选的选项'],
      ['serviceManagement.scenarios[0]', '服务管理典型应用场景不是可选的选项'],
    ]);
  });
});

describe('安全防护保障', () => {
  const chain = (answers: object) => problemsAfter('security', (s) => ({ protectionCapability: s.protectionCapability, ...answers }));

  it.each([
    [{ classifiedManagement: '否' }],
    [{ classifiedManagement: '是', commensurateProtection: '是' }],
    [{ classifiedManagement: '是', commensurateProtection: '否', rectificationPlan: '否' }],
    [{ classifiedManagement: '是', commensurateProtection: '否', rectificationPlan: '是', rectificationMeasures: '部署安全审计' }],
  ])('accepts the chain %j', (answers) => {
    expect(chain(answers)).toEqual([]);
  });

  it('asks for the next question of the chain', () => {
    expect(chain({ classifiedManagement: '是' })).toEqual([
      ['commensurateProtection', '请选择是否采取与自身安全级别相适应的防护措施'],
    ]);
    expect(chain({ classifiedManagement: '是', commensurateProtection: '否' })).toEqual([
      ['rectificationPlan', '请选择是否制定整改方案，落实整改措施'],
    ]);
    expect(chain({ classifiedManagement: '是', commensurateProtection: '否', rectificationPlan: '是' })).toEqual([
      ['rectificationMeasures', '请填写具体整改措施'],
    ]);
  });

  it('requires the fields past the end of the chain to be empty', () => {
    expect(chain({ classifiedManagement: '否', commensurateProtection: '是', rectificationMeasures: '无' })).toEqual([
      ['commensurateProtection', '未开展工业互联网企业网络安全分类分级管理工作时，是否采取与自身安全级别相适应的防护措施应为空'],
      ['rectificationMeasures', '未开展工业互联网企业网络安全分类分级管理工作时，具体整改措施应为空'],
    ]);
    expect(chain({ classifiedManagement: '是', commensurateProtection: '是', rectificationPlan: '否' })).toEqual([
      ['rectificationPlan', '已采取与自身安全级别相适应的防护措施时，是否制定整改方案，落实整改措施应为空'],
    ]);
    expect(
      chain({ classifiedManagement: '是', commensurateProtection: '否', rectificationPlan: '否', rectificationMeasures: '整改' }),
    ).toEqual([['rectificationMeasures', '未制定整改方案时，具体整改措施应为空']]);
  });

  it('lets a draft hold answers past the end of the chain (暂存 checks the format only)', () => {
    expect(
      problemsAfter('security', () => ({ classifiedManagement: '否', commensurateProtection: '是' }), 'draft'),
    ).toEqual([]);
  });
});

describe('项目实施成效', () => {
  it('keeps reductions (降本, 绿色) within 0–100 and lets improvements (提质, 增效) pass 100, with at most two decimals', () => {
    expect(
      problemsAfter('outcomes', (o) => ({ ...o, greenImprovement: 100.5, costReduction: -1, efficiencyImprovement: 12.345, qualityImprovement: 10000.01 }), 'draft'),
    ).toEqual([
      ['qualityImprovement', '提质(%)不能超过10000'],
      ['costReduction', '降本(%)不能为负数'],
      ['efficiencyImprovement', '增效(%)最多保留两位小数'],
      ['greenImprovement', '绿色(%)不能超过100'],
    ]);
    expect(problemsAfter('outcomes', (o) => ({ ...o, qualityImprovement: 100, costReduction: 0, efficiencyImprovement: 150, greenImprovement: 100 }))).toEqual([]);
  });

  it('limits the long texts to 5000 characters', () => {
    expect(problemsAfter('outcomes', (o) => ({ ...o, economicBenefits: '效'.repeat(5001) }))).toEqual([
      ['economicBenefits', '经济效益不能超过5000个字'],
    ]);
  });
});

describe('项目联系人', () => {
  it('checks the mobile number and e-mail address, even in a draft', () => {
    expect(problemsAfter('contacts', (c) => ({ ...c, mobile: '12345678901', email: 'chen@' }), 'draft')).toEqual([
      ['mobile', '项目联系人手机格式不正确'],
      ['email', '项目联系人邮箱格式不正确'],
    ]);
  });

  it('trims what was typed', () => {
    const result = validateSection('contacts', { name: ' 陈晓明 ', mobile: ' 13800138000 ' }, 'draft');
    expect(result).toEqual({ ok: true, value: { name: '陈晓明', mobile: '13800138000' } });
  });
});

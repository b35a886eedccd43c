/**
 * A complete, valid declaration: a Guangzhou electronics factory, 建设完成, located at 广东省广州市天河区.
 * Used by tests, seeds and demos; a fresh copy on every call so callers may change it.
 */
export function exampleForm() {
  return {
    projectInfo: {
      name: '广州天河精密电子5G全连接工厂',
      projectType: '企业项目',
      nationalEconomyCode: '3982', // 电子电路制造
      industry: '电子设备制造',
      startDate: '2023-03-01',
      endDate: '2024-12-31',
      level: '工厂',
      honors: ['省级5G工厂', '智能制造优秀场景'],
      stage: '建设完成',
      address: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
      addressDetail: '广州市天河区高普路1033号科学城园区B栋',
      partners: '中国移动通信集团广东有限公司广州分公司；华为技术有限公司',
      partnerContent: '5G专网规划建设与运维，MEC边缘云部署，机器视觉质检与AGV调度应用联合开发',
      summary:
        '项目以5G虚拟专网覆盖SMT车间、组装车间和立体仓库，部署MEC边缘计算节点，实现机器视觉质检、AGV智能物流、设备远程运维和生产现场监测等12个5G应用场景，打通MES、WMS与设备数据，形成覆盖研发、生产、检测、物流的5G全连接工厂。',
      siteTopologyImage: '3f6c2a1e-8b4d-4c7a-9e2f-1a2b3c4d5e6f',
    },
    funding: { national: 0, provincial: 200, city: 150.5, district: 50, selfRaised: 3280.75 },
    infrastructure: {
      infrastructureMode: '虚拟专网',
      operator: '中国移动',
      indoorArea: 133000,
      outdoorArea: 73500,
      macroStation: { quantity: 3, unitPrice: 20, totalPrice: 60, coverageArea: 206500, manufacturer: '华为' },
      microStation: { quantity: 137, unitPrice: 3, totalPrice: 411, coverageArea: 133000, manufacturer: '华为' },
      upfOnPremises: '是',
      otherCoreFunctions: '',
      networkPlan:
        '采用中国移动5G虚拟专网，UPF下沉至厂区机房，宏站覆盖室外园区，室内数字化微站覆盖车间和仓库，业务数据不出园区。',
      networkTopologyImage: '7a1d9c42-5e3b-4f8a-b6c1-2d3e4f5a6b7c',
      edgeComputing: [
        {
          location: '厂区核心机房',
          cost: 180,
          provider: '华为技术有限公司',
          storageCapacity: 200,
          bandwidth: 10000,
          latency: 10,
          computingPower: '256 TOPS',
          deviceForm: '边缘服务器',
          connectedSystems: 'MES、WMS、SCADA',
          developmentStage: '发展阶段',
        },
      ],
      networkManagement: { built: '是', maintenanceMode: '运营商代维', maintenanceCost: 30, provider: '中国移动' },
      dataStorageNode: { built: '是', constructionMode: '自建', location: '边缘和云', provider: '华为云' },
      industrialInternetPlatform: {
        built: '是',
        hostedApplications: '智能监控，智能识别，机器人控制，机器人集群调度',
        provider: '树根互联',
      },
      identifierResolutionNode: { built: '否' },
    },
    siteUpgrade: {
      embeddedModuleTerminals: [
        { name: '5G CPE/DTU数据汇聚网关', manufacturer: '四信/中微普业', quantity: 202 },
        { name: '5G AGV', manufacturer: '极智嘉', quantity: 65 },
      ],
      gatewayConnectedDevices: [{ name: '工业相机', manufacturer: '海康威视', quantity: 300 }],
      productionEquipmentTotal: 1200,
      networkedProductionEquipment: 1050,
      keyEquipmentTotal: 300,
      networkedKeyEquipment: 290,
      wirelessDevicesTotal: 800,
      direct5gWirelessDevices: 567,
      key5gEquipment: 210,
      dataCollectionProducts: [
        {
          productName: '设备数据采集网关',
          manufacturer: '研华科技',
          quantity: 120,
          dataContent: '设备运行状态、工艺参数、能耗',
          dataType: '结构化数据',
          collectionPeriod: '1秒',
          dataVolume: '2GB/天',
        },
      ],
      dataModelling: '基于统一数据模型组织设备、工艺、质量数据，建成覆盖人机料法环的工业数据资产目录。',
      itOtConvergence: 'MES与PLC、SCADA通过5G与OPC UA互通，实现工单下发与设备状态实时回传。',
      managementUpgrade: '建成生产运营指挥中心，计划排产、质量追溯和能耗管理实现数字化闭环。',
    },
    applications: {
      researchDesign: { level: '用例不适用', siteValue: '', scenarios: [] },
      productionManufacturing: {
        level: '发展阶段',
        siteValue: 'AGV调度效率提升30%，换线时间缩短40%。',
        scenarios: ['柔性生产制造', '设备协同作业'],
      },
      inspectionMonitoring: {
        level: '高级阶段',
        siteValue: '5G机器视觉质检替代人工目检，漏检率降至0.1%以下。',
        scenarios: ['机器视觉质检', '生产现场监测'],
      },
      warehousingLogistics: { level: '发展阶段', siteValue: '立体仓库出入库效率提升25%。', scenarios: ['厂区智能物流'] },
      serviceManagement: { level: '开发测试阶段', siteValue: '设备远程运维响应时间缩短50%。', scenarios: [] },
    },
    security: {
      classifiedManagement: '是',
      commensurateProtection: '否',
      rectificationPlan: '是',
      rectificationMeasures: '部署工控安全审计与边界防护设备，完善5G专网切片隔离和终端准入。',
      protectionCapability: '建成覆盖5G专网、MEC和工控网络的安全监测体系，安全事件平均处置时间缩短至2小时。',
    },
    outcomes: {
      economicBenefits: '年新增产值约2.1亿元，生产效率提升28%，运营成本降低18%。',
      socialBenefits: '形成可复制的电子制造5G全连接工厂方案，带动周边20余家配套企业开展5G改造。',
      qualityImprovement: 35.5,
      costReduction: 18,
      efficiencyImprovement: 28,
      greenImprovement: 12.25,
    },
    // The two materials a 建设完成 project needs; the API writes these entries when files are uploaded.
    materials: {
      items: [
        {
          fileId: '5b0e3c1d-2f4a-4b6c-8d7e-9f0a1b2c3d4e',
          kind: 'contract',
          name: '5G虚拟专网建设合同.pdf',
          size: 482133,
          mime: 'application/pdf',
          uploadedBy: '李明',
          uploadedAt: '2025-03-10T02:15:00.000Z',
        },
        {
          fileId: '6c1f4d2e-3a5b-4c7d-9e8f-0a1b2c3d4e5f',
          kind: 'acceptanceReport',
          name: '项目竣工验收报告.pdf',
          size: 1203344,
          mime: 'application/pdf',
          uploadedBy: '李明',
          uploadedAt: '2025-03-10T02:16:00.000Z',
        },
      ],
    },
    contacts: { name: '陈晓明', title: '信息化部部长', mobile: '13800138000', email: 'chenxm@example.com' },
  };
}

/** 项目建设能力 › 基础设施建设: 5G基础设施模式, 工业网络互通, 边缘计算部署, 关键系统建设 */
import { z } from 'zod';
import {
  DATA_STORAGE_CONSTRUCTION_MODES,
  DATA_STORAGE_LOCATIONS,
  EDGE_DEVELOPMENT_STAGES,
  EDGE_DEVICE_FORMS,
  INFRASTRUCTURE_MODES,
  NETWORK_MAINTENANCE_MODES,
  OPERATORS,
  YES_NO,
} from '../reference';
import { fieldsFor, isBlank, roundToCents, sectionObject, TEXT_MAX, type Fields, type FormMode, type Reporter } from './fields';
import { messages } from './messages';

export const INFRASTRUCTURE_LABELS = {
  infrastructureMode: '5G基础设施模式',
  operator: '5G基础设施运营商',
  indoorArea: '工厂室内面积(m²)',
  outdoorArea: '工厂室外面积(m²)',
  macroStation: '宏站',
  'macroStation.quantity': '宏站数量',
  'macroStation.unitPrice': '宏站单价(均值万元)',
  'macroStation.totalPrice': '宏站总价(万元)',
  'macroStation.coverageArea': '宏站覆盖面积(m²)',
  'macroStation.manufacturer': '宏站厂家',
  microStation: '微站',
  'microStation.quantity': '微站数量',
  'microStation.unitPrice': '微站单价(均值万元)',
  'microStation.totalPrice': '微站总价(万元)',
  'microStation.coverageArea': '微站覆盖面积(m²)',
  'microStation.manufacturer': '微站厂家',
  upfOnPremises: 'UPF下沉部署在企业或园区',
  otherCoreFunctions: '其他核心网元功能下沉',
  networkPlan: '现场网络组网方案',
  networkTopologyImage: '现场网络组网拓扑图',
  edgeComputing: '边缘计算部署',
  'edgeComputing[].location': '设备部署位置',
  'edgeComputing[].cost': '建设成本(万元)',
  'edgeComputing[].provider': '产品提供商',
  'edgeComputing[].storageCapacity': '存储容量(TB)',
  'edgeComputing[].bandwidth': '网络带宽(Mbps)',
  'edgeComputing[].latency': '传输延时(ms)',
  'edgeComputing[].computingPower': '运算能力',
  'edgeComputing[].deviceForm': '边缘计算设备形态',
  'edgeComputing[].connectedSystems': '已互联互通的企业系统',
  'edgeComputing[].developmentStage': '发展阶段',
  networkManagement: '网络服务与管理系统',
  'networkManagement.built': '是否建设网络服务与管理系统',
  'networkManagement.maintenanceMode': '网络管理系统维护模式',
  'networkManagement.maintenanceCost': '网络管理系统维护费用(万元/年)',
  'networkManagement.provider': '网络服务与管理系统服务商',
  dataStorageNode: '数据存储节点',
  'dataStorageNode.built': '是否建设有数据存储节点',
  'dataStorageNode.constructionMode': '数据存储节点建设模式',
  'dataStorageNode.location': '数据存储节点部署位置',
  'dataStorageNode.provider': '数据存储节点服务商',
  industrialInternetPlatform: '企业级工业互联网平台',
  'industrialInternetPlatform.built': '是否建设有企业级工业互联网平台',
  'industrialInternetPlatform.hostedApplications': '平台承载应用',
  'industrialInternetPlatform.provider': '工业互联网平台服务商',
  identifierResolutionNode: '工业互联网标识解析企业节点',
  'identifierResolutionNode.built': '是否建有工业互联网标识解析企业节点',
  'identifierResolutionNode.connectedToSecondaryNode': '是否和二级节点连接',
  'identifierResolutionNode.selfDeveloped': '是否自研工业互联网标识解析',
  'identifierResolutionNode.provider': '标识解析企业节点服务商',
} as const;

const L = INFRASTRUCTURE_LABELS;

/** 关键系统建设: each system's details, required when and only when it is built (是否建设 = 是). */
/** Each detail says whether it is picked from a list (请选择) or typed (请填写) when missing. */
export const KEY_SYSTEMS = {
  networkManagement: { maintenanceMode: 'choice', maintenanceCost: 'input', provider: 'input' },
  dataStorageNode: { constructionMode: 'choice', location: 'choice', provider: 'input' },
  industrialInternetPlatform: { hostedApplications: 'input', provider: 'input' },
  identifierResolutionNode: { connectedToSecondaryNode: 'choice', selfDeveloped: 'choice', provider: 'input' },
} as const;
type KeySystem = keyof typeof KEY_SYSTEMS;

/** 总价 = 数量 × 单价, computed here so the server's value wins over whatever the client sent. */
export function stationTotalPrice(quantity: number | undefined, unitPrice: number | undefined): number | undefined {
  return quantity === undefined || unitPrice === undefined ? undefined : roundToCents(quantity * unitPrice);
}

function station(f: Fields, key: 'macroStation' | 'microStation') {
  return f
    .group(L[key], {
      // 宏站/微站 are optional (a 公网 factory may have neither); 数量 and 单价 are needed once either is described.
      quantity: f.count(L[`${key}.quantity`], { optional: true }),
      unitPrice: f.amount(L[`${key}.unitPrice`], { optional: true }),
      coverageArea: f.amount(L[`${key}.coverageArea`], { optional: true }),
      manufacturer: f.text(L[`${key}.manufacturer`], { optional: true }),
    })
    .transform((s) => ({ ...s, totalPrice: stationTotalPrice(s.quantity, s.unitPrice) }));
}

function keySystem<S extends z.ZodRawShape>(f: Fields, key: KeySystem, details: S) {
  return f.group(L[key], { built: f.choice(L[`${key}.built`], YES_NO), ...details });
}

export function infrastructureSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  const detail = { optional: true } as const; // required by the 是否建设 rule instead
  return sectionObject(
    '基础设施建设',
    {
      infrastructureMode: f.choice(L.infrastructureMode, INFRASTRUCTURE_MODES),
      operator: f.choice(L.operator, OPERATORS),
      indoorArea: f.amount(L.indoorArea),
      outdoorArea: f.amount(L.outdoorArea),
      macroStation: station(f, 'macroStation'),
      microStation: station(f, 'microStation'),
      upfOnPremises: f.choice(L.upfOnPremises, YES_NO),
      otherCoreFunctions: f.text(L.otherCoreFunctions, { max: TEXT_MAX.medium, optional: true }),
      networkPlan: f.text(L.networkPlan, { max: TEXT_MAX.long }),
      networkTopologyImage: f.fileId(L.networkTopologyImage, { optional: true }),
      // A 公网 factory may run no edge computing of its own, so no row is required.
      edgeComputing: f.rows(L.edgeComputing, {
        location: f.text(L['edgeComputing[].location']),
        cost: f.amount(L['edgeComputing[].cost']),
        provider: f.text(L['edgeComputing[].provider']),
        storageCapacity: f.amount(L['edgeComputing[].storageCapacity'], { optional: true }),
        bandwidth: f.amount(L['edgeComputing[].bandwidth'], { optional: true }),
        latency: f.amount(L['edgeComputing[].latency'], { optional: true }),
        computingPower: f.text(L['edgeComputing[].computingPower'], { optional: true }),
        deviceForm: f.choice(L['edgeComputing[].deviceForm'], EDGE_DEVICE_FORMS),
        connectedSystems: f.text(L['edgeComputing[].connectedSystems'], { max: TEXT_MAX.medium, optional: true }),
        developmentStage: f.choice(L['edgeComputing[].developmentStage'], EDGE_DEVELOPMENT_STAGES),
      }),
      networkManagement: keySystem(f, 'networkManagement', {
        maintenanceMode: f.choice(L['networkManagement.maintenanceMode'], NETWORK_MAINTENANCE_MODES, detail),
        maintenanceCost: f.amount(L['networkManagement.maintenanceCost'], detail),
        provider: f.text(L['networkManagement.provider'], detail),
      }),
      dataStorageNode: keySystem(f, 'dataStorageNode', {
        constructionMode: f.choice(L['dataStorageNode.constructionMode'], DATA_STORAGE_CONSTRUCTION_MODES, detail),
        location: f.choice(L['dataStorageNode.location'], DATA_STORAGE_LOCATIONS, detail),
        provider: f.text(L['dataStorageNode.provider'], detail),
      }),
      industrialInternetPlatform: keySystem(f, 'industrialInternetPlatform', {
        hostedApplications: f.text(L['industrialInternetPlatform.hostedApplications'], { ...detail, max: TEXT_MAX.medium }),
        provider: f.text(L['industrialInternetPlatform.provider'], detail),
      }),
      identifierResolutionNode: keySystem(f, 'identifierResolutionNode', {
        connectedToSecondaryNode: f.choice(L['identifierResolutionNode.connectedToSecondaryNode'], YES_NO, detail),
        selfDeveloped: f.choice(L['identifierResolutionNode.selfDeveloped'], YES_NO, detail),
        provider: f.text(L['identifierResolutionNode.provider'], detail),
      }),
    },
    mode,
    (infrastructure, report) => {
      for (const key of ['macroStation', 'microStation'] as const) {
        const s = infrastructure[key] as Record<string, unknown> | undefined;
        if (!s || ['quantity', 'unitPrice', 'coverageArea', 'manufacturer'].every((field) => isBlank(s[field]))) continue;
        if (isBlank(s.quantity)) report([key, 'quantity'], messages.required(L[`${key}.quantity`]));
        if (isBlank(s.unitPrice)) report([key, 'unitPrice'], messages.required(L[`${key}.unitPrice`]));
      }
      for (const key of Object.keys(KEY_SYSTEMS) as KeySystem[]) {
        checkKeySystem(key, infrastructure[key] as Record<string, unknown> | undefined, report);
      }
    },
  );
}

function checkKeySystem(key: KeySystem, system: Record<string, unknown> | undefined, report: Reporter): void {
  if (!system) return;
  const systemName = L[key];
  for (const [detail, kind] of Object.entries(KEY_SYSTEMS[key])) {
    const label = L[`${key}.${detail}` as keyof typeof L];
    const value = system[detail];
    if (system.built === '是' && isBlank(value)) {
      report([key, detail], kind === 'choice' ? messages.requiredChoice(label) : messages.required(label));
    }
    if (system.built === '否' && !isBlank(value)) {
      report([key, detail], messages.mustBeEmpty(`未建设${systemName}`, label));
    }
  }
}

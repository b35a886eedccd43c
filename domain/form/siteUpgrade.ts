/** 项目建设能力 › 厂区现场升级: 现场装备的网络化改造, 工业数据的模型化组织, IT-OT融合, 企业管理智能化升级 */
import { COLLECTED_DATA_TYPES } from '../reference';
import { fieldsFor, numberOrUndefined, sectionObject, TEXT_MAX, type Fields, type FormMode } from './fields';
import { messages } from './messages';

export const SITE_UPGRADE_LABELS = {
  embeddedModuleTerminals: '内置5G模组的工业终端产品',
  'embeddedModuleTerminals[].name': '名称',
  'embeddedModuleTerminals[].manufacturer': '厂家',
  'embeddedModuleTerminals[].quantity': '数量(个)',
  gatewayConnectedDevices: '通过5G工业网关连接的设备',
  'gatewayConnectedDevices[].name': '名称',
  'gatewayConnectedDevices[].manufacturer': '厂家',
  'gatewayConnectedDevices[].quantity': '数量(个)',
  productionEquipmentTotal: '现场生产装备总数',
  networkedProductionEquipment: '联网的生产装备数',
  keyEquipmentTotal: '关键装备总数',
  networkedKeyEquipment: '联网的关键装备数',
  wirelessDevicesTotal: '现场无线联网设备总数',
  direct5gWirelessDevices: '直接接入5G网络的无线联网设备数',
  key5gEquipment: '连接到5G网络的关键装备数',
  dataCollectionProducts: '数据采集产品',
  'dataCollectionProducts[].productName': '产品名称',
  'dataCollectionProducts[].manufacturer': '厂家',
  'dataCollectionProducts[].quantity': '数量(个)',
  'dataCollectionProducts[].dataContent': '采集的数据内容',
  'dataCollectionProducts[].dataType': '采集的数据类型',
  'dataCollectionProducts[].collectionPeriod': '数据采集周期',
  'dataCollectionProducts[].dataVolume': '单位时间内采集的数据量',
  dataModelling: '工业数据的模型化组织',
  itOtConvergence: 'IT-OT融合',
  managementUpgrade: '企业管理智能化升级',
} as const;

const L = SITE_UPGRADE_LABELS;

type CountField =
  | 'productionEquipmentTotal'
  | 'networkedProductionEquipment'
  | 'keyEquipmentTotal'
  | 'networkedKeyEquipment'
  | 'wirelessDevicesTotal'
  | 'direct5gWirelessDevices'
  | 'key5gEquipment';

/**
 * A part never exceeds its whole: [part, whole]. 关键装备 are production equipment, so the networked key
 * equipment is also part of the networked production equipment; 连接到5G网络的关键装备 are networked key equipment.
 */
export const PART_OF_WHOLE: readonly (readonly [CountField, CountField])[] = [
  ['networkedProductionEquipment', 'productionEquipmentTotal'],
  ['keyEquipmentTotal', 'productionEquipmentTotal'],
  ['networkedKeyEquipment', 'keyEquipmentTotal'],
  ['networkedKeyEquipment', 'networkedProductionEquipment'],
  ['key5gEquipment', 'networkedKeyEquipment'],
  ['direct5gWirelessDevices', 'wirelessDevicesTotal'],
];

function equipmentRows(f: Fields, key: 'embeddedModuleTerminals' | 'gatewayConnectedDevices') {
  return f.rows(L[key], {
    name: f.text(L[`${key}[].name`]),
    manufacturer: f.text(L[`${key}[].manufacturer`]),
    quantity: f.count(L[`${key}[].quantity`]),
  });
}

export function siteUpgradeSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '厂区现场升级',
    {
      // Either list may be empty, but not both: a 5G factory connects equipment over 5G one way or the other.
      embeddedModuleTerminals: equipmentRows(f, 'embeddedModuleTerminals'),
      gatewayConnectedDevices: equipmentRows(f, 'gatewayConnectedDevices'),
      productionEquipmentTotal: f.count(L.productionEquipmentTotal),
      networkedProductionEquipment: f.count(L.networkedProductionEquipment),
      keyEquipmentTotal: f.count(L.keyEquipmentTotal),
      networkedKeyEquipment: f.count(L.networkedKeyEquipment),
      wirelessDevicesTotal: f.count(L.wirelessDevicesTotal),
      direct5gWirelessDevices: f.count(L.direct5gWirelessDevices),
      key5gEquipment: f.count(L.key5gEquipment),
      dataCollectionProducts: f.rows(
        L.dataCollectionProducts,
        {
          productName: f.text(L['dataCollectionProducts[].productName']),
          manufacturer: f.text(L['dataCollectionProducts[].manufacturer']),
          quantity: f.count(L['dataCollectionProducts[].quantity']),
          dataContent: f.text(L['dataCollectionProducts[].dataContent'], { max: TEXT_MAX.medium }),
          dataType: f.choice(L['dataCollectionProducts[].dataType'], COLLECTED_DATA_TYPES),
          collectionPeriod: f.text(L['dataCollectionProducts[].collectionPeriod']),
          dataVolume: f.text(L['dataCollectionProducts[].dataVolume']),
        },
        { requiredInSubmit: true },
      ),
      dataModelling: f.text(L.dataModelling, { max: TEXT_MAX.long }),
      itOtConvergence: f.text(L.itOtConvergence, { max: TEXT_MAX.long }),
      managementUpgrade: f.text(L.managementUpgrade, { max: TEXT_MAX.long }),
    },
    mode,
    (upgrade, report) => {
      const terminals = Array.isArray(upgrade.embeddedModuleTerminals) ? upgrade.embeddedModuleTerminals.length : 0;
      const viaGateway = Array.isArray(upgrade.gatewayConnectedDevices) ? upgrade.gatewayConnectedDevices.length : 0;
      if (terminals + viaGateway === 0) {
        report(['embeddedModuleTerminals'], messages.atLeastOneRow(`${L.embeddedModuleTerminals}或${L.gatewayConnectedDevices}`));
      }
      for (const [part, whole] of PART_OF_WHOLE) {
        const partCount = numberOrUndefined(upgrade[part]);
        const wholeCount = numberOrUndefined(upgrade[whole]);
        if (partCount !== undefined && wholeCount !== undefined && partCount > wholeCount) {
          report([part], messages.partExceedsWhole(L[part], L[whole]));
        }
      }
    },
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * How each section (sub-tab) of the declaration form is laid out: which control each field gets, in the order of
 * the enterprise manual. Labels come from domain/form FIELD_LABELS and choices from domain/reference, so the
 * screen, the API and the workflow read the same words. The same layout renders the editable form and 查看.
 */
import {
  APPLICATION_AREAS,
  FIELD_LABELS,
  KEY_SYSTEMS,
  securityChain,
  stationTotalPrice,
  type SectionKey,
} from '../../../../domain/form';
import {
  APPLICATION_LEVELS,
  COLLECTED_DATA_TYPES,
  DATA_STORAGE_CONSTRUCTION_MODES,
  DATA_STORAGE_LOCATIONS,
  EDGE_DEVELOPMENT_STAGES,
  EDGE_DEVICE_FORMS,
  INDUSTRIES,
  INFRASTRUCTURE_MODES,
  NETWORK_MAINTENANCE_MODES,
  NOT_APPLICABLE_LEVEL,
  OPERATORS,
  PROJECT_HONORS,
  PROJECT_LEVELS,
  PROJECT_STAGES,
  PROJECT_TYPES,
  TYPICAL_SCENARIO_NAMES,
  YES_NO,
} from '../../../../domain/reference';

type Values = Record<string, any>;

interface Common {
  /** Path inside the section (dots for groups); inside rows, the column's key. */
  source: string;
  /** Shown only while this holds for the section's current values (e.g. the 安全管理 chain). Hidden fields are cleared on save. */
  when?: (values: Values) => boolean;
  /** Half-width on wide screens. */
  half?: boolean;
}

export type FieldSpec =
  | (Common & { kind: 'text' | 'longtext' | 'amount' | 'count' | 'percent' | 'date' | 'image' | 'region' | 'industry' })
  | (Common & { kind: 'choice' | 'multi'; options: readonly string[] })
  | (Common & { kind: 'computed'; compute: (values: Values) => unknown })
  /**
   * A list of rows: edited inline (“+” adds a row, 删除 removes it) or, with `dialog`, as a table whose rows are
   * added and edited in a 新增/编辑 dialog (the manual's 边缘计算部署, 图19–21); `summary` names the table's columns.
   */
  | (Common & { kind: 'rows'; columns: FieldSpec[]; dialog?: boolean; summary?: string[] })
  | { kind: 'heading'; title: string; source?: undefined; when?: (values: Values) => boolean };

const get = (values: Values, path: string): any =>
  path.split('.').reduce<any>((v, key) => (v === undefined || v === null ? undefined : v[key]), values);

/** The Chinese label of a field: `FIELD_LABELS[section]['edgeComputing[].location']`. */
export function labelOf(section: SectionKey, source: string, rowsSource?: string): string {
  const key = rowsSource ? `${rowsSource}[].${source}` : source;
  return FIELD_LABELS[section][key] ?? key;
}

const station = (key: 'macroStation' | 'microStation'): FieldSpec[] => [
  { kind: 'count', source: `${key}.quantity`, half: true },
  { kind: 'amount', source: `${key}.unitPrice`, half: true },
  {
    kind: 'computed',
    source: `${key}.totalPrice`,
    half: true,
    compute: (v) => stationTotalPrice(numberOr(get(v, `${key}.quantity`)), numberOr(get(v, `${key}.unitPrice`))),
  },
  { kind: 'amount', source: `${key}.coverageArea`, half: true },
  { kind: 'text', source: `${key}.manufacturer`, half: true },
];

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const builtIs = (system: string) => (v: Values) => get(v, `${system}.built`) === '是';

const KEY_SYSTEM_CHOICES: Record<string, readonly string[]> = {
  'networkManagement.maintenanceMode': NETWORK_MAINTENANCE_MODES,
  'dataStorageNode.constructionMode': DATA_STORAGE_CONSTRUCTION_MODES,
  'dataStorageNode.location': DATA_STORAGE_LOCATIONS,
  'identifierResolutionNode.connectedToSecondaryNode': YES_NO,
  'identifierResolutionNode.selfDeveloped': YES_NO,
};

/** 关键系统建设: 是否建设, and the details only once it is built. */
const keySystems: FieldSpec[] = Object.entries(KEY_SYSTEMS).flatMap(([system, details]): FieldSpec[] => [
  { kind: 'choice', source: `${system}.built`, options: YES_NO },
  ...Object.keys(details).map((detail): FieldSpec => {
    const source = `${system}.${detail}`;
    const when = builtIs(system);
    if (KEY_SYSTEM_CHOICES[source]) return { kind: 'choice', source, options: KEY_SYSTEM_CHOICES[source], when, half: true };
    if (detail === 'maintenanceCost') return { kind: 'amount', source, when, half: true };
    return { kind: detail === 'hostedApplications' ? 'longtext' : 'text', source, when, half: detail !== 'hostedApplications' };
  }),
]);

const equipmentColumns: FieldSpec[] = [
  { kind: 'text', source: 'name' },
  { kind: 'text', source: 'manufacturer' },
  { kind: 'count', source: 'quantity' },
];

const applicationArea = (area: string): FieldSpec[] => [
  { kind: 'heading', title: FIELD_LABELS.applications[area] },
  { kind: 'choice', source: `${area}.level`, options: APPLICATION_LEVELS },
  {
    kind: 'longtext',
    source: `${area}.siteValue`,
    when: (v) => typeof get(v, `${area}.level`) === 'string' && get(v, `${area}.level`) !== NOT_APPLICABLE_LEVEL,
  },
  { kind: 'multi', source: `${area}.scenarios`, options: TYPICAL_SCENARIO_NAMES },
];

const chainApplicable = (field: 'commensurateProtection' | 'rectificationPlan' | 'rectificationMeasures') => (v: Values) =>
  securityChain(v).applicable.includes(field);

export const SECTION_LAYOUT: Record<SectionKey, FieldSpec[]> = {
  projectInfo: [
    { kind: 'text', source: 'name' },
    { kind: 'choice', source: 'projectType', options: PROJECT_TYPES, half: true },
    { kind: 'industry', source: 'nationalEconomyCode', half: true },
    { kind: 'choice', source: 'industry', options: INDUSTRIES, half: true },
    { kind: 'choice', source: 'level', options: PROJECT_LEVELS, half: true },
    { kind: 'date', source: 'startDate', half: true },
    { kind: 'date', source: 'endDate', half: true },
    { kind: 'multi', source: 'honors', options: PROJECT_HONORS },
    { kind: 'choice', source: 'stage', options: PROJECT_STAGES, half: true },
    { kind: 'region', source: 'address', half: true },
    { kind: 'text', source: 'addressDetail' },
    { kind: 'text', source: 'partners' },
    { kind: 'longtext', source: 'partnerContent' },
    { kind: 'longtext', source: 'summary' },
    { kind: 'image', source: 'siteTopologyImage' },
  ],
  funding: [
    { kind: 'amount', source: 'national', half: true },
    { kind: 'amount', source: 'provincial', half: true },
    { kind: 'amount', source: 'city', half: true },
    { kind: 'amount', source: 'district', half: true },
    { kind: 'amount', source: 'selfRaised', half: true },
  ],
  infrastructure: [
    { kind: 'heading', title: '5G基础设施模式' },
    { kind: 'choice', source: 'infrastructureMode', options: INFRASTRUCTURE_MODES, half: true },
    { kind: 'choice', source: 'operator', options: OPERATORS, half: true },
    { kind: 'amount', source: 'indoorArea', half: true },
    { kind: 'amount', source: 'outdoorArea', half: true },
    { kind: 'heading', title: FIELD_LABELS.infrastructure.macroStation },
    ...station('macroStation'),
    { kind: 'heading', title: FIELD_LABELS.infrastructure.microStation },
    ...station('microStation'),
    { kind: 'choice', source: 'upfOnPremises', options: YES_NO, half: true },
    { kind: 'text', source: 'otherCoreFunctions', half: true },
    { kind: 'heading', title: '工业网络互通' },
    { kind: 'longtext', source: 'networkPlan' },
    { kind: 'image', source: 'networkTopologyImage' },
    { kind: 'heading', title: FIELD_LABELS.infrastructure.edgeComputing },
    {
      kind: 'rows',
      source: 'edgeComputing',
      dialog: true,
      summary: ['location', 'cost', 'provider', 'deviceForm', 'developmentStage'],
      columns: [
        { kind: 'text', source: 'location' },
        { kind: 'amount', source: 'cost' },
        { kind: 'text', source: 'provider' },
        { kind: 'amount', source: 'storageCapacity' },
        { kind: 'amount', source: 'bandwidth' },
        { kind: 'amount', source: 'latency' },
        { kind: 'text', source: 'computingPower' },
        { kind: 'choice', source: 'deviceForm', options: EDGE_DEVICE_FORMS },
        { kind: 'text', source: 'connectedSystems' },
        { kind: 'choice', source: 'developmentStage', options: EDGE_DEVELOPMENT_STAGES },
      ],
    },
    { kind: 'heading', title: '关键系统建设' },
    ...keySystems,
  ],
  siteUpgrade: [
    { kind: 'heading', title: '现场装备的网络化改造' },
    { kind: 'rows', source: 'embeddedModuleTerminals', columns: equipmentColumns },
    { kind: 'rows', source: 'gatewayConnectedDevices', columns: equipmentColumns },
    { kind: 'count', source: 'productionEquipmentTotal', half: true },
    { kind: 'count', source: 'networkedProductionEquipment', half: true },
    { kind: 'count', source: 'keyEquipmentTotal', half: true },
    { kind: 'count', source: 'networkedKeyEquipment', half: true },
    { kind: 'count', source: 'wirelessDevicesTotal', half: true },
    { kind: 'count', source: 'direct5gWirelessDevices', half: true },
    { kind: 'count', source: 'key5gEquipment', half: true },
    {
      kind: 'rows',
      source: 'dataCollectionProducts',
      columns: [
        { kind: 'text', source: 'productName' },
        { kind: 'text', source: 'manufacturer' },
        { kind: 'count', source: 'quantity' },
        { kind: 'text', source: 'dataContent' },
        { kind: 'choice', source: 'dataType', options: COLLECTED_DATA_TYPES },
        { kind: 'text', source: 'collectionPeriod' },
        { kind: 'text', source: 'dataVolume' },
      ],
    },
    { kind: 'longtext', source: 'dataModelling' },
    { kind: 'longtext', source: 'itOtConvergence' },
    { kind: 'longtext', source: 'managementUpgrade' },
  ],
  applications: Object.keys(APPLICATION_AREAS).flatMap(applicationArea),
  security: [
    { kind: 'heading', title: '安全管理水平提升' },
    { kind: 'choice', source: 'classifiedManagement', options: YES_NO },
    { kind: 'choice', source: 'commensurateProtection', options: YES_NO, when: chainApplicable('commensurateProtection') },
    { kind: 'choice', source: 'rectificationPlan', options: YES_NO, when: chainApplicable('rectificationPlan') },
    { kind: 'longtext', source: 'rectificationMeasures', when: chainApplicable('rectificationMeasures') },
    { kind: 'heading', title: '安全防护能力增加' },
    { kind: 'longtext', source: 'protectionCapability' },
  ],
  outcomes: [
    { kind: 'longtext', source: 'economicBenefits' },
    { kind: 'longtext', source: 'socialBenefits' },
    { kind: 'percent', source: 'qualityImprovement', half: true },
    { kind: 'percent', source: 'costReduction', half: true },
    { kind: 'percent', source: 'efficiencyImprovement', half: true },
    { kind: 'percent', source: 'greenImprovement', half: true },
  ],
  // 相关材料 is a list of uploads with its own panel (MaterialsPanel), not typed fields.
  materials: [],
  contacts: [
    { kind: 'text', source: 'name', half: true },
    { kind: 'text', source: 'title', half: true },
    { kind: 'text', source: 'mobile', half: true },
    { kind: 'text', source: 'email', half: true },
  ],
};

/**
 * What 暂存 sends: the section's values without the fields the answers hide (a 否 ends the 安全管理 chain, an
 * unbuilt key system has no details) and without computed totals, which the server recomputes.
 */
export function valuesToSave(section: SectionKey, values: Values): Values {
  const copy: Values = structuredClone(values ?? {});
  for (const spec of SECTION_LAYOUT[section]) {
    if (!spec.source) continue;
    if (spec.kind === 'computed' || (spec.when && !spec.when(values))) unset(copy, spec.source);
  }
  return copy;
}

function unset(values: Values, path: string): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<any>((v, key) => (v && typeof v === 'object' ? v[key] : undefined), values);
  if (parent && typeof parent === 'object') delete parent[keys[keys.length - 1]];
}

export { get as valueAt };

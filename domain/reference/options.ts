/**
 * The short enumerations of the declaration form (SPEC §4) and of the enterprise profile. Values are the Chinese
 * words the platform stores and shows (lists, exports), so the value is its own label.
 *
 * They live in TypeScript rather than JSON because `as const` keeps each value a literal type: the zod enums and
 * every consumer (`stage === '建设完成'` in the workflow) are then checked by the compiler. The large trees
 * (regions, GB/T 4754) are JSON beside this file.
 */

/** Bumped whenever a list below changes, so stored forms can be traced to the lists they were checked against. */
export const FORM_OPTIONS_VERSION = '2025.1';

/** 项目类型 */
export const PROJECT_TYPES = ['企业项目', '其他'] as const;

/** 所属行业 — the 17 sectors of SPEC §4, in the platform's order. */
export const INDUSTRIES = [
  '电子设备制造',
  '装备制造',
  '钢铁',
  '采矿',
  '电力',
  '石化化工',
  '建材',
  '港口',
  '纺织',
  '家电',
  '轻工',
  '医药',
  '有色金属',
  '汽车',
  '船舶',
  '航空航天',
  '其他',
] as const;

/** 项目层级 */
export const PROJECT_LEVELS = ['工厂', '车间', '产线'] as const;

/** 实施阶段 — only 建设完成 projects may be recommended. */
export const PROJECT_STAGES = ['建设中', '建设完成'] as const;

/**
 * 项目荣誉 (multiple choice): national and provincial titles a 5G factory commonly holds, from the ministry's
 * programmes (5G工厂名录, 工业互联网试点示范, 智能制造示范工厂, 新一代信息技术与制造业融合发展示范), the provincial
 * counterparts, and the World Economic Forum's 灯塔工厂.
 */
export const PROJECT_HONORS = [
  '国家级5G工厂',
  '省级5G工厂',
  '工业互联网试点示范项目',
  '智能制造示范工厂',
  '智能制造优秀场景',
  '新一代信息技术与制造业融合发展示范',
  '“绽放杯”5G应用征集大赛获奖项目',
  '灯塔工厂',
  '省级数字化转型示范',
  '其他',
] as const;

/** 5G基础设施模式 */
export const INFRASTRUCTURE_MODES = ['公网', '虚拟专网', '混合专网', '独立专网', '综合专网'] as const;

/** 5G基础设施运营商 */
export const OPERATORS = ['中国移动', '中国电信', '中国联通', '中国广电', '其他'] as const;

/** 是 / 否 questions */
export const YES_NO = ['是', '否'] as const;

/** 应用程度 of each 5G应用创新 area; only 用例不适用 frees the area from describing its 现场价值. */
export const APPLICATION_LEVELS = ['用例不适用', '开发测试阶段', '发展阶段', '高级阶段'] as const;
export const NOT_APPLICABLE_LEVEL = '用例不适用';

/** 边缘计算部署 — 边缘计算设备形态 */
export const EDGE_DEVICE_FORMS = ['边缘服务器', '边缘一体机', '边缘网关', '边缘计算盒子', '其他'] as const;

/** 边缘计算部署 — 发展阶段 (the maturity levels of 应用程度 without 用例不适用). */
export const EDGE_DEVELOPMENT_STAGES = ['开发测试阶段', '发展阶段', '高级阶段'] as const;

/** 关键系统建设 — 网络管理系统维护模式 */
export const NETWORK_MAINTENANCE_MODES = ['企业自主运维', '运营商代维', '第三方代维', '联合运维'] as const;

/** 关键系统建设 — 数据存储节点建设模式 */
export const DATA_STORAGE_CONSTRUCTION_MODES = ['自建', '租用', '自建与租用结合'] as const;

/** 关键系统建设 — 数据存储节点部署位置 */
export const DATA_STORAGE_LOCATIONS = ['本地', '边缘', '云', '边缘和云'] as const;

/** 数据采集产品 — 采集的数据类型 */
export const COLLECTED_DATA_TYPES = ['结构化数据', '半结构化数据', '非结构化数据'] as const;

/** 企业性质 */
export const ENTERPRISE_NATURES = ['国有企业', '民营企业', '外资企业', '合资企业', '其他'] as const;

export type ProjectType = (typeof PROJECT_TYPES)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export type ProjectHonor = (typeof PROJECT_HONORS)[number];
export type InfrastructureMode = (typeof INFRASTRUCTURE_MODES)[number];
export type Operator = (typeof OPERATORS)[number];
export type YesNo = (typeof YES_NO)[number];
export type ApplicationLevel = (typeof APPLICATION_LEVELS)[number];
export type EnterpriseNature = (typeof ENTERPRISE_NATURES)[number];

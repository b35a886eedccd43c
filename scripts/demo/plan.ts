/**
 * What the demo shows on a fresh start (issue 16.6): last year's campaign carried all the way through — 部级评审 with
 * experts assigned and scored, 现场核验, 公示 (one objection dismissed, one still open), 已入选名录 with a published
 * directory across three provinces — and this year's campaign in its early phases, so that every role finds work on
 * its screens. scripts/demo/seed.ts produces it through the real API and workflows; this file only says what.
 *
 * Each project has a goal: the phase the demo leaves it in. Last year's projects are driven up to the deadline
 * (recommended, partly recommended or still a draft), then the ministry moves last year's deadlines to last year's
 * dates and the workflows' timers do the rest (ministry_review / not_recommended / expired).
 */
import type { Phase } from '../../domain/phases';
import type { Industry, ProjectLevel } from '../../domain/reference/options';

/** The phase a demo project is left in, and how it gets there when several ways exist. */
export type Goal =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'cityApproved'
  | 'partially_recommended'
  | 'withdrawal_requested'
  | 'withdrawn'
  | 'expired'
  | 'not_recommended'
  | 'ministry_review'
  | 'onsite_verification'
  | 'rejected'
  | 'shortlisted'
  | 'publicity'
  | 'listed';

export interface DemoReview {
  /** Usernames of the experts the ministry assigns. */
  experts: string[];
  scores: { expert: string; score: number; comment: string }[];
  decision?: 'shortlist' | 'reject' | 'onsite';
  /**
   * 1: shortlisted before the first publicity round, listed when the ministry closes it; 2: shortlisted after the
   * directory was published (a project verified on site later), publicised on its own.
   */
  round?: 1 | 2;
  objection?: { content: string; dismissal?: string };
  isCase?: boolean;
}

export interface DemoProject {
  /** Stable key of the plan (and the project's name, which identifies it on a later start). */
  name: string;
  enterprise: string;
  year: 'last' | 'current';
  goal: Goal;
  industry: Industry;
  nationalEconomyCode: string;
  level: ProjectLevel;
  districtCode: string;
  addressDetail: string;
  stage?: '建设中' | '建设完成';
  returnReason?: string;
  withdrawReason?: string;
  /** Operators (usernames) the enterprise invites to view the project. */
  invite?: string[];
  review?: DemoReview;
}

export interface DemoEnterprise {
  username: string;
  orgName: string;
  uscc: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  addressDetail: string;
  nationalEconomyCode: string;
  contact: { name: string; title: string; mobile: string; email: string };
}

/** Where each recommendation comes from: the provincial authorities of the project's province. */
export const PROVINCE_AUTHORITIES: Record<string, { city?: Record<string, string>; miit: string; ca: string }> = {
  '440000': { city: { '440100': 'gz_miit', '440300': 'shenzhen_miit' }, miit: 'gd_miit', ca: 'gd_ca' },
  '320000': { miit: 'jiangsu_miit', ca: 'jiangsu_ca' },
  '330000': { miit: 'zhejiang_miit', ca: 'zhejiang_ca' },
};

/** Provinces whose campaign requires 市级初审 (Guangdong, as in the seeds' 广东 notice). */
export const CITY_REVIEW_PROVINCES = ['440000'];

const SCORE_COMMENT = {
  strong: '5G专网与生产系统深度融合，应用场景覆盖研发、生产、检测、物流全流程，效益数据翔实，建议入选。',
  good: '网络建设完整，典型场景成效明显，数据采集与治理有待加强，建议入选。',
  weak: '5G应用仍以视频监控和数据采集为主，与生产核心环节融合不足，效益测算依据不充分。',
  check: '申报材料显示关键设备联网率较高，建议开展现场核验确认5G直连设备数量。',
};

const EXPERTS = ['expert1', 'expert2'];

/** A review both experts have scored: expert1's and expert2's score with the key of their comment. */
function scoredByBoth(
  expert1: [number, keyof typeof SCORE_COMMENT],
  expert2: [number, keyof typeof SCORE_COMMENT],
  outcome: Omit<DemoReview, 'experts' | 'scores'> = {},
): DemoReview {
  const scores = [expert1, expert2].map(([score, comment], i) => ({ expert: EXPERTS[i], score, comment: SCORE_COMMENT[comment] }));
  return { experts: EXPERTS, scores, ...outcome };
}

/** Demo projects of both campaigns. Names are unique: a later start finds each project by its name. */
export const DEMO_PROJECTS: DemoProject[] = [
  // ── Last year: the whole cycle ──────────────────────────────────────────────────────────────────────────────
  { name: '广州天河精密电子5G全连接工厂', enterprise: 'gzfactory', year: 'last', goal: 'listed', industry: '电子设备制造', nationalEconomyCode: '3982', level: '工厂', districtCode: '440106', addressDetail: '广州市天河区高普路1033号科学城园区B栋', invite: ['gdmobile'],
    review: scoredByBoth([92, 'strong'], [89, 'good'], { decision: 'shortlist', round: 1, isCase: true }) },
  { name: '广州番禺汽车零部件5G智能产线', enterprise: 'gzfactory', year: 'last', goal: 'listed', industry: '汽车', nationalEconomyCode: '3670', level: '产线', districtCode: '440113', addressDetail: '广州市番禺区化龙镇汽车零部件产业园18号',
    review: scoredByBoth([86, 'good'], [84, 'good'], { decision: 'shortlist', round: 1 }) },
  // expert1 has not scored yet: the expert's own work list is not empty.
  { name: '广州黄埔生物医药5G数字车间', enterprise: 'gzfactory', year: 'last', goal: 'ministry_review', industry: '医药', nationalEconomyCode: '2710', level: '车间', districtCode: '440112', addressDetail: '广州市黄埔区科学大道266号生物医药园',
    review: { experts: EXPERTS, scores: [{ expert: 'expert2', score: 81, comment: SCORE_COMMENT.good }] } },
  { name: '广州南沙港区5G智能装卸产线', enterprise: 'gzfactory', year: 'last', goal: 'not_recommended', industry: '港口', nationalEconomyCode: '5532', level: '工厂', districtCode: '440115', addressDetail: '广州市南沙区港前大道南162号' },
  { name: '广州白云家电5G智能工厂', enterprise: 'gzfactory', year: 'last', goal: 'expired', industry: '家电', nationalEconomyCode: '3851', level: '工厂', districtCode: '440111', addressDetail: '广州市白云区太和镇家电产业园6号' },
  { name: '深圳宝安智能终端5G全连接工厂', enterprise: 'baoan5g', year: 'last', goal: 'listed', industry: '电子设备制造', nationalEconomyCode: '3982', level: '工厂', districtCode: '440306', addressDetail: '深圳市宝安区福海街道智能终端产业园A区',
    review: scoredByBoth([90, 'strong'], [91, 'strong'], { decision: 'shortlist', round: 1 }) },
  { name: '深圳龙华新型显示5G工厂', enterprise: 'baoan5g', year: 'last', goal: 'publicity', industry: '电子设备制造', nationalEconomyCode: '3974', level: '工厂', districtCode: '440309', addressDetail: '深圳市龙华区观澜街道显示产业基地',
    review: scoredByBoth([85, 'check'], [83, 'good'], { decision: 'shortlist', round: 2, objection: { content: '举报人称该项目5G直连设备数量与现场不符，请核实设备清单。' } }) },
  { name: '深圳坪山新能源汽车电池5G产线', enterprise: 'baoan5g', year: 'last', goal: 'rejected', industry: '汽车', nationalEconomyCode: '3612', level: '产线', districtCode: '440310', addressDetail: '深圳市坪山区新能源汽车产业园9栋',
    review: scoredByBoth([62, 'weak'], [58, 'weak'], { decision: 'reject', round: 1 }) },
  { name: '苏州工业园区精密装备5G全连接工厂', enterprise: 'suzhou5g', year: 'last', goal: 'listed', industry: '装备制造', nationalEconomyCode: '3421', level: '工厂', districtCode: '320571', addressDetail: '苏州工业园区星湖街328号',
    review: scoredByBoth([88, 'good'], [87, 'good'], { decision: 'shortlist', round: 1 }) },
  { name: '苏州吴中纺织印染5G数字车间', enterprise: 'suzhou5g', year: 'last', goal: 'listed', industry: '纺织', nationalEconomyCode: '1713', level: '车间', districtCode: '320506', addressDetail: '苏州市吴中区甪直镇纺织工业园12号',
    review: scoredByBoth([83, 'good'], [85, 'good'], { decision: 'shortlist', round: 1 }) },
  { name: '苏州相城轨道交通装备5G工厂', enterprise: 'suzhou5g', year: 'last', goal: 'onsite_verification', industry: '装备制造', nationalEconomyCode: '3571', level: '工厂', districtCode: '320507', addressDetail: '苏州市相城区高铁新城装备产业园3号',
    review: scoredByBoth([80, 'check'], [78, 'check'], { decision: 'onsite', round: 1 }) },
  { name: '宁波镇海石化5G智能工厂', enterprise: 'ningbo5g', year: 'last', goal: 'listed', industry: '石化化工', nationalEconomyCode: '2511', level: '工厂', districtCode: '330211', addressDetail: '宁波市镇海区澥浦镇石化区海天中路6号',
    review: scoredByBoth([87, 'good'], [90, 'strong'], { decision: 'shortlist', round: 1, objection: { content: '来信反映该项目边缘计算节点由集团统一建设，非本工厂投资。', dismissal: '经核实，边缘计算节点由申报企业出资建设并独立运维，异议不成立。' } }) },
  { name: '宁波北仑钢铁5G全连接工厂', enterprise: 'ningbo5g', year: 'last', goal: 'shortlisted', industry: '钢铁', nationalEconomyCode: '3120', level: '工厂', districtCode: '330206', addressDetail: '宁波市北仑区临港二路钢铁基地',
    review: scoredByBoth([86, 'good'], [88, 'good'], { decision: 'shortlist', round: 2 }) },
  // Scored by both experts: the ministry's decision is what remains.
  { name: '宁波镇海化工新材料5G智能产线', enterprise: 'ningbo5g', year: 'last', goal: 'ministry_review', industry: '石化化工', nationalEconomyCode: '2511', level: '产线', districtCode: '330211', addressDetail: '宁波市镇海区蛟川街道新材料产业园',
    review: scoredByBoth([79, 'good'], [82, 'good']) },
  // ── This year: the early phases, work for the enterprise, the city and the province ─────────────────────────
  { name: '广州增城新型显示5G工厂', enterprise: 'gzfactory', year: 'current', goal: 'draft', industry: '电子设备制造', nationalEconomyCode: '3974', level: '工厂', districtCode: '440118', addressDetail: '广州市增城区新塘镇新型显示产业园' },
  { name: '广州花都汽车整车5G智能工厂', enterprise: 'gzfactory', year: 'current', goal: 'submitted', industry: '汽车', nationalEconomyCode: '3612', level: '工厂', districtCode: '440114', addressDetail: '广州市花都区汽车城东风大道8号', invite: ['gdmobile'] },
  {
    name: '广州从化食品饮料5G数字车间',
    enterprise: 'gzfactory',
    year: 'current',
    goal: 'returned',
    industry: '轻工',
    nationalEconomyCode: '1523',
    level: '车间',
    districtCode: '440117',
    addressDetail: '广州市从化区明珠工业园兴业路3号',
    returnReason: '5G专网覆盖面积与基站数量不匹配，请补充组网拓扑图中车间内微站的部署位置后重新提交。',
  },
  { name: '广州海珠纺织服装5G柔性产线', enterprise: 'gzfactory', year: 'current', goal: 'cityApproved', industry: '纺织', nationalEconomyCode: '1751', level: '产线', districtCode: '440105', addressDetail: '广州市海珠区新港东路纺织创意园', invite: ['gdmobile'] },
  { name: '广州荔湾医药物流5G智慧仓储车间', enterprise: 'gzfactory', year: 'current', goal: 'partially_recommended', industry: '医药', nationalEconomyCode: '2710', level: '车间', districtCode: '440103', addressDetail: '广州市荔湾区芳村大道医药物流园' },
  {
    name: '广州越秀电子元件5G智能车间',
    enterprise: 'gzfactory',
    year: 'current',
    goal: 'withdrawal_requested',
    industry: '电子设备制造',
    nationalEconomyCode: '3972',
    level: '车间',
    districtCode: '440104',
    addressDetail: '广州市越秀区东风东路电子元件产业楼',
    withdrawReason: '车间正在进行二期改造，5G直连设备数量将有较大变化，申请撤回后待改造完成再申报。',
  },
  {
    name: '广州黄埔新材料5G产线',
    enterprise: 'gzfactory',
    year: 'current',
    goal: 'withdrawn',
    industry: '建材',
    nationalEconomyCode: '3021',
    level: '产线',
    districtCode: '440112',
    addressDetail: '广州市黄埔区开创大道新材料园',
    withdrawReason: '项目实施阶段填写有误，撤回修改。',
  },
  { name: '苏州高新区光伏组件5G工厂', enterprise: 'suzhou5g', year: 'current', goal: 'submitted', industry: '电力', nationalEconomyCode: '3825', level: '工厂', districtCode: '320505', addressDetail: '苏州高新区鹿山路光伏产业园' },
];

/** Phases a last-year project must have reached before the ministry moves the deadlines. */
export function phaseBeforeDeadline(goal: Goal): Phase {
  if (goal === 'expired') return 'draft';
  if (goal === 'not_recommended') return 'partially_recommended';
  return 'recommended';
}

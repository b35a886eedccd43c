/**
 * What can happen to a submission. People's actions arrive as workflow Updates; system actions
 * come from the workflow's own timers (deadlines) and from the campaign's deadline-change signal.
 */
import type { ConstructionStage, SubmissionDeadlines } from './state';
import type { Phase } from '../phases';

export type PersonAction =
  /**
   * 暂存 / 下一页: the enterprise saved a section. The API has already checked the section's format
   * (and, in `submitted`, re-run full validation); it passes the new form version and the fields
   * the lifecycle rules read.
   */
  | {
      type: 'save';
      formVersion: number;
      stage: ConstructionStage | null;
      provinceCode: string;
      cityCode: string;
      /**
       * The campaign's 初审 rule for the (new) province. Required when the save moves the project to
       * another province, since whether 初审 applies and until when is decided per province.
       */
      cityReviewRule?: { required: boolean; deadline: string | null };
      /**
       * Whether the whole form with this section passes the submit validation (the API checks both ways). The
       * workflow decides which one applies: a submitted project only takes complete content, whatever phase the API
       * saw when it validated (a save racing a submit). Absent in saves recorded before the flag existed.
       */
      complete?: boolean;
    }
  /** 提交, naming the form version the API validated. */
  | { type: 'submit'; formVersion: number }
  | { type: 'cityApprove' }
  | { type: 'cityReturn'; reason: string }
  /** 推荐, naming the form version the regulator looked at. */
  | { type: 'recommend'; formVersion: number }
  | { type: 'cancelRecommendation'; reason: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'approveWithdrawal' }
  | { type: 'rejectWithdrawal'; reason: string }
  /** Replaces the list of assigned experts. */
  | { type: 'assignExperts'; expertIds: string[] }
  /**
   * An expert's 评分. An expert scores as itself; the ministry may record the score of an assigned
   * expert on its behalf (SPEC §6 "records scores") by naming expertId. A new score replaces that
   * expert's earlier one.
   */
  | { type: 'score'; score: number; comment: string; expertId?: string }
  | { type: 'decide'; decision: 'shortlist' | 'reject' | 'onsite' }
  | { type: 'recordOnsite'; passed: boolean; notes: string }
  | { type: 'startPublicity'; publicityDays: number }
  | { type: 'fileObjection'; objectionId: string; content: string }
  | { type: 'resolveObjection'; objectionId: string; uphold: boolean; resolution: string }
  | { type: 'markCase' }
  | { type: 'inviteOperator'; operatorId: string }
  | { type: 'revokeOperator'; operatorId: string }
  /** 删除: the enterprise deletes a draft it never submitted; the workflow ends and the API removes the rows. */
  | { type: 'deleteDraft' }
  /**
   * 重新打开 (corrective, ministry or admin): a submission closed by mistake goes back to where it was before it
   * closed. `until` gives the reopened step its own deadline where the campaign's has passed.
   */
  | { type: 'reopen'; reason: string; until?: string }
  /** 调整状态 (corrective, ministry or admin): move to one of the phases CORRECTIVE_MOVES allows. */
  | { type: 'move'; toPhase: Phase; reason: string };

/** Actions only the workflow itself takes (actor role 'system'). */
export type SystemAction =
  | { type: 'submissionDeadlinePassed' }
  | { type: 'recommendationDeadlinePassed' }
  | { type: 'publicityEnded' }
  /**
   * The ministry changed the campaign: its deadlines (and, when given, the province's 初审 rule) as they now apply to
   * this submission. `publicityEndsAt`, when given, is the campaign's 公示截止: the end of the publicity period of the
   * projects in 公示 (a period announced outside the platform, or extended while an objection is examined).
   * cityReviewRequired is absent in signals sent before the rule travelled with them.
   */
  | { type: 'deadlinesChanged'; deadlines: SubmissionDeadlines; publicityEndsAt?: string | null; cityReviewRequired?: boolean }
  /** 催办: a step waited past its SLA, or experts have not scored shortly before the review deadline (domain/queue.ts). */
  | { type: 'escalate' };

export type Action = PersonAction | SystemAction;
export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;

export const PERSON_ACTION_TYPES = [
  'save',
  'submit',
  'cityApprove',
  'cityReturn',
  'recommend',
  'cancelRecommendation',
  'withdraw',
  'approveWithdrawal',
  'rejectWithdrawal',
  'assignExperts',
  'score',
  'decide',
  'recordOnsite',
  'startPublicity',
  'fileObjection',
  'resolveObjection',
  'markCase',
  'inviteOperator',
  'revokeOperator',
  'deleteDraft',
  'reopen',
  'move',
] as const satisfies readonly PersonAction['type'][];

export const SYSTEM_ACTION_TYPES = [
  'submissionDeadlinePassed',
  'recommendationDeadlinePassed',
  'publicityEnded',
  'deadlinesChanged',
  'escalate',
] as const satisfies readonly SystemAction['type'][];

export const ACTION_TYPES: readonly ActionType[] = [...PERSON_ACTION_TYPES, ...SYSTEM_ACTION_TYPES];

export function isSystemAction(type: ActionType): type is SystemAction['type'] {
  return (SYSTEM_ACTION_TYPES as readonly string[]).includes(type);
}

/** What users read in the history and on buttons. */
export const ACTION_LABELS: Record<ActionType, string> = {
  save: '暂存',
  submit: '提交',
  cityApprove: '初审通过',
  cityReturn: '初审退回',
  recommend: '推荐',
  cancelRecommendation: '取消推荐',
  withdraw: '申请撤回',
  approveWithdrawal: '同意撤回',
  rejectWithdrawal: '驳回撤回',
  assignExperts: '分配评审专家',
  score: '专家评分',
  decide: '评审决定',
  recordOnsite: '记录现场核验结果',
  startPublicity: '开始公示',
  fileObjection: '登记异议',
  resolveObjection: '处理异议',
  markCase: '标记为案例',
  inviteOperator: '邀请运营商',
  revokeOperator: '取消运营商邀请',
  deleteDraft: '删除',
  reopen: '重新打开',
  move: '调整状态',
  submissionDeadlinePassed: '申报截止',
  recommendationDeadlinePassed: '推荐截止',
  publicityEnded: '公示期满',
  deadlinesChanged: '截止时间调整',
  escalate: '催办提醒',
};

/** Labels of the ministry's three decisions (评审决定). */
export const DECISION_LABELS: Record<ActionOf<'decide'>['decision'], string> = {
  shortlist: '拟入选',
  reject: '不予入选',
  onsite: '开展现场核验',
};

/**
 * How the audit log reads in Chinese (issue 13.5): action codes (`user.resetPassword`, `project.recommend`), outcomes,
 * reasons and the recorded details become words and a table of rows. One rule for the screen and the .xlsx export.
 */
import { ACTION_LABELS } from './lifecycle/actions';
import { PHASE_LABELS, type Phase } from './phases';
import { ROLE_LABELS, type Role } from './roles';
import { BATCH_OPERATION_LABELS } from './stuck';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lock': '登录锁定',
  'auth.sms.send': '发送短信验证码',
  'auth.password.change': '修改密码',
  'registration.submit': '提交注册',
  'registration.approve': '通过注册审核',
  'registration.reject': '驳回注册',
  'registration.cityApprove': '新增企业初审通过',
  'registration.cityReturn': '新增企业初审退回',
  'user.create': '创建账号',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.resetPassword': '重置密码',
  'user.unlock': '解除登录锁定',
  'user.officeHead': '设置处室负责人',
  'user.import': '导入企业账号',
  'file.upload': '上传文件',
  'profile.save': '保存企业信息',
  'campaign.create': '创建年度批次',
  'campaign.update': '修改年度批次',
  'campaign.publicity': '开始公示',
  'campaign.publish': '发布名录',
  'campaign.archive': '归档年度批次',
  'project.export': '导出项目',
  'project.import': '导入旧平台项目',
  'project.delete': '删除未提交的项目',
  'material.upload': '上传相关材料',
  'material.remove': '删除相关材料',
  'eligibility.exception.grant': '同意申报主体例外',
  'eligibility.exception.revoke': '撤销申报主体例外',
  'province.settings.change': '修改省级审核设置',
  'workflow.retry': '重试流程',
  'workflow.terminate': '终止流程',
  'workflow.resendDeadlines': '重发截止时间',
  'projection.rebuild': '重建投影',
  'batch.start': '启动批量操作',
  'batch.cancel': '取消批量操作',
  'audit.read': '查看审计日志',
  'audit.export': '导出审计日志',
  'http.refused': '访问被拒绝',
};

const CLAIM_LABELS: Record<string, string> = { claim: '认领项目', release: '释放认领', reassign: '转派项目', expire: '认领过期' };

/** Families for the action filter and for a code this table does not know yet. */
export const AUDIT_FAMILIES: Record<string, string> = {
  'auth.': '登录与密码',
  'registration.': '注册审核',
  'user.': '账号管理',
  'project.': '项目操作',
  'campaign.': '年度批次',
  'workflow.': '流程运维',
  'batch.': '批量操作',
  'audit.': '审计日志',
  'file.': '文件',
  'profile.': '企业信息',
  'projection.': '投影',
  'http.': '访问控制',
};

export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  if (action.startsWith('project.claim.')) return CLAIM_LABELS[action.slice('project.claim.'.length)] ?? '认领变更';
  if (action.startsWith('project.')) {
    const label = (ACTION_LABELS as Record<string, string>)[action.slice('project.'.length)];
    if (label) return label;
  }
  const family = Object.keys(AUDIT_FAMILIES).find((prefix) => action.startsWith(prefix));
  return family ? `${AUDIT_FAMILIES[family]}（其他）` : '其他操作';
}

export const AUDIT_OUTCOME_LABELS: Record<string, string> = { ok: '成功', refused: '被拒绝', failed: '失败', drift: '发现偏差' };
export const auditOutcomeLabel = (outcome: string) => AUDIT_OUTCOME_LABELS[outcome] ?? outcome;

export const AUDIT_TARGET_TYPE_LABELS: Record<string, string> = {
  user: '账号',
  submission: '项目',
  workflow: '流程',
  campaign: '年度批次',
  batch: '批量操作',
  file: '文件',
  enterprise_profile: '企业信息',
  route: '接口',
  registration: '注册申请',
};

const REASON_LABELS: Record<string, string> = {
  locked: '账号已锁定',
  captcha: '验证码缺失或错误',
  password: '密码错误',
  unknown_user: '账号不存在',
  imported_without_mobile: '导入账号未登记手机',
  sms_required: '首次登录须短信验证',
  sms_wrong_code: '短信验证码错误',
  sms_no_code: '未获取短信验证码',
  sms_exhausted: '短信验证码尝试次数已用完',
  wrong_code: '短信验证码错误',
  no_code: '未获取短信验证码',
  exhausted: '短信验证码尝试次数已用完',
  old_password: '原密码错误',
  reused: '与近期使用过的密码相同',
  uscc_taken: '统一社会信用代码已注册',
  username_taken: '账号已存在',
  pending: '账号待审核',
  rejected: '注册已驳回',
  disabled: '账号已停用',
  extension: '文件类型不允许',
  'not an image': '不是图片文件',
};

const FIELD_LABELS: Record<string, string> = {
  reason: '原因',
  from: '原阶段',
  to: '新阶段',
  filters: '筛选条件',
  page: '页码',
  returned: '返回条数',
  method: '登录方式',
  mobile: '手机',
  attempts: '失败次数',
  until: '锁定至',
  scope: '锁定范围',
  username: '账号',
  name: '姓名',
  email: '邮箱',
  orgName: '单位名称',
  role: '角色',
  provinceCode: '所属省份',
  cityCode: '所属城市',
  status: 'HTTP 状态',
  code: '错误代码',
  fileName: '文件名',
  dryRun: '仅检查',
  created: '新建',
  skipped: '跳过',
  problems: '问题数',
  mime: '文件类型',
  size: '大小（字节）',
  sha256: '校验值',
  width: '宽（像素）',
  height: '高（像素）',
  year: '年度',
  operation: '操作',
  batchId: '批量操作编号',
  outcome: '结果',
  message: '说明',
  officeHead: '处室负责人',
  office: '处室',
  holder: '认领人',
  consistent: '与流程一致',
  clearedAddresses: '解除的锁定地址数',
  listed: '入选项目数',
  started: '开始公示项目数',
  failed: '失败数',
  submission: '申报截止',
  recommendation: '推荐截止',
  selection: '选择方式',
  total: '项数',
  kind: '类型',
};

const OPERATION_LABELS: Record<string, string> = BATCH_OPERATION_LABELS;
const METHOD_LABELS: Record<string, string> = { password: '密码', sms: '短信验证码' };
const SCOPE_LABELS: Record<string, string> = { 'account+address': '账号＋地址' };

/** One row of the details table: a plain value, or a change (from → to). */
export interface AuditDetailRow {
  label: string;
  value: string;
  from?: string;
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(plain).join('、');
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${plain(v)}`)
    .join('；');
}

/** A value in words: phases, roles, reasons, operations by their Chinese names. */
function valueText(key: string, value: unknown): string {
  if (typeof value === 'string') {
    if ((key === 'from' || key === 'to') && value in PHASE_LABELS) return PHASE_LABELS[value as Phase];
    if (key === 'role' && value in ROLE_LABELS) return ROLE_LABELS[value as Role];
    if (key === 'reason' && value in REASON_LABELS) return REASON_LABELS[value]!;
    if (key === 'operation' && value in OPERATION_LABELS) return OPERATION_LABELS[value]!;
    if (key === 'method' && value in METHOD_LABELS) return METHOD_LABELS[value]!;
    if (key === 'scope' && value in SCOPE_LABELS) return SCOPE_LABELS[value]!;
  }
  return plain(value);
}

/** The recorded details as rows for a table; `changed` ({ field: { from, to } }) becomes one change row per field. */
export function auditDetailRows(details: Record<string, unknown> | null | undefined): AuditDetailRow[] {
  if (!details) return [];
  const rows: AuditDetailRow[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || value === null) continue;
    if (key === 'changed' && value && typeof value === 'object') {
      for (const [field, change] of Object.entries(value as Record<string, { from?: unknown; to?: unknown }>)) {
        rows.push({ label: FIELD_LABELS[field] ?? field, from: valueText(field, change?.from), value: valueText(field, change?.to) });
      }
      continue;
    }
    rows.push({ label: FIELD_LABELS[key] ?? key, value: valueText(key, value) });
  }
  return rows;
}

/** The rows in one line (the export's 详情 cell). */
export function auditDetailText(rows: AuditDetailRow[]): string {
  return rows.map((r) => (r.from !== undefined ? `${r.label}：${r.from} → ${r.value}` : `${r.label}：${r.value}`)).join('；');
}

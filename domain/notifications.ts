import type { SubmissionState } from './lifecycle/state';
import type { RecordedEvent } from './lifecycle/events';
import { PHASE_LABELS } from './phases';

export interface Note {
  userId: string;
  title: string;
  body: string;
}

/**
 * 站内信 to the enterprise when a regulator or the ministry did something to its project (with the reason). The
 * title names the project ("项目被退回：<项目名称>"): an enterprise with several projects sees which one in the list.
 * Decided by the event alone (its phase after), so a projection rebuilt later with the final state writes the same
 * messages.
 */
export function notificationsFor(state: SubmissionState, event: RecordedEvent, projectName: string): Note[] {
  const name = projectName || '未命名项目';
  const phase = event.toPhase;
  const reason = event.reason ? `，原因：${event.reason}` : '';
  const toEnterprise = (title: string, body: string): Note[] => [{ userId: state.enterpriseId, title: `${title}：${name}`, body }];
  switch (event.action) {
    case 'cityReturn':
      return toEnterprise('项目被退回', `您的项目“${name}”已被市级主管部门退回${reason}。请修改后重新提交。`);
    case 'cancelRecommendation':
      return toEnterprise('项目被取消推荐', `您的项目“${name}”已被${event.actorName ?? '主管部门'}取消推荐${reason}。`);
    case 'approveWithdrawal':
      return toEnterprise('撤回申请已通过', `您的项目“${name}”撤回申请已通过，所有推荐已清除，修改后可重新提交。`);
    case 'rejectWithdrawal':
      return toEnterprise('撤回申请被驳回', `您的项目“${name}”撤回申请被驳回${reason}。`);
    case 'recommend':
      return phase === 'recommended' ? toEnterprise('项目已获推荐', `您的项目“${name}”已获得省工业和信息化主管部门与省通信管理局推荐。`) : [];
    case 'submissionDeadlinePassed':
      return phase === 'expired' ? toEnterprise('项目逾期未提交', `您的项目“${name}”在申报截止时间前未提交，已关闭。`) : [];
    case 'recommendationDeadlinePassed':
      if (phase === 'not_recommended') return toEnterprise('项目未获推荐', `您的项目“${name}”在推荐截止时间前未获双推荐，已关闭。`);
      if (phase === 'ministry_review') return toEnterprise('项目进入部级评审', `您的项目“${name}”已进入工业和信息化部评审。`);
      return phase === 'expired' ? toEnterprise('项目逾期未提交', `您的项目“${name}”在截止时间前未提交，已关闭。`) : [];
    case 'publicityEnded':
    case 'resolveObjection':
      return phase === 'listed' ? toEnterprise('项目已入选5G工厂名录', `祝贺！您的项目“${name}”已入选5G工厂名录。`) : phase === 'rejected' ? toEnterprise('项目未入选', `您的项目“${name}”未入选5G工厂名录${reason}。`) : [];
    case 'reopen':
      return toEnterprise('项目已重新打开', `您的项目“${name}”已由${event.actorName ?? '主管部门'}重新打开${reason}。`);
    case 'move':
      return toEnterprise('项目状态已调整', `您的项目“${name}”的状态已由${event.actorName ?? '主管部门'}调整为“${PHASE_LABELS[phase]}”${reason}。`);
    case 'decide':
      return phase === 'rejected' ? toEnterprise('项目未入选', `您的项目“${name}”经评审未入选。`) : [];
    default:
      return [];
  }
}

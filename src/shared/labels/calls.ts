/**
 * Words for the codes of calls and agents: event types, call states, who hung up, why (the switch's hangup cause) and
 * agent states. The web's dictionaries take these (src/web/i18n, `keyed`), the Excel exports too; nothing repeats them.
 */
import type { AgentState, CtiEventType } from '../cti/events.js';
import { l, type Label, type LabelLanguage } from './label.js';

export const callEventLabels: Record<CtiEventType, Label> = {
  'call.ringing': l('振铃', '振鈴', 'Ringing'),
  'call.answered': l('接听', '接聽', 'Answered'),
  'call.hold': l('保持', '保留', 'Hold'),
  'call.resume': l('恢复通话', '恢復通話', 'Resumed'),
  'call.transferred': l('转接', '轉接', 'Transferred'),
  'call.ended': l('挂机', '掛機', 'Ended'),
  'call.recording': l('录音就绪', '錄音就緒', 'Recording ready'),
  'transcript.segment': l('转写片段', '轉寫片段', 'Transcript segment'),
  'agent.state': l('坐席状态变化', '座席狀態變化', 'Agent state change'),
};

export const callStatuses = ['ringing', 'answered', 'ended'] as const;
export type CallStatus = (typeof callStatuses)[number];
export const callStatusLabels: Record<CallStatus, Label> = {
  ringing: l('振铃中', '振鈴中', 'Ringing'),
  answered: l('通话中', '通話中', 'In progress'),
  ended: l('已结束', '已結束', 'Ended'),
};

export const endedByParties = ['customer', 'agent', 'system'] as const;
export type EndedBy = (typeof endedByParties)[number];
export const endedByLabels: Record<EndedBy, Label> = {
  customer: l('客户', '客戶', 'Caller'),
  agent: l('坐席', '座席', 'Agent'),
  system: l('系统', '系統', 'System'),
};

export const agentStateLabels: Record<AgentState, Label> = {
  on_call: l('通话中', '通話中', 'On a call'),
  available: l('示闲', '示閒', 'Available'),
  wrap_up: l('话后', '話後', 'Wrap-up'),
  busy: l('示忙', '示忙', 'Busy'),
  break: l('小休', '小休', 'Break'),
  training: l('培训', '培訓', 'Training'),
  offline: l('离线', '離線', 'Offline'),
};

/**
 * Hangup causes as the adapters name them (src/server/cti/adapters/common.ts: Q.850 names in lower camel case, short
 * names for the usual ones; Zammad's own; `abandoned` for a caller who left the queue).
 */
export const hangupCauses = [
  'normalClearing',
  'cancel',
  'busy',
  'noAnswer',
  'rejected',
  'congestion',
  'abandoned',
  'notFound',
  'forwarded',
  'unallocatedNumber',
  'noRouteDestination',
  'subscriberAbsent',
  'destinationOutOfOrder',
  'invalidNumberFormat',
  'normalUnspecified',
  'networkOutOfOrder',
  'normalTemporaryFailure',
  'recoveryOnTimerExpire',
  'interworking',
] as const;
export type HangupCause = (typeof hangupCauses)[number];

export const hangupCauseLabels: Record<HangupCause, Label> = {
  normalClearing: l('正常挂机', '正常掛機', 'Normal clearing'),
  cancel: l('来电方在接通前挂断', '來電方在接通前掛斷', 'Caller hung up before the answer'),
  busy: l('对方忙', '對方忙線', 'Busy'),
  noAnswer: l('无人接听', '無人接聽', 'No answer'),
  rejected: l('被拒接', '被拒接', 'Rejected'),
  congestion: l('线路拥塞', '線路壅塞', 'Congestion'),
  abandoned: l('排队中放弃', '排隊中放棄', 'Abandoned in the queue'),
  notFound: l('号码不存在', '號碼不存在', 'Number not found'),
  forwarded: l('已呼叫转移', '已來電轉接', 'Forwarded'),
  unallocatedNumber: l('空号', '空號', 'Unallocated number'),
  noRouteDestination: l('无法路由到对方', '無法路由到對方', 'No route to the destination'),
  subscriberAbsent: l('对方不在服务区', '對方不在服務區', 'Subscriber absent'),
  destinationOutOfOrder: l('对方线路故障', '對方線路故障', 'Destination out of order'),
  invalidNumberFormat: l('号码格式不对', '號碼格式不對', 'Invalid number format'),
  normalUnspecified: l('正常结束', '正常結束', 'Normal, unspecified'),
  networkOutOfOrder: l('网络故障', '網路故障', 'Network out of order'),
  normalTemporaryFailure: l('临时故障', '暫時故障', 'Temporary failure'),
  recoveryOnTimerExpire: l('超时未响应', '逾時未回應', 'Timer expired'),
  interworking: l('网间互通故障', '網間互通故障', 'Interworking'),
};

const otherCause = l('交换机上报的其他原因', '交換機回報的其他原因', 'Other cause from the switch');

/** A hangup cause in words; one the list does not know (a switch's own) reads as "other", never as the code. */
export function hangupCauseLabel(cause: string, lang: LabelLanguage): string {
  return (Object.hasOwn(hangupCauseLabels, cause) ? hangupCauseLabels[cause as HangupCause] : otherCause)[lang];
}

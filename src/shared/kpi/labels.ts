/**
 * What each figure of docs/kpi.md is called on screen and in the Excel export, in the three UI languages. One place
 * for the browser and the server; `{t1}` / `{t2}` stand for the organisation's thresholds.
 */
import type { CallbackFigures, CallFigures, QaFigures, TicketFigures } from './figures.js';

export type KpiLanguage = 'zh-CN' | 'zh-TW' | 'en';
type L = Record<KpiLanguage, string>;
const l = (zhCN: string, zhTW: string, en: string): L => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

export const callLabels: Record<keyof CallFigures, L> = {
  offered: l('呼入量', '來電量', 'Offered'),
  answered: l('接通量', '接通量', 'Answered'),
  abandoned: l('放弃量', '放棄量', 'Abandoned'),
  shortAbandoned: l('短时放弃（<5秒）', '短時放棄（<5秒）', 'Short abandons (<5 s)'),
  answeredWithinT1: l('{t1}秒内接通', '{t1}秒內接通', 'Answered within {t1} s'),
  answeredWithinT2: l('{t2}秒内接通', '{t2}秒內接通', 'Answered within {t2} s'),
  abandonedAfterT1: l('{t1}秒后放弃', '{t1}秒後放棄', 'Abandoned after {t1} s'),
  abandonedAfterT2: l('{t2}秒后放弃', '{t2}秒後放棄', 'Abandoned after {t2} s'),
  answerRate: l('接通率', '接通率', 'Answer rate'),
  abandonRate: l('放弃率', '放棄率', 'Abandon rate'),
  serviceLevelT1: l('{t1}秒服务水平', '{t1}秒服務水準', 'Service level {t1} s'),
  serviceLevelT2: l('{t2}秒服务水平', '{t2}秒服務水準', 'Service level {t2} s'),
  serviceLevelOfferedT1: l('{t1}秒服务水平（含放弃）', '{t1}秒服務水準（含放棄）', 'Service level {t1} s (with abandons)'),
  serviceLevelOfferedT2: l('{t2}秒服务水平（含放弃）', '{t2}秒服務水準（含放棄）', 'Service level {t2} s (with abandons)'),
  asaSec: l('平均应答速度（秒）', '平均應答速度（秒）', 'Average speed of answer (s)'),
  longestWaitSec: l('最长等待（秒）', '最長等待（秒）', 'Longest wait (s)'),
  avgTalkSec: l('平均通话时长（秒）', '平均通話時長（秒）', 'Average talk (s)'),
  avgHoldSec: l('平均保持时长（秒）', '平均保留時長（秒）', 'Average hold (s)'),
  avgWrapUpSec: l('平均话后时长（秒）', '平均話後時長（秒）', 'Average wrap-up (s)'),
  avgHandleSec: l('平均处理时长（秒）', '平均處理時長（秒）', 'Average handle time (s)'),
  occupancy: l('占用率', '佔用率', 'Occupancy'),
  transfers: l('转接次数', '轉接次數', 'Transfers'),
  transferredCalls: l('转接通话', '轉接通話', 'Transferred calls'),
  transferRate: l('转接率', '轉接率', 'Transfer rate'),
  outbound: l('呼出量', '撥出量', 'Outbound calls'),
};

export const callbackLabels: Record<keyof CallbackFigures, L> = {
  callbacksCreated: l('回拨任务', '回撥任務', 'Callback tasks'),
  callbacksDone: l('已完成回拨', '已完成回撥', 'Callbacks done'),
  callbacksReached: l('回拨接通', '回撥接通', 'Reached'),
  callbacksNoAnswer: l('回拨无人接', '回撥無人接', 'No answer'),
  callbacksWrongNumber: l('号码错误', '號碼錯誤', 'Wrong number'),
  callbacksNotNeeded: l('无需回拨', '無需回撥', 'Not needed'),
  callbacksOpen: l('待回拨', '待回撥', 'Still open'),
  callbackReachRate: l('回拨成功率', '回撥成功率', 'Reach rate'),
};

export const ticketLabels: Record<keyof TicketFigures, L> = {
  created: l('受理量', '受理量', 'Tickets created'),
  merged: l('合并', '合併', 'Merged'),
  finished: l('办结量', '辦結量', 'Finished'),
  finishedOnTime: l('按时办结', '按時辦結', 'Finished on time'),
  overdueNow: l('当前超期', '目前逾期', 'Overdue now'),
  dispatched: l('派单量', '派單量', 'Dispatched'),
  returned: l('退单', '退單', 'Returned'),
  extended: l('延期', '延期', 'Extended'),
  surveyed: l('回访量', '回訪量', 'Surveyed'),
  satisfied: l('满意', '滿意', 'Satisfied'),
  basicallySatisfied: l('基本满意', '基本滿意', 'Basically satisfied'),
  unsatisfied: l('不满意', '不滿意', 'Unsatisfied'),
  closedOnCall: l('一次办结', '一次辦結', 'Resolved on the call'),
  finishRate: l('办结率', '辦結率', 'Finish rate'),
  onTimeRate: l('按时办结率', '按時辦結率', 'On-time rate'),
  returnRate: l('退单率', '退單率', 'Return rate'),
  extensionRate: l('延期率', '延期率', 'Extension rate'),
  surveyRate: l('回访率', '回訪率', 'Survey rate'),
  satisfactionRate: l('满意度', '滿意度', 'Satisfaction'),
  fcrRate: l('一次解决率', '一次解決率', 'First-contact resolution'),
};

export const qaLabels: Record<keyof QaFigures, L> = {
  checked: l('质检量', '質檢量', 'Calls checked'),
  avgScore: l('平均分', '平均分', 'Average score'),
  fatal: l('致命差错', '致命差錯', 'Fatal errors'),
  fatalRate: l('致命差错率', '致命差錯率', 'Fatal rate'),
};

/** Units of the report charts' value axes: how many calls, and QA points (out of 100). */
export const chartUnitLabels = {
  calls: l('通', '通', 'calls'),
  points: l('分', '分', 'points'),
} as const satisfies Record<string, L>;

/** Figures that are fractions (shown as percentages) and seconds. */
export const isRateKey = (k: string): boolean => /Rate$|^serviceLevel|^occupancy$/.test(k);
export const isSecondsKey = (k: string): boolean => k.endsWith('Sec');

export function kpiLabel(table: Record<string, L>, key: string, lang: KpiLanguage, t: { t1Sec: number; t2Sec: number }): string {
  const s = table[key]?.[lang] ?? key;
  return s.replace('{t1}', String(t.t1Sec)).replace('{t2}', String(t.t2Sec));
}

/** A figure as a person reads it: 95.3%, 12.4, 1 234; null as —. */
export function formatKpi(key: string, v: number | null | undefined, lang: KpiLanguage = 'zh-CN'): string {
  if (v === null || v === undefined) return '—';
  if (isRateKey(key)) return `${(v * 100).toFixed(1)}%`;
  if (isSecondsKey(key) || key === 'avgScore') return v.toFixed(1);
  return v.toLocaleString(lang === 'en' ? 'en-US' : lang);
}

/**
 * Words of the Excel exports of tickets, calls and QA results in the three UI languages: column headers, sheet
 * names and the fixed codes the exports would otherwise show raw (channels, call states, who hung up, satisfaction,
 * the 18 QA checks). Names the organisation chooses (categories, priorities, ticket states) come from its standard
 * pack instead, as on screen.
 */
import { qaCheckLabels as checkLabelRegistry } from '../labels/qa-checks.js';

export type ExportLanguage = 'zh-CN' | 'zh-TW' | 'en';
export const exportLanguages = ['zh-CN', 'zh-TW', 'en'] as const;
type L = Record<ExportLanguage, string>;
const l = (zhCN: string, zhTW: string, en: string): L => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

/** The language asked for with `lang`, else the first one of Accept-Language we have, else 简体中文. */
export function exportLanguage(lang: string | undefined, acceptLanguage: string | undefined): ExportLanguage {
  if (lang && (exportLanguages as readonly string[]).includes(lang)) return lang as ExportLanguage;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export const yesLabel = l('是', '是', 'Yes');

export const channelLabels: Record<string, L> = {
  phone: l('电话', '電話', 'Phone'),
  web: l('网站', '網站', 'Website'),
  app: l('手机应用', '手機應用', 'App'),
  wechat: l('微信', '微信', 'WeChat'),
  sms: l('短信', '簡訊', 'SMS'),
  email: l('电子邮件', '電子郵件', 'Email'),
  letter: l('来信', '來信', 'Letter'),
  visit: l('来访', '來訪', 'Visit'),
  other: l('其他', '其他', 'Other'),
};

export const satisfactionLabels: Record<string, L> = {
  satisfied: l('满意', '滿意', 'Satisfied'),
  basically_satisfied: l('基本满意', '基本滿意', 'Basically satisfied'),
  unsatisfied: l('不满意', '不滿意', 'Unsatisfied'),
};

// call states and who hung up: the one registry of call labels
export { callStatusLabels, endedByLabels } from '../labels/calls.js';

/** The names of the 18 checks of docs/qa-rules.md, as the QA pages show them (src/shared/labels/qa-checks.ts). */
export const qaCheckLabels: Record<string, L> = Object.fromEntries(Object.entries(checkLabelRegistry).map(([id, c]) => [id, c.name]));

export const ticketExportWords = {
  sheet: l('工单', '工單', 'Tickets'),
  number: l('工单编号', '工單編號', 'Ticket no.'),
  createdAt: l('受理时间', '受理時間', 'Taken at'),
  channel: l('渠道', '管道', 'Channel'),
  callerName: l('来电人', '來電人', 'Caller'),
  callerPhone: l('联系电话', '聯絡電話', 'Phone'),
  category: l('分类', '分類', 'Category'),
  subCategory: l('子类', '子類', 'Sub-category'),
  priority: l('优先级', '優先級', 'Priority'),
  title: l('标题', '標題', 'Title'),
  departmentName: l('承办单位', '承辦單位', 'Department'),
  status: l('状态', '狀態', 'Status'),
  supervised: l('督办', '督辦', 'Supervised'),
  overdue: l('超期', '逾期', 'Overdue'),
  nextDueAt: l('最近时限', '最近時限', 'Next due'),
  satisfaction: l('满意度', '滿意度', 'Satisfaction'),
} satisfies Record<string, L>;

export const callExportWords = {
  sheet: l('通话', '通話', 'Calls'),
  ringingAt: l('振铃时间', '響鈴時間', 'Ringing at'),
  from: l('来电号码', '來電號碼', 'Caller number'),
  queue: l('队列', '佇列', 'Queue'),
  agentNo: l('工号', '工號', 'Agent no.'),
  agentName: l('坐席', '座席', 'Agent'),
  status: l('状态', '狀態', 'Status'),
  abandoned: l('放弃', '放棄', 'Abandoned'),
  rings: l('振铃次数', '響鈴次數', 'Rings'),
  wait: l('等待(秒)', '等待(秒)', 'Wait (s)'),
  talk: l('通话(秒)', '通話(秒)', 'Talk (s)'),
  hold: l('保持(秒)', '保留(秒)', 'Hold (s)'),
  wrapUp: l('话后(秒)', '話後(秒)', 'Wrap-up (s)'),
  endedBy: l('挂机方', '掛機方', 'Hung up by'),
  night: l('夜间', '夜間', 'Night'),
  qaScore: l('质检得分', '品檢得分', 'QA score'),
} satisfies Record<string, L>;

export const qaExportWords = {
  sheet: l('质检结果', '品檢結果', 'QA results'),
  callId: l('通话编号', '通話編號', 'Call ID'),
  agentNo: l('工号', '工號', 'Agent no.'),
  agentName: l('坐席', '座席', 'Agent'),
  startedAt: l('开始时间', '開始時間', 'Started at'),
  score: l('机器得分', '機器得分', 'Machine score'),
  effectiveScore: l('有效得分', '有效得分', 'Effective score'),
  fatal: l('致命', '致命', 'Fatal'),
  reviewed: l('已复核', '已複核', 'Reviewed'),
  pendingAppeals: l('待处理申诉', '待處理申訴', 'Pending appeals'),
  checks: l('违规项', '違規項', 'Findings'),
} satisfies Record<string, L>;

/** A label of `table`, or the code itself when the table does not know it (a code added later). */
export function labelOf(table: Record<string, L>, code: string | null | undefined, lang: ExportLanguage): string {
  if (code === null || code === undefined || code === '') return '';
  return table[code]?.[lang] ?? code;
}

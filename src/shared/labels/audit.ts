/**
 * The audit log in words: what was done (the action) and to what kind of thing. Ticket actions (`ticket.<action>`)
 * are the workflow's, named by the active standard pack; the rest are fixed here. A source scan in audit.test.ts
 * fails when the server writes an action this table does not name.
 */
import { l, type Label, type LabelLanguage } from './label.js';

export const auditActionLabels = {
  'auth.login': l('登录', '登入', 'Signed in'),
  'auth.logout': l('退出登录', '登出', 'Signed out'),
  'user.create': l('新增用户', '新增使用者', 'Added a user'),
  'user.update': l('修改用户', '修改使用者', 'Changed a user'),
  'org.create': l('创建机构', '建立機構', 'Created the organisation'),
  'org.profile.update': l('修改机构资料', '修改機構資料', 'Changed the organisation profile'),
  'permission.grant': l('调整权限', '調整權限', 'Changed a permission'),
  'retention.update': l('修改数据保留期限', '修改資料保留期限', 'Changed data retention'),
  'retention.audit_pruned': l('按保留期限清理审计记录', '依保留期限清理稽核紀錄', 'Pruned old audit entries'),
  'standards.version.create': l('保存服务规范新版本', '儲存服務規範新版本', 'Saved a standard version'),
  'standards.activate': l('启用服务规范版本', '啟用服務規範版本', 'Activated a standard version'),
  'sla.calendar.update': l('修改工作日历', '修改工作日曆', 'Changed the calendar'),
  'reports.settings.update': l('修改报表设置', '修改報表設定', 'Changed report settings'),
  'wallboard.settings.update': l('修改大屏阈值', '修改大屏門檻', 'Changed wallboard thresholds'),
  'department.create': l('新增承办单位', '新增承辦單位', 'Added a department'),
  'department.members': l('调整承办单位人员', '調整承辦單位人員', 'Changed department members'),
  'queue.create': l('新增班组', '新增班組', 'Added a queue'),
  'queue.members': l('调整班组成员', '調整班組成員', 'Changed queue members'),
  'cti.connection.create': l('新增交换机接入', '新增交換機接入', 'Added a switch connection'),
  'cti.connection.settings': l('修改交换机接入设置', '修改交換機接入設定', 'Changed a switch connection'),
  'cti.connection.revoke': l('停用交换机接入', '停用交換機接入', 'Revoked a switch connection'),
  'agent.state': l('切换坐席状态', '切換座席狀態', 'Changed agent state'),
  'call.manual': l('登记手工来电', '登記手動來電', 'Registered a manual call'),
  'call.manual.end': l('结束手工来电', '結束手動來電', 'Ended a manual call'),
  'call.wrap_up': l('提交话后小结', '提交話後小結', 'Wrapped up a call'),
  'call.report': l('上报通话', '回報通話', 'Reported a call'),
  'call.correction': l('更正通话记录', '更正通話紀錄', 'Corrected a call record'),
  'callback.attempt': l('回拨', '回撥', 'Called back'),
  'ticket.create': l('受理工单', '受理工單', 'Took a ticket'),
  'ticket.update': l('修改工单', '修改工單', 'Edited a ticket'),
  'ticket.supervise': l('督办', '督辦', 'Supervised a ticket'),
  'ticket.merge_in': l('并入重复工单', '併入重複工單', 'Merged a duplicate in'),
  'ticket.contact': l('记录联系情况', '記錄聯絡情況', 'Logged a contact'),
  'ticket.arrival': l('登记到场', '登記到場', 'Recorded the arrival'),
  'caller_text.opt_out': l('登记号码退订短信', '登記號碼退訂簡訊', 'Added a number that declines texts'),
  'caller_text.opt_in': l('取消号码退订', '取消號碼退訂', 'Removed a number from the declined texts'),
  'ticket_filter.create': l('保存常用筛选', '儲存常用篩選', 'Saved a filter'),
  'ticket_filter.delete': l('删除常用筛选', '刪除常用篩選', 'Deleted a filter'),
  'knowledge.create': l('新建知识库文章', '新建知識庫文章', 'Created an article'),
  'knowledge.update': l('编辑知识库文章', '編輯知識庫文章', 'Edited an article'),
  'knowledge.publish': l('发布知识库文章', '發佈知識庫文章', 'Published an article'),
  'knowledge.archive': l('归档知识库文章', '封存知識庫文章', 'Archived an article'),
  'qa.transcripts.submit': l('提交通话转写', '提交通話轉寫', 'Filed transcripts'),
  'qa.recheck': l('重新质检', '重新品檢', 'Queued a QA recheck'),
  'qa.findings.drop': l('清除质检发现', '清除品檢發現', 'Dropped findings'),
  'qa.finding.review': l('复核质检发现', '複核品檢發現', 'Reviewed a finding'),
  'qa.finding.add': l('人工补充质检发现', '人工補充品檢發現', 'Added a finding'),
  'qa.appeal.file': l('提出申诉', '提出申訴', 'Filed an appeal'),
  'qa.appeal.decide': l('处理申诉', '處理申訴', 'Decided an appeal'),
  'tickets.export': l('导出工单', '匯出工單', 'Exported tickets'),
  'calls.export': l('导出通话', '匯出通話', 'Exported calls'),
  'qa_results.export': l('导出质检结果', '匯出品檢結果', 'Exported QA results'),
  'staffing.export': l('导出排班', '匯出排班', 'Exported the rota'),
} as const satisfies Record<string, Label>;
export type AuditAction = keyof typeof auditActionLabels;

export const auditEntityLabels = {
  ticket: l('工单', '工單', 'Ticket'),
  user: l('用户', '使用者', 'User'),
  session: l('用户', '使用者', 'User'),
  agent: l('坐席', '座席', 'Agent'),
  call: l('通话', '通話', 'Call'),
  callback: l('回拨任务', '回撥任務', 'Callback task'),
  queue: l('班组', '班組', 'Queue'),
  department: l('承办单位', '承辦單位', 'Department'),
  knowledge_article: l('知识库文章', '知識庫文章', 'Article'),
  cti_connection: l('交换机接入', '交換機接入', 'Switch connection'),
  org: l('机构', '機構', 'Organisation'),
  permission: l('权限', '權限', 'Permission'),
  qa_transcript: l('通话转写', '通話轉寫', 'Transcript'),
  qa_finding: l('质检发现', '品檢發現', 'Finding'),
  qa_appeal: l('申诉', '申訴', 'Appeal'),
  sla_calendar: l('工作日历', '工作日曆', 'Calendar'),
  standard_pack: l('服务规范', '服務規範', 'Standard'),
  standard_pack_version: l('服务规范版本', '服務規範版本', 'Standard version'),
  ticket_filter: l('常用筛选', '常用篩選', 'Saved filter'),
  tickets: l('工单', '工單', 'Tickets'),
  calls: l('通话', '通話', 'Calls'),
  qa_results: l('质检结果', '品檢結果', 'QA results'),
  staffing: l('排班', '排班', 'Rota'),
  caller_text_opt_out: l('短信退订号码', '簡訊退訂號碼', 'Number declining texts'),
} as const satisfies Record<string, Label>;

const otherAction = l('其他操作', '其他操作', 'Other action');
const otherEntity = l('其他', '其他', 'Other');

/**
 * An audit action in words. `ticket.<action>` of the workflow takes the pack's name for it (`ticketAction`), so a pack's
 * own action reads as the pack calls it; an action this build does not know reads as "other", never as the code.
 */
export function auditActionLabel(action: string, lang: LabelLanguage, ticketAction?: (action: string) => string | undefined): string {
  if (Object.hasOwn(auditActionLabels, action)) return auditActionLabels[action as AuditAction][lang];
  if (action.startsWith('ticket.')) {
    const name = ticketAction?.(action.slice('ticket.'.length));
    if (name) return `${auditEntityLabels.ticket[lang]}${lang === 'en' ? ': ' : ''}${name}`;
  }
  return otherAction[lang];
}

export function auditEntityLabel(entityType: string, lang: LabelLanguage): string {
  return (Object.hasOwn(auditEntityLabels, entityType) ? auditEntityLabels[entityType as keyof typeof auditEntityLabels] : otherEntity)[lang];
}

/** The system's own actors (workers, the demo seed, a switch connection) in words; a person's name stays as it is. */
const systemActors = {
  system: l('系统', '系統', 'System'),
  'sla-worker': l('系统（时限检查）', '系統（時限檢查）', 'System (time limits)'),
  'qa-worker': l('系统（自动质检）', '系統（自動品檢）', 'System (QA)'),
  'sms-gateway': l('系统（短信网关）', '系統（簡訊閘道）', 'System (SMS gateway)'),
} as const satisfies Record<string, Label>;

export function auditActorLabel(name: string, lang: LabelLanguage): string {
  if (Object.hasOwn(systemActors, name)) return systemActors[name as keyof typeof systemActors][lang];
  if (name.startsWith('cti:')) return `${auditEntityLabels.cti_connection[lang]} ${name.slice(4)}`;
  return name;
}

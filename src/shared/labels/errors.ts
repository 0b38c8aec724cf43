/**
 * Every error code the API answers with: its HTTP status and what a person reads in each UI language, in one table.
 * The codes are a closed list (an unknown code does not compile on the server), and each needs its status and its three
 * labels. The server's `message` stays an English sentence for logs, the CLI and API users; the web shows these labels.
 *
 * A label may name parameters (`{rows}`) that the server sends in the error's `details`; `plain` is what is shown when
 * they are missing.
 */
import { fill, l, type Label, type LabelLanguage } from './label.js';

interface ErrorDef {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
  readonly label: Label;
  readonly plain?: Label;
}

const e = (status: ErrorDef['status'], label: Label, plain?: Label): ErrorDef => (plain ? { status, label, plain } : { status, label });

export const errorCodes = {
  VALIDATION_FAILED: e(400, l('提交的内容有误，请检查后再试', '提交的內容有誤，請檢查後再試', 'Some of what was sent is not valid; check it and try again')),
  BAD_REQUEST: e(400, l('请求中有值格式不对或超出范围', '請求中有值格式不對或超出範圍', 'A value in the request is malformed or out of range')),
  VALUE_OUT_OF_RANGE: e(400, l('有个数值太大，无法保存，本次提交未生效', '有個數值太大，無法儲存，本次提交未生效', 'A number is too large to store; nothing was saved')),
  AUTH_REQUIRED: e(401, l('请先登录', '請先登入', 'Please sign in')),
  AUTH_INVALID_CREDENTIALS: e(401, l('用户名或密码不正确', '使用者名稱或密碼不正確', 'Wrong username or password')),
  AUTH_SESSION_EXPIRED: e(401, l('登录已过期，请重新登录', '登入已逾時，請重新登入', 'Your session has ended; please sign in again')),
  CTI_TOKEN_MISSING: e(401, l('缺少交换机接入令牌', '缺少交換機接入權杖', 'The switch token is missing')),
  CTI_TOKEN_INVALID: e(401, l('交换机接入令牌无效', '交換機接入權杖無效', 'The switch token is not valid')),
  SMS_INBOUND_TOKEN_INVALID: e(401, l('短信网关回传令牌无效', '簡訊閘道回傳權杖無效', 'The SMS gateway token is not valid')),
  METRICS_TOKEN_REQUIRED: e(401, l('读取监控指标需要令牌', '讀取監控指標需要權杖', 'Reading the metrics needs a token')),
  FORBIDDEN: e(403, l('您的角色没有这项操作的权限', '您的角色沒有這項操作的權限', 'Your role may not do this')),
  CROSS_ORIGIN_REFUSED: e(403, l('请求来自其他网站的页面，已被拒绝', '請求來自其他網站的頁面，已被拒絕', 'The request came from a page on another site and was refused')),
  TICKET_FORBIDDEN_ACTION: e(403, l('您的角色不能对这张工单执行此操作', '您的角色不能對這張工單執行此操作', 'Your role may not take this action on the ticket')),
  NOT_FOUND: e(404, l('没有找到要找的内容', '找不到要找的內容', 'Not found')),
  ROUTE_NOT_FOUND: e(404, l('没有这个接口', '沒有這個介面', 'No such endpoint')),
  USER_NOT_FOUND: e(404, l('没有找到这个用户', '找不到這個使用者', 'No such user')),
  ORG_NOT_FOUND: e(404, l('没有找到这个机构', '找不到這個機構', 'No such organisation')),
  STANDARD_VERSION_NOT_FOUND: e(404, l('没有找到这个服务规范版本', '找不到這個服務規範版本', 'No such version of the standard')),
  STANDARD_NOT_ACTIVE: e(404, l('还没有启用服务规范', '尚未啟用服務規範', 'No standard is active yet')),
  TICKET_NOT_FOUND: e(404, l('没有找到这张工单', '找不到這張工單', 'No such ticket')),
  DEPARTMENT_NOT_FOUND: e(404, l('没有找到这个承办单位', '找不到這個承辦單位', 'No such department')),
  NOTIFICATION_NOT_FOUND: e(404, l('没有找到这条通知', '找不到這則通知', 'No such notification')),
  TICKET_FILTER_NOT_FOUND: e(404, l('没有找到这个常用筛选', '找不到這個常用篩選', 'No such saved filter')),
  CALL_NOT_FOUND: e(404, l('没有找到这通电话', '找不到這通電話', 'No such call')),
  CTI_CONNECTION_NOT_FOUND: e(404, l('没有找到这个交换机接入', '找不到這個交換機接入', 'No such switch connection')),
  QUEUE_NOT_FOUND: e(404, l('没有找到这个班组', '找不到這個班組', 'No such queue')),
  CALLBACK_NOT_FOUND: e(404, l('没有找到这条回拨任务', '找不到這筆回撥任務', 'No such callback task')),
  CONFLICT: e(409, l('数据刚被改动过，请刷新后再试', '資料剛被修改過，請重新整理後再試', 'It changed meanwhile; reload and try again')),
  STANDARD_WORKFLOW_STATE_IN_USE: e(409, l('还有工单处于要删除的流程状态，不能删除', '仍有工單處於要刪除的流程狀態，無法刪除', 'Tickets are still in a workflow state this version removes')),
  TICKET_BAD_TRANSITION: e(409, l('工单当前的状态下不能执行这个操作', '工單目前的狀態下無法執行這個操作', 'The ticket cannot take this action in its current state')),
  USER_EXISTS: e(409, l('用户名或工号已被占用', '使用者名稱或工號已被使用', 'The username or agent number is taken')),
  AUTH_ORG_REQUIRED: e(409, l('多个机构都有这个账号，请填写机构简称', '多個機構都有這個帳號，請填寫機構簡稱', 'Several organisations have this account; give yours')),
  ORG_EXISTS: e(409, l('这个机构已存在', '這個機構已存在', 'The organisation exists already')),
  DEPARTMENT_EXISTS: e(409, l('已有同名的承办单位', '已有同名的承辦單位', 'A department of that name exists')),
  TICKET_FILTER_EXISTS: e(409, l('您已有同名的常用筛选', '您已有同名的常用篩選', 'You have a saved filter of that name')),
  CTI_CONNECTION_EXISTS: e(409, l('已有同名的交换机接入', '已有同名的交換機接入', 'A switch connection of that name exists')),
  CTI_CALL_ARCHIVED: e(409, l('这通电话的原始事件已按保留期限清理，记录已定稿，迟到的事件不再计入', '這通電話的原始事件已依保留期限清除，紀錄已定案，遲到的事件不再計入', "This call's raw events were removed by retention; its record is final and a late event is not taken")),
  CTI_CONNECTION_REVOKED: e(409, l('这个交换机接入已停用', '這個交換機接入已停用', 'This switch connection is revoked')),
  QUEUE_EXISTS: e(409, l('已有同样代码的班组', '已有同樣代碼的班組', 'A queue with that code exists')),
  CALLBACK_CLOSED: e(409, l('这条回拨任务已经结束', '這筆回撥任務已經結束', 'This callback task is closed')),
  AGENT_ON_CALL: e(409, l('您正在通话中，通话结束后再操作', '您正在通話中，通話結束後再操作', 'You are on a call; wait until it ends')),
  PAYLOAD_TOO_LARGE: e(413, l('提交的内容太大', '提交的內容太大', 'What was sent is too large')),
  EXPORT_TOO_LARGE: e(
    422,
    l('符合条件的有 {rows} 行，超过一次导出的上限 {limit} 行，请缩小筛选范围', '符合條件的有 {rows} 列，超過一次匯出的上限 {limit} 列，請縮小篩選範圍', '{rows} rows match, more than the {limit} one export allows; narrow the filter'),
    l('要导出的行数超过上限，请缩小筛选范围', '要匯出的列數超過上限，請縮小篩選範圍', 'Too many rows to export; narrow the filter'),
  ),
  PACK_INVALID: e(422, l('服务规范有错误，请按提示修改', '服務規範有錯誤，請依提示修改', 'The standard pack has errors; fix them as listed')),
  TICKET_REASON_REQUIRED: e(422, l('这个操作需要填写原因', '這個操作需要填寫原因', 'This action needs a reason')),
  TICKET_INVALID: e(422, l('工单信息不完整或不符合服务规范，请检查必填项', '工單資訊不完整或不符合服務規範，請檢查必填欄位', 'The ticket is incomplete or does not fit the standard; check the required fields')),
  TICKET_ACTION_INVALID: e(422, l('这个操作还缺少必填信息，请检查后再提交', '這個操作還缺少必填資訊，請檢查後再送出', 'The action is missing something it needs; check and submit again')),
  DEPARTMENT_MEMBERS_INVALID: e(422, l('所选人员中有不存在或不是承办单位人员的', '所選人員中有不存在或不是承辦單位人員的', 'Some members do not exist or are not department staff')),
  CALENDAR_INVALID: e(422, l('工作日历有错误，请按提示修改', '工作日曆有錯誤，請依提示修改', 'The calendar has errors; fix them as listed')),
  TICKET_FILTER_INVALID: e(422, l('筛选条件无效', '篩選條件無效', 'The filter is not valid')),
  CTI_EVENT_INVALID: e(400, l('交换机事件格式不对', '交換機事件格式不對', 'The switch event is malformed')),
  CTI_WRONG_ENDPOINT: e(422, l('这个交换机接入应使用另一个地址', '這個交換機接入應使用另一個位址', 'This connection posts to another endpoint')),
  CTI_SETTINGS_NOT_APPLICABLE: e(422, l('这类交换机接入没有这项设置', '這類交換機接入沒有這項設定', 'This kind of connection has no such setting')),
  AGENT_NO_MISSING: e(422, l('您的账号没有工号，不能接听电话；请联系管理员设置', '您的帳號沒有工號，無法接聽電話；請聯絡管理員設定', 'Your account has no agent number; ask an administrator to set one')),
  KNOWLEDGE_NOT_FOUND: e(404, l('没有找到这篇文章', '找不到這篇文章', 'No such article')),
  KNOWLEDGE_VERSION_CONFLICT: e(409, l('您编辑期间文章已被他人保存，请载入最新版本后再改', '您編輯期間文章已被他人儲存，請載入最新版本後再改', 'Someone saved the article while you edited it; load the latest version and apply your change again')),
  KNOWLEDGE_INVALID: e(422, l('文章内容有误，请检查关联场景', '文章內容有誤，請檢查關聯情境', 'The article is not valid; check its scenarios')),
  CALL_NOT_YOURS: e(403, l('这通电话不是您接听的', '這通電話不是您接聽的', 'This call is not yours')),
  CALL_NOT_MANUAL: e(409, l('这通电话由交换机上报状态，不能在这里操作', '這通電話由交換機回報狀態，無法在這裡操作', 'The switch reports this call; it cannot be changed here')),
  CALL_BAD_EVENT: e(409, l('通话当前的状态下不能这样操作', '通話目前的狀態下無法這樣操作', 'The call cannot do that in its current state')),
  CALL_STILL_ACTIVE: e(409, l('通话还没结束，请先挂机', '通話尚未結束，請先掛斷', 'The call is still going; end it first')),
  CALL_NO_CALLER: e(422, l('这通电话没有来电号码，无法回拨', '這通電話沒有來電號碼，無法回撥', 'The call has no caller number to call back')),
  CALL_ALREADY_WRAPPED_UP: e(409, l('这通电话已经提交过话后小结', '這通電話已經提交過話後小結', 'This call has been wrapped up already')),
  WRAPUP_NOT_FOUND: e(404, l('这通电话还没有话后小结', '這通電話還沒有話後小結', 'This call has no wrap-up yet')),
  WRAPUP_UNKNOWN_SCENARIO: e(400, l('当前服务规范里没有所选场景', '目前服務規範裡沒有所選情境', 'The active standard has no such scenario')),
  WRAPUP_UNKNOWN_CUSTOMER_TYPE: e(400, l('当前服务规范里没有所选客户类型', '目前服務規範裡沒有所選客戶類型', 'The active standard has no such customer type')),
  QA_OWN_CALL: e(403, l('不能复核或申诉自己经手的质检', '不能複核或申訴自己經手的品檢', 'You cannot decide on your own call')),
  QA_FINDING_NOT_FOUND: e(404, l('没有找到这条质检发现', '找不到這筆品檢發現', 'No such finding')),
  QA_APPEAL_NOT_FOUND: e(404, l('没有找到这条申诉', '找不到這筆申訴', 'No such appeal')),
  QA_NOT_CHECKED: e(409, l('这通电话还没有质检结果', '這通電話還沒有品檢結果', 'This call has not been checked yet')),
  QA_APPEAL_EXISTS: e(409, l('这条发现已经申诉过', '這筆發現已經申訴過', 'This finding has been appealed already')),
  QA_APPEAL_WINDOW_CLOSED: e(409, l('已过申诉期限', '已過申訴期限', 'The appeal period is over')),
  QA_APPEAL_NOT_PENDING: e(409, l('这条申诉已处理，不能再改', '這筆申訴已處理，無法再改', 'This appeal has been decided')),
  QA_APPEAL_PENDING: e(409, l('这条发现有待处理的申诉，请先处理申诉', '這筆發現有待處理的申訴，請先處理申訴', 'This finding has a pending appeal; decide it first')),
  QA_APPEAL_DECIDED: e(409, l('这条发现的申诉已有结论', '這筆發現的申訴已有結論', 'The appeal of this finding is decided')),
  QA_FINDING_OVERTURNED: e(409, l('这条发现已被撤销', '這筆發現已被撤銷', 'This finding has been overturned')),
  QA_NOTE_REQUIRED: e(422, l('请填写说明', '請填寫說明', 'Please write a note')),
  QA_REASON_REQUIRED: e(422, l('请填写理由', '請填寫理由', 'Please give a reason')),
  QA_CALL_UNKNOWN: e(422, l('本机构没有这通电话，或接听坐席与录音文本不符，未保存', '本機構沒有這通電話，或接聽坐席與錄音文字不符，未儲存', 'This organisation has no such call answered by that agent; nothing was stored')),
  QA_UNKNOWN_CHECK: e(422, l('没有这个质检项', '沒有這個品檢項目', 'No such check')),
  QA_SEGMENT_INVALID: e(422, l('所选的对话片段不在这通电话里', '所選的對話片段不在這通電話裡', 'The segment is not part of this call')),
  QA_TEAM_UNKNOWN: e(400, l('没有这个班组', '沒有這個班組', 'No such team')),
  REPORT_PERIOD_INVALID: e(400, l('统计期间无效：日期不存在、起止颠倒或跨度过长', '統計期間無效：日期不存在、起訖顛倒或跨度過長', 'The period is not valid: a date that does not exist, reversed or too long')),
  REPORT_SETTINGS_INVALID: e(422, l('报表设置有误', '報表設定有誤', 'The report settings are not valid')),
  UNSUPPORTED_MEDIA_TYPE: e(415, l('提交的内容格式不受支持', '提交的內容格式不受支援', 'That content type is not accepted')),
  AUTH_THROTTLED: e(
    429,
    l('登录失败次数太多，请 {retryAfterSeconds} 秒后再试', '登入失敗次數太多，請 {retryAfterSeconds} 秒後再試', 'Too many failed sign-ins; try again in {retryAfterSeconds} s'),
    l('登录失败次数太多，请稍后再试', '登入失敗次數太多，請稍後再試', 'Too many failed sign-ins; try again later'),
  ),
  RATE_LIMITED: e(429, l('请求太频繁，请稍后再试', '請求太頻繁，請稍後再試', 'Too many requests; try again shortly')),
  STORED_DATA_INVALID: e(
    500,
    l('系统里有一条记录的内容已损坏，暂时无法读取；错误已记录，请联系管理员', '系統裡有一筆記錄的內容已損毀，暫時無法讀取；錯誤已記錄，請聯絡管理員', 'A stored record is damaged and cannot be read; it was logged, contact your administrator'),
  ),
  INTERNAL: e(500, l('系统出错了，错误已记录；请稍后再试', '系統發生錯誤，已記錄；請稍後再試', 'Something went wrong on our side; it was logged')),
  NOT_READY: e(503, l('系统正在启动，请稍后再试', '系統正在啟動，請稍後再試', 'Starting up; try again shortly')),
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}

const unknownError = l('操作没有成功，请稍后再试', '操作沒有成功，請稍後再試', 'That did not work; try again shortly');
/** The browser's own code when no answer came (offline, or the server restarting). */
const networkError = l('连不上服务器，请检查网络后再试', '連不上伺服器，請檢查網路後再試', 'Cannot reach the server; check the network and try again');

/**
 * What a person reads for an error the API answered with, in their language; parameters come from its details. A code
 * this build does not know (a newer server) reads as a general failure, never as the code.
 */
export function errorLabel(code: string, lang: LabelLanguage, details?: unknown): string {
  if (code === 'NETWORK') return networkError[lang];
  if (!isErrorCode(code)) return unknownError[lang];
  const def: ErrorDef = errorCodes[code];
  const params = details !== null && typeof details === 'object' && !Array.isArray(details) ? primitives(details as Record<string, unknown>) : {};
  const text = fill(def.label[lang], params);
  return def.plain && /\{\w+\}/.test(text) ? def.plain[lang] : text;
}

function primitives(o: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

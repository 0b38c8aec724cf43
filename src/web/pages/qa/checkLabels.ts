import type { Language } from '../../i18n/index.js';

/** Names and the standard's wording of the 18 checks, per language. */
const labels: Record<string, Record<Language, [name: string, rule: string]>> = {
  'answer.late-no-apology': {
    'zh-CN': ['超时接听未致歉', '响铃超过 3 声才接听时,应在开头两句内向客户致歉。'],
    'zh-TW': ['逾時接聽未致歉', '響鈴超過 3 聲才接聽時,應在開頭兩句內向客戶致歉。'],
    en: ['Late answer, no apology', 'Answered after more than 3 rings: apologise for the wait in the first two utterances.'],
  },
  'greeting.incomplete': {
    'zh-CN': ['开头语不完整', '第一句应包含问候、单位名称和工号。'],
    'zh-TW': ['開頭語不完整', '第一句應包含問候、單位名稱與工號。'],
    en: ['Incomplete greeting', 'The first utterance must greet, name the organisation and give the agent number.'],
  },
  'taboo.phrase': {
    'zh-CN': ['服务忌语', '不得使用推诿、指责、不耐烦、粗鲁、生硬拒绝、嘲讽或辱骂的语言;辱骂为致命项。'],
    'zh-TW': ['服務忌語', '不得使用推諉、指責、不耐煩、粗魯、生硬拒絕、嘲諷或辱罵的語言;辱罵為致命項。'],
    en: ['Taboo phrase', 'No shirking, blaming, impatience, rudeness, flat refusal, mocking or abuse; abuse is fatal.'],
  },
  'hold.no-consent': {
    'zh-CN': ['保持未征得同意', '让客户等待前应说明并征得同意。'],
    'zh-TW': ['保留未徵得同意', '讓客戶等待前應說明並徵得同意。'],
    en: ['Hold without consent', 'Ask the customer’s consent before putting the call on hold.'],
  },
  'hold.no-thanks': {
    'zh-CN': ['等待后未致谢', '恢复通话后第一句应感谢客户等待或致歉。'],
    'zh-TW': ['等待後未致謝', '恢復通話後第一句應感謝客戶等待或致歉。'],
    en: ['No thanks after hold', 'After the hold, thank the customer for waiting or apologise.'],
  },
  'hold.too-long': {
    'zh-CN': ['保持过久', '每 30 秒应回到线上与客户确认,连续保持不超过 35 秒。'],
    'zh-TW': ['保留過久', '每 30 秒應回到線上與客戶確認,連續保留不超過 35 秒。'],
    en: ['Hold too long', 'Check back every 30 s; one hold must not exceed 35 s.'],
  },
  'silence.dead-air': {
    'zh-CN': ['静默过长', '非保持状态下双方无声超过 10 秒。'],
    'zh-TW': ['靜默過長', '非保留狀態下雙方無聲超過 10 秒。'],
    en: ['Dead air', 'More than 10 s with nobody speaking, outside holds.'],
  },
  interruption: {
    'zh-CN': ['抢话', '客户说话时坐席插话重叠 2 秒以上。'],
    'zh-TW': ['搶話', '客戶說話時座席插話重疊 2 秒以上。'],
    en: ['Interruption', 'The agent talked over the customer for 2 s or more.'],
  },
  'speech.rate': {
    'zh-CN': ['语速不当', '平均语速应在每分钟 120–300 字之间。'],
    'zh-TW': ['語速不當', '平均語速應在每分鐘 120–300 字之間。'],
    en: ['Speech rate', 'Average rate must stay between 120 and 300 characters a minute.'],
  },
  'empathy.missing': {
    'zh-CN': ['未安抚情绪', '客户表达不满时,随后两句内应致歉或表示理解。'],
    'zh-TW': ['未安撫情緒', '客戶表達不滿時,隨後兩句內應致歉或表示理解。'],
    en: ['No empathy', 'When the customer is unhappy, apologise or show understanding within two utterances.'],
  },
  'commitment.no-deadline': {
    'zh-CN': ['承诺无时限', '需核实、上报或回电时,应给出明确时间。'],
    'zh-TW': ['承諾無時限', '需核實、上報或回電時,應給出明確時間。'],
    en: ['Promise without a time', 'When deferring or passing a matter on, give a concrete time.'],
  },
  'recap.missing': {
    'zh-CN': ['未复述确认', '有后续承诺时,结束前应复述确认关键信息。'],
    'zh-TW': ['未複述確認', '有後續承諾時,結束前應複述確認關鍵資訊。'],
    en: ['No recap', 'With a follow-up promised, confirm the key details before closing.'],
  },
  'closing.no-offer': {
    'zh-CN': ['未询问其他需求', '结束前应询问客户是否还有其他需要。'],
    'zh-TW': ['未詢問其他需求', '結束前應詢問客戶是否還有其他需要。'],
    en: ['No further-help offer', 'Ask whether there is anything else before closing.'],
  },
  'closing.no-farewell': {
    'zh-CN': ['无结束语', '最后一句应致谢或道别。'],
    'zh-TW': ['無結束語', '最後一句應致謝或道別。'],
    en: ['No farewell', 'The last utterance must thank or say goodbye.'],
  },
  'hangup.agent-first': {
    'zh-CN': ['坐席先挂机', '应待客户先挂机,除非已履行无声电话流程或告知将结束通话。'],
    'zh-TW': ['座席先掛機', '應待客戶先掛機,除非已履行無聲電話流程或告知將結束通話。'],
    en: ['Agent hung up first', 'Let the customer hang up first, unless the silent-call protocol ran or the end was announced.'],
  },
  'silent-call.protocol': {
    'zh-CN': ['无声电话处理不当', '客户无声时应至少提示两次(间隔 5 秒以上)并说明原因后再挂机。'],
    'zh-TW': ['無聲電話處理不當', '客戶無聲時應至少提示兩次(間隔 5 秒以上)並說明原因後再掛機。'],
    en: ['Silent-call protocol', 'Prompt at least twice, 5 s apart, and say why before hanging up on a silent caller.'],
  },
  'transfer.no-notice': {
    'zh-CN': ['转接未告知', '转接前 30 秒内应告知客户转往何处。'],
    'zh-TW': ['轉接未告知', '轉接前 30 秒內應告知客戶轉往何處。'],
    en: ['Transfer without notice', 'Tell the customer where the call goes within 30 s before the transfer.'],
  },
  'privacy.disclosure': {
    'zh-CN': ['泄露个人信息', '不得说出客户本人以外的手机号或身份证号;致命项。'],
    'zh-TW': ['洩露個人資訊', '不得說出客戶本人以外的手機號或身分證號;致命項。'],
    en: ['Privacy disclosure', 'Never speak a mobile number other than the caller’s own, or an ID number; fatal.'],
  },
};

export const checkIdsInOrder = Object.keys(labels);

/** Custom rules come from the organisation's pack: id → name (in the pack's own language). */
export type CustomRuleNames = ReadonlyMap<string, string>;

export function checkName(id: string, lang: Language, custom?: CustomRuleNames): string {
  return labels[id]?.[lang][0] ?? custom?.get(id) ?? id;
}

export function checkRule(id: string, lang: Language, custom?: CustomRuleNames): string {
  return labels[id]?.[lang][1] ?? custom?.get(id) ?? '';
}

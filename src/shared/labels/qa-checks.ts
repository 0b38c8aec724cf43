/**
 * The 18 QA checks of docs/qa-rules.md: their names and what the standard asks, in the three UI languages. A rule that
 * states a number says it with a placeholder filled from the active pack's thresholds, so a pack that allows 4 rings
 * reads 响铃超过 4 声, not a number fixed here. The QA pages, the reports and the Excel export take names from here.
 */
import type { CheckId, QaThresholds } from '../qa/config.js';
import { defaultThresholds } from '../qa/defaults.js';
import { fill, l, type Label, type LabelLanguage } from './label.js';

interface CheckLabel {
  readonly name: Label;
  readonly rule: Label;
}
const c = (name: Label, rule: Label): CheckLabel => ({ name, rule });

export const qaCheckLabels: Record<CheckId, CheckLabel> = {
  'answer.late-no-apology': c(
    l('超时接听未致歉', '逾時接聽未致歉', 'Late answer, no apology'),
    l('响铃超过 {maxRings} 声才接听时,应在开头两句内向客户致歉。', '響鈴超過 {maxRings} 聲才接聽時,應在開頭兩句內向客戶致歉。', 'Answered after more than {maxRings} rings: apologise for the wait in the first two utterances.'),
  ),
  'greeting.incomplete': c(
    l('开头语不完整', '開頭語不完整', 'Incomplete greeting'),
    l('第一句应包含问候、单位名称和工号。', '第一句應包含問候、單位名稱與工號。', 'The first utterance must greet, name the organisation and give the agent number.'),
  ),
  'taboo.phrase': c(
    l('服务忌语', '服務忌語', 'Taboo phrase'),
    l('不得使用推诿、指责、不耐烦、粗鲁、生硬拒绝、嘲讽或辱骂的语言;辱骂为致命项。', '不得使用推諉、指責、不耐煩、粗魯、生硬拒絕、嘲諷或辱罵的語言;辱罵為致命項。', 'No shirking, blaming, impatience, rudeness, flat refusal, mocking or abuse; abuse is fatal.'),
  ),
  'hold.no-consent': c(l('保持未征得同意', '保留未徵得同意', 'Hold without consent'), l('让客户等待前应说明并征得同意。', '讓客戶等待前應說明並徵得同意。', 'Ask the customer’s consent before putting the call on hold.')),
  'hold.no-thanks': c(
    l('等待后未致谢', '等待後未致謝', 'No thanks after hold'),
    l('恢复通话后第一句应感谢客户等待或致歉。', '恢復通話後第一句應感謝客戶等待或致歉。', 'After the hold, thank the customer for waiting or apologise.'),
  ),
  'hold.too-long': c(
    l('保持过久', '保留過久', 'Hold too long'),
    l('连续保持不得超过 {holdMaxSec} 秒,其间应回到线上与客户确认。', '連續保留不得超過 {holdMaxSec} 秒,其間應回到線上與客戶確認。', 'One hold must not exceed {holdMaxSec} s; check back with the customer meanwhile.'),
  ),
  'silence.dead-air': c(l('静默过长', '靜默過長', 'Dead air'), l('非保持状态下双方无声超过 {deadAirSec} 秒。', '非保留狀態下雙方無聲超過 {deadAirSec} 秒。', 'More than {deadAirSec} s with nobody speaking, outside holds.')),
  interruption: c(l('抢话', '搶話', 'Interruption'), l('客户说话时坐席插话重叠 {overlapSec} 秒以上。', '客戶說話時座席插話重疊 {overlapSec} 秒以上。', 'The agent talked over the customer for {overlapSec} s or more.')),
  'speech.rate': c(
    l('语速不当', '語速不當', 'Speech rate'),
    l('平均语速应在每分钟 {rateMin}–{rateMax} 字之间。', '平均語速應在每分鐘 {rateMin}–{rateMax} 字之間。', 'Average rate must stay between {rateMin} and {rateMax} characters a minute.'),
  ),
  'empathy.missing': c(
    l('未安抚情绪', '未安撫情緒', 'No empathy'),
    l('客户表达不满时,随后两句内应致歉或表示理解。', '客戶表達不滿時,隨後兩句內應致歉或表示理解。', 'When the customer is unhappy, apologise or show understanding within two utterances.'),
  ),
  'commitment.no-deadline': c(
    l('承诺无时限', '承諾無時限', 'Promise without a time'),
    l('需核实、上报或回电时,应给出明确时间。', '需核實、上報或回電時,應給出明確時間。', 'When deferring or passing a matter on, give a concrete time.'),
  ),
  'recap.missing': c(
    l('未复述确认', '未複述確認', 'No recap'),
    l('有后续承诺时,结束前应复述确认关键信息。', '有後續承諾時,結束前應複述確認關鍵資訊。', 'With a follow-up promised, confirm the key details before closing.'),
  ),
  'closing.no-offer': c(l('未询问其他需求', '未詢問其他需求', 'No further-help offer'), l('结束前应询问客户是否还有其他需要。', '結束前應詢問客戶是否還有其他需要。', 'Ask whether there is anything else before closing.')),
  'closing.no-farewell': c(l('无结束语', '無結束語', 'No farewell'), l('最后一句应致谢或道别。', '最後一句應致謝或道別。', 'The last utterance must thank or say goodbye.')),
  'hangup.agent-first': c(
    l('坐席先挂机', '座席先掛機', 'Agent hung up first'),
    l('应待客户先挂机,除非已履行无声电话流程或告知将结束通话。', '應待客戶先掛機,除非已履行無聲電話流程或告知將結束通話。', 'Let the customer hang up first, unless the silent-call protocol ran or the end was announced.'),
  ),
  'silent-call.protocol': c(
    l('无声电话处理不当', '無聲電話處理不當', 'Silent-call protocol'),
    l('客户无声时应至少提示 {minPrompts} 次(间隔 {promptGapSec} 秒以上)并说明原因后再挂机。', '客戶無聲時應至少提示 {minPrompts} 次(間隔 {promptGapSec} 秒以上)並說明原因後再掛機。', 'Prompt at least {minPrompts} times, {promptGapSec} s apart, and say why before hanging up on a silent caller.'),
  ),
  'transfer.no-notice': c(
    l('转接未告知', '轉接未告知', 'Transfer without notice'),
    l('转接前 {transferNoticeSec} 秒内应告知客户转往何处。', '轉接前 {transferNoticeSec} 秒內應告知客戶轉往何處。', 'Tell the customer where the call goes within {transferNoticeSec} s before the transfer.'),
  ),
  'privacy.disclosure': c(
    l('泄露个人信息', '洩露個人資訊', 'Privacy disclosure'),
    l('不得说出客户本人以外的手机号或身份证号;致命项。', '不得說出客戶本人以外的手機號或身分證號;致命項。', 'Never speak a mobile number other than the caller’s own, or an ID number; fatal.'),
  ),
};

export type RuleThresholds = Pick<
  QaThresholds,
  'maxRings' | 'holdMaxMs' | 'deadAirMs' | 'interruptionOverlapMs' | 'speechRateMin' | 'speechRateMax' | 'silentMinPrompts' | 'silentPromptGapMs' | 'transferNoticeMs'
>;

const sec = (ms: number) => Math.round(ms / 100) / 10;

/** The numbers a rule states, from a pack's thresholds (the defaults of the standard when none is given). */
export function ruleParams(t: RuleThresholds = defaultThresholds): Record<string, number> {
  return {
    maxRings: t.maxRings,
    holdMaxSec: sec(t.holdMaxMs),
    deadAirSec: sec(t.deadAirMs),
    overlapSec: sec(t.interruptionOverlapMs),
    rateMin: t.speechRateMin,
    rateMax: t.speechRateMax,
    minPrompts: t.silentMinPrompts,
    promptGapSec: sec(t.silentPromptGapMs),
    transferNoticeSec: sec(t.transferNoticeMs),
  };
}

export function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(qaCheckLabels, id);
}

export function qaCheckName(id: CheckId, lang: LabelLanguage): string {
  return qaCheckLabels[id].name[lang];
}

/** What the standard asks of a check, with the active pack's numbers. */
export function qaCheckRule(id: CheckId, lang: LabelLanguage, thresholds?: RuleThresholds): string {
  return fill(qaCheckLabels[id].rule[lang], ruleParams(thresholds));
}

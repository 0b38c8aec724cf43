/**
 * How each kind of call goes, done by the book: the pack's scenario scripts where the
 * pack has them (the 12345 scenario ids), the pack's call rules for greeting, holds,
 * transfers and closing, and our own caller lines (lines.ts). A flow done by the book
 * passes every QA check; mistakes.ts then breaks some of them on purpose.
 */
import type { Pack } from '../../standards/schema.js';
import * as L from './lines.js';
import { dayText, fillBlanks, PlanBuilder, type Beat, type CallKind, type CallSetting, type Ending, type Plan } from './plan.js';
import type { Rng } from './random.js';

/** Share of each kind of call on a municipal line (roughly: consultations first, then requests for help and complaints). */
export const kindWeights: Record<CallKind, number> = {
  consult: 27,
  help: 18,
  complaint: 13,
  report: 5,
  suggestion: 5,
  progress: 11,
  escalation: 6,
  repeat: 4,
  silent: 3,
  'wrong-number': 3,
  harassment: 1,
};

/** A transfer target's name: the first whose id or name matches, else the first desk. */
export function transferTarget(pack: Pack, wanted: RegExp): string {
  const targets = pack.callRules.transfer.targets;
  return (targets.find((t) => wanted.test(t.id) || wanted.test(t.name)) ?? targets.find((t) => t.kind === 'desk') ?? targets[0]!).name;
}

interface Place {
  text: string;
  district: string;
  street: string;
  community: string;
}

function place(rng: Rng): Place {
  const district = rng.pick(L.districts);
  const street = rng.pick(L.streets);
  const community = rng.pick(L.communities);
  const text = rng.pick([`${district}${street}${community}`, `${district}${street}和${rng.pick(L.streets)}交叉口`, `${district}${community}${rng.int(1, 12)}栋`]);
  return { text, district, street, community };
}

type Flow = (b: PlanBuilder, p: Place) => { ending?: Ending; deferral?: boolean };

const recapAsk = (summary: string): string => `我跟您核对一下：您反映的是${summary}，对吗？`;

const consult: Flow = (b) => {
  const { rng } = b;
  const t = rng.pick(L.consultTopics);
  b.customer(rng.pick(t.open));
  b.agent(b.script('gov.policy-consult', 0, '请问您想了解哪方面的情况？是您个人办理，还是为单位办理？'));
  b.customer(rng.pick(t.detail));
  b.extras(false);
  const branch = rng.weighted({ answer: 60, department: 25, expert: 15 });
  if (branch === 'answer') {
    const answer = fillBlanks(b.script('gov.policy-consult', 0, '根据现行规定，……，您可以通过……办理。请问我说清楚了吗？', /明确口径|知识库/), [t.rule, t.channel]);
    if (rng.chance(0.5)) b.lookup(answer, L.acknowledgements);
    else b.agent(answer);
    b.customer(rng.pick(L.understood));
    b.agent('好的，您这次的咨询已经当场办结，我这边做个登记。');
    b.closing(L.nothingElse);
    return {};
  }
  if (branch === 'department') {
    const defer = b.script('gov.policy-consult', 0, '这个问题需要由相关部门给您准确答复，我帮您登记，承办部门会在 1 个工作日内联系您，好吗？', /部门/);
    if (rng.chance(0.4)) b.lookup(null, L.acknowledgements);
    b.agent(defer, 'deadline', { alt: withoutDeadline(defer) });
    b.customer(rng.pick(['好的，那麻烦你了。', '行，那我等电话。', '可以，谢谢。']));
    b.agent(`我跟您确认一下：您咨询的是${t.summary}，联系电话就用您现在这个号码，对吗？`, 'recap');
    b.customer(rng.pick(L.confirmations), 'recap-reply');
    b.closing(L.nothingElse);
    return { deferral: true };
  }
  const target = transferTarget(b.s.pack, /expert|专家/);
  b.agent(`这个问题政策性比较强，需要${target}给您详细解答。`);
  b.customer(rng.pick(['好的。', '行，那你帮我转一下。']));
  b.agent(`万一中途断线，您可以再拨打${b.s.pack.identity.hotline}，请您保持电话畅通。`);
  b.agent(b.render(b.s.pack.callRules.closing.offerFurtherHelp), 'offer');
  b.customer(rng.pick(['没有了，就这个。', '没别的了。']), 'offer-reply');
  b.transferNotice(target);
  return { ending: { type: 'transfer', target } };
};

const help: Flow = (b, p) => {
  const { rng } = b;
  const t = rng.pick(L.helpTopics);
  b.customer(rng.pick(t.open));
  b.agent(b.script('gov.help-request', 0, '请问具体的地址在哪里？情况是从什么时候开始的？'));
  b.customer(`就在${p.text}，${rng.pick(t.since)}`);
  b.extras(true);
  if (t.hazard) {
    b.agent(b.script('gov.help-request', 0, '请您先提醒周围的人注意安全，我马上加急转交处理。', /安全|隐患/));
    b.customer(rng.pick(['好的好的，我让大家绕着走。', '嗯，我在旁边看着呢。']));
  }
  b.agent(`我跟您核对一下：地址是${p.text}，问题是${t.summary}，对吗？`, 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  b.agent(b.script('gov.help-request', 1, '已经为您登记，承办单位一般会在 5 个工作日内处理完毕，我们会跟踪进度。'));
  b.customer(rng.pick(L.waitAccepted));
  b.closing(L.nothingElse);
  return {};
};

const complaint: Flow = (b, p) => {
  const { rng } = b;
  const t = rng.pick(L.complaintTopics);
  b.customer(rng.pick(t.open));
  b.agent(b.script('gov.complaint-intake', 0, '您别着急，慢慢说，我会把您反映的情况完整记录下来。'), 'empathy', { alt: '请讲，您具体要反映什么情况？' });
  b.customer(rng.pick(t.since));
  b.agent('请问具体是在什么位置？');
  b.customer(`就在${p.text}。`);
  b.extras(true);
  b.agent(fillBlanks(b.script('gov.complaint-intake', 1, '我跟您核对一下：您反映的是……，希望……，对吗？'), [`${p.text}${t.summary}`, t.want]), 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  const accept = b.script('gov.complaint-intake', 2, '您的诉求我们已经受理，会转交承办单位办理，一般 15 个工作日内办结并给您答复，请您保持电话畅通。');
  b.agent(accept, 'deadline', { alt: withoutDeadline(accept) });
  b.customer(rng.pick(L.waitAccepted));
  b.closing(L.nothingElse);
  return { deferral: true };
};

const report: Flow = (b, p) => {
  const { rng } = b;
  const t = rng.pick(L.reportTopics);
  b.customer(rng.pick(t.open));
  b.agent(b.script('gov.report-intake', 0, '谢谢您向我们反映。请您放心，您的个人信息我们会严格保密。'));
  b.customer(rng.pick(t.since));
  b.agent('请问具体位置在哪里？您手上有没有照片或者视频？');
  b.customer(`在${p.text}，照片我手机里有几张。`);
  b.extras(true);
  b.agent(recapAsk(`${p.text}${t.summary}`), 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  const accept = b.script('gov.report-intake', 1, '您的举报已经记录，我们会转交主管部门依法处理，15 个工作日内给您答复。方便留下联系方式吗？也可以不留。');
  b.agent(accept, 'deadline', { alt: withoutDeadline(accept) });
  b.customer(rng.pick(['就留我现在这个号码吧，麻烦你们替我保密。', '那就留这个号码吧。']));
  b.agent('好的，请您放心，我们会严格保密。');
  b.closing(L.nothingElse);
  return { deferral: true };
};

const suggestion: Flow = (b) => {
  const { rng } = b;
  const t = rng.pick(L.suggestionTopics);
  b.customer(rng.pick(t.open));
  const thanks = b.script('gov.suggestion', 0, '谢谢您对城市建设的关心，您的建议我会完整记录，转给相关部门研究。');
  b.agent(`${thanks}相关部门一般会在 15 个工作日内研究答复。`, 'deadline', { alt: thanks });
  if (rng.chance(0.5)) {
    b.customer(rng.pick(L.elaborations));
    b.agent(rng.pick(L.agentAcks));
  }
  b.agent(fillBlanks(b.script('gov.suggestion', 1, '我复述一下您的建议：……，对吗？'), [t.summary]), 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  b.closing(L.nothingElse);
  return { deferral: true };
};

const progress: Flow = (b) => {
  const { rng, s } = b;
  const t = rng.pick([...L.helpTopics, ...L.complaintTopics]);
  b.customer(`你好，我${rng.pick(['上个礼拜', '前几天', '上个月'])}反映过${t.summary}的问题，想问问现在办得怎么样了。`);
  b.agent(b.script('gov.progress-inquiry', 0, '请您告诉我工单编号或者登记时留的电话，我帮您查一下。'));
  b.customer(rng.pick(['工单号我没记，就是我现在打的这个电话。', '就用我现在这个手机号登记的。']));
  const overdue = rng.chance(0.3);
  const status = fillBlanks(b.script('gov.progress-inquiry', 1, '您的诉求目前由……办理，状态是……，办理期限是{time}。'), [rng.pick(L.handlingUnits), rng.pick(L.handlingStates)]);
  const answer = b.render(status, { time: dayText(s.answeredAt, overdue ? -rng.int(2, 6) : rng.int(3, 10)) });
  if (rng.chance(0.6)) b.lookup(answer, L.acknowledgements);
  else b.agent(answer);
  if (!overdue) {
    b.customer(rng.pick(['好的，那我再等等。', '行，知道了。']));
    b.agent('请您保持电话畅通，有结果承办单位会第一时间告诉您。');
    b.closing(L.nothingElse);
    return {};
  }
  b.customer(rng.pick(['这都过了期限了还没解决，太慢了！', '早就超期了，到现在还没人来，你们怎么搞的？']));
  const urge = b.script('gov.progress-inquiry', 0, '很抱歉让您久等了，我马上为您催办，承办单位会尽快联系您。', /超过|超期/);
  b.agent(urge, 'empathy', { alt: '我马上为您催办，承办单位会尽快联系您。' });
  b.agent('承办单位一般会在 2 个工作日内回复您，请您保持电话畅通。', 'deadline', { alt: '请您保持电话畅通。' });
  b.customer(rng.pick(['那行吧，我再等两天。', '好吧，那你们抓紧。']));
  b.agent(`我跟您确认一下：您查询的是${t.summary}的工单，联系电话就是现在这个号码，对吗？`, 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  b.closing(L.nothingElse);
  return { deferral: true };
};

const escalation: Flow = (b, p) => {
  const { rng, s } = b;
  const t = rng.pick([...L.helpTopics, ...L.complaintTopics]);
  b.customer(`上回我反映的${t.summary}，部门答复说已经处理好了，可实际上根本没有解决，我不满意！`);
  b.agent(b.script('gov.reply-dissatisfied', 0, '很抱歉这次的处理没能让您满意，您具体对哪些地方不满意？'), 'empathy', { alt: '您具体对哪些地方有意见？' });
  b.customer(rng.pick(['他们就来看了一眼，拍了张照片就走了，问题还是老样子。', '电话里说会来人，结果一直没见着，情况一点没变。']));
  b.extras(true);
  if (rng.chance(0.45)) {
    const target = transferTarget(s.pack, /complaint|投诉/);
    b.agent(`我跟您核对一下：您对${p.text}${t.summary}的处理结果有意见，希望重新处理，对吗？`, 'recap');
    b.customer(rng.pick(L.confirmations), 'recap-reply');
    b.agent('您的意见我已经补充到原来的工单里，请您保持电话畅通。');
    b.agent(b.render(s.pack.callRules.closing.offerFurtherHelp), 'offer');
    b.customer(rng.pick(['没有了，就这件事。', '没别的了。']), 'offer-reply');
    b.transferNotice(target);
    return { ending: { type: 'transfer', target } };
  }
  const reopen = b.script('gov.reply-dissatisfied', 1, '我已经记录了您的意见，工单会重新转交承办单位办理，并在{time}前给您答复。');
  const line = b.render(reopen, { time: dayText(s.answeredAt, rng.int(5, 12)) });
  b.agent(line, 'deadline', { alt: b.render(reopen, { time: '尽快' }).replace(/并在尽快前/, '并尽快') });
  b.customer(rng.pick(['好吧，那我再等等。', '这次可得好好弄。']));
  b.agent(recapAsk(`${p.text}${t.summary}，对上次的处理结果有意见`), 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  b.agent('有进展会及时告诉您，请您保持电话畅通。');
  b.closing(L.nothingElse);
  return { deferral: true };
};

const repeat: Flow = (b, p) => {
  const { rng } = b;
  const t = rng.pick([...L.helpTopics, ...L.complaintTopics]);
  b.customer(`我又打来了，还是${t.summary}的事，都反映好几次了！`);
  const unit = rng.pick(L.handlingUnits);
  const sorry = fillBlanks(b.script('gov.repeat-caller', 0, '非常抱歉，让您为同一件事多次来电。我查到您之前反映的工单了，目前由……办理。'), [unit]);
  b.agent(sorry, 'empathy', { alt: `我查到您之前反映的工单了，目前由${unit}办理。` });
  b.customer(rng.pick(['这次情况又严重了，昨天晚上比以前还厉害。', '那到底什么时候能弄好？我天天都在等。']));
  b.agent(recapAsk(`${p.text}${t.summary}，情况比之前更严重`), 'recap');
  b.customer(rng.pick(L.confirmations), 'recap-reply');
  const merged = b.script('gov.repeat-caller', 1, '我已经把这次的情况补充到原来的工单里，并请承办单位加快办理。');
  b.agent(`${merged}承办单位会在 3 个工作日内给您回复，请您保持电话畅通。`, 'deadline', { alt: `${merged}承办单位会尽快给您回复。` });
  b.customer(rng.pick(L.waitAccepted));
  b.closing(L.nothingElse);
  return { deferral: true };
};

const silent: Flow = (b) => {
  const { rng, s } = b;
  const rules = s.pack.callRules.silentCall;
  const gap = (): number => rules.promptGapSeconds * 1000 + rng.int(300, 1200);
  for (const prompt of rules.prompts) b.agent(b.render(prompt), 'prompt', { gapMs: gap() });
  b.agent(b.render(rules.endNotice), 'silent-end', { gapMs: gap() });
  // sometimes the line goes dead from the caller's side before the agent hangs up
  if (rng.chance(0.25)) return { ending: { type: 'hangup', by: 'customer', afterMs: rng.int(1000, 3000) } };
  return { ending: { type: 'hangup', by: 'agent', afterMs: rules.hangupAfterSeconds * 1000 + rng.int(300, 1000) } };
};

const wrongNumber: Flow = (b) => {
  const { rng, s } = b;
  const w = rng.pick(L.wrongNumbers);
  b.customer(w.open);
  b.agent(`您好，这里是${s.org}，不是${w.who}，您可能拨错号码了。${w.hint}`);
  b.customer(rng.pick(L.wrongNumberReplies));
  b.agent(b.render(s.pack.callRules.closing.farewell), 'farewell');
  return {};
};

const harassment: Flow = (b) => {
  const { rng, s } = b;
  b.customer(rng.pick(L.harassmentOpens));
  b.agent('您好，请问您有什么需要反映的问题吗？');
  b.customer(rng.pick(L.harassmentInsist));
  b.agent(b.script('gov.harassment', 0, '您好，您反映的内容不属于热线的服务范围，请您挂机，把线路留给其他需要帮助的市民。'));
  b.customer(rng.pick(L.harassmentInsist));
  b.agent(b.render(s.pack.callRules.closing.agentEndNotice), 'end-notice');
  return { ending: { type: 'hangup', by: 'agent', afterMs: s.pack.callRules.closing.hangupAfterSeconds * 1000 + rng.int(300, 1000) } };
};

const flows: Record<CallKind, Flow> = {
  consult,
  help,
  complaint,
  report,
  suggestion,
  progress,
  escalation,
  repeat,
  silent,
  'wrong-number': wrongNumber,
  harassment,
};

/** The same line with its deadline taken out (the commitment stays): for the missing-deadline mistake. */
export function withoutDeadline(text: string): string {
  return text
    .replace(/[，,]?\s*一般\s*\d+\s*个?工作日内/u, '，会尽快')
    .replace(/会?在\s*\d+\s*个?工作日内/u, '会尽快')
    .replace(/\d+\s*个?工作日内/u, '处理完会');
}

/** A call of this kind done by the book. */
export function buildPlan(kind: CallKind, s: CallSetting): Plan {
  const b = new PlanBuilder(s);
  const p = place(s.rng);
  b.greeting();
  const out = flows[kind](b, p);
  let ending: Ending;
  if (out.ending) ending = out.ending;
  else if (s.rng.chance(0.2)) ending = { type: 'linger' };
  else ending = { type: 'hangup', by: 'customer', afterMs: s.rng.int(800, 2500) };
  return { kind, beats: b.beats, ending, deferral: out.deferral ?? false, agentCpm: s.rng.uniform(185, 245) };
}

/**
 * Expands the extras placeholder (it always follows a caller line): clarifying
 * questions, or the caller going on after a prompt, until the call reaches its drawn
 * length. Each item is an agent line and the caller's answer.
 */
export function expandExtras(plan: Plan, rng: Rng, targetMs: number): void {
  const i = plan.beats.findIndex((x) => x.kind === 'extras');
  if (i < 0) return;
  const placeholder = plan.beats[i]!;
  const place = placeholder.kind === 'extras' && placeholder.place;
  const pool = L.exchanges.filter((e) => place || !e.place);
  // Fisher–Yates with the call's own random stream
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  const surname = rng.pick(L.surnames);
  const fill = (text: string): string =>
    text
      .replace('{surname}', surname)
      .replace('{landmark}', rng.pick(L.landmarks))
      .replace('{district}', rng.pick(L.districts))
      .replace('{street}', rng.pick(L.streets))
      .replace('{community}', rng.pick(L.communities));
  const added: Beat[] = [];
  let estimate = estimateMs(plan.beats);
  let asked = 0;
  const said = new Set<string>();
  const fresh = (pool: readonly string[]): string => {
    const left = pool.filter((x) => !said.has(x));
    const text = rng.pick(left.length > 0 ? left : pool);
    said.add(text);
    return text;
  };
  for (let k = 0; k < 12 && estimate < targetMs; k++) {
    const question = asked < pool.length && (k === 0 || rng.chance(0.6)) ? pool[asked++]! : null;
    const [agentText, customerText] = question ? [question.ask, fill(rng.pick(question.answers))] : [fresh(L.agentAcks), fresh(L.elaborations)];
    added.push({ kind: 'line', speaker: 'agent', text: agentText, tag: 'body' }, { kind: 'line', speaker: 'customer', text: customerText, tag: 'body' });
    estimate += estimateMs(added.slice(-2));
  }
  plan.beats.splice(i, 1, ...added);
}

/** Rough length of a plan: about 3.7 spoken characters a second, a second between lines, plus holds. */
export function estimateMs(beats: Plan['beats']): number {
  let ms = 0;
  for (const x of beats) {
    if (x.kind === 'line') ms += (x.text.length / 3.7) * 1000 + 1000;
    else if (x.kind === 'hold') ms += x.ms + 1500;
  }
  return ms;
}


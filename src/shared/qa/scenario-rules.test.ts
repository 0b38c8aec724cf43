// The scenarios' forbidden phrasings (场景禁用说法) are checked in QA and warned about live,
// as the lexicon is, with a finding that names the scenario (issue 14 E).
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { createAssist } from '../assist/index.js';
import { packIdentity } from '../standards/identity.js';
import { toQaConfig } from '../standards/qa.js';
import { checkCall, compileQa } from './engine.js';
import { scenarioRuleId } from './scenario-rules.js';
import type { Transcript } from './transcript.js';

const general = (await loadPack('standards/general')).pack;
const gov = (await loadPack('standards/government-12345')).pack;

function call(org: string, agentLine: string): Transcript {
  return {
    id: 'c',
    org,
    agent: { id: '1024' },
    startedAt: '2026-03-02T09:00:00+08:00',
    ringMs: 0,
    events: [{ type: 'hangup', at: 20_000, by: 'customer' }],
    segments: [
      { speaker: 'agent', start: 0, end: 4000, text: `您好，${org}，1024号为您服务。` },
      { speaker: 'customer', start: 4500, end: 7000, text: '你好，我想问个事。' },
      { speaker: 'agent', start: 7500, end: 11_000, text: agentLine },
      { speaker: 'agent', start: 11_500, end: 15_000, text: '请问还有其他需要吗？感谢您的来电，再见！' },
    ],
  } as unknown as Transcript;
}

describe('scenario forbidden phrasings in QA', () => {
  it('every scenario with forbidden phrasings is a rule scenario.<id> named after it, weighted by qa.scenarioForbiddenWeight', () => {
    const config = toQaConfig(gov);
    const withForbidden = gov.scenarios.filter((s) => s.forbidden.length > 0);
    const rules = config.customRules.filter((r) => r.id.startsWith('scenario.'));
    expect(rules.map((r) => r.id)).toEqual(withForbidden.map((s) => scenarioRuleId(s.id)));
    const outOfScope = rules.find((r) => r.id === 'scenario.gov.out-of-scope')!;
    expect(outOfScope).toMatchObject({ name: `场景禁用说法：${gov.scenarios.find((s) => s.id === 'gov.out-of-scope')!.name}`, weight: gov.qa.scenarioForbiddenWeight, mode: 'forbid' });
  });

  it('a forbidden phrasing is a finding naming the scenario, on the utterance, in its 您 and 你 forms', () => {
    const compiled = compileQa(toQaConfig(gov));
    for (const line of ['这个事你打错了吧，不归热线。', '这个事您打错了吧。']) {
      const r = checkCall(call(packIdentity(gov).org, line), compiled);
      const f = r.violations.find((v) => v.check === 'scenario.gov.out-of-scope');
      expect(f, line).toEqual({ check: 'scenario.gov.out-of-scope', segment: 2, at: 7500, evidence: line });
      // the score counts it once, with its weight
      const others = new Set(r.violations.map((v) => v.check).filter((c) => c !== 'scenario.gov.out-of-scope'));
      const expected = 100 - gov.qa.scenarioForbiddenWeight - [...others].reduce((sum, c) => sum + (compiled.weights.get(c) ?? 0), 0);
      expect(r.score).toBe(Math.max(0, expected));
    }
  });

  it('a correct line of the same scenario draws nothing', () => {
    const r = checkCall(call(packIdentity(gov).org, '这个问题不在热线的受理范围内，建议您拨打12305邮政申诉电话。'), compileQa(toQaConfig(gov)));
    expect(r.violations.filter((v) => v.check.startsWith('scenario.'))).toEqual([]);
  });
});

describe('scenario forbidden phrasings in the live warnings', () => {
  it('flags the phrasing as it is typed, names the scenario and offers its recommended line', () => {
    const warnings = createAssist(general).warnings('我声音够大了，你耳朵有问题吧', 'draft');
    const scenario = general.scenarios.find((s) => s.id === 'customer-cannot-hear')!;
    expect(warnings.map((w) => [w.classId, w.text])).toEqual([
      ['scenario.customer-cannot-hear', '我声音够大了'],
      ['scenario.customer-cannot-hear', '你耳朵'],
    ]);
    expect(warnings[0]).toMatchObject({ className: `场景禁用说法：${scenario.name}`, severity: 'major', alternative: scenario.steps[0]!.script });
  });

  it('warns about nothing in the customer’s words', () => {
    expect(createAssist(general).warnings('你耳朵有问题吧', 'customer')).toEqual([]);
  });
});

const telecom = (await loadPack('standards/telecom')).pack;

describe('rules that know when they apply', () => {
  function talk(org: string, lines: Array<['agent' | 'customer', string]>): Transcript {
    return {
      id: 'c',
      org,
      agent: { id: '1024' },
      startedAt: '2026-03-02T09:00:00+08:00',
      ringMs: 0,
      events: [{ type: 'hangup', at: 60_000, by: 'customer' }],
      segments: lines.map(([speaker, text], i) => ({ speaker, start: i * 5000, end: i * 5000 + 4000, text })),
    } as unknown as Transcript;
  }

  it('the 12345 intake rule applies only when a request was registered, and says why', () => {
    const compiled = compileQa(toQaConfig(gov));
    const consult = talk(packIdentity(gov).org, [['agent', '您好，江城市12345政务服务便民热线，1024号为您服务，请讲。'], ['customer', '社保卡怎么补办？'], ['agent', '带身份证到银行网点就能补办。'], ['agent', '请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(consult, compiled).violations.map((v) => v.check)).not.toContain('intake.deadline-told');
    const registered = talk(packIdentity(gov).org, [['agent', '您好，江城市12345政务服务便民热线，1024号为您服务，请讲。'], ['customer', '路灯坏了。'], ['agent', '我帮您登记，转交区城管局处理。'], ['agent', '请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(registered, compiled).violations.find((v) => v.check === 'intake.deadline-told')?.evidence).toBe('未满足:登记诉求时告知办理时限(适用原因:坐席登记了诉求)');
    // the server knows a ticket was made from the call: the rule applies whatever was said
    expect(checkCall(consult, compiled, { ticketRegistered: true }).violations.find((v) => v.check === 'intake.deadline-told')?.evidence).toBe('未满足:登记诉求时告知办理时限(适用原因:通话登记了工单)');
    expect(checkCall(registered, compiled, { ticketRegistered: false }).violations.map((v) => v.check)).not.toContain('intake.deadline-told');
  });

  it('the telecom billing rule applies only when the customer talks about charges', () => {
    const compiled = compileQa(toQaConfig(telecom));
    const lost = talk(packIdentity(telecom).org, [['agent', '您好，云联通信，1024号为您服务，请问有什么可以帮您？'], ['customer', '我手机丢了，帮我停机。'], ['agent', '已经为您办理挂失停机。请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(lost, compiled).violations.map((v) => v.check)).not.toContain('billing.no-explanation');
    const bill = talk(packIdentity(telecom).org, [['agent', '您好，云联通信，1024号为您服务，请问有什么可以帮您？'], ['customer', '我这个月话费怎么这么高？'], ['agent', '我帮您查一下。请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(bill, compiled).violations.find((v) => v.check === 'billing.no-explanation')?.evidence).toBe('未满足:费用争议未说明费用构成(适用原因:客户说到“话费”)');
  });

  it('a rule limited to scenarios applies when the customer says one of their trigger keywords', () => {
    const config = toQaConfig(gov);
    config.customRules.push({ id: 'x.progress', name: '查询进度时报出工单状态', weight: 3, severity: 'minor', mode: 'require', when: { role: 'agent', keywords: { any: ['办理中', '已办结'] } }, appliesWhen: { scenarios: ['gov.progress-inquiry'] } });
    const compiled = compileQa(config);
    const scenario = gov.scenarios.find((s) => s.id === 'gov.progress-inquiry')!;
    const keyword = scenario.triggers.keywords.find((k) => !k.includes('…') && !k.startsWith('/'))!;
    const asks = talk(packIdentity(gov).org, [['agent', '您好，江城市12345政务服务便民热线，1024号为您服务，请讲。'], ['customer', `我想问问${keyword}。`], ['agent', '请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(asks, compiled).violations.find((v) => v.check === 'x.progress')?.evidence).toBe(`未满足:查询进度时报出工单状态(适用原因:识别为场景“${scenario.name}”(客户说到“${keyword}”))`);
    const other = talk(packIdentity(gov).org, [['agent', '您好，江城市12345政务服务便民热线，1024号为您服务，请讲。'], ['customer', '我想咨询公积金。'], ['agent', '请问还有其他需要吗？感谢来电，再见。']]);
    expect(checkCall(other, compiled).violations.map((v) => v.check)).not.toContain('x.progress');
  });
});

describe('a phrasing both in the lexicon and in a scenario', () => {
  it('is warned about once, as the lexicon says (its class and alternative)', () => {
    const warnings = createAssist(gov).warnings('锦绣小区停水两天，这个不归我们管', 'notes');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ classId: 'shirking', text: '不归我们管' });
  });
});

describe('one finding for one set of words', () => {
  it('an utterance the lexicon flags is not counted again as a scenario phrasing', () => {
    const r = checkCall(call(packIdentity(gov).org, '这个事不归我们管。'), compileQa(toQaConfig(gov)));
    expect(r.violations.filter((v) => v.segment === 2).map((v) => v.check)).toEqual(['taboo.phrase']);
  });
});

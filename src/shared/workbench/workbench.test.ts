import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { createAssist } from '../assist/index.js';
import { packIdentity } from '../standards/identity.js';
import type { Pack } from '../standards/schema.js';
import { currentStage, noFacts, sopStageIds, sopStages, stagesDone, type SopFacts } from './sop.js';
import { complaintState, holdState, silentCallState, silentCallSteps, wrapUpLeftMs } from './timers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let general: Pack;
let gov: Pack;
let telecom: Pack;
beforeAll(async () => {
  [general, gov, telecom] = (await Promise.all(['general', 'government-12345', 'telecom'].map(async (p) => (await loadPack(`${root}standards/${p}`)).pack))) as [Pack, Pack, Pack];
});

const vars = { agentId: '1024', agentName: '李娜' };

describe('SOP stages from the pack', () => {
  it('fills the greeting with the organisation and the agent number, apologises first past the pack’s rings', () => {
    const onTime = sopStages(gov, { vars, rings: 2 });
    expect(onTime.map((s) => s.id)).toEqual([...sopStageIds]);
    const greeting = onTime[0]!.say.find((l) => l.key === 'identity.greeting')!;
    expect(greeting.text).toContain('1024');
    expect(greeting.text).toContain(packIdentity(gov).org);
    expect(greeting.text).not.toMatch(/\{(org|agentId)\}/);
    expect(onTime[0]!.say[0]!.key).toBe('identity.greeting');

    const late = sopStages(gov, { vars, rings: gov.callRules.answer.maxRings + 1 });
    expect(late[0]!.say[0]!.key).toBe('callRules.answer.apologies.0');
    expect(late[0]!.say[0]!.text).toBe(gov.callRules.answer.apologies[0]);
  });

  it('puts the chosen scenario’s lines, actions and forbidden phrasings in 解决, and the caller type’s don’ts too', () => {
    const scenario = gov.scenarios.find((s) => s.id === 'gov.harassment')!;
    const customerType = gov.customerTypes[0]!;
    const stages = sopStages(gov, { vars, scenario, customerType });
    const resolve = stages.find((s) => s.id === 'resolve')!;
    expect(resolve.say.map((l) => l.key)).toContain('scenarios.gov.harassment.steps.0');
    expect(resolve.todo.some((x) => x.includes('报告值班长'))).toBe(true);
    expect(resolve.avoid).toEqual(expect.arrayContaining([...scenario.forbidden, ...customerType.avoid]));
    const identify = stages.find((s) => s.id === 'identify')!;
    expect(identify.todo).toEqual(expect.arrayContaining(customerType.approach));
    // without a scenario, 解决 still offers the hold consent line, and nothing to avoid
    const plain = sopStages(gov, { vars }).find((s) => s.id === 'resolve')!;
    expect(plain.say.map((l) => l.key)).toEqual(['callRules.hold.consentScript']);
    expect(plain.avoid).toEqual([]);
  });

  it('lists the pack’s records to make in 记录分类 and as the recap checklist in 确认', () => {
    const stages = sopStages(general, { vars });
    expect(stages.find((s) => s.id === 'record')!.todo).toEqual(general.callRules.wrapUp.mustRecord);
    expect(stages.find((s) => s.id === 'confirm')!.todo).toEqual(general.callRules.wrapUp.mustRecord);
    expect(stages.find((s) => s.id === 'close')!.say.map((l) => l.key)).toEqual(['callRules.closing.farewell', 'callRules.closing.agentEndNotice']);
  });
});

describe('the call moves through the stages by what it shows', () => {
  const f = (p: Partial<SopFacts>): SopFacts => ({ ...noFacts, ...p });
  it('walks answer → identify → record → resolve → confirm → close as facts arrive', () => {
    expect(sopStageIds[currentStage(f({}))]).toBe('answer');
    expect(sopStageIds[currentStage(f({ greeted: true }))]).toBe('identify');
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true }))]).toBe('record');
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true, categoryChosen: true }))]).toBe('resolve');
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true, categoryChosen: true, resolved: true }))]).toBe('confirm');
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true, categoryChosen: true, recapDone: true }))]).toBe('close');
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true, categoryChosen: true, recapDone: true, ended: true }))]).toBe('close');
  });

  it('stays on an earlier open stage, but never goes back before a stage chosen by hand', () => {
    // category not chosen yet: the call waits at 记录分类 even though the recap was said
    expect(sopStageIds[currentStage(f({ greeted: true, needKnown: true, recapDone: true }))]).toBe('record');
    expect(stagesDone(f({ greeted: true, needKnown: true, recapDone: true })).confirm).toBe(true);
    expect(sopStageIds[currentStage(f({}), 3)]).toBe('resolve');
    expect(sopStageIds[currentStage(f({ greeted: true }), 99)]).toBe('close');
  });
});

describe('marks from the standard’s phrase lists', () => {
  it('recognises the greeting, the recap, the closing offer and a hold consent in the agent’s words', () => {
    const a = createAssist(gov);
    expect(a.marks('您好，江城市 12345 政务服务便民热线，1024号为您服务，请讲。', 'agent')).toContain('greeting');
    expect(a.marks('我跟您确认一下：锦绣小区东门路灯不亮，联系电话138开头，对吗？', 'agent')).toContain('recap');
    expect(a.marks('请问还有其他需要帮您的吗？', 'agent')).toContain('closingOffer');
    expect(a.marks('我需要查询一下，请您稍等一分钟可以吗？', 'agent')).toContain('holdConsent');
    expect(a.marks('好的，明白了。', 'agent')).toEqual([]);
  });

  it('reads dissatisfaction only in the caller’s words, and in Traditional characters too', () => {
    const a = createAssist(gov);
    expect(a.marks('你们这是什么态度，我要投诉！', 'customer')).toContain('dissatisfaction');
    expect(a.marks('你們這是什麼態度，我要投訴！', 'customer')).toContain('dissatisfaction');
    expect(a.marks('你们这是什么态度，我要投诉！', 'agent')).not.toContain('dissatisfaction');
    expect(a.marks('好的，谢谢你。', 'customer')).toEqual([]);
  });
});

describe('hold timer', () => {
  it('asks for a check-in every N seconds, counting from the last check-in, and flags the longest hold', () => {
    const rules = general.callRules.hold; // 30 s, at most 120 s
    const t0 = 1_000_000;
    expect(holdState(rules, t0 + 29_000, t0, null)).toMatchObject({ checkInDue: false, checkInInMs: 1_000, overMax: false });
    expect(holdState(rules, t0 + 30_000, t0, null).checkInDue).toBe(true);
    // checked in at 31 s: the next one is due 30 s later
    expect(holdState(rules, t0 + 45_000, t0, t0 + 31_000)).toMatchObject({ checkInDue: false, checkInInMs: 16_000, elapsedMs: 45_000 });
    expect(holdState(rules, t0 + 61_000, t0, t0 + 31_000).checkInDue).toBe(true);
    // a check-in from an earlier hold does not count
    expect(holdState(rules, t0 + 30_000, t0, t0 - 5_000).checkInDue).toBe(true);
    // earlier holds count towards the longest hold
    expect(holdState(rules, t0 + 30_000, t0, null, 95_000).overMax).toBe(true);
    expect(holdState(rules, t0 + 30_000, t0, null, 85_000).overMax).toBe(false);
  });
});

describe('silent-call protocol', () => {
  it('prompts, waits the pack’s gap, prompts again, gives the end notice, waits, then allows the hang-up', () => {
    const rules = general.callRules.silentCall; // 2 prompts, 5 s gap, hang up 5 s after the notice
    const steps = silentCallSteps(rules);
    expect(steps.map((s) => s.kind)).toEqual(['prompt', 'prompt', 'endNotice', 'hangup']);
    const t0 = 5_000_000;
    expect(silentCallState(steps, [], t0)).toMatchObject({ index: 0, ready: true });
    expect(silentCallState(steps, [t0], t0 + 3_000)).toMatchObject({ index: 1, ready: false, readyInMs: 2_000 });
    expect(silentCallState(steps, [t0], t0 + 5_000)).toMatchObject({ index: 1, ready: true });
    expect(silentCallState(steps, [t0, t0 + 6_000], t0 + 8_000)).toMatchObject({ index: 2, ready: false });
    expect(silentCallState(steps, [t0, t0 + 6_000, t0 + 11_000], t0 + 15_000)).toMatchObject({ index: 3, ready: false, readyInMs: 1_000 });
    expect(silentCallState(steps, [t0, t0 + 6_000, t0 + 11_000, t0 + 16_000], t0 + 16_000)).toMatchObject({ done: true });
  });
});

describe('unresolved complaint and wrap-up clocks', () => {
  it('offers the transfer after the telecom pack’s 180 seconds; packs without the rule have no clock', () => {
    const rule = telecom.callRules.unresolvedComplaint;
    expect(rule?.afterSeconds).toBe(180);
    expect(complaintState(rule, 0, 179_000)).toMatchObject({ exceeded: false, transferTo: rule!.transferTo });
    expect(complaintState(rule, 0, 180_000)?.exceeded).toBe(true);
    expect(complaintState(rule, null, 500_000)).toBeNull();
    expect(complaintState(gov.callRules.unresolvedComplaint, 0, 500_000)).toBeNull();
  });

  it('counts the wrap-up time down from the pack’s maximum', () => {
    const rules = general.callRules.wrapUp;
    expect(wrapUpLeftMs(rules, 0, 10_000)).toBe(rules.maxSeconds * 1000 - 10_000);
    expect(wrapUpLeftMs(rules, 0, rules.maxSeconds * 1000 + 5_000)).toBe(-5_000);
  });
});

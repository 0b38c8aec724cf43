import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { checkIds } from '../qa/config.js';
import { checkCall, compileQa, violatedChecks, type CompiledQa } from '../qa/engine.js';
import { parseTranscript } from '../qa/transcript.js';
import { packIdentity } from '../standards/identity.js';
import type { Pack } from '../standards/schema.js';
import { toQaConfig } from '../standards/qa.js';
import { parseCtiEvent, type CallEvent, type CtiEvent } from './events.js';
import { isoCst, makeAgents, simulateDemoDay, simulateTraffic, type SimulateOptions, type SimulatedCallSummary, type SimulatedTraffic } from './simulate.js';
import { toQaTranscript } from './transcript.js';

const PACK_DIR = fileURLToPath(new URL('../../../standards/government-12345', import.meta.url));
const START = new Date('2026-11-23T09:00:00+08:00');
const standard = new Set<string>(checkIds);

let pack: Pack;
let compiled: CompiledQa;
beforeAll(async () => {
  pack = (await loadPack(PACK_DIR)).pack;
  compiled = compileQa(toQaConfig(pack));
});

const run = (o: Partial<SimulateOptions> = {}): SimulatedTraffic =>
  simulateTraffic(pack, { start: START, durationMs: 3_600_000, ratePerSecond: 0.03, agents: makeAgents(8), seed: 7, ...o });

function byCall(events: CtiEvent[]): Map<string, CallEvent[]> {
  const out = new Map<string, CallEvent[]>();
  for (const e of events) {
    if (e.type === 'agent.state') continue;
    const list = out.get(e.callId) ?? [];
    list.push(e);
    out.set(e.callId, list);
  }
  return out;
}

interface Checked {
  call: SimulatedCallSummary;
  score: number;
  checks: string[];
}

/** QA of every answered call, through the same path a call from the webhook takes. */
function qa(traffic: SimulatedTraffic): Checked[] {
  const events = byCall(traffic.events);
  return traffic.calls
    .filter((c) => c.outcome === 'answered')
    .map((call) => {
      const t = toQaTranscript(events.get(call.callId)!, { org: packIdentity(pack).org, agentName: call.agentName });
      if (!t) throw new Error(`${call.callId}: no transcript`);
      const parsed = parseTranscript(JSON.parse(JSON.stringify(t)));
      if (!parsed.ok) throw new Error(`${call.callId}: ${parsed.error}`);
      const r = checkCall(parsed.transcript, compiled);
      return { call, score: r.score, checks: violatedChecks(r) };
    });
}

describe('simulateTraffic', () => {
  it('is deterministic with a seed, and a different seed gives different traffic', () => {
    const a = run();
    expect(run()).toEqual(a);
    const b = run({ seed: 8 });
    expect(b.events).not.toEqual(a.events);
    expect(a.calls.length).toBeGreaterThan(50);
  });

  it('emits only events that pass the contract, with unique ids and China-time stamps', () => {
    const { events } = run({ mistakeRate: 0.3 });
    const ids = new Set<string>();
    for (const e of events) {
      const r = parseCtiEvent(e);
      expect(r.ok ? null : r, e.eventId).toBeNull();
      if (r.ok) expect(r.event).toEqual(e);
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
      ids.add(e.eventId);
    }
    expect(ids.size).toBe(events.length);
    // in time order
    const times = events.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it('numbers each call’s events with increasing seq in time order, ringing first, ended once', () => {
    const traffic = run({ mistakeRate: 0.3 });
    for (const [callId, list] of byCall(traffic.events)) {
      const seqs = list.map((e) => e.seq);
      expect(seqs, callId).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size, callId).toBe(seqs.length);
      const times = list.map((e) => Date.parse(e.at));
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!), callId).toBe(true);
      expect(list[0]!.type, callId).toBe('call.ringing');
      expect(list.filter((e) => e.type === 'call.ended'), callId).toHaveLength(1);
      const summary = traffic.calls.find((c) => c.callId === callId)!;
      if (summary.outcome === 'abandoned') {
        expect(list.map((e) => e.type)).toEqual(['call.ringing', 'call.ended']);
        expect(list[1]).toMatchObject({ endedBy: 'customer', cause: 'cancel' });
        expect(toQaTranscript(list)).toBeNull();
      } else {
        expect(list.at(-1)!.type, callId).toBe('call.recording');
        expect(list.at(-1)).toMatchObject({ recordingUrl: expect.stringMatching(/^https:\/\/pbx\.example\.com\/recordings\/2026\/11\/23\/SIM-.+\.wav$/) });
      }
    }
  });

  it('has about rate × duration arrivals (Poisson: within 4 standard deviations)', () => {
    for (const seed of [1, 2, 3]) {
      const expected = 0.5 * 1200; // 0.5 calls a second for 20 minutes
      const { calls } = simulateTraffic(pack, { start: START, durationMs: 1_200_000, ratePerSecond: 0.5, agents: makeAgents(4), seed, transcripts: false });
      expect(Math.abs(calls.length - expected), `seed ${seed}: ${calls.length} calls`).toBeLessThan(4 * Math.sqrt(expected));
      // every arrival inside the window
      for (const c of calls) expect(Date.parse(c.arrivedAt) - START.getTime()).toBeLessThan(1_200_000);
    }
  });

  it('never gives an agent two calls at once, and walks each agent through on_call → wrap_up → available', () => {
    // busy enough that calls queue and some callers give up
    const traffic = run({ ratePerSecond: 0.06, agents: makeAgents(6), mistakeRate: 0.2 });
    const abandoned = traffic.calls.filter((c) => c.outcome === 'abandoned').length;
    expect(abandoned).toBeGreaterThan(0);
    expect(traffic.calls.filter((c) => c.outcome === 'answered' && c.waitMs > 30_000).length).toBeGreaterThan(0);
    const busy = new Map<string, Array<[number, number]>>();
    for (const [, list] of byCall(traffic.events)) {
      const answered = list.find((e) => e.type === 'call.answered');
      if (!answered || answered.type !== 'call.answered') continue;
      const until = list.find((e) => e.type === 'call.transferred') ?? list.find((e) => e.type === 'call.ended')!;
      const spans = busy.get(answered.agentId) ?? [];
      spans.push([Date.parse(answered.at), Date.parse(until.at)]);
      busy.set(answered.agentId, spans);
    }
    for (const [agent, spans] of busy) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0], `agent ${agent}`).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    }
    const wrapMax = pack.callRules.wrapUp.maxSeconds * 1000;
    for (const { agentNo } of makeAgents(6)) {
      const states = traffic.events.filter((e) => e.type === 'agent.state' && e.agentId === agentNo) as Array<Extract<CtiEvent, { type: 'agent.state' }>>;
      expect(states[0]!.state).toBe('available');
      for (let i = 1; i < states.length; i++) {
        const [prev, cur] = [states[i - 1]!, states[i]!];
        const allowed: Record<string, string[]> = { available: ['on_call'], on_call: ['wrap_up'], wrap_up: ['available', 'break'], break: ['available'] };
        expect(allowed[prev.state], `${agentNo}: ${prev.state} → ${cur.state}`).toContain(cur.state);
        if (prev.state === 'wrap_up') expect(Date.parse(cur.at) - Date.parse(prev.at)).toBeLessThanOrEqual(wrapMax);
        if (cur.state === 'break') expect(cur.reason).toBeTruthy();
      }
    }
  });

  it('with no mistakes, QA finds nothing on almost every answered call', () => {
    const traffic = run({ durationMs: 4 * 3_600_000, agents: makeAgents(10), mistakeRate: 0 });
    const results = qa(traffic);
    expect(results.length).toBeGreaterThan(300);
    const perfect = results.filter((r) => r.score === 100).length;
    expect(perfect / results.length).toBeGreaterThanOrEqual(0.9);
    // none of the 18 standard checks fires; what is left is the pack's own rule that every
    // call mention a deadline, which silent, wrong-number and harassing calls cannot
    for (const r of results) {
      expect(r.checks.filter((c) => standard.has(c)), `${r.call.callId} (${r.call.kind})`).toEqual([]);
      if (r.score < 100) expect(['silent', 'wrong-number', 'harassment']).toContain(r.call.kind);
    }
    // the calls are the kinds a 12345 line gets, with holds, transfers and late answers among them
    expect(new Set(results.map((r) => r.call.kind)).size).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => (r.call.holdMs ?? 0) > 0).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.call.transferredTo).length).toBeGreaterThan(3);
  });

  it('with mistakes at 0.5, QA finds them: the kinds injected and no others', () => {
    const traffic = run({ durationMs: 4 * 3_600_000, agents: makeAgents(10), mistakeRate: 0.5, seed: 11 });
    const results = qa(traffic);
    const withMistakes = results.filter((r) => r.call.mistakes.length > 0);
    expect(withMistakes.length / results.length).toBeGreaterThan(0.4);
    expect(withMistakes.length / results.length).toBeLessThan(0.6);
    let expected = 0;
    let found = 0;
    for (const r of results) {
      const injected = new Set(r.call.expectedChecks);
      // every standard finding was injected
      expect(r.checks.filter((c) => standard.has(c) && !injected.has(c)), `${r.call.callId} ${r.call.kind} ${r.call.mistakes.join(',')}`).toEqual([]);
      for (const c of injected) {
        expected++;
        if (r.checks.includes(c)) found++;
      }
    }
    expect(found / expected).toBeGreaterThanOrEqual(0.98);
    const findings = new Set(results.flatMap((r) => r.checks));
    for (const c of ['greeting.incomplete', 'taboo.phrase', 'closing.no-offer', 'silence.dead-air', 'hangup.agent-first', 'speech.rate']) expect(findings).toContain(c);
    // a good share of calls have findings
    expect(results.filter((r) => r.checks.some((c) => standard.has(c))).length / results.length).toBeGreaterThan(0.4);
  });

  it('keeps every transcript a valid QA transcript whatever the options', () => {
    const traffic = run({ ratePerSecond: 0.1, durationMs: 1_800_000, mistakeRate: 1, seed: 3, org: '星河市12345政务服务便民热线', queues: ['综合受理', '企业服务'] });
    const results = qa(traffic);
    expect(results.length).toBeGreaterThan(20);
    expect(new Set(traffic.calls.map((c) => c.queue))).toEqual(new Set(['综合受理', '企业服务']));
    expect(traffic.events.some((e) => e.type === 'transcript.segment' && e.segment.text.includes('星河市12345政务服务便民热线'))).toBe(true);
  });

  it('leaves the transcripts out on request', () => {
    const traffic = run({ transcripts: false });
    expect(traffic.events.some((e) => e.type === 'transcript.segment')).toBe(false);
    expect(traffic.events.some((e) => e.type === 'call.answered')).toBe(true);
  });
});

describe('simulateDemoDay', () => {
  it('gives a believable few hours: 100–200 calls, mostly answered, deterministic', () => {
    const agents = [
      { agentNo: '1024', name: '李娜' },
      { agentNo: '2001', name: '陈刚' },
      { agentNo: '1031', name: '孙悦' },
      { agentNo: '1047', name: '周航' },
    ];
    const day = simulateDemoDay(pack, { start: START, agents, seed: 5 });
    expect(day.calls.length).toBeGreaterThanOrEqual(100);
    expect(day.calls.length).toBeLessThanOrEqual(200);
    const answered = day.calls.filter((c) => c.outcome === 'answered');
    expect(answered.length / day.calls.length).toBeGreaterThan(0.8);
    expect(new Set(answered.map((c) => c.agentNo))).toEqual(new Set(['1024', '2001', '1031', '1047']));
    const hours = (Date.parse(day.calls.at(-1)!.arrivedAt) - START.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(2);
    expect(hours).toBeLessThanOrEqual(5);
    expect(simulateDemoDay(pack, { start: START, agents, seed: 5 })).toEqual(day);
    // some findings for the QA pages, most calls clean
    const results = qa(day);
    const clean = results.filter((r) => r.score === 100).length / results.length;
    expect(clean).toBeGreaterThan(0.7);
    expect(clean).toBeLessThan(0.95);
  });

  it('writes times as ISO with +08:00', () => {
    expect(isoCst(Date.parse('2026-11-23T01:15:00Z'))).toBe('2026-11-23T09:15:00.000+08:00');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFacts, callFacts, deriveTimeline, diffFacts, emptyChanges, type AgentFact, type TimelineEntry } from './agent-timeline.js';
import { emptyCallState, foldCallEvents } from './call-state.js';
import type { AgentState, CallEvent } from './events.js';

const fact = (key: string, at: number, state: AgentState, extra: Partial<AgentFact> = {}): AgentFact => ({
  key,
  agentNo: '1024',
  at,
  state,
  reason: null,
  callId: null,
  source: 'cti',
  onlyIf: null,
  ...extra,
});
const states = (entries: TimelineEntry[]) => entries.map((e) => `${e.state}@${e.startedAt}${e.endedAt === null ? '' : `-${e.endedAt}`}${e.callId ? `#${e.callId}` : ''}`);

describe('deriveTimeline', () => {
  it('orders by event time: a later state equal to the current one is not lost when older events arrive after it', () => {
    // available@0, available@300, then on_call@100 and wrap_up@200 arrive: the agent ends available.
    const facts = [fact('a', 0, 'available'), fact('b', 300, 'available'), fact('c', 100, 'on_call', { callId: 'x' }), fact('d', 200, 'wrap_up', { callId: 'x' })];
    expect(states(deriveTimeline(null, facts).entries)).toEqual(['available@0-100', 'on_call@100-200#x', 'wrap_up@200-300#x', 'available@300']);
  });

  it("keeps one entry for one change: the switch's event and the call's own answer at the same instant are one on_call, linked to the call", () => {
    const facts = [fact('ev:1', 100, 'on_call', { callId: 'x' }), fact('call:x:answer', 100, 'on_call', { callId: 'x' }), fact('ev:0', 0, 'available')];
    expect(states(deriveTimeline(null, facts).entries)).toEqual(['available@0-100', 'on_call@100#x']);
  });

  it('a call ending sends to after-call work only an agent still on it', () => {
    const cond = { state: 'on_call' as const, callId: 'x', since: null };
    const onCall = fact('answer', 100, 'on_call', { callId: 'x' });
    const end = fact('end', 200, 'wrap_up', { callId: 'x', onlyIf: cond });
    expect(states(deriveTimeline(null, [onCall, end]).entries)).toEqual(['on_call@100-200#x', 'wrap_up@200#x']);
    // the agent told the switch they were available at the same instant: that wins, in any order
    const ready = fact('ready', 200, 'available');
    expect(states(deriveTimeline(null, [end, ready, onCall]).entries)).toEqual(['on_call@100-200#x', 'available@200']);
  });

  it("a wrap-up timeout ends only the wrap-up it belongs to, at its instant of event time", () => {
    const timeout = fact('timeout', 160, 'available', { source: 'system', onlyIf: { state: 'wrap_up', callId: 'x', since: 100 } });
    const wrap = fact('w', 100, 'wrap_up', { callId: 'x' });
    expect(states(deriveTimeline(null, [wrap, timeout]).entries)).toEqual(['wrap_up@100-160#x', 'available@160']);
    // the agent took the next call before the timeout: it does not cut the call short
    const next = fact('n', 130, 'on_call', { callId: 'y' });
    expect(states(deriveTimeline(null, [timeout, next, wrap]).entries)).toEqual(['wrap_up@100-130#x', 'on_call@130#y']);
  });

  it('derived from any split point with the entry in force there, gives the same log as from the start', () => {
    const arb = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 50 }),
        state: fc.constantFrom<AgentState>('available', 'on_call', 'wrap_up', 'break'),
        call: fc.constantFrom(null, 'x', 'y'),
        cond: fc.constantFrom(null, 'on_call', 'wrap_up'),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 50 }), (raw, split) => {
        const facts = raw.map((r, i) => fact(`k${i}`, r.at, r.state, { callId: r.call, onlyIf: r.cond ? { state: r.cond, callId: r.call, since: null } : null }));
        const full = deriveTimeline(null, facts).entries;
        const before = full.filter((e) => e.startedAt < split);
        const carry = before.at(-1) ?? null;
        const rest = deriveTimeline(carry, facts.filter((f) => f.at >= split));
        const joined = [...before.slice(0, -1), ...(carry ? [{ ...carry, endedAt: rest.carryEndedAt }] : []), ...rest.entries];
        expect(states(joined)).toEqual(states(full));
      }),
      { numRuns: 500 },
    );
  });
});

describe('callFacts', () => {
  const ev = (seq: number, type: CallEvent['type'], atMs: number, extra: Record<string, unknown> = {}) =>
    ({ eventId: `e${seq}`, callId: 'c', seq, type, at: new Date(atMs).toISOString(), ...extra }) as CallEvent;

  it('answer → on the call; transfer → the first agent to after-call work, the second on it; end → the holder to after-call work', () => {
    const s = foldCallEvents('c', [
      ev(1, 'call.ringing', 0, { direction: 'in', from: '13800000000', to: '12345' }),
      ev(2, 'call.answered', 1000, { agentId: '1001' }),
      ev(3, 'call.transferred', 5000, { target: 'expert', agentId: '1002' }),
      ev(4, 'call.ended', 9000, { endedBy: 'customer' }),
    ]);
    expect(callFacts('C', s).map((f) => `${f.agentNo}:${f.state}@${f.at}${f.onlyIf ? '?' : ''}`)).toEqual(['1001:on_call@1000', '1001:wrap_up@5000?', '1002:on_call@5000', '1002:wrap_up@9000?']);
    expect(callFacts('C', emptyCallState('c'))).toEqual([]);
  });

  it('a late transfer moves the after-call work to the agent who took the call; the diff names what changed and from when', () => {
    const base = [ev(1, 'call.ringing', 0, { direction: 'in', from: '1', to: '2' }), ev(2, 'call.answered', 1000, { agentId: '1001' }), ev(4, 'call.ended', 9000, { endedBy: 'customer' })];
    const before = callFacts('C', foldCallEvents('c', base));
    const after = callFacts('C', foldCallEvents('c', [...base, ev(3, 'call.transferred', 5000, { target: 'expert', agentId: '1002' })]));
    const d = diffFacts(emptyChanges(), before, after);
    expect(d.remove).toEqual([]);
    expect(d.upsert.map((f) => f.key).sort()).toEqual(['call:C:end', 'call:C:transfer-0', 'call:C:transfer-0-away']);
    expect(Object.fromEntries(d.touched)).toEqual({ '1001': 5000, '1002': 5000 });
    expect(diffFacts(emptyChanges(), after, after).upsert).toEqual([]);
    expect(addFacts(emptyChanges(), [fact('z', 7, 'break')]).touched.get('1024')).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import { callFigures, foldCallEvents } from './call-state.js';
import { parseCtiEvent, type CallEvent } from './events.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 1, 0, s)).toISOString();
let n = 0;
const ev = (raw: Record<string, unknown>): CallEvent => {
  const p = parseCtiEvent({ eventId: `e${n++}`, callId: 'c1', ...raw });
  if (!p.ok) throw new Error(p.message);
  return p.event as CallEvent;
};

const events = [
  ev({ seq: 0, type: 'call.ringing', at: at(0), from: '13800000000', to: '12345', queue: 'q1' }),
  ev({ seq: 1, type: 'call.answered', at: at(11), agentId: '1024' }),
  ev({ seq: 2, type: 'call.hold', at: at(30) }),
  ev({ seq: 3, type: 'call.resume', at: at(50) }),
  ev({ seq: 4, type: 'call.transferred', at: at(70), target: '投诉专席', agentId: '2001' }),
  ev({ seq: 5, type: 'call.hold', at: at(80) }),
  ev({ seq: 6, type: 'call.ended', at: at(100), endedBy: 'agent' }),
];

describe('call state fold', () => {
  it('counts rings every started 5 s, holds (an open hold closes at the end), talk without holds', () => {
    const s = foldCallEvents('c1', events);
    expect(s).toMatchObject({ agentNo: '1024', currentAgentNo: '2001', endedBy: 'agent', queue: 'q1' });
    expect(s.holds).toEqual([
      { start: at(30), end: at(50) },
      { start: at(80), end: at(100) },
    ]);
    expect(callFigures(s)).toEqual({ status: 'ended', rings: 3, waitMs: 11_000, talkMs: 49_000, holdMs: 40_000, holdCount: 2, abandoned: false });
  });

  it('gives the same state for every order of the events', () => {
    const base = foldCallEvents('c1', events);
    for (let k = 0; k < 50; k++) {
      const shuffled = [...events].sort(() => Math.random() - 0.5);
      expect(foldCallEvents('c1', shuffled)).toEqual(base);
    }
  });

  it('an inbound call that ends unanswered is abandoned; an outbound one is not', () => {
    const missed = foldCallEvents('c2', [events[0]!, ev({ seq: 1, type: 'call.ended', at: at(23), endedBy: 'customer', cause: 'cancel' })]);
    expect(callFigures(missed)).toMatchObject({ status: 'ended', rings: 5, waitMs: 23_000, talkMs: null, abandoned: true });
    const out = foldCallEvents('c3', [ev({ seq: 0, type: 'call.ringing', at: at(0), direction: 'out', from: '12345', to: '13800000000' }), ev({ seq: 1, type: 'call.ended', at: at(9), endedBy: 'system', cause: 'noAnswer' })]);
    expect(callFigures(out).abandoned).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../qa/transcript.js';
import { parseCtiEvent, type CallEvent, type CtiEventInput } from './events.js';
import { Rng } from './sim/random.js';
import { toQaTranscript } from './transcript.js';

const T0 = Date.parse('2026-11-23T09:15:00+08:00');
const at = (ms: number): string => `${new Date(T0 + ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;

/** Builds events of one call with increasing seq, validated by the contract's parser. */
function call(callId: string, items: Array<[number, Record<string, unknown>]>): CallEvent[] {
  return items.map(([ms, body], i) => {
    const raw = { eventId: `${callId}-${i + 1}`, callId, seq: i + 1, at: at(ms), ...body } as CtiEventInput;
    const r = parseCtiEvent(raw);
    if (!r.ok) throw new Error(r.message);
    return r.event as CallEvent;
  });
}

const seg = (speaker: 'agent' | 'customer', start: number, end: number, text: string) => ({ type: 'transcript.segment', segment: { speaker, start, end, text } });
const ANSWER = 12_000; // the caller waited 12 s

/** A call with a hold: ringing, answer, four utterances, hold 30–52 s, hang-up by the customer, recording. */
const held = (): CallEvent[] =>
  call('C-1', [
    [0, { type: 'call.ringing', from: '13812345678', to: '12345', queue: '综合受理' }],
    [ANSWER, { type: 'call.answered', agentId: '1024' }],
    [ANSWER + 4000, seg('agent', 300, 4000, '您好，江城市12345热线，1024号为您服务。')],
    [ANSWER + 9000, seg('customer', 4500, 9000, '我想问一下公积金怎么提取。')],
    [ANSWER + 14_000, seg('agent', 9500, 14_000, '我帮您查一下，请您稍等，可以吗？')],
    [ANSWER + 30_000, { type: 'call.hold' }],
    [ANSWER + 52_000, { type: 'call.resume' }],
    [ANSWER + 58_000, seg('agent', 52_500, 58_000, '谢谢您的耐心等候，租房提取需要租房合同。')],
    [ANSWER + 70_000, { type: 'call.ended', endedBy: 'customer', cause: 'normalClearing' }],
    [ANSWER + 72_000, { type: 'call.recording', recordingUrl: 'https://pbx.example.com/recordings/C-1.wav' }],
  ]);

/** Deterministic shuffle. */
function shuffled<T>(items: T[], seed: number): T[] {
  const rng = new Rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('toQaTranscript', () => {
  it('turns the events of an ended call into the QA transcript', () => {
    const t = toQaTranscript(held(), { org: '江城市12345热线', agentName: '李娜' });
    expect(t).toEqual({
      id: 'C-1',
      org: '江城市12345热线',
      agent: { id: '1024', name: '李娜' },
      caller: '13812345678',
      startedAt: at(0),
      ringMs: 12_000,
      events: [
        { type: 'hold', at: 30_000 },
        { type: 'resume', at: 52_000 },
        { type: 'hangup', at: 70_000, by: 'customer' },
      ],
      segments: [
        { speaker: 'agent', start: 300, end: 4000, text: '您好，江城市12345热线，1024号为您服务。' },
        { speaker: 'customer', start: 4500, end: 9000, text: '我想问一下公积金怎么提取。' },
        { speaker: 'agent', start: 9500, end: 14_000, text: '我帮您查一下，请您稍等，可以吗？' },
        { speaker: 'agent', start: 52_500, end: 58_000, text: '谢谢您的耐心等候，租房提取需要租房合同。' },
      ],
    });
  });

  it('passes the QA transcript parser unchanged', () => {
    const t = toQaTranscript(held(), { org: '江城市12345热线' })!;
    const parsed = parseTranscript(JSON.parse(JSON.stringify(t)));
    expect(parsed).toEqual({ ok: true, transcript: t });
  });

  it('gives the same transcript for the events in any order, and counts a resent event once', () => {
    const events = held();
    const expected = toQaTranscript(events, { agentName: '李娜' });
    for (let seed = 1; seed <= 25; seed++) {
      const input = shuffled([...events, ...events.slice(2, 5)], seed);
      expect(toQaTranscript(input, { agentName: '李娜' }), `shuffle ${seed}`).toEqual(expected);
    }
  });

  it('keeps the seq order for segments that start at the same moment', () => {
    const events = call('C-5', [
      [0, { type: 'call.ringing', from: '13900001111', to: '12345' }],
      [2000, { type: 'call.answered', agentId: '1024' }],
      [6000, seg('customer', 300, 2500, '喂？')],
      [6500, seg('agent', 300, 2500, '您好，1024号。')],
    ]);
    for (let seed = 1; seed <= 10; seed++) expect(toQaTranscript(shuffled(events, seed))!.segments.map((s) => s.speaker)).toEqual(['customer', 'agent']);
  });

  it('uses the given id, and the callId otherwise', () => {
    expect(toQaTranscript(held(), { id: 'QA-7' })!.id).toBe('QA-7');
    expect(toQaTranscript(held())!.id).toBe('C-1');
    expect(toQaTranscript(held())!.agent).toEqual({ id: '1024' });
    expect('org' in toQaTranscript(held())!).toBe(false);
  });

  it('after a transfer to a desk, keeps the first agent’s part and the transfer', () => {
    const events = call('C-2', [
      [0, { type: 'call.ringing', from: '13900001111', to: '12345' }],
      [5000, { type: 'call.answered', agentId: '1024' }],
      [9000, seg('agent', 300, 4000, '您好，1024号为您服务。')],
      [15_000, seg('customer', 4500, 10_000, '我要投诉，没人管！')],
      [22_000, seg('agent', 11_000, 17_000, '您的问题需要由投诉专席为您处理，我现在帮您转过去，请您稍等。')],
      [25_000, { type: 'call.hold' }],
      [24_000, { type: 'call.transferred', target: '投诉专席' }],
      [40_000, seg('agent', 30_000, 35_000, '您好，投诉专席，请讲。')],
      [60_000, seg('customer', 36_000, 55_000, '刚才说的那个事……')],
      [200_000, { type: 'call.ended', endedBy: 'agent' }],
    ]);
    const t = toQaTranscript(events)!;
    expect(t.agent.id).toBe('1024');
    expect(t.segments.map((s) => s.start)).toEqual([300, 4500, 11_000]);
    // the hold (seq after the transfer) and the desk's hang-up are not the first agent's
    expect(t.events).toEqual([{ type: 'transfer', at: 19_000, to: '投诉专席' }]);
  });

  it('ends the first agent’s part when another agent answers, and not at a transfer to the same agent', () => {
    const events = call('C-3', [
      [0, { type: 'call.ringing', from: '13900001111', to: '12345' }],
      [3000, { type: 'call.answered', agentId: '1024' }],
      [7000, seg('agent', 300, 4000, '您好，1024号为您服务。')],
      [10_000, { type: 'call.transferred', target: '1024', agentId: '1024' }],
      [15_000, seg('customer', 8000, 12_000, '好的。')],
      [30_000, { type: 'call.answered', agentId: '2001' }],
      [40_000, seg('agent', 28_000, 33_000, '您好，2001号为您服务。')],
      [60_000, { type: 'call.ended', endedBy: 'customer' }],
    ]);
    const t = toQaTranscript(events)!;
    expect(t.agent.id).toBe('1024');
    expect(t.segments.map((s) => s.text)).toEqual(['您好，1024号为您服务。', '好的。']);
    expect(t.events).toEqual([{ type: 'transfer', at: 7000, to: '1024' }]);
  });

  it('writes no hang-up for a call the switch cleared (endedBy system)', () => {
    const events = held().map((e) => (e.type === 'call.ended' ? { ...e, endedBy: 'system' as const } : e));
    expect(toQaTranscript(events)!.events).toEqual([
      { type: 'hold', at: 30_000 },
      { type: 'resume', at: 52_000 },
    ]);
  });

  it('takes the customer number from `to` for an outbound call, and works without a ringing event', () => {
    const out = held().map((e) => (e.type === 'call.ringing' ? { ...e, direction: 'out' as const, from: '12345', to: '13700002222' } : e));
    expect(toQaTranscript(out)!.caller).toBe('13700002222');
    const noRing = toQaTranscript(held().filter((e) => e.type !== 'call.ringing'))!;
    expect(noRing.startedAt).toBe(at(ANSWER));
    expect(noRing.ringMs).toBeUndefined();
    expect(noRing.caller).toBeUndefined();
  });

  it('is null for a call that was never answered, or has nothing said', () => {
    const abandoned = call('C-4', [
      [0, { type: 'call.ringing', from: '13900001111', to: '12345' }],
      [40_000, { type: 'call.ended', endedBy: 'customer', cause: 'cancel' }],
    ]);
    expect(toQaTranscript(abandoned)).toBeNull();
    expect(toQaTranscript(held().filter((e) => e.type !== 'transcript.segment'))).toBeNull();
    expect(toQaTranscript([])).toBeNull();
  });

  it('ignores events of another call and anything before the answer', () => {
    const other = call('C-9', [[1000, seg('customer', 100, 900, '别的电话')]]);
    const early = call('C-1', [[ANSWER - 3000, { type: 'call.hold' }]]).map((e) => ({ ...e, eventId: 'C-1-early', seq: 0 }));
    expect(toQaTranscript([...other, ...early, ...held()])).toEqual(toQaTranscript(held()));
  });
});

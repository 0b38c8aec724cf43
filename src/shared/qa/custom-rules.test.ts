import { describe, expect, it } from 'vitest';
import { fromAlibaba, fromAmazon } from './adapters.js';
import { qaConfigSchema } from './config.js';
import { checkCall } from './engine.js';
import { parseTranscript, type Transcript } from './transcript.js';

function call(segments: Array<[string, number, number, string]>, events: unknown[] = []): Transcript {
  const p = parseTranscript({
    id: 'X',
    agent: { id: '1024' },
    startedAt: '2026-03-02T09:15:00+08:00',
    events,
    segments: segments.map(([speaker, start, end, text]) => ({ speaker, start, end, text })),
  });
  if (!p.ok) throw new Error(p.error);
  return p.transcript;
}

const base = call([
  ['agent', 0, 3000, '您好，工号1024为您服务。'],
  ['customer', 3200, 6000, '我的手机欠费停机了。'],
  ['agent', 6200, 10000, '我们可以给您赔偿一个月的话费。'],
  ['customer', 9000, 14000, '好的，那你們這邊也沒辦法嗎？'],
  ['agent', 20000, 23000, '我们这边确实也没有办法。'],
  ['agent', 23200, 26000, '请问还有什么可以帮您？感谢来电，再见。'],
]);

const rule = (when: unknown, extra: Record<string, unknown> = {}) =>
  qaConfigSchema.parse({ disabled: ['silence.dead-air', 'commitment.no-deadline', 'taboo.phrase'], customRules: [{ id: 'r', name: '规则', weight: 7, when, ...extra }] });
const hits = (when: unknown, extra?: Record<string, unknown>) =>
  checkCall(base, rule(when, extra))
    .violations.filter((v) => v.check === 'r')
    .map((v) => v.segment);

describe('custom rules', () => {
  it('keywords any / all / none / atLeast', () => {
    expect(hits({ keywords: { any: ['赔偿', '补偿'] } })).toEqual([2]);
    expect(hits({ keywords: { all: ['赔偿', '话费'] } })).toEqual([2]);
    expect(hits({ keywords: { any: ['赔偿'], none: ['一个月'] } })).toEqual([]);
    expect(hits({ keywords: { atLeast: { n: 2, of: ['我们', '赔偿', '不存在'] } } })).toEqual([2]);
  });

  it('role, regex and Traditional text', () => {
    expect(hits({ role: 'customer', keywords: { any: ['没办法'] } })).toEqual([3]);
    expect(hits({ role: 'agent', regex: '^我们' })).toEqual([2, 4]);
  });

  it('similar phrases', () => {
    expect(hits({ role: 'agent', similar: { phrases: ['我们这边也没办法'], threshold: 0.5 } })).toEqual([4]);
    expect(hits({ role: 'agent', similar: { phrases: ['我们这边也没办法'], threshold: 0.95 } })).toEqual([]);
  });

  it('position and timing', () => {
    expect(hits({ role: 'agent', position: { first: 1 } })).toEqual([0]);
    expect(hits({ role: 'agent', position: { last: 1 } })).toEqual([5]);
    expect(hits({ timing: { silenceBeforeOverSeconds: 5 } })).toEqual([4]);
    expect(hits({ role: 'customer', timing: { overlapAtLeastMs: 1000 } })).toEqual([3]);
  });

  it('and / or / not', () => {
    expect(hits({ all: [{ role: 'agent' }, { not: { keywords: { any: ['您好', '再见'] } } }] })).toEqual([2, 4]);
    expect(hits({ any: [{ position: { first: 1 }, role: 'agent' }, { keywords: { any: ['停机'] } }] })).toEqual([0, 1]);
  });

  it('scores once per call; require mode; fatal severity', () => {
    const r = checkCall(base, rule({ role: 'agent', regex: '^我们' }));
    expect(r.violations.filter((v) => v.check === 'r')).toHaveLength(2);
    expect(r.score).toBe(100 - 7);
    const req = checkCall(base, rule({ keywords: { any: ['核实您的身份'] } }, { mode: 'require' }));
    expect(req.violations.find((v) => v.check === 'r')).toEqual({ check: 'r', segment: null, at: 0, evidence: '未满足:规则' });
    expect(checkCall(base, rule({ keywords: { any: ['赔偿'] } }, { severity: 'fatal' })).fatal).toBe(true);
  });

  it('rejects a rule with a standard id or a bad regex', () => {
    expect(qaConfigSchema.safeParse({ customRules: [{ id: 'taboo.phrase', name: 'x', weight: 1, when: { role: 'agent' } }] }).success).toBe(false);
    expect(qaConfigSchema.safeParse({ customRules: [{ id: 'x', name: 'x', weight: 1, when: { regex: '(' } }] }).success).toBe(false);
  });
});

describe('adapters', () => {
  it('reads Alibaba sentence lists by role or channel', () => {
    const r = fromAlibaba({ sentences: [{ channelId: 0, begin: 0, end: 1000, text: '您好' }, { role: 'customer', begin: 1200, end: 2000, text: '你好' }] }, 'f');
    expect(r.ok && r.transcript.segments.map((s) => s.speaker)).toEqual(['agent', 'customer']);
    expect(r.ok && r.transcript.id).toBe('f');
    expect(fromAlibaba({ sentences: [{ role: 'agent', begin: 'x', end: 1, text: '' }] })).toEqual({ ok: false, error: 'sentences[0].begin: expected a number' });
  });

  it('reads Amazon Transcribe Call Analytics', () => {
    const r = fromAmazon({ JobName: 'j', Transcript: [{ ParticipantRole: 'CUSTOMER', BeginOffsetMillis: 0, EndOffsetMillis: 10, Content: '喂' }] });
    expect(r).toMatchObject({ ok: true, transcript: { id: 'j', segments: [{ speaker: 'customer', start: 0, end: 10, text: '喂' }] } });
    expect(fromAmazon({ Transcript: [{ ParticipantRole: 'BOT' }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^Transcript\[0\]\.ParticipantRole/) });
  });
});

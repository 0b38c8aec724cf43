// The 180-second rule (seed 004) as QA checks it: counted from the answer, only in packs that
// carry it, and silent on correct calls (precision) as much as it speaks on wrong ones (recall).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadQaConfigFromPack } from '../../server/modules/standards/standards.loader.js';
import { checkCall, compileQa } from './engine.js';
import { UNRESOLVED_COMPLAINT_CHECK } from './escalation.js';
import type { Transcript } from './transcript.js';

const telecom = compileQa(await loadQaConfigFromPack('standards/telecom'));
const gov = compileQa(await loadQaConfigFromPack('standards/government-12345'));
const clean = (id: string): Transcript => JSON.parse(readFileSync(`src/shared/qa/fixtures/clean/telecom/${id}.json`, 'utf8')) as Transcript;

/** T-027 (correct: the dispute goes past 180 s and the agent offers the 综合专席) with the offer taken out. */
function withoutOffer(): Transcript {
  const t = clean('T-027');
  const offer = t.segments.findIndex((s) => s.text.includes('转到综合专席'));
  t.segments[offer] = { ...t.segments[offer]!, text: '非常抱歉给您带来不好的感受，流量费用是按实际使用记录计算的，这个费用确实产生了。' };
  t.segments = t.segments.filter((s) => !s.text.includes('正在为您转接'));
  t.events = t.events.filter((e) => e.type !== 'transfer');
  t.segments.push({ speaker: 'agent', start: t.segments.at(-1)!.end + 500, end: t.segments.at(-1)!.end + 3000, text: '感谢您的来电，再见！' });
  return t;
}
/** The caller's first objection past the limit in T-027. */
const objection = (t: Transcript) => t.segments.findIndex((s) => s.speaker === 'customer' && s.text.includes('我很不满意'));
const found = (t: Transcript, c = telecom, options = {}) => checkCall(t, c, options).violations.filter((v) => v.check === UNRESOLVED_COMPLAINT_CHECK);
/** Every time in the call moved by `ms` (the answer stays at 0). */
function shifted(t: Transcript, ms: number): Transcript {
  return { ...t, segments: t.segments.map((s, i) => (i === 0 ? s : { ...s, start: s.start + ms, end: s.end + ms })), events: t.events.map((e) => ({ ...e, at: e.at + ms })) };
}

describe('the 180-second rule (争议超过 180 秒未转综合专席或登记工单)', () => {
  it('correct calls draw no finding: the offer to the 综合专席 made past 180 s, and a long call whose dissatisfaction was settled early', () => {
    const offered = clean('T-027');
    expect(offered.segments[objection(offered)]!.start).toBeGreaterThanOrEqual(180_000);
    expect(checkCall(offered, telecom).violations).toEqual([]);
    const settled = clean('T-028');
    expect(settled.events.at(-1)!.at).toBeGreaterThan(180_000);
    expect(checkCall(settled, telecom).violations).toEqual([]);
  });

  it('a dispute still voiced past 180 s with no offer is a finding on the caller’s objection, named by the pack', () => {
    const t = withoutOffer();
    const v = found(t);
    expect(v).toEqual([{ check: UNRESOLVED_COMPLAINT_CHECK, segment: objection(t), at: t.segments[objection(t)]!.start, evidence: t.segments[objection(t)]!.text }]);
    expect(telecom.config.escalation?.name).toBe('争议超过 180 秒未转综合专席或登记工单');
    // the only finding of the call, and it costs the pack's weight (qa.unresolvedComplaintWeight, 10 by default)
    const r = checkCall(t, telecom);
    expect(r.violations.map((x) => x.check)).toEqual([UNRESOLVED_COMPLAINT_CHECK]);
    expect(telecom.weights.get(UNRESOLVED_COMPLAINT_CHECK)).toBe(10);
    expect(r.score).toBe(90);
  });

  it('counts from the answer: the same objection at 179.999 s is inside the limit, at 180 s it is past it', () => {
    const t = withoutOffer();
    const at = t.segments[objection(t)]!.start;
    expect(found(shifted(t, 179_999 - at))).toEqual([]);
    expect(found(shifted(t, 180_000 - at))).toHaveLength(1);
  });

  it('only in packs that carry the rule: the 12345 pack has none', () => {
    expect(gov.config.escalation).toBeNull();
    expect(found(withoutOffer(), gov)).toEqual([]);
  });

  it('a transfer, a ticket made from the call, or a registration counts as the offer; one made more than a minute late does not', () => {
    const t = withoutOffer();
    const at = t.segments[objection(t)]!.start;
    expect(found({ ...t, events: [...t.events, { type: 'transfer', at: at + 20_000, to: '投诉专席' }] } as Transcript)).toEqual([]);
    expect(found(t, telecom, { ticketRegistered: true })).toEqual([]);
    const reply = t.segments.findIndex((s, i) => i > objection(t) && s.speaker === 'agent');
    const registered = structuredClone(t);
    registered.segments[reply]!.text = '非常抱歉，您的问题我帮您登记下来，由专人核实后两个工作日内给您回复。';
    expect(found(registered)).toEqual([]);
    // the same offer, but 61 s after the objection
    const late = structuredClone(t);
    late.segments[reply]!.text = '非常抱歉，流量费用是按实际使用记录计算的。';
    const end = late.segments.at(-1)!.end;
    late.segments.push({ speaker: 'agent', start: at + 61_000 + end, end: at + 64_000 + end, text: '我现在帮您转到综合专席，请您稍等。' });
    expect(found(late)).toHaveLength(1);
  });

  it('a caller who hangs up on their own objection leaves nothing to judge', () => {
    const t = withoutOffer();
    const cut = { ...t, segments: t.segments.slice(0, objection(t) + 1) };
    expect(found(cut)).toEqual([]);
  });
});

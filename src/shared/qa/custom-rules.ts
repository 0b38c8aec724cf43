/** Custom rules: condition trees evaluated per utterance (see docs/qa-rules.md). */
import { bigrams, type CompiledCondition, type CompiledRule, type NamedPhrase } from './compile.js';
import type { CallType } from './config.js';
import { isSilentCall } from './checks-language.js';
import { SCENARIO_RULE_PREFIX } from './scenario-rules.js';
import type { CallContext, Utterance } from './context.js';
import { listMatches } from './matching.js';

/** Dice coefficient of two bigram multisets. */
export function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let common = 0;
  for (const n of a.values()) sizeA += n;
  for (const [k, n] of b) {
    sizeB += n;
    common += Math.min(n, a.get(k) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * common) / (sizeA + sizeB);
}

/** Best similarity of a phrase to any stretch of the utterance about as long as the phrase. */
export function similarity(norm: string, phrase: Map<string, number>): number {
  const chars = [...norm];
  let len = 1;
  for (const n of phrase.values()) len += n;
  if (chars.length <= len + 1) return dice(bigrams(norm), phrase);
  let best = 0;
  for (let i = 0; i + len <= chars.length; i++) best = Math.max(best, dice(bigrams(chars.slice(i, i + len).join('')), phrase));
  return best;
}

function positionHolds(ctx: CallContext, u: Utterance, p: NonNullable<CompiledCondition['source']['position']>): boolean {
  const own = u.speaker === 'agent' ? ctx.agent : ctx.customer;
  const k = own.indexOf(u);
  if (p.first !== undefined && k >= p.first) return false;
  if (p.last !== undefined && k < own.length - p.last) return false;
  if (p.afterEvent) {
    const { type, withinSeconds } = p.afterEvent;
    const times = type === 'answer' ? [0] : ctx.events.filter((e) => e.type === type).map((e) => e.at);
    if (!times.some((t) => u.start >= t && u.start <= t + withinSeconds * 1000)) return false;
  }
  return true;
}

function timingHolds(ctx: CallContext, u: Utterance, t: NonNullable<CompiledCondition['source']['timing']>): boolean {
  if (t.silenceBeforeOverSeconds !== undefined) {
    let prevEnd = 0;
    for (const o of ctx.utterances) if (o.index < u.index) prevEnd = Math.max(prevEnd, o.end);
    if (!(u.start - prevEnd > t.silenceBeforeOverSeconds * 1000)) return false;
  }
  const ms = u.end - u.start;
  if (t.rateAbove !== undefined || t.rateBelow !== undefined) {
    if (ms <= 0) return false;
    const rate = (u.spoken * 60_000) / ms;
    if (t.rateAbove !== undefined && !(rate > t.rateAbove)) return false;
    if (t.rateBelow !== undefined && !(rate < t.rateBelow)) return false;
  }
  if (t.durationOverSeconds !== undefined && !(ms > t.durationOverSeconds * 1000)) return false;
  if (t.overlapAtLeastMs !== undefined) {
    const min = t.overlapAtLeastMs;
    const overlap = ctx.utterances.some((o) => o.speaker !== u.speaker && Math.min(o.end, u.end) - Math.max(o.start, u.start) >= min);
    if (!overlap) return false;
  }
  return true;
}

export function holds(ctx: CallContext, u: Utterance, c: CompiledCondition): boolean {
  const s = c.source;
  if (s.role && s.role !== 'any' && s.role !== u.speaker) return false;
  if (c.kwAny && !listMatches(c.kwAny, u)) return false;
  if (c.kwAll && !c.kwAll.every((l) => listMatches(l, u))) return false;
  if (c.kwNone && listMatches(c.kwNone, u)) return false;
  if (c.kwAtLeast && c.kwAtLeast.lists.filter((l) => listMatches(l, u)).length < c.kwAtLeast.n) return false;
  if (c.regex && !c.regex.test(u.norm)) return false;
  if (c.similar) {
    const sim = c.similar;
    if (!sim.bigrams.some((b) => similarity(u.norm, b) >= sim.threshold)) return false;
  }
  if (s.position && !positionHolds(ctx, u, s.position)) return false;
  if (s.timing && !timingHolds(ctx, u, s.timing)) return false;
  if (c.all && !c.all.every((x) => holds(ctx, u, x))) return false;
  if (c.any && !c.any.some((x) => holds(ctx, u, x))) return false;
  if (c.not && holds(ctx, u, c.not)) return false;
  return true;
}

const callTypeNames: Record<CallType, string> = { normal: '正常来电', silent: '无声电话', harassment: '骚扰电话', 'wrong-number': '打错电话' };

/** The kind of call, as the closing check tells silent, harassing and wrong-number calls apart. */
export function callType(ctx: CallContext): CallType {
  if (isSilentCall(ctx)) return 'silent';
  if (ctx.agentHas(ctx.lists.harassment)) return 'harassment';
  if (ctx.anyoneHas(ctx.lists.wrongNumber)) return 'wrong-number';
  return 'normal';
}

/** The first phrase of the list some utterance of the speaker holds, or null. */
function firstHeard(phrases: NamedPhrase[], utterances: Utterance[]): string | null {
  for (const p of phrases) for (const u of utterances) if (listMatches(p.list, u)) return p.source;
  return null;
}

/**
 * Whether a rule applies to the call (its `appliesWhen`), and why, in words for the
 * scorecard; null when it does not apply.
 */
export function ruleApplies(ctx: CallContext, r: CompiledRule): string | null {
  const a = r.rule.appliesWhen;
  if (!a) return '';
  const why: string[] = [];
  if (a.callTypes) {
    const type = callType(ctx);
    if (!a.callTypes.includes(type)) return null;
    why.push(callTypeNames[type]);
  }
  if (r.heard) {
    const p = firstHeard(r.heard, ctx.customer);
    if (p === null) return null;
    why.push(`客户说到“${p}”`);
  }
  if (r.said) {
    const p = firstHeard(r.said, ctx.agent);
    if (p === null) return null;
    why.push(`坐席说了“${p}”`);
  }
  if (r.scenarios) {
    let found: string | null = null;
    for (const s of r.scenarios) {
      const p = firstHeard(s.keywords, ctx.customer);
      if (p !== null) {
        found = `识别为场景“${s.name}”(客户说到“${p}”)`;
        break;
      }
    }
    if (found === null) return null;
    why.push(found);
  }
  if (a.registered) {
    if (ctx.ticketRegistered === false) return null;
    if (ctx.ticketRegistered === true) why.push('通话登记了工单');
    else {
      const list = ctx.lists.registration;
      const u = ctx.agent.find((x) => listMatches(list, x));
      if (!u) return null;
      why.push('坐席登记了诉求');
    }
  }
  return why.join(',');
}

/** Adds the custom-rule violations; returns whether a fatal rule was violated. */
export function checkCustomRules(ctx: CallContext): boolean {
  let fatal = false;
  for (const r of ctx.compiled.rules) {
    const { rule, when } = r;
    const why = ruleApplies(ctx, r);
    if (why === null) continue;
    const matching = ctx.utterances.filter((u) => holds(ctx, u, when));
    let violated = false;
    if (rule.mode === 'require') {
      if (matching.length === 0) {
        violated = true;
        ctx.add(rule.id, null, 0, why ? `未满足:${rule.name}(适用原因:${why})` : `未满足:${rule.name}`);
      }
    } else {
      // a scenario's forbidden phrasing on an utterance the lexicon already flagged is not counted twice
      const scenario = rule.id.startsWith(SCENARIO_RULE_PREFIX);
      const flagged = scenario ? new Set(ctx.violations.filter((v) => v.check === 'taboo.phrase').map((v) => v.segment)) : null;
      const found = flagged ? matching.filter((u) => !flagged.has(u.index)) : matching;
      for (const u of found) ctx.add(rule.id, u, u.start);
      violated = found.length > 0;
    }
    if (violated && rule.severity === 'fatal') fatal = true;
  }
  return fatal;
}

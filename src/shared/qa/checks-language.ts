/** Checks on what the agent says: greeting, taboo, empathy, commitments, closing, privacy. */
import { normalizeText } from '../text/normalize.js';
import type { CallContext, Utterance } from './context.js';
import { listMatches, mayMatchAny } from './matching.js';

const ORG_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '集团公司', '集团', '公司', '服务热线', '客服热线', '热线', '客服中心', '服务中心'];

/** The organisation name, and the name without a legal or service suffix (星河电器有限公司 → 星河电器). */
export function orgNames(org: string): string[] {
  const full = normalizeText(org);
  const names = [full];
  for (const suffix of ORG_SUFFIXES) {
    if (full.endsWith(suffix) && full.length - suffix.length >= 2) {
      names.push(full.slice(0, -suffix.length));
      break;
    }
  }
  return names;
}

/**
 * A few values worked out from a call's organisation or agent id, kept for the next calls:
 * a hotline's calls share one organisation name and a few hundred agent ids.
 */
function memo<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 1024) cache.clear();
    value = make(key);
    cache.set(key, value);
  }
  return value;
}
const orgNamesCache = new Map<string, string[]>();
const agentIdCache = new Map<string, { id: string; numeric: boolean; stripped: string }>();

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** The index of the first character of `s[from, to)` that is not a 0. */
const skipZeros = (s: string, from: number, to: number): number => {
  while (from < to && s.charCodeAt(from) === 0x30) from++;
  return from;
};

/** Whether the normalised text announces the agent id (as a whole number, not part of a longer one). */
export function saysAgentId(norm: string, agentId: string): boolean {
  const { id, numeric, stripped } = memo(agentIdCache, agentId, (a) => {
    const n = normalizeText(a);
    return { id: n, numeric: /^\d+$/.test(n), stripped: n.replace(/^0+/, '') };
  });
  if (id === '') return true;
  if (!numeric) return norm.includes(id);
  // each run of digits (`/\d+/g`) is the id, or the id once leading zeros are dropped from both
  for (let i = 0; i < norm.length; ) {
    if (!isDigit(norm.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < norm.length && isDigit(norm.charCodeAt(j))) j++;
    if (j - i === id.length && norm.startsWith(id, i)) return true;
    const k = skipZeros(norm, i, j);
    if (j - k === stripped.length && norm.startsWith(stripped, k)) return true;
    i = j;
  }
  return false;
}

export function checkGreeting(ctx: CallContext): void {
  const first = ctx.agent[0];
  if (!first) {
    ctx.add('greeting.incomplete', null, 0, '坐席没有开场白');
    return;
  }
  const org = ctx.transcript.org;
  const ok =
    ctx.has(ctx.lists.greeting, first) &&
    (org === undefined || org.trim() === '' || memo(orgNamesCache, org, orgNames).some((n) => first.norm.includes(n))) &&
    saysAgentId(first.norm, ctx.transcript.agent.id);
  if (!ok) ctx.add('greeting.incomplete', first, first.start);
}

/** One violation per agent utterance; a fatal class (abuse) fails the call. */
export function checkTaboo(ctx: CallContext): void {
  const { tabooMask, tabooAlways } = ctx.compiled;
  for (const u of ctx.agent) {
    // no literal of any class in the utterance (and no class with a regex or without bits): nothing to look up
    if (!tabooAlways && (u.mask & tabooMask) === 0) continue;
    let matched = false;
    for (const cls of ctx.compiled.taboo) {
      if (!listMatches(cls.list, u)) continue;
      matched = true;
      if (cls.severity === 'fatal' && ctx.compiled.enabled('taboo.phrase')) ctx.fatalTaboo = true;
    }
    if (matched) ctx.add('taboo.phrase', u, u.start);
  }
}

export function checkEmpathy(ctx: CallContext): void {
  const window = ctx.thresholds.empathyWindow;
  for (const c of ctx.customer) {
    if (!ctx.has(ctx.lists.dissatisfaction, c)) continue;
    const next = ctx.agentAfter(c.index, window);
    if (!next.some((a) => ctx.has(ctx.lists.empathy, a))) ctx.add('empathy.missing', c, c.start);
  }
}

/**
 * Agent utterances that defer the answer or pass the matter on. Not a deferral: checking
 * while the customer holds (the utterance asks consent to a hold, 我核实一下，请您稍等好吗),
 * since the answer comes in the call, and an offer on a condition (如果…还是不行，请再来电，
 * 我们安排上门), which promises nothing yet.
 */
export function commitments(ctx: CallContext): Utterance[] {
  const list = ctx.lists.commitment;
  if (!mayMatchAny(list, ctx.agentMask)) return [];
  return ctx.agent.filter((u) => ctx.has(list, u) && !ctx.has(ctx.lists.holdConsent, u) && !ctx.has(ctx.lists.conditional, u));
}

export function checkCommitment(ctx: CallContext, deferrals: Utterance[]): void {
  const window = ctx.thresholds.commitmentWindow;
  for (const u of deferrals) {
    const candidates = [u, ...ctx.agentAfter(u.index, window)];
    if (!candidates.some((a) => ctx.has(ctx.lists.deadline, a))) ctx.add('commitment.no-deadline', u, u.start);
  }
}

export function checkRecap(ctx: CallContext, deferrals: Utterance[]): void {
  if (deferrals.length === 0) return;
  if (ctx.agentHas(ctx.lists.recap)) return;
  const last = ctx.agent[ctx.agent.length - 1]!;
  ctx.add('recap.missing', null, last.start, '承诺了后续处理,但结束前没有复述确认关键信息');
}

/** A silent call: the customer never says anything. */
export const isSilentCall = (ctx: CallContext): boolean => ctx.customer.length === 0;

export function checkClosing(ctx: CallContext): void {
  const last = ctx.agent[ctx.agent.length - 1];
  if (!last) {
    if (!isSilentCall(ctx)) ctx.add('closing.no-offer', null, 0, '坐席没有询问是否还有其他需要');
    ctx.add('closing.no-farewell', null, 0, '坐席没有结束语');
    return;
  }
  const exempt =
    isSilentCall(ctx) || ctx.agentHas(ctx.lists.harassment) || ctx.anyoneHas(ctx.lists.wrongNumber);
  if (!exempt && !ctx.agentHas(ctx.lists.closingOffer)) ctx.add('closing.no-offer', null, last.start, '坐席没有询问是否还有其他需要');
  if (!ctx.has(ctx.lists.farewell, last)) ctx.add('closing.no-farewell', last, last.start);
}

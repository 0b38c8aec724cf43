/** Checks on what the agent says: greeting, taboo, empathy, commitments, closing, privacy. */
import { newNormBuffer, normalizeInto, normalizeText, unitsToString } from '../text/normalize.js';
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

/** Agent utterances that defer the answer or pass the matter on. */
export function commitments(ctx: CallContext): Utterance[] {
  const list = ctx.lists.commitment;
  return mayMatchAny(list, ctx.agentMask) ? ctx.agent.filter((u) => ctx.has(list, u)) : [];
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

// Clause punctuation separates numbers; spaces and dashes inside a number do not.
const CLAUSE_BREAK = new Uint8Array(0x10000);
for (const c of ',，。.;；、!！?？:：\n') CLAUSE_BREAK[c.charCodeAt(0)] = 1;

const runsBuffer = newNormBuffer();

/** Appends the digit runs of one clause, normalised, to `out` (the matches of `/\d+x?/g`). */
function clauseRuns(piece: string, out: string[]): void {
  normalizeInto(piece, runsBuffer);
  const { units, length } = runsBuffer;
  for (let i = 0; i < length; ) {
    if (!isDigit(units[i]!)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < length && isDigit(units[j]!)) j++;
    if (j < length && units[j] === 0x78) j++;
    out.push(unitsToString(units, j, i));
    i = j;
  }
}

/** Digit runs of a text, normalised (spoken numerals, full width), split at clause punctuation. */
export function digitRuns(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && CLAUSE_BREAK[text.charCodeAt(i)] === 0) continue;
    if (i > from) clauseRuns(from === 0 && i === text.length ? text : text.slice(from, i), out);
    from = i + 1;
  }
  return out;
}

/** A mobile number in canonical form (no +86), or null: 1, then 3–9, then 9 digits (`/^1[3-9]\d{9}$/`). */
function mobile(run: string): string | null {
  const r = run.length === 13 && run.startsWith('86') ? run.slice(2) : run;
  if (r.length !== 11 || r.charCodeAt(0) !== 0x31) return null;
  const second = r.charCodeAt(1);
  if (second < 0x33 || second > 0x39) return null;
  for (let i = 2; i < 11; i++) if (!isDigit(r.charCodeAt(i))) return null;
  return r;
}

/** An 18-digit ID number, the last digit possibly x (`/^\d{17}[\dx]$/`). */
function isIdNumber(run: string): boolean {
  if (run.length !== 18) return false;
  for (let i = 0; i < 17; i++) if (!isDigit(run.charCodeAt(i))) return false;
  const last = run.charCodeAt(17);
  return isDigit(last) || last === 0x78;
}

export function checkPrivacy(ctx: CallContext): void {
  // most calls have no long number at all: then nothing else is worked out
  let any = false;
  for (const u of ctx.agent) if (u.hasLongNumber) any = true;
  if (!any) return;
  // numbers the caller owns: the calling number, and those the customer said earlier in the
  // call (a callback number read back) — walking the call in order adds them as they come
  const said = new Set<string>();
  const caller = ctx.transcript.caller;
  if (caller) for (const run of digitRuns(caller)) said.add(mobile(run) ?? run);
  for (const u of ctx.utterances) {
    if (!u.hasLongNumber) continue;
    if (u.speaker === 'customer') {
      for (const run of digitRuns(u.text)) said.add(mobile(run) ?? run);
      continue;
    }
    const leak = digitRuns(u.text).some((run) => {
      if (isIdNumber(run)) return true;
      const m = mobile(run);
      return m !== null && !said.has(m);
    });
    if (leak) ctx.add('privacy.disclosure', u, u.start);
  }
}

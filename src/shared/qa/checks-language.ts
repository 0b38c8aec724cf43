/** Checks on what the agent says: greeting, taboo, empathy, commitments, closing, privacy. */
import { newNormBuffer, normalizeInto, normalizeText, unitsToString } from '../text/normalize.js';
import type { CallContext, Utterance } from './context.js';
import { listMatches } from './matching.js';

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

/** Whether the normalised text announces the agent id (as a whole number, not part of a longer one). */
export function saysAgentId(norm: string, agentId: string): boolean {
  const id = normalizeText(agentId);
  if (id === '') return true;
  if (!/^\d+$/.test(id)) return norm.includes(id);
  for (const m of norm.matchAll(/\d+/g)) if (m[0] === id || m[0].replace(/^0+/, '') === id.replace(/^0+/, '')) return true;
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
    ctx.has('greeting', first) &&
    (org === undefined || org.trim() === '' || orgNames(org).some((n) => first.norm.includes(n))) &&
    saysAgentId(first.norm, ctx.transcript.agent.id);
  if (!ok) ctx.add('greeting.incomplete', first, first.start);
}

/** One violation per agent utterance; a fatal class (abuse) fails the call. */
export function checkTaboo(ctx: CallContext): void {
  for (const u of ctx.agent) {
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
    if (!ctx.has('dissatisfaction', c)) continue;
    const next = ctx.agentAfter(c.index, window);
    if (!next.some((a) => ctx.has('empathy', a))) ctx.add('empathy.missing', c, c.start);
  }
}

/** Agent utterances that defer the answer or pass the matter on. */
export function commitments(ctx: CallContext): Utterance[] {
  return ctx.agent.filter((u) => ctx.has('commitment', u));
}

export function checkCommitment(ctx: CallContext, deferrals: Utterance[]): void {
  const window = ctx.thresholds.commitmentWindow;
  for (const u of deferrals) {
    const candidates = [u, ...ctx.agentAfter(u.index, window)];
    if (!candidates.some((a) => ctx.has('deadline', a))) ctx.add('commitment.no-deadline', u, u.start);
  }
}

export function checkRecap(ctx: CallContext, deferrals: Utterance[]): void {
  if (deferrals.length === 0) return;
  if (ctx.agent.some((u) => ctx.has('recap', u))) return;
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
    isSilentCall(ctx) || ctx.agent.some((u) => ctx.has('harassment', u)) || ctx.utterances.some((u) => ctx.has('wrongNumber', u));
  if (!exempt && !ctx.agent.some((u) => ctx.has('closingOffer', u))) ctx.add('closing.no-offer', null, last.start, '坐席没有询问是否还有其他需要');
  if (!ctx.has('farewell', last)) ctx.add('closing.no-farewell', last, last.start);
}

// Clause punctuation separates numbers; spaces and dashes inside a number do not.
const CLAUSE_BREAK = /[,，。.;；、!！?？:：\n]+/u;

const runsBuffer = newNormBuffer();
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Digit runs of a text, normalised (spoken numerals, full width), split at clause punctuation. */
export function digitRuns(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(CLAUSE_BREAK)) {
    // the matches of /\d+x?/g in the normalised piece, read from the buffer
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
  return out;
}

/** A mobile number in canonical form (no +86), or null. */
function mobile(run: string): string | null {
  const r = run.length === 13 && run.startsWith('86') ? run.slice(2) : run;
  return /^1[3-9]\d{9}$/.test(r) ? r : null;
}

const isIdNumber = (run: string): boolean => /^\d{17}[\dx]$/.test(run);

const longNumber = (u: Utterance): boolean => u.hasLongNumber;

export function checkPrivacy(ctx: CallContext): void {
  // most calls have no long number at all: then nothing else is worked out
  if (!ctx.agent.some(longNumber)) return;
  const own = new Set<string>();
  const caller = ctx.transcript.caller;
  if (caller) for (const run of digitRuns(caller)) own.add(mobile(run) ?? run);
  // numbers the customer gave during the call are theirs too (a callback number read back)
  const customerSaid = new Map<number, string[]>();
  for (const c of ctx.customer) if (longNumber(c)) customerSaid.set(c.index, digitRuns(c.text).map((r) => mobile(r) ?? r));
  for (const u of ctx.agent) {
    if (!longNumber(u)) continue;
    const said = new Set(own);
    for (const [index, runs] of customerSaid) if (index < u.index) for (const r of runs) said.add(r);
    const leak = digitRuns(u.text).some((run) => {
      if (isIdNumber(run)) return true;
      const m = mobile(run);
      return m !== null && !said.has(m);
    });
    if (leak) ctx.add('privacy.disclosure', u, u.start);
  }
}

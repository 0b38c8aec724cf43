/**
 * privacy.disclosure: the agent speaks another person's mobile or ID number.
 *
 * Numbers are read in context (qa-spec.md): a number is no disclosure when it is the
 * caller's own (the calling number, or one the customer said earlier in the call, even
 * in pieces: 138，1234，5678), one the pack lists as given out to callers (`publicNumbers`,
 * its hotline, a roaming hotline that looks like a mobile), or a reference rather than a
 * phone number — a ticket, order or account number (工单/单号/户号… before it), an
 * amount (元 after it). An 18-digit run is an ID number only when it can be one: a
 * region digit and a real birth date — a ticket number of 18 digits such as
 * 202603021530000188 is not.
 */
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import type { CallContext } from './context.js';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

// Clause punctuation separates numbers; spaces and dashes inside a number do not.
const CLAUSE_BREAK = new Uint8Array(0x10000);
for (const c of ',，。.;；、!！?？:：\n') CLAUSE_BREAK[c.charCodeAt(0)] = 1;

/** A run of digits in a clause, with the normalised text just before and after it (within the clause; only for runs of 11, 13 or 18). */
export interface NumberMention {
  run: string;
  before: string;
  after: string;
}

const CONTEXT = 4;
const runsBuffer = newNormBuffer();

/** Appends the digit runs of one clause, normalised, to `out` (the matches of `/\d+x?/g`). */
function clauseMentions(piece: string, out: NumberMention[]): void {
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
    // the context only matters for runs that can be a mobile (11, or 13 with +86) or an ID (18)
    const n = j - i;
    const context = n === 11 || n === 13 || n === 18;
    out.push({
      run: unitsToString(units, j, i),
      before: context ? unitsToString(units, i, Math.max(0, i - CONTEXT)) : '',
      after: context ? unitsToString(units, Math.min(length, j + 2), j) : '',
    });
    i = j;
  }
}

/** The digit runs of a text with their context, normalised (spoken numerals, full width), split at clause punctuation. */
export function numberMentions(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && CLAUSE_BREAK[text.charCodeAt(i)] === 0) continue;
    if (i > from) clauseMentions(from === 0 && i === text.length ? text : text.slice(from, i), out);
    from = i + 1;
  }
  return out;
}

/** Digit runs of a text, normalised, split at clause punctuation. */
export const digitRuns = (text: string): string[] => numberMentions(text).map((m) => m.run);

/** A mobile number in canonical form (no +86), or null: 1, then 3–9, then 9 digits (`/^1[3-9]\d{9}$/`). */
export function mobile(run: string): string | null {
  const r = run.length === 13 && run.startsWith('86') ? run.slice(2) : run;
  if (r.length !== 11 || r.charCodeAt(0) !== 0x31) return null;
  const second = r.charCodeAt(1);
  if (second < 0x33 || second > 0x39) return null;
  for (let i = 2; i < 11; i++) if (!isDigit(r.charCodeAt(i))) return null;
  return r;
}

/**
 * A resident ID number (GB 11643): 17 digits and a last digit or x, the first digit a
 * region (1–8), digits 7–14 a birth date between 1900 and 2099. The check digit is not
 * required: a number misheard by one digit still discloses the person.
 */
export function isIdNumber(run: string): boolean {
  if (run.length !== 18) return false;
  for (let i = 0; i < 17; i++) if (!isDigit(run.charCodeAt(i))) return false;
  const last = run.charCodeAt(17);
  if (!isDigit(last) && last !== 0x78) return false;
  const region = run.charCodeAt(0) - 0x30;
  if (region < 1 || region > 8) return false;
  const year = Number(run.slice(6, 10));
  const month = Number(run.slice(10, 12));
  const day = Number(run.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// A number right after one of these names a ticket, an order or an account, not a phone.
const REFERENCE_BEFORE = /(?:单号|编号|户号|账号|帐号|卡号|订单|流水号|受理号|工单|合同号|批次号|运单|快递单)(?:是|为)?$/;
// … and one followed by a currency is an amount.
const AMOUNT_AFTER = /^(?:元|块|圆)/;

/** The numbers of a customer utterance, also joined across the pauses a reading makes (138，1234，5678). */
function addSaid(text: string, said: Set<string>): void {
  const runs = digitRuns(text);
  for (let i = 0; i < runs.length; i++) {
    let joined = '';
    for (let j = i; j < runs.length && joined.length < 18; j++) {
      joined += runs[j]!;
      said.add(mobile(joined) ?? joined);
    }
  }
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
  if (caller) addSaid(caller, said);
  const published = ctx.compiled.publicNumbers;
  for (const u of ctx.utterances) {
    if (u.speaker === 'customer') {
      if (u.digits >= 11) addSaid(u.text, said);
      continue;
    }
    if (!u.hasLongNumber) continue;
    const leak = numberMentions(u.text).some(({ run, before, after }) => {
      if (REFERENCE_BEFORE.test(before) || AMOUNT_AFTER.test(after)) return false;
      if (isIdNumber(run)) return !said.has(run);
      const m = mobile(run);
      return m !== null && !said.has(m) && !published.has(m);
    });
    if (leak) ctx.add('privacy.disclosure', u, u.start);
  }
}

/**
 * Text normalisation before phrase matching, with an offset map back to the original
 * so evidence can always quote what was said.
 *
 * Steps, per character: Traditional → Simplified (OpenCC, one character at a time so
 * the mapping stays 1:1), full-width → half-width, ASCII lower case; punctuation and
 * spaces are dropped; then spoken Chinese numerals that stand for numbers become
 * digits (一零二四 / 幺零二四 → 1024, 三个工作日 → 3个工作日, 二十四小时 → 24小时).
 *
 * `map[i]` is the index in the original of the first UTF-16 unit behind normalised
 * unit i and `ends[i]` the index just after its source, so `original.slice(map[i],
 * ends[j - 1])` quotes the normalised span [i, j). Both are non-decreasing.
 */
import { Converter } from 'opencc-js/t2cn';
import { DIGITS, UNITS, convertRun, isNumeral } from './numerals.js';

export { positionalValue } from './numerals.js';

export interface Normalized {
  text: string;
  map: number[];
  ends: number[];
}

// 'tw' also folds Taiwanese variants (裡, 著) into the simplified standard forms.
const toSimplified = Converter({ from: 'tw', to: 'cn' });
const charCache = new Map<string, string>();
// Characters OpenCC leaves alone on their own because they are ambiguous in
// Traditional text; for matching, the everyday reading wins (回覆 = 回复). And 么, which
// the Taiwan table turns into 幺 although 什麼 becomes 什么: it stays 么, so that 什么 and
// 什麼 meet (a phrase 你说什么 missed 你說什麼 before).
const overrides: Record<string, string> = { 覆: '复', 乾: '干', 瞭: '了', 么: '么' };

/** One character, Traditional → Simplified; any conversion that is not 1:1 is ignored. */
function simplifyChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  let out = overrides[ch] ?? ch;
  if (!(ch in overrides) && ch.charCodeAt(0) >= 0x2e80) {
    const converted = toSimplified(ch);
    if ([...converted].length === 1) out = converted;
  }
  charCache.set(ch, out);
  return out;
}

function foldWidth(cp: number): number {
  if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;
  if (cp === 0x3000) return 0x20;
  return cp;
}

// Letters and numbers are kept; everything else (punctuation, symbols, spaces) goes.
const keep = /[\p{L}\p{N}]/u;

function followedByUnit(chars: string[], i: number): boolean {
  for (const u of UNITS) {
    let ok = true;
    for (let k = 0; k < u.length; k++) {
      if (chars[i + k] !== u[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

interface Unit {
  ch: string;
  start: number;
  end: number;
}

/** Steps 1–2: per character fold, dropping what is not a letter or number. */
function foldChars(input: string): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  for (const raw of input) {
    const start = i;
    i += raw.length;
    let ch = String.fromCodePoint(foldWidth(raw.codePointAt(0)!));
    if (!keep.test(ch)) continue;
    if (ch.length === 1 && ch >= 'A' && ch <= 'Z') ch = ch.toLowerCase();
    else ch = simplifyChar(ch);
    out.push({ ch, start, end: i });
  }
  return out;
}

/** Step 3: numeral runs → digits. */
function convertNumerals(units: Unit[]): Unit[] {
  const chars = units.map((u) => u.ch);
  const out: Unit[] = [];
  let i = 0;
  while (i < units.length) {
    const c = chars[i]!;
    // a run starts on a digit or 十, never on 百/千/万 (万一 is "in case", not a number)
    if (!(c in DIGITS) && c !== '十') {
      out.push(units[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < units.length && isNumeral(chars[j]!)) j++;
    const run = chars.slice(i, j).join('');
    const single = j - i === 1;
    // a lone numeral is a number only before a unit (一个 / 十分钟), not in 一下 / 一直 / 十分感谢
    const isNumber = single ? c !== '幺' && followedByUnit(chars, j) : true;
    const digits = isNumber ? convertRun(run) : null;
    if (digits === null) {
      for (let k = i; k < j; k++) out.push(units[k]!);
    } else if (digits.length === j - i) {
      for (let k = 0; k < digits.length; k++) out.push({ ch: digits[k]!, start: units[i + k]!.start, end: units[i + k]!.end });
    } else {
      // positional numbers change length: every digit stands for the whole run
      const start = units[i]!.start;
      const end = units[j - 1]!.end;
      for (const d of digits) out.push({ ch: d, start, end });
    }
    i = j;
  }
  return out;
}

export function normalize(input: string): Normalized {
  const units = convertNumerals(foldChars(input));
  let text = '';
  const map: number[] = [];
  const ends: number[] = [];
  for (const u of units) {
    text += u.ch;
    for (let k = 0; k < u.ch.length; k++) {
      map.push(u.start);
      ends.push(u.end);
    }
  }
  return { text, map, ends };
}


/** The original text behind the normalised span [from, to). */
export function quoteOriginal(original: string, n: Normalized, from: number, to: number): string {
  if (to <= from || from >= n.map.length) return '';
  return original.slice(n.map[from], n.ends[Math.min(to, n.map.length) - 1]);
}

// ---------------------------------------------------------------------------------
// Fast path for the engine, which needs the normalised text only (no offset map). It
// gives exactly `normalize(input).text` (the reference above), but works on UTF-16
// code units in a reusable buffer: one table lookup per unit, no string is built per
// character, and the phrase automaton reads the buffer directly. Text with surrogate
// pairs (rare: emoji, CJK extension B) takes the reference path.

/** Where the fast path writes: `units[0, length)` is the normalised text. */
export interface NormBuffer {
  units: Uint16Array;
  length: number;
  /** Spoken characters (see spokenLength). */
  spoken: number;
}

export const newNormBuffer = (): NormBuffer => ({ units: new Uint16Array(256), length: 0, spoken: 0 });

// BMP code unit → folded code unit (0 = dropped), filled lazily from foldChars
const UNKNOWN = 0xffff;
const table = new Uint16Array(0x10000).fill(UNKNOWN);

function foldUnit(c: number): number {
  const u = foldChars(String.fromCharCode(c))[0];
  const m = u && u.ch.length === 1 ? u.ch.charCodeAt(0) : 0;
  table[c] = m;
  return m;
}

// Numeral classes by code unit: 1 = digit (DIGITS), 2 = multiplier (十百千万)
const NUMERAL = new Uint8Array(0x10000);
const DIGIT_VALUE = new Uint8Array(0x10000);
for (const [c, v] of Object.entries(DIGITS)) {
  NUMERAL[c.charCodeAt(0)] = 1;
  DIGIT_VALUE[c.charCodeAt(0)] = v;
}
for (const c of '十百千万') NUMERAL[c.charCodeAt(0)] = 2;
const SHI = '十'.charCodeAt(0);
const YAO = '幺'.charCodeAt(0);
const UNIT_CODES = UNITS.map((u) => Array.from(u, (ch) => ch.charCodeAt(0)));
// first code units of the units: most numerals are followed by none (一下, 一直)
const UNIT_FIRST = new Uint8Array(0x10000);
for (const u of UNIT_CODES) UNIT_FIRST[u[0]!] = 1;

const isSurrogate = (c: number): boolean => (c & 0xf800) === 0xd800;

let scratch = new Uint16Array(256);

function ensure(buf: NormBuffer, n: number): Uint16Array {
  if (buf.units.length < n) buf.units = new Uint16Array(Math.max(n, buf.units.length * 2));
  return buf.units;
}

/** Normalises `input` into `out`: the same text as `normalize(input).text`. */
export function normalizeInto(input: string, out: NormBuffer): void {
  const len = input.length;
  let d = ensure(out, len);
  let n = 0;
  let numerals = false;
  for (let i = 0; i < len; i++) {
    const c = input.charCodeAt(i);
    if (isSurrogate(c)) return normalizeSlow(input, out);
    let m = table[c]!;
    if (m === UNKNOWN) m = foldUnit(c);
    if (m === 0) continue;
    if (NUMERAL[m] !== 0) numerals = true;
    d[n++] = m;
  }
  out.spoken = n;
  out.length = n;
  if (!numerals) return;
  // step 3 (numerals → digits) reads a copy, since a positional number can grow (十 → 10)
  if (scratch.length < n) scratch = new Uint16Array(n * 2);
  const f = scratch;
  f.set(d.subarray(0, n));
  d = ensure(out, 3 * n + 16);
  let o = 0;
  let i = 0;
  while (i < n) {
    const c = f[i]!;
    // a run starts on a digit or 十, never on 百/千/万 (万一 is "in case", not a number)
    if (NUMERAL[c] !== 1 && c !== SHI) {
      d[o++] = c;
      i++;
      continue;
    }
    let j = i + 1;
    let positional = c === SHI;
    while (j < n && NUMERAL[f[j]!] !== 0) {
      if (NUMERAL[f[j]!] === 2) positional = true;
      j++;
    }
    // a lone numeral is a number only before a unit (一个 / 十分钟), not in 一下 / 一直 / 十分感谢
    const isNumber = j - i > 1 || (c !== YAO && followedByUnitCode(f, j, n));
    if (!isNumber) {
      for (let k = i; k < j; k++) d[o++] = f[k]!;
    } else if (!positional) {
      for (let k = i; k < j; k++) d[o++] = 0x30 + DIGIT_VALUE[f[k]!]!;
    } else {
      const digits = convertRun(unitsToString(f, j, i));
      if (digits === null) for (let k = i; k < j; k++) d[o++] = f[k]!;
      else for (let k = 0; k < digits.length; k++) d[o++] = digits.charCodeAt(k);
    }
    i = j;
  }
  out.length = o;
}

function followedByUnitCode(f: Uint16Array, j: number, n: number): boolean {
  if (j >= n || UNIT_FIRST[f[j]!] === 0) return false;
  for (const u of UNIT_CODES) {
    if (j + u.length > n) continue;
    let ok = true;
    for (let k = 0; k < u.length && ok; k++) ok = f[j + k] === u[k];
    if (ok) return true;
  }
  return false;
}

function normalizeSlow(input: string, out: NormBuffer): void {
  const text = normalize(input).text;
  const d = ensure(out, text.length);
  for (let i = 0; i < text.length; i++) d[i] = text.charCodeAt(i);
  out.length = text.length;
  out.spoken = spokenLengthSlow(input);
}

/** The string of `units[from, to)`. */
export function unitsToString(units: Uint16Array, to: number, from = 0): string {
  // apply() takes the typed array as its argument list; chunks keep it below stack limits
  if (to - from <= 4096) return String.fromCharCode.apply(null, units.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, units.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return s;
}

const shared = newNormBuffer();

/** Only the normalised text (phrases, ids, numbers); the same as `normalize(input).text`, faster. */
export function normalizeText(input: string): string {
  normalizeInto(input, shared);
  return unitsToString(shared.units, shared.length);
}

function spokenLengthSlow(input: string): number {
  let n = 0;
  for (const raw of input) if (keep.test(String.fromCodePoint(foldWidth(raw.codePointAt(0)!)))) n++;
  return n;
}

/** Number of spoken characters: letters and numbers, punctuation and spaces not counted. */
export function spokenLength(input: string): number {
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (isSurrogate(c)) return spokenLengthSlow(input);
    let m = table[c]!;
    if (m === UNKNOWN) m = foldUnit(c);
    if (m !== 0) n++;
  }
  return n;
}

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

export interface Normalized {
  text: string;
  map: number[];
  ends: number[];
}

// 'tw' also folds Taiwanese variants (裡, 著) into the simplified standard forms.
const toSimplified = Converter({ from: 'tw', to: 'cn' });
const charCache = new Map<string, string>();
// Characters OpenCC leaves alone on their own because they are ambiguous in
// Traditional text; for matching, the everyday reading wins (回覆 = 回复).
const overrides: Record<string, string> = { 覆: '复', 乾: '干', 瞭: '了' };

/** One character, Traditional → Simplified; any conversion that is not 1:1 is ignored. */
function simplifyChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  let out = overrides[ch] ?? ch;
  if (out === ch && ch.charCodeAt(0) >= 0x2e80) {
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

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const MULTIPLIERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };
const isNumeral = (c: string): boolean => c in DIGITS || c in MULTIPLIERS;

/** Words that, right after a single numeral, show it is a quantity or a time. */
const UNITS = [
  '个', '分钟', '小时', '钟头', '天', '日', '号', '周', '年', '月', '点', '次', '位', '元', '块', '秒', '岁',
  '层', '楼', '栋', '遍', '趟', '件', '台', '张', '条', '项', '户', '份', '倍', '星期', '礼拜', '工作日', '公里', '米',
];

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

/** Positional value of a numeral run such as 二十四, 一百零五, 三千五; null if it is not one. */
export function positionalValue(run: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  for (const c of run) {
    if (c in DIGITS) {
      if (digit !== null && digit !== 0) return null;
      digit = DIGITS[c]!;
    } else if (c === '万') {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * 10000;
      section = 0;
      digit = null;
      lastUnit = 10000;
    } else {
      const unit = MULTIPLIERS[c]!;
      if ((digit === null && unit !== 10) || digit === 0) return null;
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    }
  }
  // 三千五 = 3500, 二百五 = 250: a trailing digit counts one order below the last unit
  if (digit !== null) section += lastUnit >= 100 && !run.includes('零') && !run.includes('〇') ? (digit * lastUnit) / 10 : digit;
  return total + section;
}

function convertRun(run: string): string | null {
  if (![...run].some((c) => c in MULTIPLIERS)) return [...run].map((c) => String(DIGITS[c])).join('');
  const v = positionalValue(run);
  return v === null ? null : String(v);
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

// Fast path for the engine, which needs the normalised text only (no offset map):
// a lazily filled table from BMP code unit to folded code unit (0 = dropped).
const UNKNOWN = 0xffff;
const table = new Uint16Array(0x10000).fill(UNKNOWN);

function foldUnit(c: number): number {
  let m = table[c]!;
  if (m === UNKNOWN) {
    const u = foldChars(String.fromCharCode(c))[0];
    m = u && u.ch.length === 1 ? u.ch.charCodeAt(0) : 0;
    table[c] = m;
  }
  return m;
}

const NUMERAL_CODES = new Set([...'零〇一幺二两三四五六七八九十百千万'].map((c) => c.charCodeAt(0)));

/** Letters and numbers folded, numerals not yet converted; null when the text needs the full path. */
function foldFast(input: string): { folded: string; numerals: boolean } | null {
  let folded = '';
  let numerals = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return null;
    const m = foldUnit(c);
    if (m === 0) continue;
    if (NUMERAL_CODES.has(m)) numerals = true;
    folded += String.fromCharCode(m);
  }
  return { folded, numerals };
}

/** Only the normalised text (phrases, ids, numbers); the same as `normalize(input).text`, faster. */
export function normalizeText(input: string): string {
  const f = foldFast(input);
  if (f === null) return normalize(input).text;
  if (!f.numerals) return f.folded;
  return convertNumeralsText(f.folded);
}

/** `convertNumerals` on plain BMP text, without offsets. */
function convertNumeralsText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (!(c in DIGITS) && c !== '十') {
      out += c;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isNumeral(text[j]!)) j++;
    const run = text.slice(i, j);
    const isNumber = j - i > 1 || (c !== '幺' && UNITS.some((u) => text.startsWith(u, j)));
    out += (isNumber ? convertRun(run) : null) ?? run;
    i = j;
  }
  return out;
}

/** The original text behind the normalised span [from, to). */
export function quoteOriginal(original: string, n: Normalized, from: number, to: number): string {
  if (to <= from || from >= n.map.length) return '';
  return original.slice(n.map[from], n.ends[Math.min(to, n.map.length) - 1]);
}

/** Number of spoken characters: letters and numbers, punctuation and spaces not counted. */
export function spokenLength(input: string): number {
  const f = foldFast(input);
  if (f !== null) return f.folded.length;
  let n = 0;
  for (const raw of input) if (keep.test(String.fromCodePoint(foldWidth(raw.codePointAt(0)!)))) n++;
  return n;
}

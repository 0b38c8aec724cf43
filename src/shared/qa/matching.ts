/**
 * Phrase matching: every literal of a configuration goes into ONE Aho–Corasick
 * automaton (modern-ahocorasick); a call is scanned once, all utterances together.
 *
 * modern-ahocorasick walks text by grapheme with Intl.Segmenter (~1 µs per CJK
 * character), but has a fast path for ASCII. Normalised text holds only letters and
 * numbers, so each character that occurs in some phrase gets a fixed-width ASCII
 * code (first character from one half of the printable range, the rest from the
 * other half, so a hit can only start on a code boundary) and every other character
 * one shared filler code. The automaton runs on the codes, ~30× faster.
 */
import AhoCorasick from 'modern-ahocorasick';
import { normalizeText } from '../text/normalize.js';

/** A phrase in the phrase syntax of config.ts, parsed. */
export type PhraseSpec = { kind: 'literal'; id: number } | { kind: 'sequence'; ids: number[] } | { kind: 'regex'; re: RegExp };

export interface CompiledList {
  phrases: PhraseSpec[];
  exceptions: PhraseSpec[];
  /** Original phrase text, parallel to `phrases`. */
  sources: string[];
  /** Literal ids one of which must be hit for a literal or sequence phrase to match. */
  triggers: Set<number>;
  /** Whether some phrase is a regular expression (always evaluated). */
  hasRegex: boolean;
}

export interface Span {
  start: number;
  end: number;
}

/** Literal hits of one utterance: literal id → flat [start, end, start, end, …] in normalised offsets. */
export type Hits = Map<number, number[]>;

const HEAD_FIRST = 0x21;
const TAIL_FIRST = 0x21 + 47;
const HALF = 47;

/** Collects the literals of a configuration before the automaton is built. */
export class LiteralTable {
  readonly literals: string[] = [];
  private readonly ids = new Map<string, number>();

  add(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.literals.push(literal);
      this.ids.set(literal, id);
    }
    return id;
  }

  /** Parses one phrase of the phrase syntax (without a leading `!`). */
  phrase(source: string): PhraseSpec | null {
    const s = source.trim();
    if (s.length > 2 && s.startsWith('/') && s.endsWith('/')) return { kind: 'regex', re: new RegExp(s.slice(1, -1), 'gu') };
    const parts = s
      .split(/…|\.\.\./)
      .map((p) => normalizeText(p))
      .filter((p) => p.length > 0);
    if (parts.length === 0) return null;
    if (parts.length === 1) return { kind: 'literal', id: this.add(parts[0]!) };
    return { kind: 'sequence', ids: parts.map((p) => this.add(p)) };
  }

  /** A phrase list: `!`-prefixed entries are exceptions. */
  list(sources: readonly string[], extraExceptions: readonly string[] = []): CompiledList {
    const out: CompiledList = { phrases: [], exceptions: [], sources: [], triggers: new Set(), hasRegex: false };
    for (const src of sources) {
      if (src.startsWith('!')) {
        const p = this.phrase(src.slice(1));
        if (p) out.exceptions.push(p);
      } else {
        const p = this.phrase(src);
        if (p) {
          out.phrases.push(p);
          out.sources.push(src);
          if (p.kind === 'regex') out.hasRegex = true;
          else out.triggers.add(p.kind === 'literal' ? p.id : p.ids[0]!);
        }
      }
    }
    for (const src of extraExceptions) {
      const p = this.phrase(src.startsWith('!') ? src.slice(1) : src);
      if (p) out.exceptions.push(p);
    }
    return out;
  }

  build(): Scanner {
    return new Scanner(this.literals);
  }
}

/** The automaton of one configuration plus the character codes it was built on. */
export class Scanner {
  private readonly codes = new Map<string, string>();
  /** Codes of BMP characters by code unit, for the fast path. */
  private readonly byUnit: Array<string | undefined> = [];
  private readonly width: number;
  private readonly filler: string;
  private readonly separator: string;
  private readonly ac: AhoCorasick | null;
  private readonly lengths: number[];

  constructor(literals: readonly string[]) {
    const alphabet: string[] = [];
    const seen = new Set<string>();
    for (const lit of literals) {
      for (const ch of lit) {
        if (!seen.has(ch)) {
          seen.add(ch);
          alphabet.push(ch);
        }
      }
    }
    // two reserved codes: filler for characters in no phrase, separator between utterances
    const needed = alphabet.length + 2;
    this.width = needed <= HALF * HALF ? 2 : needed <= HALF ** 3 ? 3 : 4;
    alphabet.forEach((ch, i) => {
      const code = this.code(i + 2);
      this.codes.set(ch, code);
      if (ch.length === 1) this.byUnit[ch.charCodeAt(0)] = code;
    });
    this.filler = this.code(0);
    this.separator = this.code(1);
    this.lengths = literals.map((l) => [...l].length);
    this.ac = literals.length > 0 ? new AhoCorasick(literals.map((l) => this.encode(l))) : null;
  }

  private code(n: number): string {
    let tail = '';
    for (let k = 1; k < this.width; k++) {
      tail = String.fromCharCode(TAIL_FIRST + (n % HALF)) + tail;
      n = Math.floor(n / HALF);
    }
    return String.fromCharCode(HEAD_FIRST + n) + tail;
  }

  private encode(text: string): string {
    let out = '';
    for (const ch of text) out += this.codes.get(ch) ?? this.filler;
    return out;
  }

  /**
   * Scans the normalised utterances of a call in one pass. Offsets in the hits are
   * UTF-16 offsets into each normalised text.
   */
  scan(texts: readonly string[]): Hits[] {
    const hits: Hits[] = texts.map(() => new Map());
    if (!this.ac) return hits;
    // where each utterance starts in the encoded text (in characters); utterances with
    // surrogate pairs also need character → UTF-16 offsets
    const starts: number[] = [];
    const offsets: Array<number[] | null> = [];
    let encoded = '';
    let pos = 0;
    for (const t of texts) {
      starts.push(pos);
      let offs: number[] | null = null;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          offs = [];
          break;
        }
        encoded += this.byUnit[c] ?? this.filler;
      }
      if (offs) {
        // slow path: undo this utterance and encode it by code point
        encoded = encoded.slice(0, pos * this.width);
        let u = 0;
        for (const ch of t) {
          offs.push(u);
          u += ch.length;
          encoded += this.codes.get(ch) ?? this.filler;
        }
        offs.push(u);
        pos += offs.length - 1;
      } else pos += t.length;
      offsets.push(offs);
      encoded += this.separator;
      pos += 1;
    }
    for (const m of this.ac.search(encoded)) {
      const cp = m.start / this.width;
      // binary search for the utterance holding the hit
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= cp) lo = mid;
        else hi = mid - 1;
      }
      const local = cp - starts[lo]!;
      const offs = offsets[lo];
      const len = this.lengths[m.patternIndex]!;
      const start = offs ? offs[local]! : local;
      const end = offs ? offs[local + len]! : local + len;
      const h = hits[lo]!;
      const list = h.get(m.patternIndex);
      if (list) list.push(start, end);
      else h.set(m.patternIndex, [start, end]);
    }
    return hits;
  }
}

function firstLiteral(hits: Hits, id: number, from: number): Span | null {
  const list = hits.get(id);
  if (!list) return null;
  let best: Span | null = null;
  for (let i = 0; i < list.length; i += 2) {
    const start = list[i]!;
    if (start >= from && (!best || start < best.start)) best = { start, end: list[i + 1]! };
  }
  return best;
}

/** All spans of one phrase in an utterance. */
export function phraseSpans(p: PhraseSpec, text: string, hits: Hits): Span[] {
  if (p.kind === 'literal') {
    const list = hits.get(p.id);
    if (!list) return [];
    const out: Span[] = [];
    for (let i = 0; i < list.length; i += 2) out.push({ start: list[i]!, end: list[i + 1]! });
    return out;
  }
  if (p.kind === 'regex') {
    const out: Span[] = [];
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
    return out;
  }
  // sequence: each start of the first part, then the earliest later occurrence of each next part
  const firsts = hits.get(p.ids[0]!);
  if (!firsts) return [];
  const out: Span[] = [];
  for (let i = 0; i < firsts.length; i += 2) {
    let end = firsts[i + 1]!;
    let ok = true;
    for (let k = 1; k < p.ids.length && ok; k++) {
      const next = firstLiteral(hits, p.ids[k]!, end);
      if (next) end = next.end;
      else ok = false;
    }
    if (ok) out.push({ start: firsts[i]!, end });
  }
  return out;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** The first span of any phrase of the list that no exception overlaps, or null. */
export function matchList(list: CompiledList, text: string, hits: Hits): Span | null {
  if (!mayMatch(list, hits)) return null;
  let exceptionSpans: Span[] | null = null;
  let best: Span | null = null;
  for (const p of list.phrases) {
    for (const span of phraseSpans(p, text, hits)) {
      if (best && span.start >= best.start) continue;
      exceptionSpans ??= list.exceptions.flatMap((e) => phraseSpans(e, text, hits));
      if (!exceptionSpans.some((e) => overlaps(e, span))) best = span;
    }
  }
  return best;
}

/** Whether the list could match at all, judged from the literal hits (a cheap pre-test). */
export function mayMatch(list: CompiledList, hits: Hits): boolean {
  if (list.hasRegex) return true;
  if (hits.size === 0) return false;
  for (const id of hits.keys()) if (list.triggers.has(id)) return true;
  return false;
}

/**
 * Phrase matching: every literal of a configuration goes into ONE Aho–Corasick
 * automaton (automaton.ts), compiled once per configuration; each utterance is
 * scanned once, straight from the normalisation buffer, and the checks then look
 * their phrases up in its hits.
 *
 * The scan also yields a bit mask per utterance: each list (up to 32 bits' worth) has a
 * bit set when one of its literal phrases occurs, and another when the first part of one
 * of its sequences does. So most lookups are one AND: a list without exceptions whose
 * literal bit is set matches; one with neither bit set (and no regex) cannot.
 */
import { normalizeText } from '../text/normalize.js';
import { Automaton, type Hits } from './automaton.js';

export type { Hits };

/** A phrase in the phrase syntax of config.ts, parsed. */
export type PhraseSpec = { kind: 'literal'; id: number } | { kind: 'sequence'; ids: number[] } | { kind: 'regex'; re: RegExp };

export interface CompiledList {
  phrases: PhraseSpec[];
  exceptions: PhraseSpec[];
  /** Original phrase text, parallel to `phrases`. */
  sources: string[];
  /**
   * Per literal id (filled when the automaton is built): LITERAL when it is one of the
   * list's literal phrases, SEQUENCE when it starts one of its sequences; one of them must
   * be hit for a literal or sequence phrase to match.
   */
  triggers: Uint8Array;
  /** The same for the exceptions; `exceptionRegex` when one of them is a regular expression. */
  exceptionTriggers: Uint8Array;
  exceptionRegex: boolean;
  /** Whether some phrase is a regular expression (always evaluated). */
  hasRegex: boolean;
  /** The list's regular expressions as one alternation, to rule them all out in one pass (null: one or none, or not safe to join). */
  regexAny: RegExp | null;
  /** Whether the bits below answer for this list (false when the mask ran out of bits: the hits are read). */
  masked: boolean;
  /** Bit in an utterance's mask: one of the list's literal phrases occurs (with exceptions: a literal or a sequence's first part). */
  litBit: number;
  /** Bit: the first part of one of the list's sequences occurs (lists without exceptions). */
  seqBit: number;
}

const LITERAL = 1;
const SEQUENCE = 2;

/**
 * What matching reads of an utterance: its normalised text (for regexes), its hits and
 * the list mask of its scan (`Automaton.lastMask`); without a mask the hits are read.
 */
export interface Scanned {
  readonly norm: string;
  readonly hits: Hits;
  readonly mask?: number | undefined;
}

/** Collects the literals of a configuration before the automaton is built. */
export class LiteralTable {
  readonly literals: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly lists: CompiledList[] = [];

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
    const out: CompiledList = {
      phrases: [],
      exceptions: [],
      sources: [],
      triggers: new Uint8Array(0),
      exceptionTriggers: new Uint8Array(0),
      exceptionRegex: false,
      hasRegex: false,
      regexAny: null,
      masked: false,
      litBit: 0,
      seqBit: 0,
    };
    this.lists.push(out);
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
        }
      }
    }
    for (const src of extraExceptions) {
      const p = this.phrase(src.startsWith('!') ? src.slice(1) : src);
      if (p) out.exceptions.push(p);
    }
    out.regexAny = alternation(out.phrases);
    return out;
  }

  /** The automaton; also fixes the trigger flags and mask bits of the lists made so far. */
  build(): Automaton {
    const n = this.literals.length;
    const litMask = new Int32Array(n);
    let nextBit = 0;
    const bit = () => 1 << nextBit++; // bit 31 gives a negative number, which ANDs just as well
    const flags = (specs: PhraseSpec[]) => {
      const out = new Uint8Array(n);
      for (const p of specs) {
        if (p.kind === 'literal') out[p.id]! |= LITERAL;
        else if (p.kind === 'sequence') out[p.ids[0]!]! |= SEQUENCE;
      }
      return out;
    };
    for (const list of this.lists) {
      list.triggers = flags(list.phrases);
      list.exceptionTriggers = flags(list.exceptions);
      list.exceptionRegex = list.exceptions.some((e) => e.kind === 'regex');
      const literals = list.phrases.some((p) => p.kind === 'literal');
      const sequences = list.phrases.some((p) => p.kind === 'sequence');
      // lists are given bits in the order they were made: the standard lists and taboo classes first
      const exceptions = list.exceptions.length > 0;
      const needed = exceptions ? (literals || sequences ? 1 : 0) : (literals ? 1 : 0) + (sequences ? 1 : 0);
      if (nextBit + needed > 32) continue;
      list.masked = true;
      if (exceptions) {
        if (literals || sequences) list.litBit = bit();
      } else {
        if (literals) list.litBit = bit();
        if (sequences) list.seqBit = bit();
      }
      for (let id = 0; id < n; id++) {
        const f = list.triggers[id]!;
        if (f === 0) continue;
        litMask[id]! |= exceptions ? list.litBit : (f & LITERAL ? list.litBit : 0) | (f & SEQUENCE ? list.seqBit : 0);
      }
    }
    this.lists.length = 0;
    return new Automaton(this.literals, litMask);
  }
}

// Group numbers and names change when sources are joined: such regexes are left alone.
const NUMBERED = /\\[1-9]|\\k<|\(\?<(?![=!])/;

/** `(?:a)|(?:b)|…` of a list's regexes, when there are two or more and none refers to a group. */
function alternation(phrases: PhraseSpec[]): RegExp | null {
  const sources = phrases.flatMap((p) => (p.kind === 'regex' ? [p.re.source] : []));
  if (sources.length < 2 || sources.some((src) => NUMBERED.test(src))) return null;
  try {
    return new RegExp(sources.map((src) => `(?:${src})`).join('|'), 'gu');
  } catch {
    return null; // each compiles on its own; they are simply tried one by one
  }
}

/**
 * Whether one of the list's regexes has a non-empty match, as trying them one by one
 * says. The alternation matches at a position exactly when one of them does there, so no
 * match at all means none of them matches; a non-empty match is one of theirs; only an
 * empty match leaves the question open, and then they are tried one by one.
 */
function someRegexMatches(list: CompiledList, text: string, hits: Hits): boolean {
  const any = list.regexAny;
  if (any !== null) {
    any.lastIndex = 0;
    const m = any.exec(text);
    if (m === null) return false;
    if (m[0].length > 0) return true;
  }
  return someMatches(list, 'regex', text, hits);
}

/** The end of the earliest hit of a literal starting at or after `from`, or -1. */
function firstLiteralEnd(hits: Hits, id: number, from: number): number {
  let start = Infinity;
  let end = -1;
  for (let i = 0; i < hits.length; i += 3) {
    if (hits[i] === id && hits[i + 1]! >= from && hits[i + 1]! < start) {
      start = hits[i + 1]!;
      end = hits[i + 2]!;
    }
  }
  return end;
}

/**
 * The end of a sequence (`A…B…C`) whose first part ends at `firstEnd`: each next part's earliest hit after the
 * previous one, or -1 when a part never comes. QA (whether a list matches) and the workbench (where, to
 * highlight it: assist/spans.ts) walk sequences with this one function.
 */
export function sequenceEnd(ids: readonly number[], hits: Hits, firstEnd: number): number {
  let end = firstEnd;
  for (let k = 1; k < ids.length && end >= 0; k++) end = firstLiteralEnd(hits, ids[k]!, end);
  return end;
}

/**
 * Appends the spans of one phrase in an utterance to `out`, flat [start, end, …]:
 * each hit of a literal; for a sequence, each start of the first part, then the
 * earliest later occurrence of each next part; each non-empty regex match.
 * With `first`, stops after the first span (enough to know it occurs).
 */
function spansInto(p: PhraseSpec, text: string, hits: Hits, out: number[], first = false): void {
  if (p.kind === 'literal') {
    for (let i = 0; i < hits.length; i += 3) {
      if (hits[i] !== p.id) continue;
      out.push(hits[i + 1]!, hits[i + 2]!);
      if (first) return;
    }
  } else if (p.kind === 'sequence') {
    for (let i = 0; i < hits.length; i += 3) {
      if (hits[i] !== p.ids[0]) continue;
      const end = sequenceEnd(p.ids, hits, hits[i + 2]!);
      if (end < 0) continue;
      out.push(hits[i + 1]!, end);
      if (first) return;
    }
  } else {
    // the matches text.matchAll(re) gives, without its iterator and match arrays
    const re = p.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length > 0) {
        out.push(m.index, m.index + m[0].length);
        if (first) return;
        continue;
      }
      // an empty match: step on as matchAll does (by code point, the flag is 'u')
      const i = re.lastIndex;
      const pair = i + 1 < text.length && (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      re.lastIndex = i + (pair ? 2 : 1);
    }
  }
}

const spans: number[] = [];
const exceptionSpans: number[] = [];

/**
 * The spans of every phrase of `specs` (a list's phrases or its exceptions) into `out`,
 * in one pass over the hits with the literals' flags rather than one pass per phrase.
 * The order differs from spansInto's, and a phrase written twice gives its spans once:
 * only the set of spans matters to the overlap test.
 */
function allSpansInto(specs: PhraseSpec[], flags: Uint8Array, regex: boolean, u: Scanned, out: number[]): void {
  const hits = u.hits;
  for (let i = 0; i < hits.length; i += 3) {
    const id = hits[i]!;
    const f = flags[id]!;
    if (f === 0) continue;
    if ((f & LITERAL) !== 0) out.push(hits[i + 1]!, hits[i + 2]!);
    if ((f & SEQUENCE) === 0) continue;
    for (const p of specs) {
      if (p.kind !== 'sequence' || p.ids[0] !== id) continue;
      const end = sequenceEnd(p.ids, hits, hits[i + 2]!);
      if (end >= 0) out.push(hits[i + 1]!, end);
    }
  }
  if (regex) for (const p of specs) if (p.kind === 'regex') spansInto(p, u.norm, hits, out);
}

/** Whether one of the list's phrases of this kind occurs (the first occurrence answers). */
function someMatches(list: CompiledList, kind: PhraseSpec['kind'], text: string, hits: Hits): boolean {
  spans.length = 0;
  for (const p of list.phrases) if (p.kind === kind && (spansInto(p, text, hits, spans, true), spans.length > 0)) return true;
  return false;
}

/**
 * Whether some phrase of the list occurs in the utterance with no exception overlapping
 * it. Without exceptions the mask answers for literals, then sequences and regular
 * expressions (the dearest) are tried, first occurrence only. The checks only ask
 * whether a list matches, never where.
 */
export function listMatches(list: CompiledList, u: Scanned): boolean {
  const hits = u.hits;
  const mask = u.mask;
  if (list.exceptions.length === 0) {
    if (list.masked && mask !== undefined) {
      if ((mask & list.litBit) !== 0) return true;
      if ((mask & list.seqBit) !== 0 && someMatches(list, 'sequence', '', hits)) return true;
      // the normalised text is read (and, for an utterance, made a string) only for regexes
      return list.hasRegex && someRegexMatches(list, u.norm, hits);
    }
    if (!mayMatch(list, u)) return false;
    const text = list.hasRegex ? u.norm : '';
    return someMatches(list, 'literal', text, hits) || someMatches(list, 'sequence', text, hits) || someMatches(list, 'regex', text, hits);
  }
  if (!mayMatch(list, u)) return false;
  spans.length = 0;
  allSpansInto(list.phrases, list.triggers, list.hasRegex, u, spans);
  if (spans.length === 0) return false;
  exceptionSpans.length = 0;
  allSpansInto(list.exceptions, list.exceptionTriggers, list.exceptionRegex, u, exceptionSpans);
  if (exceptionSpans.length === 0) return true;
  for (let i = 0; i < spans.length; i += 2) {
    let free = true;
    for (let k = 0; k < exceptionSpans.length && free; k += 2) free = !(spans[i]! < exceptionSpans[k + 1]! && exceptionSpans[k]! < spans[i + 1]!);
    if (free) return true;
  }
  return false;
}

/**
 * Whether the list could match any of several utterances, judged from the OR of their
 * masks alone (true when the mask cannot tell: a regex, or a list without bits).
 */
export function mayMatchAny(list: CompiledList, mask: number): boolean {
  return !list.masked || list.hasRegex || (mask & (list.litBit | list.seqBit)) !== 0;
}

/** Whether the list could match at all, judged from the mask or the literal hits (a cheap pre-test). */
export function mayMatch(list: CompiledList, u: Scanned): boolean {
  if (list.hasRegex) return true;
  if (list.masked && u.mask !== undefined) return (u.mask & (list.litBit | list.seqBit)) !== 0;
  const triggers = list.triggers;
  const hits = u.hits;
  for (let i = 0; i < hits.length; i += 3) if (triggers[hits[i]!] !== 0) return true;
  return false;
}

/**
 * Phrase matching: every literal of a configuration goes into ONE Aho–Corasick
 * automaton (automaton.ts), compiled once per configuration; each utterance is
 * scanned once, straight from the normalisation buffer, and the checks then look
 * their phrases up in its hits.
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
   * Literal ids one of which must be hit for a literal or sequence phrase to match,
   * as a flag per literal id (filled when the automaton is built).
   */
  triggers: Uint8Array;
  /** Whether some phrase is a regular expression (always evaluated). */
  hasRegex: boolean;
}

/** Collects the literals of a configuration before the automaton is built. */
export class LiteralTable {
  readonly literals: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly triggerIds = new Map<CompiledList, number[]>();

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
    const out: CompiledList = { phrases: [], exceptions: [], sources: [], triggers: new Uint8Array(0), hasRegex: false };
    const triggers: number[] = [];
    this.triggerIds.set(out, triggers);
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
          else triggers.push(p.kind === 'literal' ? p.id : p.ids[0]!);
        }
      }
    }
    for (const src of extraExceptions) {
      const p = this.phrase(src.startsWith('!') ? src.slice(1) : src);
      if (p) out.exceptions.push(p);
    }
    return out;
  }

  /** The automaton; also fixes the trigger flags of the lists made so far. */
  build(): Automaton {
    for (const [list, ids] of this.triggerIds) {
      list.triggers = new Uint8Array(this.literals.length);
      for (const id of ids) list.triggers[id] = 1;
    }
    this.triggerIds.clear();
    return new Automaton(this.literals);
  }
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
      let end = hits[i + 2]!;
      for (let k = 1; k < p.ids.length && end >= 0; k++) end = firstLiteralEnd(hits, p.ids[k]!, end);
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
 * Whether some phrase of the list occurs in the utterance with no exception overlapping
 * it. Without exceptions (most lists) the first occurrence answers; regular expressions,
 * the dearest, are tried last. The checks only ask whether a list matches, never where.
 */
export function listMatches(list: CompiledList, u: { readonly norm: string; readonly hits: Hits }): boolean {
  const hits = u.hits;
  if (!mayMatch(list, hits)) return false;
  // the normalised text is read (and, for an utterance, made a string) only for regexes
  const text = list.hasRegex ? u.norm : '';
  spans.length = 0;
  if (list.exceptions.length === 0) {
    for (const p of list.phrases) if (p.kind !== 'regex' && (spansInto(p, text, hits, spans, true), spans.length > 0)) return true;
    for (const p of list.phrases) if (p.kind === 'regex' && (spansInto(p, text, hits, spans, true), spans.length > 0)) return true;
    return false;
  }
  for (const p of list.phrases) spansInto(p, text, hits, spans);
  if (spans.length === 0) return false;
  exceptionSpans.length = 0;
  // exceptions may be regexes even when no phrase is
  for (const e of list.exceptions) spansInto(e, e.kind === 'regex' ? u.norm : text, hits, exceptionSpans);
  for (let i = 0; i < spans.length; i += 2) {
    let free = true;
    for (let k = 0; k < exceptionSpans.length && free; k += 2) free = !(spans[i]! < exceptionSpans[k + 1]! && exceptionSpans[k]! < spans[i + 1]!);
    if (free) return true;
  }
  return false;
}

/** Whether the list could match at all, judged from the literal hits (a cheap pre-test). */
export function mayMatch(list: CompiledList, hits: Hits): boolean {
  if (list.hasRegex) return true;
  const triggers = list.triggers;
  for (let i = 0; i < hits.length; i += 3) if (triggers[hits[i]!] === 1) return true;
  return false;
}

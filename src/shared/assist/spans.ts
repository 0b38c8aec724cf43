/**
 * Where a parsed phrase occurs in a normalised text, from the automaton's hits, and the
 * way back to the original text. The QA engine only asks *whether* a list matches
 * (matching.ts keeps its span walk private); the workbench must also say *where*, to
 * highlight it, so this reads the same PhraseSpec and hits the same way: a literal at
 * each of its hits, a sequence from each start of its first part through the earliest
 * later occurrence of each next part, a regex at each non-empty match.
 */
import { sequenceEnd, type Hits, type PhraseSpec } from '../qa/matching.js';
import { normalize, type Normalized } from '../text/normalize.js';

export { sequenceEnd };

/** Appends [start, end, …] of every occurrence of `p` (normalised offsets). `norm` is read only for a regex. */
export function phraseSpans(p: PhraseSpec, norm: () => string, hits: Hits, out: number[]): void {
  if (p.kind === 'literal') {
    for (let i = 0; i < hits.length; i += 3) if (hits[i] === p.id) out.push(hits[i + 1]!, hits[i + 2]!);
  } else if (p.kind === 'sequence') {
    const first = p.ids[0];
    for (let i = 0; i < hits.length; i += 3) {
      if (hits[i] !== first) continue;
      const end = sequenceEnd(p.ids, hits, hits[i + 2]!);
      if (end >= 0) out.push(hits[i + 1]!, end);
    }
  } else {
    regexSpans(p.re, norm(), out);
  }
}

/** Non-empty matches of a global regex, stepping over empty ones by code point as matchAll does. */
export function regexSpans(re: RegExp, text: string, out: number[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length > 0) {
      out.push(m.index, m.index + m[0].length);
      continue;
    }
    const i = re.lastIndex;
    const pair = i + 1 < text.length && (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    re.lastIndex = i + (pair ? 2 : 1);
  }
}

/** Whether [a, b) overlaps one of the flat spans. */
export function overlapsAny(a: number, b: number, spans: readonly number[]): boolean {
  for (let k = 0; k < spans.length; k += 2) if (a < spans[k + 1]! && spans[k]! < b) return true;
  return false;
}

/** Maps normalised spans back to the original text (computed once per text, and only when something is shown). */
export class OriginalText {
  private n: Normalized | null = null;
  constructor(readonly text: string) {}

  /** [start, end) in the original behind the normalised span [from, to). */
  span(from: number, to: number): [number, number] {
    const n = (this.n ??= normalize(this.text));
    if (to <= from || from >= n.map.length) return [0, 0];
    return [n.map[from]!, n.ends[Math.min(to, n.map.length) - 1]!];
  }
}

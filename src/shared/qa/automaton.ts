/**
 * The Aho–Corasick automaton of one configuration, over UTF-16 code units.
 *
 * It replaces modern-ahocorasick on the hot path: that library walks text by grapheme
 * (or needed every character re-coded to ASCII first), while normalised text has no
 * combining sequences to care about. Matching code units is exact here: normalised
 * text and phrases hold only whole code points, and a high surrogate can never match
 * a low one, so a phrase can only match on a code point boundary.
 *
 * Layout, all typed arrays so one step is a few array reads and no allocation:
 * - `sym`: code unit → symbol (1…k), 0 for a unit in no phrase (the scan restarts);
 * - `root`: the root's goto, dense by symbol;
 * - other states: their edges in `edgeSym`/`edgeTo`, `edgeStart[s]…edgeStart[s + 1]`,
 *   and the failure link `fail[s]` (states have one or two edges, so a linear scan);
 * - states are numbered so that those where a literal ends come last, from `firstOut`:
 *   most steps end in a state without output, and `s < firstOut` says so without a read;
 * - `outIds[outStart[o]…outStart[o + 1]]` (o = s − firstOut): the literal ids ending in
 *   state s, those of its failure chain included, so a hit needs no walk up the chain;
 * - `outMask[o]`: the phrase-list bits of those literals (matching.ts), OR-ed into the
 *   utterance's mask as the scan goes.
 */

/** Hits of one utterance: flat [literal id, start, end, …] in normalised UTF-16 offsets. */
export type Hits = readonly number[];

export const NO_HITS: Hits = Object.freeze([]) as Hits;

export class Automaton {
  private readonly sym = new Uint16Array(0x10000);
  private readonly root: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeSym: Uint16Array;
  private readonly edgeTo: Int32Array;
  private readonly fail: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  private readonly lengths: Int32Array;
  private readonly outMask: Int32Array;
  private readonly firstOut: number;
  /** The phrase-list mask of the last scan: the OR of the bits of every literal it hit. */
  lastMask = 0;

  /** `litMask[id]`: the list bits of literal `id` (none when absent). */
  constructor(literals: readonly string[], litMask: Int32Array = new Int32Array(literals.length)) {
    // the trie, with children by symbol while it is being built
    let symbols = 0;
    const children: Array<Map<number, number>> = [new Map()];
    const ends: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (this.sym[c] === 0) this.sym[c] = ++symbols;
        const a = this.sym[c]!;
        let next = children[s]!.get(a);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push([]);
          children[s]!.set(a, next);
        }
        s = next;
      }
      if (lit.length > 0) ends[s]!.push(id);
    });
    const states = children.length;
    this.lengths = Int32Array.from(literals, (l) => l.length);

    // failure links breadth first; each state's outputs are its own plus its failure state's
    const fail = new Int32Array(states);
    const outputs: number[][] = ends.map((e) => e.slice());
    const queue: number[] = [...children[0]!.values()];
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [a, t] of children[s]!) {
        let f = fail[s]!;
        while (f !== 0 && !children[f]!.has(a)) f = fail[f]!;
        const target = children[f]!.get(a);
        fail[t] = target !== undefined && target !== t ? target : 0;
        outputs[t]!.push(...outputs[fail[t]!]!);
        queue.push(t);
      }
    }

    // renumbered: the root, the states without output, then those with (the root has none)
    const order: number[] = [0];
    for (let s = 1; s < states; s++) if (outputs[s]!.length === 0) order.push(s);
    const firstOut = order.length;
    for (let s = 1; s < states; s++) if (outputs[s]!.length > 0) order.push(s);
    const renum = new Int32Array(states);
    order.forEach((old, s) => (renum[old] = s));
    this.firstOut = firstOut;

    this.fail = new Int32Array(states);
    for (let old = 0; old < states; old++) this.fail[renum[old]!] = renum[fail[old]!]!;
    this.root = new Int32Array(symbols + 1);
    for (const [a, t] of children[0]!) this.root[a] = renum[t]!;
    this.edgeStart = new Int32Array(states + 1);
    let edges = 0;
    for (let s = 0; s < states; s++) {
      this.edgeStart[s] = edges;
      if (s !== 0) edges += children[order[s]!]!.size;
    }
    this.edgeStart[states] = edges;
    this.edgeSym = new Uint16Array(edges);
    this.edgeTo = new Int32Array(edges);
    for (let s = 1; s < states; s++) {
      let e = this.edgeStart[s]!;
      for (const [a, t] of children[order[s]!]!) {
        this.edgeSym[e] = a;
        this.edgeTo[e++] = renum[t]!;
      }
    }
    const withOutput = states - firstOut;
    this.outStart = new Int32Array(withOutput + 1);
    let n = 0;
    for (let o = 0; o < withOutput; o++) {
      this.outStart[o] = n;
      n += outputs[order[firstOut + o]!]!.length;
    }
    this.outStart[withOutput] = n;
    this.outIds = new Int32Array(n);
    this.outMask = new Int32Array(withOutput);
    for (let o = 0; o < withOutput; o++) {
      const ids = outputs[order[firstOut + o]!]!;
      this.outIds.set(ids, this.outStart[o]!);
      for (const id of ids) this.outMask[o]! |= litMask[id]!;
    }
  }

  /** Every occurrence of every literal in `units[0, length)`, overlaps included; the mask goes to `lastMask`. */
  scan(units: Uint16Array, length: number): Hits {
    const { sym, root, edgeStart, edgeSym, edgeTo, fail, outStart, outIds, lengths, outMask, firstOut } = this;
    let hits: number[] | null = null;
    let mask = 0;
    let s = 0;
    for (let i = 0; i < length; i++) {
      const a = sym[units[i]!]!;
      if (a === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        if (s === 0) {
          s = root[a]!;
          break;
        }
        let t = 0;
        for (let e = edgeStart[s]!, end = edgeStart[s + 1]!; e < end; e++) {
          if (edgeSym[e] === a) {
            t = edgeTo[e]!;
            break;
          }
        }
        if (t !== 0) {
          s = t;
          break;
        }
        s = fail[s]!;
      }
      if (s < firstOut) continue;
      const o = s - firstOut;
      mask |= outMask[o]!;
      for (let k = outStart[o]!, end = outStart[o + 1]!; k < end; k++) {
        const id = outIds[k]!;
        (hits ??= []).push(id, i + 1 - lengths[id]!, i + 1);
      }
    }
    this.lastMask = mask;
    return hits ?? NO_HITS;
  }
}

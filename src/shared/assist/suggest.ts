/**
 * Scoring one text against the cue index, and following a whole call.
 *
 * One text: normalised once into a reused buffer (Traditional → Simplified, full width,
 * spoken numerals), scanned once by the automaton; each hit looks up the cues its
 * literal starts. A cue counts once per text; overlapping cues of one target count as
 * the strongest of them (我要投诉 and 投诉 are one piece of evidence). The sum is
 * weighed by who spoke (see `Source`).
 *
 * A call: each utterance's scores are added to running totals that are multiplied by
 * `decay` first, so what was said recently weighs more and one stray word does not
 * topple what the call has been about.
 */
import type { Hits } from '../qa/matching.js';
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import type { CueIndex } from './cues.js';
import { OriginalText, overlapsAny, phraseSpans, regexSpans, sequenceEnd } from './spans.js';
import type { CueMatch, Source, SuggestOptions, Suggestion, Suggestions, TargetKind } from './types.js';

/**
 * Weight of a text by who said or typed it, per kind of target. Scenarios come from what the
 * caller says and what the agent notes of it; the agent's own lines (the greeting, 请您稍等) say
 * nothing of the caller's matter and propose none.
 */
export const sourceWeights: Record<TargetKind, Record<Source, number>> = {
  scenario: { customer: 1, notes: 1, draft: 0.5, agent: 0 },
  customerType: { customer: 1, notes: 1, draft: 0, agent: 0 },
};

export const DEFAULT_K = 3;
export const DEFAULT_MIN_SCORE = 0.4;

/** The cues found in one text: flat [cue, start, end, …] in normalised offsets, best per target. */
interface Found {
  matches: number[];
  /** Targets with a score, and their scores (parallel). */
  targets: number[];
  scores: number[];
}

export class Scorer {
  private readonly buffer = newNormBuffer();
  // per-text scratch, reset through `touched` (no allocation per target)
  private readonly best: Float64Array;
  private readonly cueStamp: Int32Array;
  private stamp = 0;

  constructor(readonly index: CueIndex) {
    this.best = new Float64Array(index.targets.length);
    this.cueStamp = new Int32Array(index.cues.length);
  }

  /** Cues in `text`; `source` decides the weights. */
  find(text: string, source: Source): Found {
    const { index } = this;
    const buf = this.buffer;
    normalizeInto(text, buf);
    const found: Found = { matches: [], targets: [], scores: [] };
    if (buf.length === 0) return found;
    const hits = index.scanner.scan(buf.units, buf.length);
    let norm: string | null = null;
    const normText = () => (norm ??= unitsToString(buf.units, buf.length));
    if (++this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.cueStamp.fill(0);
    }
    const raw: number[] = [];
    for (let i = 0; i < hits.length; i += 3) {
      const id = hits[i]!;
      for (let k = index.postStart[id]!, end = index.postStart[id + 1]!; k < end; k++) {
        const c = index.postCue[k]!;
        if (this.cueStamp[c] === this.stamp) continue;
        const spec = index.cues[c]!.spec;
        const to = spec.kind === 'sequence' ? sequenceEnd(spec.ids, hits, hits[i + 2]!) : hits[i + 2]!;
        if (to < 0) continue;
        raw.push(c, hits[i + 1]!, to);
        this.cueStamp[c] = this.stamp;
      }
    }
    if (index.regexCues.length > 0) {
      const spans: number[] = [];
      for (const c of index.regexCues) {
        const spec = index.cues[c]!.spec;
        if (spec.kind !== 'regex') continue;
        spans.length = 0;
        regexSpans(spec.re, normText(), spans);
        if (spans.length > 0) raw.push(c, spans[0]!, spans[1]!);
      }
    }
    if (raw.length === 0) return found;
    this.keepBest(raw, hits, normText, source, found);
    return found;
  }

  /** Drops cues hit inside a target's exception, keeps the strongest of overlapping cues per target, sums per target. */
  private keepBest(raw: number[], hits: Hits, normText: () => string, source: Source, found: Found): void {
    const { index, best } = this;
    const exceptionSpans = new Map<number, number[]>();
    // strongest first, so a weaker overlapping cue of the same target is the one dropped
    const order: number[] = [];
    for (let i = 0; i < raw.length; i += 3) order.push(i);
    order.sort((a, b) => index.cues[raw[b]!]!.weight - index.cues[raw[a]!]!.weight || raw[a + 1]! - raw[b + 1]!);
    const kept: number[] = [];
    for (const i of order) {
      const c = index.cues[raw[i]!]!;
      const t = c.target;
      const w = c.weight * sourceWeights[index.targets[t]!.kind][source];
      if (w <= 0) continue;
      const a = raw[i + 1]!;
      const b = raw[i + 2]!;
      if (index.hasExceptions[t] === 1) {
        let spans = exceptionSpans.get(t);
        if (!spans) {
          spans = [];
          for (const e of index.targets[t]!.exceptions) phraseSpans(e, normText, hits, spans);
          exceptionSpans.set(t, spans);
        }
        if (overlapsAny(a, b, spans)) continue;
      }
      let overlapped = false;
      for (let k = 0; k < kept.length && !overlapped; k += 3) overlapped = index.cues[kept[k]!]!.target === t && a < kept[k + 2]! && kept[k + 1]! < b;
      if (overlapped) continue;
      kept.push(raw[i]!, a, b);
      if (best[t] === 0) found.targets.push(t);
      best[t] = best[t]! + w;
    }
    for (const t of found.targets) {
      found.scores.push(best[t]!);
      best[t] = 0;
    }
    found.matches = kept;
  }
}

function cueMatches(index: CueIndex, found: Found, target: number, original: OriginalText, utterance?: number): CueMatch[] {
  const out: CueMatch[] = [];
  for (let k = 0; k < found.matches.length; k += 3) {
    const c = index.cues[found.matches[k]!]!;
    if (c.target !== target) continue;
    const [start, end] = original.span(found.matches[k + 1]!, found.matches[k + 2]!);
    out.push({ cue: c.source, text: original.text.slice(start, end), start, end, ...(utterance === undefined ? {} : { utterance }) });
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function ranked(index: CueIndex, ids: number[], score: (t: number) => number, kind: TargetKind, k: number, min: number, skip?: ReadonlySet<string>): number[] {
  return ids
    .filter((t) => index.targets[t]!.kind === kind && score(t) >= min && !skip?.has(index.targets[t]!.id))
    .sort((a, b) => score(b) - score(a) || a - b)
    .slice(0, k);
}

function toSuggestion(index: CueIndex, t: number, score: number, cues: CueMatch[]): Suggestion {
  const target = index.targets[t]!;
  return { kind: target.kind, id: target.id, name: target.name, ...(target.group === undefined ? {} : { group: target.group }), score: round(score), cues };
}

/** Suggestions for one text on its own; `skip`: scenario ids the call is past. */
export function suggestOne(scorer: Scorer, text: string, opts: SuggestOptions = {}, skip?: ReadonlySet<string>): Suggestions {
  const source = opts.source ?? 'customer';
  const k = opts.k ?? DEFAULT_K;
  const min = opts.minScore ?? DEFAULT_MIN_SCORE;
  const index = scorer.index;
  const found = scorer.find(text, source);
  if (found.targets.length === 0) return { scenarios: [], customerTypes: [] };
  const scores = new Map<number, number>();
  found.targets.forEach((t, i) => scores.set(t, found.scores[i]!));
  const score = (t: number) => scores.get(t) ?? 0;
  const original = new OriginalText(text);
  const pick = (kind: TargetKind) => ranked(index, found.targets, score, kind, k, min, skip).map((t) => toSuggestion(index, t, score(t), cueMatches(index, found, t, original)));
  return { scenarios: pick('scenario'), customerTypes: pick('customerType') };
}

export interface TrackerOptions {
  /** Running totals are multiplied by this before each new utterance is added (default 0.8). */
  decay?: number;
  /** Matched cues kept per target, most recent first (default 6). */
  keepCues?: number;
}

/**
 * Follows one call: `add` each utterance (or note) as it comes, read `suggestions()` at
 * any time. Cheap per utterance: the totals are one array over the pack's targets.
 */
export class CallTracker {
  private readonly totals: Float64Array;
  private readonly recent = new Map<number, CueMatch[]>();
  private readonly active = new Set<number>();
  private readonly decay: number;
  private readonly keepCues: number;
  private count = 0;

  constructor(
    private readonly scorer: Scorer,
    opts: TrackerOptions = {},
  ) {
    this.totals = new Float64Array(scorer.index.targets.length);
    this.decay = opts.decay ?? 0.8;
    this.keepCues = opts.keepCues ?? 6;
  }

  /** Adds one utterance; returns its index (CueMatch.utterance refers to it). */
  add(text: string, source: Source = 'customer'): number {
    const n = this.count++;
    for (const t of this.active) {
      const v = this.totals[t]! * this.decay;
      if (v < 1e-3) {
        this.totals[t] = 0;
        this.active.delete(t);
        this.recent.delete(t);
      } else this.totals[t] = v;
    }
    const found = this.scorer.find(text, source);
    if (found.targets.length === 0) return n;
    const original = new OriginalText(text);
    found.targets.forEach((t, i) => {
      this.totals[t] = this.totals[t]! + found.scores[i]!;
      this.active.add(t);
      const cues = [...cueMatches(this.scorer.index, found, t, original, n), ...(this.recent.get(t) ?? [])].slice(0, this.keepCues);
      this.recent.set(t, cues);
    });
    return n;
  }

  /** The call so far: top suggestions of each kind, without the scenarios in `skip` (those the call is past). */
  suggestions(opts: Pick<SuggestOptions, 'k' | 'minScore'> = {}, skip?: ReadonlySet<string>): Suggestions {
    const k = opts.k ?? DEFAULT_K;
    const min = opts.minScore ?? DEFAULT_MIN_SCORE;
    const index = this.scorer.index;
    const ids = [...this.active];
    const score = (t: number) => this.totals[t]!;
    const pick = (kind: TargetKind) => ranked(index, ids, score, kind, k, min, skip).map((t) => toSuggestion(index, t, score(t), this.recent.get(t) ?? []));
    return { scenarios: pick('scenario'), customerTypes: pick('customerType') };
  }

  /** Utterances added so far. */
  get utterances(): number {
    return this.count;
  }

  reset(): void {
    this.totals.fill(0);
    this.active.clear();
    this.recent.clear();
    this.count = 0;
  }
}

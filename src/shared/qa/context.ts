/** Per-call state shared by the checks: normalised utterances and their phrase hits. */
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import type { CheckId, PhraseListName } from './config.js';
import type { CompiledQa } from './compile.js';
import { listMatches, type CompiledList, type Hits } from './matching.js';
import type { CallEvent, Speaker, Transcript } from './transcript.js';

/**
 * One utterance. Its normalised text lives in the call's arena (below) and becomes a
 * string only when a check asks for it: most checks only look at the phrase hits.
 */
export class Utterance {
  private normText: string | undefined;

  constructor(
    /** Index of the segment in the transcript. */
    readonly index: number,
    readonly speaker: Speaker,
    readonly start: number,
    readonly end: number,
    /** Original text. */
    readonly text: string,
    readonly hits: Hits,
    /** Spoken characters of the original (spokenLength). */
    readonly spoken: number,
    private readonly arena: Uint16Array,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Normalised text. */
  get norm(): string {
    return (this.normText ??= unitsToString(this.arena, this.to, this.from));
  }

  /** Whether the normalised text holds 11 digits in a row (`/\d{11}/`), read from the arena. */
  get hasLongNumber(): boolean {
    let run = 0;
    for (let i = this.from; i < this.to; i++) {
      const c = this.arena[i]!;
      run = c >= 0x30 && c <= 0x39 ? run + 1 : 0;
      if (run >= 11) return true;
    }
    return false;
  }
}

export interface Violation {
  /** A standard check id or a custom rule id. */
  check: CheckId | (string & {});
  /** Segment index, or null for findings about events or about something missing. */
  segment: number | null;
  /** ms since the answer: the segment start, or the event time. */
  at: number;
  /** The original text of the segment, or a short description. */
  evidence: string;
}

// The engine is synchronous, so one normalisation buffer serves every call.
const buffer = newNormBuffer();

export class CallContext {
  /** Utterances with something said (segments of only punctuation or silence are left out). */
  readonly utterances: Utterance[];
  readonly agent: Utterance[];
  readonly customer: Utterance[];
  readonly events: CallEvent[];
  readonly violations: Violation[] = [];
  /** Set by the taboo check when a fatal class matched. */
  fatalTaboo = false;

  constructor(
    readonly transcript: Transcript,
    readonly compiled: CompiledQa,
  ) {
    const segs = transcript.segments;
    this.utterances = [];
    this.agent = [];
    this.customer = [];
    // Each segment is normalised once into the buffer, scanned from there and copied
    // into one arena per call (so an utterance stays valid as long as it is held).
    let size = 0;
    for (const s of segs) size += s.text.length;
    let arena = new Uint16Array(size + 16);
    let pos = 0;
    for (let index = 0; index < segs.length; index++) {
      const s = segs[index]!;
      normalizeInto(s.text, buffer);
      const n = buffer.length;
      if (n === 0) continue;
      const hits = compiled.scanner.scan(buffer.units, n);
      if (pos + n > arena.length) {
        // positional numerals can make the text longer than the original
        const grown = new Uint16Array(2 * (pos + n));
        grown.set(arena);
        arena = grown;
      }
      for (let k = 0; k < n; k++) arena[pos + k] = buffer.units[k]!;
      const u = new Utterance(index, s.speaker, s.start, s.end, s.text, hits, buffer.spoken, arena, pos, pos + n);
      pos += n;
      this.utterances.push(u);
      (s.speaker === 'agent' ? this.agent : this.customer).push(u);
    }
    this.events = [...transcript.events].sort((a, b) => a.at - b.at);
  }

  get config() {
    return this.compiled.config;
  }

  get thresholds() {
    return this.compiled.config.thresholds;
  }

  list(name: PhraseListName): CompiledList {
    return this.compiled.lists[name];
  }

  /** Whether the utterance contains a phrase of the list (exceptions applied). */
  has(name: PhraseListName | CompiledList, u: Utterance): boolean {
    const list = typeof name === 'string' ? this.compiled.lists[name] : name;
    return listMatches(list, u);
  }

  /** The agent utterances after position `from` in `utterances` order (by segment index). */
  agentAfter(index: number, count: number): Utterance[] {
    const out: Utterance[] = [];
    for (const u of this.agent) {
      if (u.index > index) out.push(u);
      if (out.length >= count) break;
    }
    return out;
  }

  add(check: CheckId | string, segment: Utterance | null, at: number, description = ''): void {
    if (!this.compiled.enabled(check as CheckId)) return;
    this.violations.push({ check, segment: segment ? segment.index : null, at: segment ? segment.start : at, evidence: segment ? segment.text : description });
  }
}

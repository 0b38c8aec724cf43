/** Per-call state shared by the checks: normalised utterances and their phrase hits. */
import { normalizeText } from '../text/normalize.js';
import type { CheckId, PhraseListName } from './config.js';
import type { CompiledQa } from './compile.js';
import { matchList, type CompiledList, type Hits } from './matching.js';
import type { CallEvent, Speaker, Transcript } from './transcript.js';

export interface Utterance {
  /** Index of the segment in the transcript. */
  index: number;
  speaker: Speaker;
  start: number;
  end: number;
  /** Original text. */
  text: string;
  /** Normalised text. */
  norm: string;
  hits: Hits;
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
    const norms = segs.map((s) => normalizeText(s.text));
    const hits = compiled.scanner.scan(norms);
    this.utterances = [];
    this.agent = [];
    this.customer = [];
    for (let index = 0; index < segs.length; index++) {
      const s = segs[index]!;
      const norm = norms[index]!;
      if (norm.length === 0) continue;
      const u: Utterance = { index, speaker: s.speaker, start: s.start, end: s.end, text: s.text, norm, hits: hits[index]! };
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
    return matchList(list, u.norm, u.hits) !== null;
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

/** Per-call state shared by the checks: normalised utterances and their phrase hits. */
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import type { CheckId, PhraseListName } from './config.js';
import type { CompiledQa } from './compile.js';
import { listMatches, mayMatchAny, type CompiledList, type Hits } from './matching.js';
import type { Hold } from './checks-timing.js';
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
    /** Which phrase lists may match (matching.ts). */
    readonly mask: number,
    /** Spoken characters of the original (spokenLength). */
    readonly spoken: number,
    /** Whether the normalised text holds 11 digits in a row (`/\d{11}/`): a phone or ID number may be in it. */
    readonly hasLongNumber: boolean,
    /** How many digits the normalised text holds (a number read in pieces has 11 but not in a row). */
    readonly digits: number,
    private readonly arena: Uint16Array,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Normalised text. */
  get norm(): string {
    return (this.normText ??= unitsToString(this.arena, this.to, this.from));
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

// The engine is synchronous, so one normalisation buffer serves every call, and so does
// one arena for the normalised texts of a call's utterances: they are read only while the
// call is checked (allocating a typed array per call cost more than the copy into it).
const buffer = newNormBuffer();
let arena = new Uint16Array(1 << 14);

/** Events by time; a transcript's own array when it is in order already (it is not changed). */
function byTime(events: CallEvent[]): CallEvent[] {
  for (let i = 1; i < events.length; i++) if (events[i]!.at < events[i - 1]!.at) return [...events].sort((a, b) => a.at - b.at);
  return events;
}

export class CallContext {
  /** Utterances with something said (segments of only punctuation or silence are left out). */
  readonly utterances: Utterance[];
  readonly agent: Utterance[];
  readonly customer: Utterance[];
  /** The OR of the agent's / the customer's utterance masks: which lists may match anywhere. */
  agentMask = 0;
  customerMask = 0;
  readonly events: CallEvent[];
  readonly violations: Violation[] = [];
  /** Set by the taboo check when a fatal class matched. */
  fatalTaboo = false;
  /** Whether a ticket was created from the call (undefined: not known, the agent's words decide). */
  ticketRegistered: boolean | undefined = undefined;
  /** The call's holds, worked out once for the checks that need them (checks-timing.ts). */
  holdsMemo: Hold[] | undefined = undefined;

  constructor(
    readonly transcript: Transcript,
    readonly compiled: CompiledQa,
  ) {
    const segs = transcript.segments;
    this.utterances = [];
    this.agent = [];
    this.customer = [];
    // Each segment is normalised once into the buffer, scanned from there and copied
    // into the arena (valid until the next call is checked).
    let pos = 0;
    for (let index = 0; index < segs.length; index++) {
      const s = segs[index]!;
      normalizeInto(s.text, buffer);
      const n = buffer.length;
      if (n === 0) continue;
      const hits = compiled.scanner.scan(buffer.units, n);
      if (pos + n > arena.length) {
        // a longer call than any before: earlier utterances of this call keep the old arena
        arena = new Uint16Array(2 * (pos + n));
        pos = 0;
      }
      // the copy also looks for 11 digits in a row (the privacy check's pre-test)
      const units = buffer.units;
      let run = 0;
      let long = false;
      let digits = 0;
      for (let k = 0; k < n; k++) {
        const c = units[k]!;
        arena[pos + k] = c;
        if (c >= 0x30 && c <= 0x39) {
          run++;
          digits++;
        } else run = 0;
        if (run >= 11) long = true;
      }
      const u = new Utterance(index, s.speaker, s.start, s.end, s.text, hits, compiled.scanner.lastMask, buffer.spoken, long, digits, arena, pos, pos + n);
      pos += n;
      this.utterances.push(u);
      if (s.speaker === 'agent') {
        this.agent.push(u);
        this.agentMask |= u.mask;
      } else {
        this.customer.push(u);
        this.customerMask |= u.mask;
      }
    }
    this.events = byTime(transcript.events);
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

  /** The compiled phrase lists; `ctx.lists.apology` is a plain property read, where `list('apology')` is a lookup by key. */
  get lists(): Record<PhraseListName, CompiledList> {
    return this.compiled.lists;
  }

  /** Whether the utterance contains a phrase of the list (exceptions applied). */
  has(name: PhraseListName | CompiledList, u: Utterance): boolean {
    const list = typeof name === 'string' ? this.compiled.lists[name] : name;
    return listMatches(list, u);
  }

  /** Whether some of the agent's utterances contains a phrase of the list. */
  agentHas(list: CompiledList): boolean {
    if (!mayMatchAny(list, this.agentMask)) return false;
    for (const u of this.agent) if (listMatches(list, u)) return true;
    return false;
  }

  /** Whether some utterance of either speaker contains a phrase of the list. */
  anyoneHas(list: CompiledList): boolean {
    if (!mayMatchAny(list, this.agentMask | this.customerMask)) return false;
    for (const u of this.utterances) if (listMatches(list, u)) return true;
    return false;
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

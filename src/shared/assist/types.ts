/** Public types of the assist engine (坐席辅助): suggestions and live warnings for the workbench. */
import type { Severity } from '../qa/config.js';
import type { CallStageId } from '../standards/schema.js';

/**
 * Where a text comes from. Customer speech drives scenario and customer-type detection;
 * what the agent types in the notes counts as much (the agent describes the call); the
 * agent's own speech counts less for scenarios (agents echo the caller) and not at all
 * for customer types. Taboo warnings concern the agent's words only.
 */
export type Source = 'customer' | 'agent' | 'notes' | 'draft';

export const sources: readonly Source[] = ['customer', 'agent', 'notes', 'draft'];

export type TargetKind = 'scenario' | 'customerType';

/** One cue found in a text, for highlighting. */
export interface CueMatch {
  /** The cue as the pack writes it (phrase syntax), e.g. `停水` or `/第\d+次打/`. */
  cue: string;
  /** What was said or typed, quoted from the original text (Traditional characters, spoken numerals and all). */
  text: string;
  /** UTF-16 offsets of `text` in the original: `original.slice(start, end) === text`. */
  start: number;
  end: number;
  /** For accumulated suggestions: the index of the utterance (in the order given to the tracker). */
  utterance?: number;
}

export interface Suggestion {
  kind: TargetKind;
  /** Scenario or customer-type id of the pack. */
  id: string;
  name: string;
  /** The scenario's group (workbench menu); absent for customer types. */
  group?: string;
  /** Sum of the weights of the cues found (longer, rarer cues weigh more); only comparable within one pack. */
  score: number;
  /** The cues that led to it, strongest first. */
  cues: CueMatch[];
}

export interface Suggestions {
  scenarios: Suggestion[];
  customerTypes: Suggestion[];
}

export interface SuggestOptions {
  /** Who said or typed the text (default `customer`). */
  source?: Source;
  /** How many of each kind (default 3). */
  k?: number;
  /** Leave out suggestions scoring below this (default 0.4). */
  minScore?: number;
  /**
   * The step the call is in (the workbench's SOP stage): scenarios the pack ties to an earlier
   * step (`scenario.stage`, e.g. the opening greeting) are past and left out.
   */
  stage?: CallStageId;
}

/** A taboo phrase (服务忌语) in the agent's own words, with what to say instead. */
export interface TabooWarning {
  kind: 'taboo';
  /** The phrase as the pack writes it. */
  phrase: string;
  /** The words quoted from the original text. */
  text: string;
  start: number;
  end: number;
  classId: string;
  className: string;
  severity: Severity;
  /** The pack's polite alternative (the phrase's own, else its class's); null when the pack has none. */
  alternative: string | null;
}

export interface DeadAirState {
  /** Seconds nobody has spoken. */
  seconds: number;
  /** The pack's limit (`qa.thresholds.deadAirMs`, in seconds). */
  limitSeconds: number;
  /** Beyond the limit, outside a hold: what the QA check `silence.dead-air` flags. */
  exceeded: boolean;
}

export interface SpeechRateState {
  /** Characters per minute over the utterances long enough to count; null when none is. */
  rate: number | null;
  min: number;
  max: number;
  /** `slow` / `fast` outside the pack's bounds (the QA check `speech.rate`); `unknown` without enough speech. */
  status: 'slow' | 'ok' | 'fast' | 'unknown';
}

export interface TimedText {
  text: string;
  /** ms, any origin. */
  startMs: number;
  endMs: number;
}

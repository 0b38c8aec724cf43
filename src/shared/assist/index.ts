/**
 * The assist engine (坐席辅助) of the agent workbench. Pure and synchronous: it runs in
 * the browser, on every transcript segment and on what the agent types.
 *
 * ```ts
 * const assist = createAssist(pack);                       // compiled once per pack object
 * assist.suggest('我家停水两天了', { source: 'customer' });   // top scenarios and customer types, with the cues found
 * const call = assist.track();                             // one per call
 * call.add('喂，你好', 'customer'); call.suggestions();       // recent utterances weigh more
 * assist.warnings('这个我不清楚，你去问别人', 'draft');          // taboo phrases with the pack's alternative
 * assist.marks('跟您确认一下，…', 'agent');                  // ['recap']: moves the call's steps on
 * assist.deadAir(12); assist.speechRate(agentUtterances);  // against the thresholds QA uses
 * ```
 */
import { compileQa, type CompiledQa } from '../qa/compile.js';
import type { QaThresholds } from '../qa/config.js';
import { toQaConfig } from '../standards/qa.js';
import { scenarioRuleId } from '../qa/scenario-rules.js';
import { callStageIds, type CallStageId, type Pack } from '../standards/schema.js';
import { compileCues, type CueIndex } from './cues.js';
import { MarkChecker, type Mark } from './marks.js';
import { CallTracker, Scorer, suggestOne, type TrackerOptions } from './suggest.js';
import type { DeadAirState, Source, SpeechRateState, SuggestOptions, Suggestions, TabooWarning, TimedText } from './types.js';
import { TabooChecker, deadAirState, speechRateState } from './warnings.js';

export * from './types.js';
export { deriveChunks } from './cues.js';
export { sourceWeights, type TrackerOptions } from './suggest.js';
export { agentSources } from './warnings.js';
export { agentMarks, customerMarks, type Mark } from './marks.js';

export interface Assist {
  readonly pack: Pack;
  /** Top scenarios and customer types for one utterance or one piece of typed text. */
  suggest(text: string, opts?: SuggestOptions): Suggestions;
  /** A tracker for one call: add utterances as they come; suggestions weigh recent ones more. */
  track(opts?: TrackerOptions): CallTracker;
  /**
   * All utterances of a call (or the call so far) at once; the same as adding them to a fresh
   * tracker. With `stage`, the scenarios the call is past (`scenario.stage` earlier) are left out.
   */
  accumulate(utterances: ReadonlyArray<{ text: string; source?: Source }>, opts?: SuggestOptions & TrackerOptions): Suggestions;
  /** Taboo phrases and the scenarios' forbidden phrasings in the agent's own words (`agent`, `notes`, `draft`); none for the customer's. */
  warnings(text: string, source: Source): TabooWarning[];
  /** Whether `seconds` without speech is dead air by the pack's threshold. */
  deadAir(seconds: number, opts?: { onHold?: boolean }): DeadAirState;
  /** The agent's speech rate over these utterances against the pack's bounds. */
  speechRate(utterances: readonly TimedText[]): SpeechRateState;
  /** Which of the standard's phrase lists the text shows (greeting, recap, hold consent, the caller's dissatisfaction …). */
  marks(text: string, source: Source): Mark[];
  /** The QA thresholds the warnings use (the pack's `qa.thresholds`). */
  readonly thresholds: QaThresholds;
}

class PackAssist implements Assist {
  readonly thresholds: QaThresholds;
  private readonly scorer: Scorer;
  private readonly taboo: TabooChecker;
  private readonly marker: MarkChecker;
  /** Per step of the call: the scenarios the call is past once it is there (tied to an earlier step). */
  private readonly pastAt = new Map<CallStageId, ReadonlySet<string>>();

  constructor(
    readonly pack: Pack,
    index: CueIndex,
    qa: CompiledQa,
  ) {
    this.scorer = new Scorer(index);
    // instead of a scenario's forbidden phrasing: the scenario's first recommended line
    const scenarioAlternatives = new Map<string, string>();
    for (const s of pack.scenarios) {
      const line = s.steps.find((step) => step.script !== undefined)?.script;
      if (line !== undefined) scenarioAlternatives.set(scenarioRuleId(s.id), line);
    }
    this.taboo = new TabooChecker(qa, scenarioAlternatives);
    this.marker = new MarkChecker(qa);
    this.thresholds = qa.config.thresholds;
    callStageIds.forEach((stage, i) => {
      this.pastAt.set(stage, new Set(pack.scenarios.filter((s) => s.stage !== undefined && callStageIds.indexOf(s.stage) < i).map((s) => s.id)));
    });
  }

  private past(stage: CallStageId | undefined): ReadonlySet<string> | undefined {
    return stage === undefined ? undefined : this.pastAt.get(stage);
  }

  suggest(text: string, opts?: SuggestOptions): Suggestions {
    return suggestOne(this.scorer, text, opts, this.past(opts?.stage));
  }

  track(opts?: TrackerOptions): CallTracker {
    return new CallTracker(this.scorer, opts);
  }

  accumulate(utterances: ReadonlyArray<{ text: string; source?: Source }>, opts: SuggestOptions & TrackerOptions = {}): Suggestions {
    const tracker = new CallTracker(this.scorer, opts);
    for (const u of utterances) tracker.add(u.text, u.source ?? 'customer');
    return tracker.suggestions(opts, this.past(opts.stage));
  }

  warnings(text: string, source: Source): TabooWarning[] {
    return this.taboo.warnings(text, source);
  }

  marks(text: string, source: Source): Mark[] {
    return this.marker.marks(text, source);
  }

  deadAir(seconds: number, opts?: { onHold?: boolean }): DeadAirState {
    return deadAirState(this.thresholds, seconds, opts);
  }

  speechRate(utterances: readonly TimedText[]): SpeechRateState {
    return speechRateState(this.thresholds, utterances);
  }
}

const cache = new WeakMap<Pack, Assist>();

/** The assist engine of a pack, compiled on first use and cached for the pack object. */
export function createAssist(pack: Pack): Assist {
  let assist = cache.get(pack);
  if (!assist) {
    assist = new PackAssist(pack, compileCues(pack), compileQa(toQaConfig(pack)));
    cache.set(pack, assist);
  }
  return assist;
}

export { CallTracker };

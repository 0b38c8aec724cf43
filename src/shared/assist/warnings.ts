/**
 * Live warnings for the agent: taboo phrases (服务忌语) in what the agent says or types,
 * dead air, and speech rate — judged exactly as the QA engine will judge the call.
 *
 * Taboo: the QA engine's compiled configuration of the pack (compileQa(toQaConfig(pack)),
 * one automaton for the taboo lexicon and its look-alike exceptions) decides whether a
 * class matches (`listMatches`, the same call the taboo.phrase check makes); only then
 * are the phrases located, for highlighting and for the alternative to offer. The
 * scenarios' forbidden phrasings are warned about the same way (the QA rules
 * `scenario.<id>`, scenario-rules.ts), with the scenario's recommended line to say instead.
 */
import type { CompiledQa } from '../qa/compile.js';
import { listMatches, type CompiledList, type Hits } from '../qa/matching.js';
import { SCENARIO_RULE_PREFIX } from '../qa/scenario-rules.js';
import type { QaThresholds } from '../qa/config.js';
import { newNormBuffer, normalizeInto, spokenLength, unitsToString } from '../text/normalize.js';
import { OriginalText, overlapsAny, phraseSpans } from './spans.js';
import type { DeadAirState, Source, SpeechRateState, TabooWarning, TimedText } from './types.js';

/** Sources whose words are the agent's own: these are checked for taboo phrases. */
export const agentSources: readonly Source[] = ['agent', 'notes', 'draft'];

/** A list of phrases the warnings look for: a taboo class, or a scenario's forbidden phrasings. */
interface WarnedList {
  id: string;
  name: string;
  severity: TabooWarning['severity'];
  list: CompiledList;
  alternative: (j: number) => string | null;
}

export class TabooChecker {
  private readonly buffer = newNormBuffer();
  private readonly lists: WarnedList[];

  /**
   * `scenarioAlternatives`: what to say instead of a scenario's forbidden phrasing (its
   * recommended script), by rule id (`scenario.<id>`).
   */
  constructor(
    readonly qa: CompiledQa,
    scenarioAlternatives: ReadonlyMap<string, string> = new Map(),
  ) {
    this.lists = [
      ...qa.taboo.map((cls) => ({ id: cls.id, name: cls.name, severity: cls.severity, list: cls.list, alternative: (j: number) => cls.alternatives[j] ?? null })),
      // the scenarios' forbidden phrasings, as the QA rules scenario.<id> check them
      ...qa.rules
        .filter((r) => r.rule.id.startsWith(SCENARIO_RULE_PREFIX) && r.when.kwAny !== undefined)
        .map((r) => ({ id: r.rule.id, name: r.rule.name, severity: r.rule.severity, list: r.when.kwAny!, alternative: () => scenarioAlternatives.get(r.rule.id) ?? null })),
    ];
  }

  warnings(text: string, source: Source): TabooWarning[] {
    if (!agentSources.includes(source)) return [];
    const buf = this.buffer;
    normalizeInto(text, buf);
    if (buf.length === 0) return [];
    const hits: Hits = this.qa.scanner.scan(buf.units, buf.length);
    let norm: string | null = null;
    const normText = () => (norm ??= unitsToString(buf.units, buf.length));
    const utterance = {
      hits,
      get norm() {
        return normText();
      },
    };
    const out: TabooWarning[] = [];
    let original: OriginalText | null = null;
    for (const w of this.lists) {
      if (!listMatches(w.list, utterance)) continue;
      const exceptions: number[] = [];
      for (const e of w.list.exceptions) phraseSpans(e, normText, hits, exceptions);
      const spans: number[] = [];
      w.list.phrases.forEach((p, j) => {
        spans.length = 0;
        phraseSpans(p, normText, hits, spans);
        for (let k = 0; k < spans.length; k += 2) {
          const a = spans[k]!;
          const b = spans[k + 1]!;
          if (overlapsAny(a, b, exceptions)) continue;
          original ??= new OriginalText(text);
          const [start, end] = original.span(a, b);
          out.push({
            kind: 'taboo',
            phrase: w.list.sources[j]!,
            text: text.slice(start, end),
            start,
            end,
            classId: w.id,
            className: w.name,
            severity: w.severity,
            alternative: w.alternative(j),
          });
        }
      });
    }
    return dedupe(out);
  }
}

/** One warning per stretch of text: of overlapping ones, a lexicon one before a scenario's, then the longest (then the first listed) stays. */
function dedupe(ws: TabooWarning[]): TabooWarning[] {
  // the lexicon's warning wins over a scenario's on the same words (its class and alternative are the general ones)
  const scenario = (w: TabooWarning) => (w.classId.startsWith(SCENARIO_RULE_PREFIX) ? 1 : 0);
  const sorted = ws.map((w, i) => ({ w, i })).sort((x, y) => scenario(x.w) - scenario(y.w) || y.w.end - y.w.start - (x.w.end - x.w.start) || x.i - y.i);
  const kept: TabooWarning[] = [];
  for (const { w } of sorted) if (!kept.some((k) => w.start < k.end && k.start < w.end)) kept.push(w);
  return kept.sort((a, b) => a.start - b.start);
}

/** Dead air: nobody has spoken for `seconds`; a hold does not count (the hold timer has its own prompts). */
export function deadAirState(thresholds: QaThresholds, seconds: number, opts: { onHold?: boolean } = {}): DeadAirState {
  const limitSeconds = thresholds.deadAirMs / 1000;
  return { seconds, limitSeconds, exceeded: !opts.onHold && seconds * 1000 > thresholds.deadAirMs };
}

/**
 * The agent's speech rate over some utterances, as the QA check `speech.rate` counts it:
 * spoken characters (no punctuation) per minute, over utterances with at least
 * `speechRateMinChars` characters and a duration.
 */
export function speechRateState(thresholds: QaThresholds, utterances: readonly TimedText[]): SpeechRateState {
  let chars = 0;
  let ms = 0;
  for (const u of utterances) {
    const n = spokenLength(u.text);
    if (n < thresholds.speechRateMinChars || u.endMs <= u.startMs) continue;
    chars += n;
    ms += u.endMs - u.startMs;
  }
  const min = thresholds.speechRateMin;
  const max = thresholds.speechRateMax;
  if (ms <= 0) return { rate: null, min, max, status: 'unknown' };
  const rate = (chars * 60_000) / ms;
  return { rate: Math.round(rate), min, max, status: rate > max ? 'fast' : rate < min ? 'slow' : 'ok' };
}

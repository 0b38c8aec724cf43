/**
 * Live warnings for the agent: taboo phrases (服务忌语) in what the agent says or types,
 * dead air, and speech rate — judged exactly as the QA engine will judge the call.
 *
 * Taboo: the QA engine's compiled configuration of the pack (compileQa(toQaConfig(pack)),
 * one automaton for the taboo lexicon and its look-alike exceptions) decides whether a
 * class matches (`listMatches`, the same call the taboo.phrase check makes); only then
 * are the phrases located, for highlighting and for the alternative to offer.
 */
import type { CompiledQa } from '../qa/compile.js';
import { listMatches, type Hits } from '../qa/matching.js';
import type { QaThresholds } from '../qa/config.js';
import { newNormBuffer, normalizeInto, spokenLength, unitsToString } from '../text/normalize.js';
import { OriginalText, overlapsAny, phraseSpans } from './spans.js';
import type { DeadAirState, Source, SpeechRateState, TabooWarning, TimedText } from './types.js';

/** Sources whose words are the agent's own: these are checked for taboo phrases. */
export const agentSources: readonly Source[] = ['agent', 'notes', 'draft'];

export class TabooChecker {
  private readonly buffer = newNormBuffer();

  constructor(readonly qa: CompiledQa) {}

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
    for (const cls of this.qa.taboo) {
      if (!listMatches(cls.list, utterance)) continue;
      const exceptions: number[] = [];
      for (const e of cls.list.exceptions) phraseSpans(e, normText, hits, exceptions);
      const spans: number[] = [];
      cls.list.phrases.forEach((p, j) => {
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
            phrase: cls.list.sources[j]!,
            text: text.slice(start, end),
            start,
            end,
            classId: cls.id,
            className: cls.name,
            severity: cls.severity,
            alternative: cls.alternatives[j] ?? null,
          });
        }
      });
    }
    return dedupe(out);
  }
}

/** One warning per stretch of text: of overlapping ones, the longest (then the first listed) stays. */
function dedupe(ws: TabooWarning[]): TabooWarning[] {
  const sorted = ws.map((w, i) => ({ w, i })).sort((x, y) => y.w.end - y.w.start - (x.w.end - x.w.start) || x.i - y.i);
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

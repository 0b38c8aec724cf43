/**
 * Marks: which of the standard's phrase lists an utterance shows — the greeting, a recap,
 * the closing offer, a hold consent, the caller's dissatisfaction … The workbench uses them to
 * move the call's steps on by themselves and to start the timers the standard asks for.
 * The lists and the matching are the QA engine's (`listMatches` on the pack's compiled lists),
 * so what advances a step is what QA will later accept.
 */
import type { CompiledQa } from '../qa/compile.js';
import type { PhraseListName } from '../qa/config.js';
import { listMatches, type Hits } from '../qa/matching.js';
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import type { Source } from './types.js';

/** Phrase lists of the agent's words that steps and timers react to. */
export const agentMarks = ['greeting', 'apology', 'holdConsent', 'holdThanks', 'recap', 'closingOffer', 'farewell', 'endNotice', 'transferNotice', 'deadline'] as const;
/** Phrase lists of the caller's words. */
export const customerMarks = ['dissatisfaction'] as const;
export type Mark = (typeof agentMarks)[number] | (typeof customerMarks)[number];

export class MarkChecker {
  private readonly buffer = newNormBuffer();

  constructor(private readonly qa: CompiledQa) {}

  /** The marks of one utterance (or typed text); the agent's lists for agent sources, the caller's for `customer`. */
  marks(text: string, source: Source): Mark[] {
    const names: readonly PhraseListName[] = source === 'customer' ? customerMarks : agentMarks;
    const buf = this.buffer;
    normalizeInto(text, buf);
    if (buf.length === 0) return [];
    const hits: Hits = this.qa.scanner.scan(buf.units, buf.length);
    let norm: string | null = null;
    const utterance = {
      hits,
      get norm() {
        return (norm ??= unitsToString(buf.units, buf.length));
      },
    };
    return names.filter((name) => listMatches(this.qa.lists[name], utterance)) as Mark[];
  }
}

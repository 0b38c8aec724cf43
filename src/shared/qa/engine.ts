/**
 * The QA engine: runs the 18 standard checks and the custom rules on one call.
 * Pure: no I/O, no clock — it runs in the browser too.
 *
 * Evidence: for a finding about an utterance, `segment` is its index, `at` its start
 * and `evidence` its original text (Traditional characters, spoken numerals and all).
 * For a finding about an event or about something missing (a hold without consent, a
 * missing closing offer), `segment` is null, `at` the event time (or the start of the
 * agent's last utterance for what the closing lacks) and `evidence` a short description.
 */
import { checkIds, type CheckId, type QaConfig } from './config.js';
import { compileQa, type CompiledQa } from './compile.js';
import { CallContext, type Violation } from './context.js';
import { checkClosing, checkCommitment, checkEmpathy, checkGreeting, checkPrivacy, checkRecap, checkTaboo, commitments } from './checks-language.js';
import {
  checkAnswer,
  checkDeadAir,
  checkHangup,
  checkHolds,
  checkInterruption,
  checkSilentCall,
  checkSpeechRate,
  checkTransfers,
} from './checks-timing.js';
import { checkCustomRules } from './custom-rules.js';
import type { Transcript } from './transcript.js';

export { compileQa, type CompiledQa };
export type { Violation };

export interface QaResult {
  id: string;
  score: number;
  fatal: boolean;
  violations: Violation[];
}

const order = new Map<string, number>(checkIds.map((id, i) => [id, i]));

export function checkCall(transcript: Transcript, compiled: CompiledQa | QaConfig): QaResult {
  const c = 'scanner' in compiled ? compiled : compileQa(compiled);
  const ctx = new CallContext(transcript, c);
  checkAnswer(ctx);
  checkGreeting(ctx);
  checkTaboo(ctx);
  checkHolds(ctx);
  checkDeadAir(ctx);
  checkInterruption(ctx);
  checkSpeechRate(ctx);
  checkEmpathy(ctx);
  const deferrals = commitments(ctx);
  checkCommitment(ctx, deferrals);
  checkRecap(ctx, deferrals);
  checkClosing(ctx);
  checkHangup(ctx);
  checkSilentCall(ctx);
  checkTransfers(ctx);
  checkPrivacy(ctx);
  const fatalRules = checkCustomRules(ctx);

  // Array.prototype.sort is stable, so equal keys keep the order the checks found them in
  const violations = ctx.violations.slice().sort((a, b) => a.at - b.at || (order.get(a.check) ?? 99) - (order.get(b.check) ?? 99));
  let score = 100;
  let fatal = ctx.fatalTaboo || fatalRules;
  const seen = new Set<string>();
  for (const v of violations) {
    if (seen.has(v.check)) continue;
    seen.add(v.check);
    score -= c.weights.get(v.check) ?? 0;
    if (c.fatalChecks.has(v.check)) fatal = true;
  }
  return { id: transcript.id, score: fatal ? 0 : Math.max(0, Math.round(score)), fatal, violations };
}

/** The ids of the checks a result violates, in spec order, without repeats. */
export function violatedChecks(result: QaResult): string[] {
  return [...new Set(result.violations.map((v) => v.check))].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b));
}

export type { CheckId };

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
import { checkClosing, checkCommitment, checkEmpathy, checkGreeting, checkRecap, checkTaboo, commitments } from './checks-language.js';
import { checkPrivacy } from './checks-privacy.js';
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
import { checkUnresolvedComplaint } from './escalation.js';
import { listMatches } from './matching.js';
import { normalizeText } from '../text/normalize.js';
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

/** What the caller of the engine knows about the call beyond its transcript. */
export interface CheckOptions {
  /**
   * Whether a ticket (a registered request) was created from the call; rules with
   * `appliesWhen.registered` then need no registration phrase. Unknown (the CLI): the
   * agent's words decide.
   */
  ticketRegistered?: boolean;
}

export function checkCall(transcript: Transcript, compiled: CompiledQa | QaConfig, options: CheckOptions = {}): QaResult {
  const c = 'scanner' in compiled ? compiled : compileQa(compiled);
  const ctx = new CallContext(transcript, c);
  if (options.ticketRegistered !== undefined) ctx.ticketRegistered = options.ticketRegistered;
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
  checkUnresolvedComplaint(ctx);
  const fatalRules = checkCustomRules(ctx);

  const violations = byTimeAndCheck(ctx.violations);
  const { score, fatal } = scoreFindings(violations, c, ctx.fatalTaboo || fatalRules);
  return { id: transcript.id, score, fatal, violations };
}

/**
 * The score of a call from its findings — the one scoring rule, used by the engine for
 * its own findings and by the review of findings for those a person left standing:
 * 100 − the weight of each violated check (once per call, however many findings it
 * has), never below 0; 0 and fatal when `fatal` is given or a check listed in `fatal`
 * is violated.
 */
export function scoreFindings(findings: ReadonlyArray<{ readonly check: string }>, compiled: CompiledQa, fatal = false): { score: number; fatal: boolean } {
  let score = 100;
  for (const d of findingDeductions(findings, compiled)) score -= d;
  if (findings.some((f) => compiled.fatalChecks.has(f.check))) fatal = true;
  return { score: fatal ? 0 : Math.max(0, Math.round(score)), fatal };
}

/**
 * What each finding takes off the score, in the order given (the scorecard shows it beside the finding): its check's
 * weight on the first finding of that check, 0 on the others — a check counts once per call. `scoreFindings` sums these.
 */
export function findingDeductions(findings: ReadonlyArray<{ readonly check: string }>, compiled: CompiledQa): number[] {
  const seen = new Set<string>();
  return findings.map((f) => {
    if (seen.has(f.check)) return 0;
    seen.add(f.check);
    return compiled.weights.get(f.check) ?? 0;
  });
}

/**
 * Whether one finding fails the call on its own, as `checkCall` decides: a check listed
 * in `fatal`, a custom rule of severity `fatal`, or a taboo finding on an utterance with
 * a phrase of a `fatal` class (abuse) — worked out again from the utterance's text, so
 * a stored finding needs nothing but its check, segment and evidence.
 */
export function isFatalFinding(compiled: CompiledQa, f: { readonly check: string; readonly segment: number | null; readonly evidence: string }): boolean {
  if (compiled.fatalChecks.has(f.check)) return true;
  if (compiled.rules.some((r) => r.rule.id === f.check && r.rule.severity === 'fatal')) return true;
  if (f.check !== 'taboo.phrase' || f.segment === null || !compiled.enabled('taboo.phrase')) return false;
  const norm = normalizeText(f.evidence);
  const units = new Uint16Array(norm.length);
  for (let i = 0; i < norm.length; i++) units[i] = norm.charCodeAt(i);
  const hits = compiled.scanner.scan(units, norm.length);
  const utterance = { norm, hits, mask: compiled.scanner.lastMask };
  return compiled.taboo.some((cls) => cls.severity === 'fatal' && listMatches(cls.list, utterance));
}

const rank = (v: Violation): number => order.get(v.check) ?? 99;

/**
 * Violations ordered by `at`, then by check in spec order; equal keys keep the order the
 * checks found them in (a stable sort). In place: a call has a handful of violations, which
 * an insertion sort orders faster than Array.prototype.sort sets itself up.
 */
function byTimeAndCheck(vs: Violation[]): Violation[] {
  if (vs.length > 64) return vs.sort((a, b) => a.at - b.at || rank(a) - rank(b));
  for (let i = 1; i < vs.length; i++) {
    const v = vs[i]!;
    const r = rank(v);
    let j = i - 1;
    while (j >= 0 && (vs[j]!.at > v.at || (vs[j]!.at === v.at && rank(vs[j]!) > r))) {
      vs[j + 1] = vs[j]!;
      j--;
    }
    vs[j + 1] = v;
  }
  return vs;
}

/** The ids of the checks a result violates, in spec order, without repeats. */
export function violatedChecks(result: QaResult): string[] {
  return [...new Set(result.violations.map((v) => v.check))].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b));
}

export type { CheckId };

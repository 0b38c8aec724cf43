/**
 * The standard's clocks during a call, as pure functions of a few instants (ms): the hold timer
 * (consent before, a check-in every N seconds, thanks after, a callback offer past the longest
 * hold), the silent-call protocol (prompt, wait, prompt, wait, end notice, wait, then hang up) and
 * the unresolved-complaint rule (telecom's 180 seconds). The workbench renders them every second.
 */
import type { CallRules } from '../standards/schema.js';

// ---------------------------------------------------------------- hold

export interface HoldState {
  /** Time on this hold. */
  elapsedMs: number;
  /** Hold time of the whole call, this hold included. */
  totalMs: number;
  /** Time since the agent last came back to the caller (the hold's start or the last check-in). */
  sinceCheckInMs: number;
  /** Until the next check-in is due (≤ 0: due now). */
  checkInInMs: number;
  checkInDue: boolean;
  /** Past the pack's longest hold: offer to call back instead of holding on. */
  overMax: boolean;
}

/**
 * @param startedAt when this hold began
 * @param lastCheckInAt when the agent last checked in (null: not yet)
 * @param earlierHoldMs hold time of the call before this hold
 */
export function holdState(rules: CallRules['hold'], now: number, startedAt: number, lastCheckInAt: number | null, earlierHoldMs = 0): HoldState {
  const elapsedMs = Math.max(0, now - startedAt);
  const sinceCheckInMs = Math.max(0, now - Math.max(startedAt, lastCheckInAt ?? startedAt));
  const checkInInMs = rules.checkInEverySeconds * 1000 - sinceCheckInMs;
  const totalMs = earlierHoldMs + elapsedMs;
  return { elapsedMs, totalMs, sinceCheckInMs, checkInInMs, checkInDue: checkInInMs <= 0, overMax: totalMs > rules.maxHoldSeconds * 1000 };
}

// ---------------------------------------------------------------- silent call

export interface SilentStep {
  kind: 'prompt' | 'endNotice' | 'hangup';
  /** The pack's line (not filled in); none for hang-up. */
  script: string | null;
  /** Wait after the previous step was said before this one may be said. */
  waitMs: number;
}

/** The silent-call protocol of the pack: every prompt, the end notice, then the hang-up. */
export function silentCallSteps(rules: CallRules['silentCall']): SilentStep[] {
  const gap = rules.promptGapSeconds * 1000;
  return [
    ...rules.prompts.map((script, i): SilentStep => ({ kind: 'prompt', script, waitMs: i === 0 ? 0 : gap })),
    { kind: 'endNotice', script: rules.endNotice, waitMs: gap },
    { kind: 'hangup', script: null, waitMs: rules.hangupAfterSeconds * 1000 },
  ];
}

export interface SilentState {
  /** The step to do next (steps.length when all are done). */
  index: number;
  /** Until that step may be done (≤ 0: now). */
  readyInMs: number;
  ready: boolean;
  done: boolean;
}

/** Where the protocol stands, given when each step so far was done (`said[i]` for step i). */
export function silentCallState(steps: readonly SilentStep[], said: readonly number[], now: number): SilentState {
  const index = Math.min(said.length, steps.length);
  if (index >= steps.length) return { index, readyInMs: 0, ready: false, done: true };
  const prev = said[index - 1];
  const readyInMs = prev === undefined ? 0 : prev + steps[index]!.waitMs - now;
  return { index, readyInMs, ready: readyInMs <= 0, done: false };
}

// ---------------------------------------------------------------- unresolved complaint

export interface ComplaintState {
  elapsedMs: number;
  limitMs: number;
  /** Past the limit: offer the transfer (or a ticket). */
  exceeded: boolean;
  transferTo: string | null;
  orCreateTicket: boolean;
}

/** The 180-second rule: null when the pack has no such rule or no complaint is running. */
export function complaintState(rule: CallRules['unresolvedComplaint'], startedAt: number | null, now: number): ComplaintState | null {
  if (!rule || startedAt === null) return null;
  const elapsedMs = Math.max(0, now - startedAt);
  const limitMs = rule.afterSeconds * 1000;
  return { elapsedMs, limitMs, exceeded: elapsedMs >= limitMs, transferTo: rule.transferTo ?? null, orCreateTicket: rule.orCreateTicket };
}

// ---------------------------------------------------------------- wrap-up

/** After-call work left (ms; negative once over the pack's wrapUp.maxSeconds). */
export function wrapUpLeftMs(rules: CallRules['wrapUp'], since: number, now: number): number {
  return since + rules.maxSeconds * 1000 - now;
}


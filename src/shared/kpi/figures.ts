/**
 * The figures of docs/kpi.md from additive aggregates. An aggregate is counts, sums and maxima, so buckets merge
 * (a day is the sum of its intervals; a rollup table can hold them), and the figures are computed last.
 */

/** Short abandons: an unanswered caller who hung up before this is not an offered call. */
export const SHORT_ABANDON_MS = 5_000;
/** GB/T 33358-2016: answer within 15 s, 接通率 at least 95 % over any 24 hours. */
export const GBT_ANSWER_WITHIN_SEC = 15;
export const GBT_ANSWER_RATE = 0.95;

export interface Thresholds {
  t1Sec: number;
  t2Sec: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { t1Sec: 15, t2Sec: 20 };
export const THRESHOLD_MIN_SEC = 5;
export const THRESHOLD_MAX_SEC = 600;

// ---------------------------------------------------------------- calls

export interface CallAgg {
  answered: number;
  /** abandoned after 5 s or more */
  abandoned: number;
  shortAbandoned: number;
  answeredWithinT1: number;
  answeredWithinT2: number;
  answeredWithin15: number;
  abandonedAfterT1: number;
  abandonedAfterT2: number;
  /** sum of wait_ms over answered calls */
  waitAnsweredMs: number;
  maxWaitMs: number;
  talkMs: number;
  holdMs: number;
  wrapupMs: number;
  /** answered calls with a wrap-up time */
  wrapupCount: number;
  transfers: number;
  transferredCalls: number;
  outbound: number;
}

export const callAggKeys = [
  'answered', 'abandoned', 'shortAbandoned', 'answeredWithinT1', 'answeredWithinT2', 'answeredWithin15', 'abandonedAfterT1', 'abandonedAfterT2',
  'waitAnsweredMs', 'maxWaitMs', 'talkMs', 'holdMs', 'wrapupMs', 'wrapupCount', 'transfers', 'transferredCalls', 'outbound',
] as const satisfies readonly (keyof CallAgg)[];

/** Agent state time (from the state log), for occupancy. */
export interface AgentTimeAgg {
  /** on_call + wrap_up */
  busyMs: number;
  availableMs: number;
}

export interface CallbackAgg {
  created: number;
  done: number;
  reached: number;
  noAnswer: number;
  wrongNumber: number;
  notNeeded: number;
  open: number;
}
export const callbackAggKeys = ['created', 'done', 'reached', 'noAnswer', 'wrongNumber', 'notNeeded', 'open'] as const satisfies readonly (keyof CallbackAgg)[];

export interface TicketAgg {
  created: number;
  merged: number;
  finished: number;
  finishedOnTime: number;
  overdueNow: number;
  dispatched: number;
  returned: number;
  extended: number;
  surveyed: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  closedOnCall: number;
}
export const ticketAggKeys = [
  'created', 'merged', 'finished', 'finishedOnTime', 'overdueNow', 'dispatched', 'returned', 'extended', 'surveyed', 'satisfied', 'basicallySatisfied',
  'unsatisfied', 'closedOnCall',
] as const satisfies readonly (keyof TicketAgg)[];

export interface QaAgg {
  checked: number;
  scoreSum: number;
  fatal: number;
}
export const qaAggKeys = ['checked', 'scoreSum', 'fatal'] as const satisfies readonly (keyof QaAgg)[];

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export const emptyCallAgg = (): CallAgg => zeros(callAggKeys);
export const emptyAgentTimeAgg = (): AgentTimeAgg => ({ busyMs: 0, availableMs: 0 });
export const emptyCallbackAgg = (): CallbackAgg => zeros(callbackAggKeys);
export const emptyTicketAgg = (): TicketAgg => zeros(ticketAggKeys);
export const emptyQaAgg = (): QaAgg => zeros(qaAggKeys);

/** Adds `b` into `a` (sums; the longest wait is a maximum). */
export function mergeCallAgg(a: CallAgg, b: CallAgg): CallAgg {
  for (const k of callAggKeys) a[k] = k === 'maxWaitMs' ? Math.max(a[k], b[k]) : a[k] + b[k];
  return a;
}
export function mergeSums<T extends object>(a: T, b: T): T {
  const x = a as Record<string, number>;
  const y = b as Record<string, number>;
  for (const k of Object.keys(x)) x[k] = (x[k] ?? 0) + (y[k] ?? 0);
  return a;
}

/** A call as the calls table holds it, for aggregating rows in memory (the wallboard, tests). */
export interface CallRow {
  direction: 'in' | 'out';
  answered: boolean;
  abandoned: boolean;
  /** the call has ended (an outbound call counts once answered or ended) */
  ended: boolean;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  wrapupMs: number | null;
  transfers: number;
}

/** Adds one call to an aggregate; a call that is neither answered nor abandoned (still ringing) is not counted. */
export function addCall(agg: CallAgg, c: CallRow, t: Thresholds): CallAgg {
  if (c.direction === 'out') {
    if (c.answered || c.ended) agg.outbound++;
    return agg;
  }
  const wait = c.waitMs ?? 0;
  if (c.answered) {
    agg.answered++;
    if (wait <= t.t1Sec * 1000) agg.answeredWithinT1++;
    if (wait <= t.t2Sec * 1000) agg.answeredWithinT2++;
    if (wait <= GBT_ANSWER_WITHIN_SEC * 1000) agg.answeredWithin15++;
    agg.waitAnsweredMs += wait;
    agg.talkMs += c.talkMs ?? 0;
    agg.holdMs += c.holdMs;
    if (c.wrapupMs !== null) {
      agg.wrapupMs += c.wrapupMs;
      agg.wrapupCount++;
    }
    agg.transfers += c.transfers;
    if (c.transfers > 0) agg.transferredCalls++;
  } else if (c.abandoned) {
    if (wait < SHORT_ABANDON_MS) agg.shortAbandoned++;
    else agg.abandoned++;
    if (wait > t.t1Sec * 1000) agg.abandonedAfterT1++;
    if (wait > t.t2Sec * 1000) agg.abandonedAfterT2++;
  } else return agg;
  agg.maxWaitMs = Math.max(agg.maxWaitMs, wait);
  return agg;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const seconds = (ms: number, d: number): number | null => (d > 0 ? Math.round(ms / d / 100) / 10 : null);

export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinT1: number;
  answeredWithinT2: number;
  abandonedAfterT1: number;
  abandonedAfterT2: number;
  answerRate: number | null;
  abandonRate: number | null;
  serviceLevelT1: number | null;
  serviceLevelT2: number | null;
  serviceLevelOfferedT1: number | null;
  serviceLevelOfferedT2: number | null;
  asaSec: number | null;
  longestWaitSec: number | null;
  avgTalkSec: number | null;
  avgHoldSec: number | null;
  avgWrapUpSec: number | null;
  avgHandleSec: number | null;
  /** null where agent time has no meaning (by queue) or none was logged */
  occupancy: number | null;
  transfers: number;
  transferredCalls: number;
  transferRate: number | null;
  outbound: number;
}

export function callFigures(a: CallAgg, time: AgentTimeAgg | null = null): CallFigures {
  const offered = a.answered + a.abandoned;
  const counted = offered + a.shortAbandoned;
  return {
    offered,
    answered: a.answered,
    abandoned: a.abandoned,
    shortAbandoned: a.shortAbandoned,
    answeredWithinT1: a.answeredWithinT1,
    answeredWithinT2: a.answeredWithinT2,
    abandonedAfterT1: a.abandonedAfterT1,
    abandonedAfterT2: a.abandonedAfterT2,
    answerRate: ratio(a.answered, offered),
    abandonRate: ratio(a.abandoned, offered),
    serviceLevelT1: ratio(a.answeredWithinT1, a.answered),
    serviceLevelT2: ratio(a.answeredWithinT2, a.answered),
    serviceLevelOfferedT1: ratio(a.answeredWithinT1, a.answered + a.abandonedAfterT1),
    serviceLevelOfferedT2: ratio(a.answeredWithinT2, a.answered + a.abandonedAfterT2),
    asaSec: seconds(a.waitAnsweredMs, a.answered),
    longestWaitSec: counted > 0 ? Math.round(a.maxWaitMs / 100) / 10 : null,
    avgTalkSec: seconds(a.talkMs, a.answered),
    avgHoldSec: seconds(a.holdMs, a.answered),
    avgWrapUpSec: seconds(a.wrapupMs, a.wrapupCount),
    avgHandleSec: seconds(a.talkMs + a.holdMs + a.wrapupMs, a.answered),
    occupancy: time ? ratio(time.busyMs, time.busyMs + time.availableMs) : null,
    transfers: a.transfers,
    transferredCalls: a.transferredCalls,
    transferRate: ratio(a.transferredCalls, a.answered),
    outbound: a.outbound,
  };
}

export interface CallbackFigures {
  callbacksCreated: number;
  callbacksDone: number;
  callbacksReached: number;
  callbacksNoAnswer: number;
  callbacksWrongNumber: number;
  callbacksNotNeeded: number;
  callbacksOpen: number;
  callbackReachRate: number | null;
}

export function callbackFigures(a: CallbackAgg): CallbackFigures {
  return {
    callbacksCreated: a.created,
    callbacksDone: a.done,
    callbacksReached: a.reached,
    callbacksNoAnswer: a.noAnswer,
    callbacksWrongNumber: a.wrongNumber,
    callbacksNotNeeded: a.notNeeded,
    callbacksOpen: a.open,
    callbackReachRate: ratio(a.reached, a.done),
  };
}

export interface TicketFigures extends TicketAgg {
  finishRate: number | null;
  onTimeRate: number | null;
  returnRate: number | null;
  extensionRate: number | null;
  surveyRate: number | null;
  satisfactionRate: number | null;
  fcrRate: number | null;
}

export function ticketFigures(a: TicketAgg): TicketFigures {
  const counted = a.created - a.merged;
  return {
    ...a,
    finishRate: ratio(a.finished, counted),
    onTimeRate: ratio(a.finishedOnTime, a.finished),
    returnRate: ratio(a.returned, a.dispatched),
    extensionRate: ratio(a.extended, a.dispatched),
    surveyRate: ratio(a.surveyed, a.finished),
    satisfactionRate: ratio(a.satisfied + a.basicallySatisfied, a.surveyed),
    fcrRate: ratio(a.closedOnCall, counted),
  };
}

export interface QaFigures {
  checked: number;
  avgScore: number | null;
  fatal: number;
  fatalRate: number | null;
}

export function qaFigures(a: QaAgg): QaFigures {
  return {
    checked: a.checked,
    avgScore: a.checked > 0 ? Math.round((a.scoreSum / a.checked) * 10) / 10 : null,
    fatal: a.fatal,
    fatalRate: ratio(a.fatal, a.checked),
  };
}

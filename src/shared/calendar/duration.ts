/**
 * SLA durations: a whole number and a unit.
 *
 *   m   wall-clock minutes           30m
 *   h   wall-clock hours             4h
 *   d   calendar days: same local time N days later in the calendar's zone   2d
 *   bh  business hours, counted only inside the business-hours windows of working days (a lunch break does not count)  8bh
 *   wd  working days: close of the last window on the N-th working day after the start's calendar day  5wd
 *
 * Units are case-sensitive on purpose: `3M` could mean months, which rexian does not have, so it is an error
 * rather than three minutes.
 */
import { DurationParseError } from './errors.js';

export const durationUnits = ['m', 'h', 'd', 'bh', 'wd'] as const;
export type DurationUnit = (typeof durationUnits)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const unitNames: Record<DurationUnit, string> = {
  m: 'minutes',
  h: 'hours',
  d: 'days',
  bh: 'business hours',
  wd: 'working days',
};

/** The largest amount accepted per unit: about ten years, so a typo cannot make the engine walk for ever. */
export const maxDurationAmount: Record<DurationUnit, number> = {
  m: 10 * 366 * 24 * 60,
  h: 10 * 366 * 24,
  d: 10 * 366,
  bh: 10 * 366 * 24,
  wd: 10 * 260,
};

const UNIT_HELP = 'use m (minutes), h (hours), d (days), bh (business hours) or wd (working days), e.g. 30m, 4h, 2d, 8bh, 5wd';

function isUnit(u: string): u is DurationUnit {
  return (durationUnits as readonly string[]).includes(u);
}

/** Business units (bh, wd) are measured in business time; the others on the wall clock. */
export function isBusinessUnit(unit: DurationUnit): boolean {
  return unit === 'bh' || unit === 'wd';
}

/** Reads `5wd`, `8bh`, `30m` … (spaces around and between are allowed). Throws a DurationParseError saying what is wrong. */
export function parseDuration(input: string): Duration {
  const s = input.trim();
  const fail = (why: string): never => {
    throw new DurationParseError(why, input);
  };
  if (!s) return fail(`empty duration: write a whole number and a unit — ${UNIT_HELP}`);
  const m = /^([+-]?)\s*(\d*(?:[.,]\d*)?)\s*([^\d\s.,+-].*)?$/.exec(s);
  if (!m) return fail(`cannot read the duration "${input}": ${UNIT_HELP}`);
  const [, sign = '', num = '', rawUnit = ''] = m;
  const unit = rawUnit.trim();
  if (!num) return fail(`the duration "${input}" has no number: write e.g. 5${isUnit(unit) ? unit : 'wd'}`);
  if (sign === '-') return fail(`the duration "${input}" is negative: durations count forward from the start`);
  if (!/^\d+$/.test(num)) {
    return fail(`the duration "${input}" is not a whole number: use a smaller unit instead (e.g. 90m rather than 1.5h)`);
  }
  if (!unit) return fail(`the duration "${input}" has no unit: ${UNIT_HELP}`);
  if (!isUnit(unit)) return fail(`unknown unit "${unit}" in "${input}": ${UNIT_HELP}`);
  const amount = Number(num);
  const max = maxDurationAmount[unit];
  if (amount > max) return fail(`the duration "${input}" is too long: at most ${max}${unit} (${unitNames[unit]})`);
  return { amount, unit };
}

/** Accepts a parsed duration or a string; validates a parsed one as strictly as a string. */
export function toDuration(d: Duration | string): Duration {
  if (typeof d === 'string') return parseDuration(d);
  if (!isUnit(d.unit)) throw new DurationParseError(`unknown unit "${String(d.unit)}": ${UNIT_HELP}`, String(d.unit));
  if (!Number.isInteger(d.amount) || d.amount < 0) {
    throw new DurationParseError(`a duration must be a whole number of ${unitNames[d.unit]}, 0 or more (got ${d.amount})`, String(d.amount));
  }
  if (d.amount > maxDurationAmount[d.unit]) {
    throw new DurationParseError(`the duration ${d.amount}${d.unit} is too long: at most ${maxDurationAmount[d.unit]}${d.unit}`, `${d.amount}${d.unit}`);
  }
  return d;
}

export function formatDuration(d: Duration): string {
  return `${d.amount}${d.unit}`;
}

/** `5 working days`, for messages. */
export function describeDuration(d: Duration): string {
  const name = unitNames[d.unit];
  return `${d.amount} ${d.amount === 1 ? name.replace(/s$/, '') : name}`;
}

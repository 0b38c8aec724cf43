/**
 * SLA arithmetic on a WorkCalendar: due dates, business time elapsed, fraction of the allowance used.
 * Pure: every instant comes in as an argument.
 *
 * What 0 means, per unit (a 0 duration is accepted, never an error):
 *   0m, 0h, 0d  the start itself.
 *   0bh         the moment the business clock starts: the start if it is inside a business-hours window of a
 *               working day (opening and closing time included), otherwise the next opening (after a lunch
 *               break, the afternoon window's opening).
 *   0wd         the end of the current business day: closing time of the last window of the start's day if that
 *               is a working day and the start is not after it; otherwise that closing time on the next working day.
 *
 * Business hours may be several windows a day (08:30–12:00 and 13:30–17:00): bh counts only time inside them;
 * wd always ends at the close of the day's last window.
 * So a due is never before the start, and bh/wd dues always fall inside business hours of a working day.
 */
import { coverageWarnings, type WorkCalendar } from './calendar.js';
import { CalendarError } from './errors.js';
import { toDuration, type Duration } from './duration.js';
import { localDayAndTime, MS_PER_HOUR, MS_PER_MINUTE, yearOf, zonedToInstant } from './zone.js';

export interface DueResult {
  due: Date;
  /** One line per year without holiday data that the computation had to look at (see WorkCalendar.coverage). */
  warnings: string[];
}

/** How far the engine walks looking for business time before it gives up (a calendar with almost none). */
const MAX_SCAN_DAYS = 100 * 366;

function instantOf(d: Date | number, what: string): number {
  const t = typeof d === 'number' ? d : d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw new CalendarError('INSTANT_INVALID', `${what} is not a valid date and time`);
  return t;
}

/** Looks at days and remembers their years, so the result can warn about years without holiday data. */
class DayWalker {
  private readonly years = new Set<number>();
  constructor(readonly cal: WorkCalendar) {}

  working(day: number): boolean {
    this.years.add(yearOf(day));
    return this.cal.isWorkingDayNumber(day);
  }

  /** The day's business-hours windows as instants [open, close], in time order. */
  windows(day: number): Array<[number, number]> {
    const { timeZone } = this.cal;
    return this.cal.windows.map((w) => [zonedToInstant(day, w.open * MS_PER_MINUTE, timeZone), zonedToInstant(day, w.close * MS_PER_MINUTE, timeZone)]);
  }

  /** Closing time of the day's last window. */
  closing(day: number): number {
    return zonedToInstant(day, this.cal.closeMinute * MS_PER_MINUTE, this.cal.timeZone);
  }

  warnings(): string[] {
    return coverageWarnings(this.cal, this.years);
  }
}

function tooFar(): never {
  throw new CalendarError('DURATION_INVALID', 'the calendar has no business time in the next 100 years after the start: check its business hours and holidays');
}

/** Adds `ms` of business time to `start` (see the header for what 0 means). */
function addBusinessMs(walker: DayWalker, start: number, ms: number): number {
  let remaining = ms;
  const first = localDayAndTime(start, walker.cal.timeZone).day;
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    if (!walker.working(day)) continue;
    for (const [open, close] of walker.windows(day)) {
      const from = Math.max(start, open);
      if (from > close) continue;
      // `<=`: a due that lands exactly on a closing time stays there rather than moving to the next opening.
      if (from + remaining <= close) return from + remaining;
      remaining -= close - from;
    }
  }
  return tooFar();
}

function addWorkingDays(walker: DayWalker, start: number, n: number): number {
  const startDay = localDayAndTime(start, walker.cal.timeZone).day;
  if (n === 0 && walker.working(startDay) && start <= walker.closing(startDay)) return walker.closing(startDay);
  // The start's own calendar day never counts, whatever the hour; for 0wd we want the next working day (1st).
  const target = Math.max(n, 1);
  let count = 0;
  for (let day = startDay + 1; day <= startDay + MAX_SCAN_DAYS; day++) {
    if (walker.working(day) && ++count === target) return walker.closing(day);
  }
  return tooFar();
}

/** The due instant of `duration` counted from `start` in `cal`. Throws DurationParseError for a bad duration string. */
export function addDuration(cal: WorkCalendar, start: Date, duration: Duration | string): DueResult {
  const t = instantOf(start, 'the start');
  const { amount, unit } = toDuration(duration);
  const walker = new DayWalker(cal);
  let due: number;
  switch (unit) {
    case 'm':
      due = t + amount * MS_PER_MINUTE;
      break;
    case 'h':
      due = t + amount * MS_PER_HOUR;
      break;
    case 'd': {
      // Same wall time N days later: 24 h × N is wrong across a DST switch.
      const local = localDayAndTime(t, cal.timeZone);
      due = amount === 0 ? t : zonedToInstant(local.day + amount, local.msOfDay, cal.timeZone);
      break;
    }
    case 'bh':
      due = addBusinessMs(walker, t, amount * MS_PER_HOUR);
      break;
    case 'wd':
      due = addWorkingDays(walker, t, amount);
      break;
  }
  return { due: new Date(due), warnings: walker.warnings() };
}

/**
 * Adds business minutes (fractions allowed) — e.g. the allowance left when a paused ticket resumes:
 * `addBusinessMinutes(cal, resumedAt, total - businessTimeBetween(cal, start, pausedAt))`.
 */
export function addBusinessMinutes(cal: WorkCalendar, start: Date, minutes: number): DueResult {
  const t = instantOf(start, 'the start');
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new CalendarError('DURATION_INVALID', `business minutes must be a number, 0 or more (got ${minutes})`);
  }
  const walker = new DayWalker(cal);
  return { due: new Date(addBusinessMs(walker, t, Math.round(minutes * MS_PER_MINUTE))), warnings: walker.warnings() };
}

function businessMsBetween(walker: DayWalker, a: number, b: number): number {
  const tz = walker.cal.timeZone;
  const last = localDayAndTime(b, tz).day;
  let total = 0;
  for (let day = localDayAndTime(a, tz).day; day <= last; day++) {
    if (!walker.working(day)) continue;
    for (const [open, close] of walker.windows(day)) {
      const overlap = Math.min(close, b) - Math.max(open, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Business minutes between two instants (not rounded): only time inside the business-hours windows of working days counts.
 * Negative when `b` is before `a`, so `between(a, b) + between(b, c) === between(a, c)`.
 */
export function businessTimeBetween(cal: WorkCalendar, a: Date, b: Date): number {
  const ta = instantOf(a, 'the first instant');
  const tb = instantOf(b, 'the second instant');
  const walker = new DayWalker(cal);
  const ms = tb >= ta ? businessMsBetween(walker, ta, tb) : -businessMsBetween(walker, tb, ta);
  return ms / MS_PER_MINUTE;
}

/** The fallback-year warnings for a span (what businessTimeBetween over it would have looked at). */
export function coverageWarningsBetween(cal: WorkCalendar, a: Date, b: Date): string[] {
  const [ta, tb] = [instantOf(a, 'the first instant'), instantOf(b, 'the second instant')].sort((x, y) => x - y) as [number, number];
  const first = yearOf(localDayAndTime(ta, cal.timeZone).day);
  const last = yearOf(localDayAndTime(tb, cal.timeZone).day);
  return coverageWarnings(cal, Array.from({ length: last - first + 1 }, (_, i) => first + i));
}

export type ElapsedBasis = 'business' | 'wall';

/**
 * How much of the allowance from `start` to `due` has been used at `now`: 0 at the start, 1 at the due, above 1
 * when overdue (for "80 % used" warnings). `basis` 'business' counts business time (right for bh and wd
 * durations), 'wall' counts clock time (m, h, d). Never negative; an empty allowance is 0 before the due, 1 after.
 */
export function elapsedFraction(cal: WorkCalendar, start: Date, due: Date, now: Date, basis: ElapsedBasis = 'business'): number {
  const [ts, td, tn] = [instantOf(start, 'the start'), instantOf(due, 'the due'), instantOf(now, 'now')];
  const span = (a: number, b: number): number =>
    basis === 'wall' ? b - a : b >= a ? businessMsBetween(new DayWalker(cal), a, b) : -businessMsBetween(new DayWalker(cal), b, a);
  const total = span(ts, td);
  if (total <= 0) return tn >= td ? 1 : 0;
  return Math.max(0, span(ts, tn) / total);
}

/**
 * Report periods and buckets in an organisation's time zone (docs/kpi.md, "Buckets"). Keys are local wall-clock
 * strings, the same ones the repository's SQL builds with `AT TIME ZONE`, so rows from the database and buckets
 * from here meet on the key.
 */
import { dayNumber, formatDate, localParts, MS_PER_DAY, parseDate, weekdayOf, zonedToInstant } from '../calendar/zone.js';

export const intervalMinutes = [15, 30, 60] as const;
export type IntervalMinutes = (typeof intervalMinutes)[number];

/** How a report's time is cut. */
export type Grain = { kind: 'interval'; minutes: IntervalMinutes } | { kind: 'day' } | { kind: 'week' } | { kind: 'month' };

export interface Period {
  /** First and last local day, both included (YYYY-MM-DD). */
  from: string;
  to: string;
  timeZone: string;
  /** Local midnight of `from` and the local midnight after `to`, epoch ms. */
  start: number;
  end: number;
}

export interface Bucket {
  key: string;
  start: number;
  end: number;
}

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

/** Longest period a report covers, in days (a year and a day for leap years). */
export const MAX_PERIOD_DAYS = 367;

/** The period from `from` to `to` (dates, both included) in a zone; a bad date or a reversed range is a PeriodError. */
export function periodOf(from: string, to: string, timeZone: string): Period {
  let a: number;
  let b: number;
  try {
    a = parseDate(from);
    b = parseDate(to);
  } catch (e) {
    throw new PeriodError((e as Error).message);
  }
  if (b < a) throw new PeriodError(`the period ends (${to}) before it starts (${from})`);
  if (b - a + 1 > MAX_PERIOD_DAYS) throw new PeriodError(`a report covers at most ${MAX_PERIOD_DAYS} days; ${from} to ${to} is ${b - a + 1}`);
  return { from, to, timeZone, start: zonedToInstant(a, 0, timeZone), end: zonedToInstant(b + 1, 0, timeZone) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The key of the bucket an instant falls in. */
export function bucketKey(instant: number, grain: Grain, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
  switch (grain.kind) {
    case 'interval': {
      const minuteOfDay = p.hour * 60 + p.minute;
      const m = minuteOfDay - (minuteOfDay % grain.minutes);
      return `${date}T${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
    }
    case 'day':
      return date;
    case 'week': {
      const day = dayNumber(p.year, p.month, p.day);
      return formatDate(day - (weekdayOf(day) - 1));
    }
    case 'month':
      return date.slice(0, 7);
  }
}

/** Every bucket of the period in order, cut to the period (a week or month reaching outside it starts or ends at its edge). */
export function bucketsOf(period: Period, grain: Grain): Bucket[] {
  const first = parseDate(period.from);
  const last = parseDate(period.to);
  const tz = period.timeZone;
  const out: Bucket[] = [];
  const push = (key: string, start: number, end: number): void => {
    const s = Math.max(start, period.start);
    const e = Math.min(end, period.end);
    // a wall time that happens twice (clocks going back) gives one key: keep the first bucket, widen it
    const prev = out[out.length - 1];
    if (prev && prev.key === key) prev.end = e;
    else if (e > s) out.push({ key, start: s, end: e });
  };
  if (grain.kind === 'interval') {
    const step = grain.minutes * 60_000;
    for (let d = first; d <= last; d++) {
      for (let ms = 0; ms < MS_PER_DAY; ms += step) {
        const start = zonedToInstant(d, ms, tz);
        const end = ms + step >= MS_PER_DAY ? zonedToInstant(d + 1, 0, tz) : zonedToInstant(d, ms + step, tz);
        push(bucketKey(start, grain, tz), start, end);
      }
    }
  } else if (grain.kind === 'day') {
    for (let d = first; d <= last; d++) push(formatDate(d), zonedToInstant(d, 0, tz), zonedToInstant(d + 1, 0, tz));
  } else if (grain.kind === 'week') {
    for (let monday = first - (weekdayOf(first) - 1); monday <= last; monday += 7) {
      push(formatDate(monday), zonedToInstant(monday, 0, tz), zonedToInstant(monday + 7, 0, tz));
    }
  } else {
    const c = localParts(period.start, tz);
    let [y, m] = [c.year, c.month];
    for (;;) {
      const startDay = dayNumber(y, m, 1);
      if (startDay > last) break;
      const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
      push(`${String(y).padStart(4, '0')}-${pad(m)}`, zonedToInstant(startDay, 0, tz), zonedToInstant(dayNumber(ny, nm, 1), 0, tz));
      [y, m] = [ny, nm];
    }
  }
  return out;
}

/** ISO weekday (1 = Monday) and hour of an interval or hour key (`2026-12-01T09:00`). */
export function weekdayHourOf(key: string): { weekday: number; hour: number } {
  const day = parseDate(key.slice(0, 10));
  return { weekday: weekdayOf(day), hour: Number(key.slice(11, 13)) };
}

/**
 * Civil dates and time-zone arithmetic with nothing but `Intl.DateTimeFormat` (Node and browsers ship full ICU,
 * so no tz library is needed).
 *
 * A civil date is handled as a day number (days since 1970-01-01), which makes "the next day" an increment and
 * keeps it free of any time zone. Instants are epoch milliseconds. Converting between the two goes through the
 * zone's offset, which is read from ICU for the instant in question, so DST switches come out right.
 */
import { CalendarError } from './errors.js';

/** Most hotlines rexian serves are in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Epoch ms of a UTC wall time; unlike `Date.UTC` it does not map years 0–99 to 1900–1999. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

// ---- civil dates (day numbers) ----

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(utcMs(year, month, day) / MS_PER_DAY);
}

export function civilOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01, day 0, was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatDate(day: number): string {
  const c = civilOf(day);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → day number; anything else, or a day that does not exist (2025-02-30), is a DATE_INVALID error. */
export function parseDate(s: string): number {
  const m = DATE_RE.exec(s);
  if (!m) throw new CalendarError('DATE_INVALID', `"${s}" is not a date: write it as YYYY-MM-DD, e.g. 2025-10-01`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) throw new CalendarError('DATE_INVALID', `"${s}" is not a date: there is no month ${month}`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new CalendarError('DATE_INVALID', `"${s}" is not a date: ${year}-${pad(month)} has ${daysInMonth(year, month)} days`);
  }
  return dayNumber(year, month, day);
}

export function isValidDate(s: string): boolean {
  try {
    parseDate(s);
    return true;
  } catch {
    return false;
  }
}

// ---- time zones ----

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall-clock date and time of an instant in a zone. */
export function localParts(instant: number, timeZone: string): LocalDateTime {
  const out: Record<string, number> = {};
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const year = bc ? 1 - (out.year ?? 0) : (out.year ?? 0);
  return {
    year,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
    millisecond: ((instant % 1000) + 1000) % 1000,
  };
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond) - instant;
}

/** The local calendar day (day number) and ms since local midnight of an instant. */
export function localDayAndTime(instant: number, timeZone: string): { day: number; msOfDay: number } {
  const wall = instant + offsetMs(instant, timeZone);
  const day = Math.floor(wall / MS_PER_DAY);
  return { day, msOfDay: wall - day * MS_PER_DAY };
}

/**
 * The instant at which the zone's clocks show `msOfDay` on `day`.
 * A wall time that happens twice (clocks going back) is the earlier one; a wall time that never happens (clocks
 * going forward) is moved forward by the length of the gap, so 02:30 on a spring-forward night in New York is
 * 03:30 EDT. This is what Temporal calls the "compatible" disambiguation.
 */
export function zonedToInstant(day: number, msOfDay: number, timeZone: string): number {
  const wall = day * MS_PER_DAY + msOfDay;
  // The true offset is one of the offsets in force a day either side (zones do not switch twice in two days).
  const before = offsetMs(wall - MS_PER_DAY, timeZone);
  const after = offsetMs(wall + MS_PER_DAY, timeZone);
  const candidates = [...new Set([wall - before, wall - after])].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetMs(c, timeZone) === wall) return c;
  return wall - before;
}

/** ISO 8601 with the zone's offset: `2025-10-11T18:00:00+08:00` (milliseconds only when not zero). */
export function formatInstant(date: Date | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const instant = typeof date === 'number' ? date : date.getTime();
  if (!Number.isFinite(instant)) throw new CalendarError('INSTANT_INVALID', 'cannot format an invalid date');
  const p = localParts(instant, timeZone);
  const off = Math.round(offsetMs(instant, timeZone) / 1000);
  const abs = Math.abs(off);
  const sign = off < 0 ? '-' : '+';
  // Offsets of whole minutes are the rule since the early 20th century; older local mean times keep seconds.
  const offStr = `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
  const ms = p.millisecond ? `.${pad(p.millisecond, 3)}` : '';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${ms}${offStr}`;
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;

/**
 * Reads an ISO 8601 date and time. With an offset (`Z`, `+08:00`, `-0500`) it is that instant; without one it is
 * the wall time in `timeZone`; a bare date is local midnight.
 */
export function parseInstant(input: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const s = input.trim();
  const example = `e.g. 2025-09-30T10:00:00+08:00 (without an offset it is read in ${timeZone})`;
  const m = INSTANT_RE.exec(s);
  if (!m) throw new CalendarError('INSTANT_INVALID', `"${input}" is not an ISO 8601 date and time: write it as ${example}`);
  const [year, month, dd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const bad = (why: string): CalendarError => new CalendarError('INSTANT_INVALID', `"${input}" is not a valid date and time: ${why}`);
  if (month < 1 || month > 12) throw bad(`there is no month ${month}`);
  if (dd < 1 || dd > daysInMonth(year, month)) throw bad(`${year}-${pad(month)} has ${daysInMonth(year, month)} days`);
  if (hour > 23) throw bad(`hour ${hour} is out of range (00–23)`);
  if (minute > 59) throw bad(`minute ${minute} is out of range (00–59)`);
  if (second > 59) throw bad(`second ${second} is out of range (00–59)`);
  const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  const zone = m[8];
  if (!zone) return new Date(zonedToInstant(dayNumber(year, month, dd), msOfDay, timeZone));
  let off = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || 0);
    if (oh > 23 || om > 59) throw bad(`offset ${zone} is out of range`);
    off = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * MS_PER_MINUTE;
  }
  return new Date(utcMs(year, month, dd) + msOfDay - off);
}

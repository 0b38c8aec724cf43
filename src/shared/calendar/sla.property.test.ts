import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, businessTimeBetween, createCalendar, fallbackWarning, formatInstant, type WorkCalendar } from './index.js';
import { formatDate, localDayAndTime, MS_PER_MINUTE, yearOf, zonedToInstant } from './zone.js';

// chinese-days is CommonJS without named ESM exports; its own workday search is an independent oracle for `wd`.
const chineseDays = createRequire(import.meta.url)('chinese-days') as { findWorkday(delta: number, date: string): string };

const calendars: WorkCalendar[] = [
  createCalendar(),
  createCalendar({ timezone: 'America/New_York' }),
  createCalendar({ timezone: 'Europe/Berlin', businessHours: { start: '08:30', end: '17:00' } }),
  createCalendar({ timezone: 'Australia/Sydney', businessHours: { start: '00:00', end: '24:00' } }),
  createCalendar({ holidays: ['2025-10-09', '2026-03-02'], workdays: ['2025-10-12', '2026-02-22'], businessHours: { start: '08:00', end: '12:00' } }),
];

const calendar = fc.constantFrom(...calendars);
// 2004–2028: mostly built-in years, with a couple of fallback years at the end
const instant = fc.integer({ min: Date.UTC(2004, 0, 1), max: Date.UTC(2028, 11, 31) }).map((t) => new Date(t));
const local = (cal: WorkCalendar, d: Date): { day: number; minute: number } => {
  const l = localDayAndTime(d.getTime(), cal.timeZone);
  return { day: l.day, minute: l.msOfDay / MS_PER_MINUTE };
};

/** The working day whose closing time `due` is (closing at 24:00 is midnight of the next day). */
const closeDayOf = (cal: WorkCalendar, due: Date): number => local(cal, due).day - (cal.closeMinute === 1440 ? 1 : 0);

describe('SLA properties', () => {
  it('Nwd is due at closing time of a working day after the start day', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 60 }), (cal, start, n) => {
        const { due } = addDuration(cal, start, { amount: n, unit: 'wd' });
        const closeDay = closeDayOf(cal, due);
        expect(cal.isWorkingDayNumber(closeDay)).toBe(true);
        expect(due.getTime()).toBe(zonedToInstant(closeDay, cal.closeMinute * MS_PER_MINUTE, cal.timeZone));
        expect(closeDay).toBeGreaterThan(local(cal, start).day);
      }),
    );
  });

  it('(N+1)wd is later than Nwd, with exactly one business day in between', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 40 }), (cal, start, n) => {
        const a = addDuration(cal, start, { amount: n + 1, unit: 'wd' }).due;
        const b = addDuration(cal, start, { amount: n + 2, unit: 'wd' }).due;
        expect(b.getTime()).toBeGreaterThan(a.getTime());
        const opening = zonedToInstant(closeDayOf(cal, b), cal.openMinute * MS_PER_MINUTE, cal.timeZone);
        expect(businessTimeBetween(cal, a, b)).toBe((b.getTime() - opening) / MS_PER_MINUTE);
      }),
    );
  });

  it('Nwd agrees with chinese-days findWorkday on the built-in calendar', () => {
    const cn = calendars[0]!;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2004, 0, 1), max: Date.UTC(2026, 5, 30) }), fc.integer({ min: 1, max: 80 }), (t, n) => {
        const startDate = formatDate(localDayAndTime(t, cn.timeZone).day);
        const { due, warnings } = addDuration(cn, new Date(t), { amount: n, unit: 'wd' });
        expect(formatInstant(due, cn.timeZone).slice(0, 10)).toBe(chineseDays.findWorkday(n, startDate));
        expect(warnings).toEqual([]);
      }),
    );
  });

  it('Nbh is due inside business hours of a working day, after exactly N business hours', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 100 }), (cal, start, n) => {
        const { due } = addDuration(cal, start, { amount: n, unit: 'bh' });
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessTimeBetween(cal, start, due)).toBe(n * 60);
        const l = local(cal, due);
        const [day, minute] = cal.closeMinute === 1440 && l.minute === 0 && !cal.isWorkingDayNumber(l.day) ? [l.day - 1, 1440] : [l.day, l.minute];
        expect(cal.isWorkingDayNumber(day)).toBe(true);
        expect(minute).toBeGreaterThanOrEqual(cal.openMinute);
        expect(minute).toBeLessThanOrEqual(cal.closeMinute);
        // due is the earliest such instant: one minute earlier, less than N hours have elapsed
        if (n > 0) expect(businessTimeBetween(cal, start, new Date(due.getTime() - MS_PER_MINUTE))).toBeLessThan(n * 60);
      }),
    );
  });

  it('Nd keeps the local time of day (outside DST gaps) and business time is additive', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 30 * 24 * 60 }), (cal, start, n, extra) => {
        const { due, warnings } = addDuration(cal, start, { amount: n, unit: 'd' });
        expect(warnings).toEqual([]);
        const [s, d] = [local(cal, start), local(cal, due)];
        expect(d.day).toBe(s.day + n);
        if (formatInstant(start, cal.timeZone).slice(11, 19) !== formatInstant(due, cal.timeZone).slice(11, 19)) {
          // only when that wall time does not exist on the due day; it then moves forward by the gap
          expect(d.minute - s.minute).toBeGreaterThan(0);
          expect(d.minute - s.minute).toBeLessThanOrEqual(60);
        }
        const mid = new Date(start.getTime() + extra * MS_PER_MINUTE);
        const end = new Date(mid.getTime() + extra * MS_PER_MINUTE);
        expect(businessTimeBetween(cal, start, mid) + businessTimeBetween(cal, mid, end)).toBeCloseTo(businessTimeBetween(cal, start, end), 6);
      }),
    );
  });

  it('warns exactly for the fallback years it looked at', () => {
    const cn = calendars[0]!;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 6, 1), max: Date.UTC(2029, 0, 1) }), fc.integer({ min: 1, max: 300 }), (t, n) => {
        const { due, warnings } = addDuration(cn, new Date(t), { amount: n, unit: 'wd' });
        // wd looks at the days after the start day up to the due day
        const first = yearOf(local(cn, new Date(t)).day + 1);
        const last = yearOf(local(cn, due).day);
        const expected = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((y) => y >= 2027);
        expect(warnings).toEqual(expected.map(fallbackWarning));
      }),
    );
  });
});

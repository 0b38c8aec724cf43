import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, businessTimeBetween, createCalendar, fallbackWarning, formatInstant, type WorkCalendar } from './index.js';
import { formatDate, localDayAndTime, MS_PER_MINUTE, yearOf, zonedToInstant } from './zone.js';

// chinese-days is CommonJS without named ESM exports; its own workday search is an independent oracle for `wd`.
const chineseDays = createRequire(import.meta.url)('chinese-days') as { findWorkday(delta: number, date: string): string; isWorkday(date: string): boolean };

const lunchBreak = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:00' },
];

const calendars: WorkCalendar[] = [
  createCalendar(),
  createCalendar({ timezone: 'America/New_York' }),
  createCalendar({ timezone: 'Europe/Berlin', businessHours: { start: '08:30', end: '17:00' } }),
  createCalendar({ timezone: 'Australia/Sydney', businessHours: { start: '00:00', end: '24:00' } }),
  createCalendar({ holidays: ['2025-10-09', '2026-03-02'], workdays: ['2025-10-12', '2026-02-22'], businessHours: { start: '08:00', end: '12:00' } }),
  createCalendar({ businessHours: lunchBreak }),
  createCalendar({ timezone: 'America/New_York', businessHours: [{ start: '00:30', end: '03:00' }, { start: '09:00', end: '12:00' }, { start: '13:00', end: '24:00' }] }),
  createCalendar({ holidays: ['2025-10-09'], workdays: ['2025-10-12'], businessHours: [{ start: '08:00', end: '11:30' }, { start: '11:30', end: '12:00' }, { start: '14:00', end: '18:00' }] }),
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
        // the business time of that one day: its windows added up (as instants, so a DST switch inside them counts)
        const day = closeDayOf(cal, b);
        const inWindows = cal.windows.reduce((sum, w) => sum + zonedToInstant(day, w.close * MS_PER_MINUTE, cal.timeZone) - zonedToInstant(day, w.open * MS_PER_MINUTE, cal.timeZone), 0);
        expect(businessTimeBetween(cal, a, b)).toBe(inWindows / MS_PER_MINUTE);
      }),
    );
  });

  it('Nwd agrees with chinese-days findWorkday on the built-in calendar, one window or two', () => {
    const closing: Array<[WorkCalendar, string]> = [
      [calendars[0]!, '18:00:00'],
      [createCalendar({ businessHours: lunchBreak }), '17:00:00'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...closing), fc.integer({ min: Date.UTC(2004, 0, 1), max: Date.UTC(2026, 5, 30) }), fc.integer({ min: 1, max: 80 }), ([cn, close], t, n) => {
        const startDate = formatDate(localDayAndTime(t, cn.timeZone).day);
        const { due, warnings } = addDuration(cn, new Date(t), { amount: n, unit: 'wd' });
        expect(formatInstant(due, cn.timeZone)).toBe(`${chineseDays.findWorkday(n, startDate)}T${close}+08:00`);
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
        // inside one of the windows of a working day (opening and closing time included), never in a break between
        // them; midnight may also be a 24:00 closing time of the day before
        const l = local(cal, due);
        const inside = (day: number, minute: number): boolean => cal.isWorkingDayNumber(day) && cal.windows.some((w) => minute >= w.open && minute <= w.close);
        expect(inside(l.day, l.minute) || (l.minute === 0 && inside(l.day - 1, 1440))).toBe(true);
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

  /**
   * An independent oracle for bh and business time with a lunch break, written without the engine: China's time
   * is UTC+8 all year (no DST since 1991), a day is a working day when chinese-days' isWorkday says so (unless the
   * organisation's own lists say otherwise), and the clock is walked one minute at a time.
   */
  describe('two windows a day against a minute-by-minute walk', () => {
    const MIN = 60_000;
    const OFFSET = 8 * 60 * MIN;
    const windows = [
      [8 * 60 + 30, 12 * 60],
      [13 * 60 + 30, 17 * 60],
    ] as const;
    const ownHolidays = new Set(['2025-10-10', '2026-01-05']);
    const ownWorkdays = new Set(['2025-10-12', '2026-01-10']);
    const org = createCalendar({ businessHours: lunchBreak, holidays: [...ownHolidays], workdays: [...ownWorkdays] });
    const workingCache = new Map<number, boolean>();
    const working = (day: number): boolean => {
      let w = workingCache.get(day);
      if (w === undefined) {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        w = ownHolidays.has(date) ? false : ownWorkdays.has(date) ? true : chineseDays.isWorkday(date);
        workingCache.set(day, w);
      }
      return w;
    };
    /** Is the minute starting at `t` (a whole minute) business time? */
    const businessMinute = (t: number): boolean => {
      const local = t + OFFSET;
      const day = Math.floor(local / 86_400_000);
      const minute = (local - day * 86_400_000) / MIN;
      return working(day) && windows.some(([open, close]) => minute >= open && minute < close);
    };
    /** The end of the minute in which the n-th business minute after `start` is used up. */
    const walkDue = (start: number, minutes: number): number => {
      let used = 0;
      for (let t = start; ; t += MIN) {
        if (businessMinute(t) && ++used === minutes) return t + MIN;
      }
    };
    const walkBetween = (a: number, b: number): number => {
      let n = 0;
      for (let t = a; t < b; t += MIN) if (businessMinute(t)) n++;
      return n;
    };
    // whole minutes from 2004 to mid-2026 (the years chinese-days has data for); a fifth of them around National Day 2025
    const wholeMinute = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: Date.UTC(2004, 0, 1) / MIN, max: Date.UTC(2026, 5, 30) / MIN }) },
      { weight: 1, arbitrary: fc.integer({ min: Date.UTC(2025, 8, 25) / MIN, max: Date.UTC(2025, 9, 14) / MIN }) },
    ).map((m) => m * MIN);

    it('Nbh equals the walk', () => {
      fc.assert(
        fc.property(wholeMinute, fc.integer({ min: 1, max: 40 }), (start, n) => {
          expect(addDuration(org, new Date(start), { amount: n, unit: 'bh' }).due.getTime()).toBe(walkDue(start, n * 60));
        }),
        { numRuns: 300 },
      );
    });

    it('business minutes between two instants equal the walk', () => {
      fc.assert(
        fc.property(wholeMinute, fc.integer({ min: 0, max: 20 * 24 * 60 }), (a, span) => {
          const b = a + span * MIN;
          expect(businessTimeBetween(org, new Date(a), new Date(b))).toBe(walkBetween(a, b));
        }),
        { numRuns: 200 },
      );
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError } from './errors.js';
import { dayNumber, formatDate, formatInstant, localDayAndTime, MS_PER_HOUR, parseDate, parseInstant, weekdayOf, zonedToInstant } from './zone.js';

const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];

describe('civil dates', () => {
  it('numbers days and knows weekdays', () => {
    expect(weekdayOf(dayNumber(2025, 10, 1))).toBe(3); // Wednesday
    expect(weekdayOf(dayNumber(2025, 10, 12))).toBe(7);
    expect(formatDate(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(() => parseDate('2025-02-29')).toThrow(CalendarError);
    expect(() => parseDate('2025-00-10')).toThrow(/no month 0/);
  });
});

describe('instants in a zone', () => {
  it('formats with the zone offset', () => {
    const t = Date.UTC(2025, 9, 11, 10, 0, 0);
    expect(formatInstant(new Date(t), 'Asia/Shanghai')).toBe('2025-10-11T18:00:00+08:00');
    expect(formatInstant(new Date(t), 'America/New_York')).toBe('2025-10-11T06:00:00-04:00');
    expect(formatInstant(new Date(Date.UTC(2025, 0, 11, 10)), 'America/New_York')).toBe('2025-01-11T05:00:00-05:00');
    expect(formatInstant(new Date(t), 'Asia/Kolkata')).toBe('2025-10-11T15:30:00+05:30');
    expect(formatInstant(new Date(t), 'UTC')).toBe('2025-10-11T10:00:00+00:00');
    expect(formatInstant(new Date(t + 250), 'Asia/Shanghai')).toBe('2025-10-11T18:00:00.250+08:00');
    expect(formatInstant(new Date(Date.UTC(2025, 9, 11, 16)), 'Asia/Shanghai')).toBe('2025-10-12T00:00:00+08:00');
  });

  it('parses ISO 8601 with and without an offset', () => {
    const at = (s: string, tz = 'Asia/Shanghai'): string => parseInstant(s, tz).toISOString();
    expect(at('2025-09-30T10:00:00+08:00')).toBe('2025-09-30T02:00:00.000Z');
    expect(at('2025-09-30T10:00:00Z')).toBe('2025-09-30T10:00:00.000Z');
    expect(at('2025-09-30T10:00:00-0500')).toBe('2025-09-30T15:00:00.000Z');
    expect(at('2025-09-30T10:00')).toBe('2025-09-30T02:00:00.000Z'); // local to the calendar
    expect(at('2025-09-30 10:00:00.5')).toBe('2025-09-30T02:00:00.500Z');
    expect(at('2025-09-30')).toBe('2025-09-29T16:00:00.000Z'); // local midnight
    expect(at('2025-07-01T10:00', 'America/New_York')).toBe('2025-07-01T14:00:00.000Z');
    expect(at('2025-01-01T10:00', 'America/New_York')).toBe('2025-01-01T15:00:00.000Z');
  });

  it('rejects what is not a date and time', () => {
    for (const s of ['', 'tomorrow', '2025-13-01T10:00', '2025-02-29T10:00', '2025-09-30T24:00', '2025-09-30T10:60', '30/09/2025', '2025-09-30T10:00+25:00']) {
      expect(() => parseInstant(s, 'Asia/Shanghai'), s).toThrow(CalendarError);
    }
    expect(() => parseInstant('2025-02-29T10:00', 'Asia/Shanghai')).toThrow(/2025-02 has 28 days/);
  });

  it('resolves DST gaps forward and overlaps to the earlier instant', () => {
    const ny = 'America/New_York';
    // 2025-03-09 02:30 does not exist in New York: clocks jump 02:00 → 03:00
    expect(formatInstant(zonedToInstant(dayNumber(2025, 3, 9), 2.5 * MS_PER_HOUR, ny), ny)).toBe('2025-03-09T03:30:00-04:00');
    // 2025-11-02 01:30 happens twice: first in EDT
    expect(formatInstant(zonedToInstant(dayNumber(2025, 11, 2), 1.5 * MS_PER_HOUR, ny), ny)).toBe('2025-11-02T01:30:00-04:00');
    const berlin = 'Europe/Berlin';
    expect(formatInstant(zonedToInstant(dayNumber(2025, 3, 30), 2.5 * MS_PER_HOUR, berlin), berlin)).toBe('2025-03-30T03:30:00+02:00');
  });

  it('round-trips instants through text and local time in any zone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (t, tz) => {
        expect(parseInstant(formatInstant(t, tz), tz).getTime()).toBe(t);
        const { day, msOfDay } = localDayAndTime(t, tz);
        const back = zonedToInstant(day, msOfDay, tz);
        // equal, except for the second pass through a repeated hour, which maps to the first
        if (back !== t) {
          expect(t - back).toBeGreaterThan(0);
          expect(t - back).toBeLessThanOrEqual(MS_PER_HOUR);
          expect(formatInstant(back, tz).slice(0, 19)).toBe(formatInstant(t, tz).slice(0, 19));
        }
      }),
      { numRuns: 300 },
    );
  });
});

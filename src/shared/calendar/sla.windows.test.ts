/**
 * Business hours with several windows a day (the 12345 lines' 08:30–12:00 and 13:30–17:00): bh skips the lunch
 * break, wd ends at the close of the last window, m/h/d stay wall-clock; holidays and make-up days as before.
 */
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addDuration,
  businessTimeBetween,
  CalendarConfigError,
  createCalendar,
  elapsedFraction,
  formatInstant,
  parseCalendarYaml,
  parseInstant,
  type WorkCalendar,
} from './index.js';

const lunch = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:00' },
];
const cal = createCalendar({ businessHours: lunch });
const at = (s: string, c: WorkCalendar = cal): Date => parseInstant(s, c.timeZone);
const due = (start: string, d: string, c: WorkCalendar = cal): string => formatInstant(addDuration(c, at(start, c), d).due, c.timeZone);

describe('two windows a day: the calendar', () => {
  it('keeps the windows in order, with the day opening at the first and closing at the last', () => {
    expect(cal.businessHours).toEqual(lunch);
    expect(cal.windows).toEqual([
      { open: 510, close: 720 },
      { open: 810, close: 1020 },
    ]);
    expect([cal.openMinute, cal.closeMinute, cal.minutesPerDay]).toEqual([510, 1020, 420]);
  });

  it('reads the list from a calendar file and still reads the single { start, end } form as one window', () => {
    const o = parseCalendarYaml(['businessHours:', '  - { start: "8:30", end: "12:00" }', '  - { start: "13:30", end: "17:00" }'].join('\n'), 'calendar file cal.yaml');
    expect(o.businessHours).toEqual(lunch);
    expect(parseCalendarYaml('businessHours: { start: "09:00", end: "18:00" }').businessHours).toEqual([{ start: '09:00', end: '18:00' }]);
    expect(createCalendar({ businessHours: { start: '09:00', end: '18:00' } }).windows).toEqual([{ open: 540, close: 1080 }]);
    // windows that touch are allowed (no gap between them)
    expect(createCalendar({ businessHours: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '13:00' }] }).minutesPerDay).toBe(300);
  });

  it('refuses overlapping or unordered windows and start ≥ end, naming the file, the path and the reason', () => {
    const refused = (yaml: string): string => {
      try {
        parseCalendarYaml(yaml, 'calendar file cal.yaml');
      } catch (err) {
        expect(err).toBeInstanceOf(CalendarConfigError);
        return (err as Error).message;
      }
      throw new Error('expected the file to be refused');
    };
    expect(refused('businessHours:\n  - { start: "08:30", end: "12:00" }\n  - { start: "11:30", end: "17:00" }')).toBe(
      'calendar file cal.yaml: businessHours[1]: the window 11:30–17:00 overlaps the window 08:30–12:00: start it at 12:00 or later',
    );
    expect(refused('businessHours:\n  - { start: "13:30", end: "17:00" }\n  - { start: "08:30", end: "12:00" }')).toBe(
      'calendar file cal.yaml: businessHours[1]: the window 08:30–12:00 comes before the window 13:30–17:00 listed above it: list the windows in time order',
    );
    expect(refused('businessHours:\n  - { start: "08:30", end: "12:00" }\n  - { start: "17:00", end: "13:30" }')).toBe(
      'calendar file cal.yaml: businessHours[1]: the window 17:00–13:30 must end after it starts (overnight hours are not supported)',
    );
    expect(refused('businessHours:\n  - { start: "12:00", end: "12:00" }')).toMatch(/businessHours\[0\]: the window 12:00–12:00 must end after it starts/);
    expect(refused('businessHours: []')).toMatch(/^calendar file cal\.yaml: businessHours: give at least one window/);
    expect(refused('businessHours:\n  - { start: "08:30", end: "12:00" }\n  - { start: "1:30pm", end: "17:00" }')).toMatch(/businessHours\[1\]\.start: write the time as HH:MM/);
    expect(refused('businessHours:\n  - { start: "08:30", end: "12:00", lunch: true }')).toMatch(/businessHours\[0\]: unknown key "lunch"/);
    expect(refused('businessHours: "08:30-17:00"')).toMatch(/businessHours: write business hours as \{ start: "09:00", end: "18:00" \} or a list/);
  });
});

describe('bh with a lunch break', () => {
  it('a duration that spans the lunch break does not count it', () => {
    expect(due('2025-10-09T11:00', '2bh')).toBe('2025-10-09T14:30:00+08:00'); // 11:00–12:00, 13:30–14:30
    expect(due('2025-10-09T08:30', '7bh')).toBe('2025-10-09T17:00:00+08:00'); // a whole day, due at closing
    expect(due('2025-10-09T08:30', '8bh')).toBe('2025-10-10T09:30:00+08:00');
    expect(businessTimeBetween(cal, at('2025-10-09T11:00'), at('2025-10-09T14:00'))).toBe(90);
  });

  it('a duration that starts during lunch starts at the afternoon opening', () => {
    expect(due('2025-10-09T12:30', '1bh')).toBe('2025-10-09T14:30:00+08:00');
    expect(due('2025-10-09T12:30', '0bh')).toBe('2025-10-09T13:30:00+08:00');
    expect(due('2025-10-09T12:00', '0bh')).toBe('2025-10-09T12:00:00+08:00'); // the morning's closing time itself is inside
    expect(due('2025-10-09T12:00', '1bh')).toBe('2025-10-09T14:30:00+08:00');
    expect(formatInstant(addBusinessMinutes(cal, at('2025-10-09T12:45'), 30).due, cal.timeZone)).toBe('2025-10-09T14:00:00+08:00');
    expect(businessTimeBetween(cal, at('2025-10-09T12:05'), at('2025-10-09T13:25'))).toBe(0);
  });

  it('a duration that starts after the last window starts at the next working day’s first opening', () => {
    expect(due('2025-10-09T17:30', '1bh')).toBe('2025-10-10T09:30:00+08:00');
    expect(due('2025-10-09T17:00', '0bh')).toBe('2025-10-09T17:00:00+08:00');
    expect(due('2025-10-09T17:01', '0bh')).toBe('2025-10-10T08:30:00+08:00');
    expect(due('2025-10-09T06:00', '4bh')).toBe('2025-10-09T14:00:00+08:00'); // before the first opening
  });

  it('skips National Day 2025 and counts its make-up days (Sunday 28 September, Saturday 11 October)', () => {
    // Tue 30 Sep 15:00: 2 h that day, 1–8 Oct off, then 3.5 h in the morning of 9 Oct and 30 min after lunch
    expect(due('2025-09-30T15:00', '6bh')).toBe('2025-10-09T14:00:00+08:00');
    expect(businessTimeBetween(cal, at('2025-09-30T15:00'), at('2025-10-09T14:00'))).toBe(360);
    // started on the holiday, counted from the first opening after it
    expect(due('2025-10-03T10:00', '4bh')).toBe('2025-10-09T14:00:00+08:00'); // 3.5 h in the morning, 0.5 h after lunch
    expect(formatInstant(addBusinessMinutes(cal, at('2025-10-03T10:00'), 210).due, cal.timeZone)).toBe('2025-10-09T12:00:00+08:00');
    // Fri 10 Oct 16:00: 1 h on Friday, 7 h on the make-up Saturday → due at its closing time
    expect(due('2025-10-10T16:00', '8bh')).toBe('2025-10-11T17:00:00+08:00');
    expect(due('2025-10-10T16:00', '9bh')).toBe('2025-10-13T09:30:00+08:00'); // Sunday 12 Oct is off
    // Sat 27 Sep is off; the make-up Sunday 28 Sep has the same two windows
    expect(due('2025-09-27T10:00', '4bh')).toBe('2025-09-28T14:00:00+08:00');
  });

  it('applies the organisation’s own holidays and workdays as before', () => {
    const org = createCalendar({ businessHours: lunch, holidays: ['2025-10-10'], workdays: ['2025-10-12'] });
    expect(due('2025-10-09T16:00', '2bh', org)).toBe('2025-10-11T09:30:00+08:00'); // 10 Oct off, Sat 11 Oct make-up
    expect(due('2025-10-11T16:30', '1bh', org)).toBe('2025-10-12T09:00:00+08:00'); // Sun 12 Oct made a workday
  });
});

describe('wd and wall-clock units with a lunch break', () => {
  it('wd ends at 17:00 (the last window’s close), not at 12:00', () => {
    expect(due('2025-09-30T10:00', '1wd')).toBe('2025-10-09T17:00:00+08:00');
    expect(due('2025-09-30T10:00', '3wd')).toBe('2025-10-11T17:00:00+08:00'); // 9, 10, make-up Saturday 11
    expect(due('2025-09-26T10:00', '1wd')).toBe('2025-09-28T17:00:00+08:00'); // Fri → make-up Sunday
    expect(due('2025-10-09T12:30', '0wd')).toBe('2025-10-09T17:00:00+08:00'); // during lunch: still today
    expect(due('2025-10-09T17:30', '0wd')).toBe('2025-10-10T17:00:00+08:00');
  });

  it('m, h and d stay on the wall clock, lunch or not', () => {
    expect(due('2025-10-09T11:00', '90m')).toBe('2025-10-09T12:30:00+08:00');
    expect(due('2025-10-09T11:00', '2h')).toBe('2025-10-09T13:00:00+08:00');
    expect(due('2025-09-30T11:00', '1d')).toBe('2025-10-01T11:00:00+08:00');
  });

  it('the share of a bh allowance used does not move during lunch', () => {
    const start = at('2025-10-09T11:00');
    const end = addDuration(cal, start, '2bh').due; // 14:30
    expect(elapsedFraction(cal, start, end, at('2025-10-09T12:00'))).toBe(0.5);
    expect(elapsedFraction(cal, start, end, at('2025-10-09T13:00'))).toBe(0.5);
    expect(elapsedFraction(cal, start, end, at('2025-10-09T14:00'))).toBe(0.75);
  });
});

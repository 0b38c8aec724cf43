import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addDuration,
  businessTimeBetween,
  CalendarError,
  coverageWarningsBetween,
  createCalendar,
  DurationParseError,
  elapsedFraction,
  fallbackWarning,
  formatInstant,
  parseInstant,
  type CalendarOverrides,
  type WorkCalendar,
} from './index.js';

const cn = createCalendar();
const at = (s: string, cal: WorkCalendar = cn): Date => parseInstant(s, cal.timeZone);
const due = (start: string, d: string, cal: WorkCalendar = cn): string => formatInstant(addDuration(cal, at(start, cal), d).due, cal.timeZone);

describe('wd: close of business on the N-th working day after the start day', () => {
  it('skips National Day 2025 and counts the make-up Saturday', () => {
    expect(due('2025-09-30T10:00:00+08:00', '3wd')).toBe('2025-10-11T18:00:00+08:00'); // Oct 9, 10, Sat 11
    expect(due('2025-09-30T10:00', '1wd')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-09-30T10:00', '4wd')).toBe('2025-10-13T18:00:00+08:00');
    expect(due('2025-09-29T10:00', '5wd')).toBe('2025-10-13T18:00:00+08:00'); // Sep 30, Oct 9, 10, 11, 13
    expect(due('2025-09-26T10:00', '1wd')).toBe('2025-09-28T18:00:00+08:00'); // Fri → make-up Sunday
    expect(due('2025-10-10T10:00', '1wd')).toBe('2025-10-11T18:00:00+08:00'); // Fri → make-up Saturday
    expect(due('2025-10-11T10:00', '1wd')).toBe('2025-10-13T18:00:00+08:00');
  });

  it('never counts the start day, whatever the hour or kind of day', () => {
    expect(due('2025-10-09T00:00', '1wd')).toBe('2025-10-10T18:00:00+08:00');
    expect(due('2025-10-09T23:59:59', '1wd')).toBe('2025-10-10T18:00:00+08:00');
    expect(due('2025-10-03T10:00', '1wd')).toBe('2025-10-09T18:00:00+08:00'); // on a holiday
    expect(due('2025-10-03T10:00', '2wd')).toBe('2025-10-10T18:00:00+08:00');
  });

  it('skips Spring Festival 2026', () => {
    expect(due('2026-02-13T10:00', '1wd')).toBe('2026-02-14T18:00:00+08:00'); // make-up Saturday
    expect(due('2026-02-13T10:00', '2wd')).toBe('2026-02-24T18:00:00+08:00');
    expect(due('2026-02-13T10:00', '5wd')).toBe('2026-02-27T18:00:00+08:00');
    expect(due('2026-02-13T10:00', '6wd')).toBe('2026-02-28T18:00:00+08:00');
  });

  it('0wd is the end of the current business day', () => {
    expect(due('2025-10-09T10:00', '0wd')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-10-09T18:00', '0wd')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-10-09T18:00:01', '0wd')).toBe('2025-10-10T18:00:00+08:00');
    expect(due('2025-10-03T10:00', '0wd')).toBe('2025-10-09T18:00:00+08:00');
  });
});

describe('bh: business hours on working days', () => {
  it('starts at the next opening when the start is outside business hours', () => {
    expect(due('2025-10-09T07:00', '2bh')).toBe('2025-10-09T11:00:00+08:00'); // before opening
    expect(due('2025-10-09T10:30', '3bh')).toBe('2025-10-09T13:30:00+08:00'); // during
    expect(due('2025-10-09T19:00', '2bh')).toBe('2025-10-10T11:00:00+08:00'); // after closing
    expect(due('2025-10-09T18:00', '1bh')).toBe('2025-10-10T10:00:00+08:00'); // exactly at closing
    expect(due('2025-10-03T10:00', '1bh')).toBe('2025-10-09T10:00:00+08:00'); // on a holiday
    expect(due('2025-10-11T17:00', '2bh')).toBe('2025-10-13T10:00:00+08:00'); // on a make-up Saturday
    expect(due('2025-10-12T10:00', '2bh')).toBe('2025-10-13T11:00:00+08:00'); // on a Sunday
    expect(due('2025-09-30T17:00', '2bh')).toBe('2025-10-09T10:00:00+08:00'); // across the holiday
  });

  it('a due landing exactly on closing time stays on that day', () => {
    expect(due('2025-10-09T09:00', '9bh')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-10-09T07:00', '9bh')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-10-09T09:00', '18bh')).toBe('2025-10-10T18:00:00+08:00');
    expect(due('2025-10-09T09:00', '19bh')).toBe('2025-10-11T10:00:00+08:00');
  });

  it('0bh is the moment the business clock starts', () => {
    expect(due('2025-10-09T10:15', '0bh')).toBe('2025-10-09T10:15:00+08:00');
    expect(due('2025-10-09T18:00', '0bh')).toBe('2025-10-09T18:00:00+08:00');
    expect(due('2025-10-09T20:00', '0bh')).toBe('2025-10-10T09:00:00+08:00');
  });
});

describe('m, h, d: wall clock', () => {
  it('adds minutes, hours and calendar days, holidays or not', () => {
    expect(due('2025-09-30T23:30', '90m')).toBe('2025-10-01T01:00:00+08:00');
    expect(due('2025-09-30T10:00', '25h')).toBe('2025-10-01T11:00:00+08:00');
    expect(due('2025-09-30T10:00:05', '3d')).toBe('2025-10-03T10:00:05+08:00');
    for (const u of ['0m', '0h', '0d']) expect(due('2025-09-30T10:00:05', u)).toBe('2025-09-30T10:00:05+08:00');
  });
});

describe('daylight saving time (America/New_York, Europe/Berlin)', () => {
  const ny = createCalendar({ timezone: 'America/New_York' });
  const berlin = createCalendar({ timezone: 'Europe/Berlin' });

  it('Nd keeps the local time across the switch; Nh does not', () => {
    expect(due('2025-03-08T12:00', '1d', ny)).toBe('2025-03-09T12:00:00-04:00'); // 23 hours later
    expect(due('2025-03-08T12:00', '24h', ny)).toBe('2025-03-09T13:00:00-04:00');
    expect(due('2025-11-01T12:00', '1d', ny)).toBe('2025-11-02T12:00:00-05:00'); // 25 hours later
    expect(due('2025-03-29T09:30', '2d', berlin)).toBe('2025-03-31T09:30:00+02:00');
    expect(due('2025-03-08T02:30', '1d', ny)).toBe('2025-03-09T03:30:00-04:00'); // 02:30 does not exist that day
  });

  it('Nbh opens at 09:00 local time after the switch', () => {
    expect(due('2025-03-07T16:00', '4bh', ny)).toBe('2025-03-10T11:00:00-04:00');
    expect(due('2025-03-28T17:00', '2bh', berlin)).toBe('2025-03-31T10:00:00+02:00');
    expect(due('2025-10-24T17:00', '2bh', berlin)).toBe('2025-10-27T10:00:00+01:00');
    expect(due('2025-03-07T10:00', '1wd', ny)).toBe('2025-03-10T18:00:00-04:00');
  });

  it('counts real time when the switch falls inside business hours', () => {
    // a 24-hour working Sunday on the night New York springs forward has 23 hours
    const allDay = createCalendar({ timezone: 'America/New_York', businessHours: { start: '00:00', end: '24:00' }, workdays: ['2025-03-09'] });
    expect(due('2025-03-09T00:00', '23bh', allDay)).toBe('2025-03-10T00:00:00-04:00');
    expect(businessTimeBetween(allDay, at('2025-03-09T00:00', allDay), at('2025-03-10T00:00', allDay))).toBe(23 * 60);
  });
});

describe('overrides', () => {
  const make = (o: CalendarOverrides): WorkCalendar => createCalendar(o);

  it('an extra holiday or workday moves the due', () => {
    expect(due('2025-09-30T10:00', '3wd', make({ holidays: ['2025-10-10'] }))).toBe('2025-10-13T18:00:00+08:00');
    expect(due('2025-09-30T10:00', '1wd', make({ workdays: ['2025-10-02'] }))).toBe('2025-10-02T18:00:00+08:00');
  });

  it('other business hours', () => {
    const c = make({ businessHours: { start: '08:30', end: '17:30' } });
    expect(due('2025-10-09T17:00', '1bh', c)).toBe('2025-10-10T09:00:00+08:00');
    expect(due('2025-10-09T07:00', '1bh', c)).toBe('2025-10-09T09:30:00+08:00');
    expect(due('2025-09-30T10:00', '3wd', c)).toBe('2025-10-11T17:30:00+08:00');
  });

  it('another zone: holidays are the same dates, hours are local', () => {
    const tokyo = make({ timezone: 'Asia/Tokyo' });
    expect(due('2025-09-30T10:00', '3wd', tokyo)).toBe('2025-10-11T18:00:00+09:00');
    // an instant given with +08:00 is 11:00 in Tokyo
    expect(formatInstant(addDuration(tokyo, at('2025-10-09T10:00:00+08:00'), '1bh').due, 'Asia/Tokyo')).toBe('2025-10-09T12:00:00+09:00');
  });
});

describe('years without built-in data', () => {
  it('count Monday–Friday and warn once per year', () => {
    const r = addDuration(cn, at('2026-12-30T10:00'), '3wd');
    expect(formatInstant(r.due, cn.timeZone)).toBe('2027-01-04T18:00:00+08:00');
    expect(r.warnings).toEqual([fallbackWarning(2027)]);
    expect(addDuration(cn, at('2031-03-02T10:00'), '40wd').warnings).toEqual([fallbackWarning(2031)]);
  });

  it('do not warn when nothing in the year was looked at, or overrides cover it', () => {
    expect(addDuration(cn, at('2026-12-30T10:00'), '1wd').warnings).toEqual([]);
    expect(addDuration(cn, at('2026-12-31T10:00'), '5d').warnings).toEqual([]); // wall clock needs no calendar
    const covered = createCalendar({ holidays: ['2027-01-01'] });
    const r = addDuration(covered, at('2026-12-30T10:00'), '3wd');
    expect(r.warnings).toEqual([]);
    expect(formatInstant(r.due, cn.timeZone)).toBe('2027-01-05T18:00:00+08:00');
    expect(coverageWarningsBetween(cn, at('2026-06-01T00:00'), at('2028-01-01T00:00'))).toEqual([fallbackWarning(2027), fallbackWarning(2028)]);
  });
});

describe('business time between instants', () => {
  it('counts only business hours on working days', () => {
    expect(businessTimeBetween(cn, at('2025-09-30T10:00'), at('2025-10-09T10:00'))).toBe(9 * 60);
    expect(businessTimeBetween(cn, at('2025-10-09T10:00'), at('2025-09-30T10:00'))).toBe(-9 * 60);
    expect(businessTimeBetween(cn, at('2025-10-01T00:00'), at('2025-10-08T23:59'))).toBe(0);
    expect(businessTimeBetween(cn, at('2025-10-09T12:00'), at('2025-10-09T12:00:30'))).toBe(0.5);
    expect(businessTimeBetween(cn, at('2025-10-10T20:00'), at('2025-10-13T08:00'))).toBe(9 * 60); // make-up Saturday
  });

  it('supports pausing: resume with the allowance left', () => {
    const start = at('2025-09-30T16:00');
    const total = 4 * 60; // 4bh
    const used = businessTimeBetween(cn, start, at('2025-09-30T17:00')); // paused at 17:00, waiting for the citizen
    const resumed = addBusinessMinutes(cn, at('2025-10-10T14:00'), total - used);
    expect(formatInstant(resumed.due, cn.timeZone)).toBe('2025-10-10T17:00:00+08:00');
    expect(() => addBusinessMinutes(cn, start, -1)).toThrow(CalendarError);
  });

  it('elapsedFraction measures the allowance used', () => {
    const start = at('2025-09-30T13:30');
    const d = addDuration(cn, start, '9bh').due; // Oct 9 13:30
    expect(elapsedFraction(cn, start, d, at('2025-09-30T18:00'))).toBe(0.5);
    expect(elapsedFraction(cn, start, d, at('2025-10-05T12:00'))).toBe(0.5); // holidays do not use it up
    expect(elapsedFraction(cn, start, d, d)).toBe(1);
    expect(elapsedFraction(cn, start, d, at('2025-10-09T18:00'))).toBe(1.5);
    expect(elapsedFraction(cn, start, d, at('2025-09-29T10:00'))).toBe(0);
    const wall = addDuration(cn, start, '2d').due;
    expect(elapsedFraction(cn, start, wall, at('2025-10-01T13:30'), 'wall')).toBe(0.5);
    expect(elapsedFraction(cn, start, start, start)).toBe(1);
  });
});

describe('bad input', () => {
  it('throws typed errors', () => {
    expect(() => addDuration(cn, at('2025-10-09T10:00'), '-1wd')).toThrow(DurationParseError);
    expect(() => addDuration(cn, new Date('nope'), '1wd')).toThrow(/start is not a valid date/);
    expect(() => businessTimeBetween(cn, new Date(NaN), new Date())).toThrow(CalendarError);
    const closed = createCalendar({ holidays: ['2025-10-09'], businessHours: { start: '09:00', end: '09:01' } });
    expect(formatInstant(addDuration(closed, at('2025-10-08T10:00'), '2bh').due, closed.timeZone)).toBe('2026-04-01T09:01:00+08:00'); // 120 one-minute days later (= chinese-days findWorkday(120))
  });
});

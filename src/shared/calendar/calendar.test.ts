import { describe, expect, it } from 'vitest';
import {
  builtinCoverageYears,
  CalendarConfigError,
  CalendarError,
  calendarOverridesSchema,
  createCalendar,
  fallbackWarning,
  parseCalendarYaml,
} from './index.js';

const cal = createCalendar();

describe('built-in Chinese calendar (chinese-days)', () => {
  it('National Day 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 are make-up working days', () => {
    for (let d = 1; d <= 8; d++) {
      const info = cal.dayInfo(`2025-10-0${d}`);
      expect(info.working, info.date).toBe(false);
      expect(info.reason).toBe('holiday');
    }
    expect(cal.dayInfo('2025-10-01')).toMatchObject({ name: '国庆节', nameEn: 'National Day', weekday: 3 });
    expect(cal.dayInfo('2025-10-06')).toMatchObject({ name: '中秋', reason: 'holiday' }); // Mid-autumn falls inside the break
    expect(cal.dayInfo('2025-09-28')).toEqual({ date: '2025-09-28', weekday: 7, working: true, reason: 'makeup', name: '国庆节', nameEn: 'National Day' });
    expect(cal.dayInfo('2025-10-11')).toMatchObject({ working: true, reason: 'makeup', weekday: 6 });
    expect(cal.dayInfo('2025-10-09')).toEqual({ date: '2025-10-09', weekday: 4, working: true, reason: 'workday' });
    expect(cal.dayInfo('2025-10-12')).toEqual({ date: '2025-10-12', weekday: 7, working: false, reason: 'weekend' });
    expect(cal.isWorkingDay('2025-10-10')).toBe(true);
    expect(cal.isWorkingDay('2025-10-04')).toBe(false);
  });

  it('Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 are make-up working days', () => {
    for (let d = 15; d <= 23; d++) expect(cal.dayInfo(`2026-02-${d}`)).toMatchObject({ working: false, reason: 'holiday', name: '春节' });
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ working: true, reason: 'makeup', name: '春节' });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ working: true, reason: 'makeup', name: '春节' });
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
  });

  it('counts working days in a month', () => {
    expect(cal.month(2025, 10).workingDays).toBe(18); // 23 weekdays − 6 holiday weekdays + Sat Oct 11
    expect(cal.month(2025, 9).workingDays).toBe(23); // 22 weekdays + Sun Sep 28
    expect(cal.month(2026, 2).workingDays).toBe(16); // 20 weekdays − 6 holiday weekdays + Feb 14 + Feb 28
    const oct = cal.month(2025, 10);
    expect(oct.days).toHaveLength(31);
    expect(oct.coverage).toBe('builtin');
    expect(cal.month(2024, 2).days).toHaveLength(29);
  });

  it('reports which years have built-in data', () => {
    expect(builtinCoverageYears[0]).toBe(2004);
    expect(builtinCoverageYears).toContain(2025);
    expect(builtinCoverageYears).toContain(2026);
    expect(cal.coverage(2025)).toBe('builtin');
    expect(cal.coverage(2026)).toBe('builtin');
    expect(cal.coverage(2031)).toBe('fallback');
    expect(cal.coverageWarning(2031)).toBe(fallbackWarning(2031));
    expect(fallbackWarning(2031)).toBe(
      'no built-in holiday data for 2031; counting Monday–Friday as working days — add holidays/workdays overrides',
    );
    expect(cal.coverageWarning(2025)).toBeUndefined();
    // a fallback year is plain Monday–Friday
    expect(cal.dayInfo('2031-01-01')).toEqual({ date: '2031-01-01', weekday: 3, working: true, reason: 'workday' });
    expect(cal.month(2031, 1)).toMatchObject({ coverage: 'fallback', workingDays: 23 });
  });

  it('rejects dates that do not exist', () => {
    expect(() => cal.isWorkingDay('2025-02-29')).toThrow(CalendarError);
    expect(() => cal.dayInfo('2025-10-1')).toThrow(/YYYY-MM-DD/);
    expect(() => cal.month(2025, 13)).toThrow(/no month 13/);
  });
});

describe('organisation overrides', () => {
  const org = createCalendar({
    holidays: ['2025-10-10', { date: '2025-10-11', name: '区庆' }, '2031-01-01'],
    workdays: [{ date: '2025-10-08', name: '值班' }, '2025-10-12'],
  });

  it('win over the built-in data in both directions', () => {
    expect(org.dayInfo('2025-10-10')).toEqual({ date: '2025-10-10', weekday: 5, working: false, reason: 'override-holiday' });
    expect(org.dayInfo('2025-10-11')).toMatchObject({ working: false, reason: 'override-holiday', name: '区庆' }); // was a make-up day
    expect(org.dayInfo('2025-10-08')).toMatchObject({ working: true, reason: 'override-workday', name: '值班' }); // was a holiday
    expect(org.dayInfo('2025-10-12')).toMatchObject({ working: true, reason: 'override-workday' }); // a Sunday
    expect(org.month(2025, 10).workingDays).toBe(18 - 2 + 2);
  });

  it('make a year without built-in data count as covered', () => {
    expect(org.coverage(2031)).toBe('override');
    expect(org.coverageWarning(2031)).toBeUndefined();
    expect(org.coverage(2032)).toBe('fallback');
  });

  it('default to Asia/Shanghai and 09:00–18:00', () => {
    expect(cal.timeZone).toBe('Asia/Shanghai');
    expect(cal.businessHours).toEqual([{ start: '09:00', end: '18:00' }]);
    const other = createCalendar({ timezone: 'Europe/Berlin', businessHours: { start: '8:30', end: '24:00' } });
    expect(other.timeZone).toBe('Europe/Berlin');
    expect(other.businessHours).toEqual([{ start: '08:30', end: '24:00' }]);
    expect([other.openMinute, other.closeMinute]).toEqual([510, 1440]);
  });

  it('are validated with messages a person understands', () => {
    const bad = (o: unknown): string => {
      try {
        createCalendar(o as never);
      } catch (err) {
        expect(err).toBeInstanceOf(CalendarConfigError);
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad({ timezone: 'Mars/Olympus' })).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(bad({ businessHours: { start: '18:00', end: '09:00' } })).toMatch(/^calendar: businessHours: the window 18:00–09:00 must end after it starts/);
    expect(bad({ businessHours: { start: '9am', end: '18:00' } })).toMatch(/businessHours\.start: write the time as HH:MM/);
    expect(bad({ holidays: ['2025-02-30'] })).toMatch(/holidays\[0\]: .*2025-02 has 28 days/);
    expect(bad({ holidays: ['2025-10-10'], workdays: ['2025-10-10'] })).toMatch(/both as a holiday and as a workday/);
    expect(bad({ holiday: ['2025-10-10'] })).toMatch(/unknown key "holiday"/);
    expect(calendarOverridesSchema.safeParse({ timezone: 'Asia/Shanghai', holidays: [], workdays: [] }).success).toBe(true);
  });
});

describe('calendar file (YAML)', () => {
  it('reads unquoted dates, names and business hours', () => {
    const o = parseCalendarYaml(
      ['timezone: Asia/Urumqi', 'businessHours: { start: "10:00", end: "19:00" }', 'holidays:', '  - 2031-01-01', '  - { date: 2031-10-01, name: 国庆节 }', 'workdays: [2031-10-11]'].join('\n'),
    );
    expect(o).toEqual({
      timezone: 'Asia/Urumqi',
      businessHours: [{ start: '10:00', end: '19:00' }],
      holidays: ['2031-01-01', { date: '2031-10-01', name: '国庆节' }],
      workdays: ['2031-10-11'],
    });
    const c = createCalendar(o);
    expect(c.dayInfo('2031-10-01')).toMatchObject({ working: false, reason: 'override-holiday', name: '国庆节' });
  });

  it('treats an empty file as no overrides and reports broken YAML', () => {
    expect(parseCalendarYaml('')).toEqual({});
    expect(() => parseCalendarYaml('holidays: [2025-01-01', 'cal.yaml')).toThrow(/^cal\.yaml: not valid YAML/);
    expect(() => parseCalendarYaml('- 2025-01-01')).toThrow(/expected keys timezone/);
  });
});

/**
 * The working-day calendar of one organisation: China's statutory holidays (法定节假日) and make-up working days
 * (调休上班) from the `chinese-days` package, plus the organisation's own overrides.
 *
 * Precedence for a date: override holiday > override workday > built-in holiday > built-in make-up workday >
 * Saturday/Sunday off, Monday–Friday working. A year the package has no data for (it covers 2004 to the last
 * year the State Council has announced) therefore falls back to Monday–Friday; `coverage(year)` says so and the
 * SLA computations return a warning, so people see it until they add overrides for that year.
 */
import builtinData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { CalendarError } from './errors.js';
import { DEFAULT_BUSINESS_WINDOWS, DEFAULT_TIME_ZONE, entryDate, minutesOfClock, type BusinessWindow, type DayEntry, type ParsedCalendarOverrides } from './basics.js';
import { dayNumber, daysInMonth, formatDate, parseDate, weekdayOf, yearOf } from './zone.js';

export type DayReason = 'holiday' | 'makeup' | 'weekend' | 'workday' | 'override-holiday' | 'override-workday';

export interface DayInfo {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  reason: DayReason;
  /** Chinese name of the holiday the day belongs to (国庆节), or the name given in the overrides. */
  name?: string;
  /** English name of a built-in holiday (National Day). */
  nameEn?: string;
}

/**
 * Where a year's working days come from: the built-in data; the organisation's overrides alone (the package has
 * no data for the year, but the organisation has entered at least one holiday or workday for it); or nothing
 * but Monday–Friday ('fallback', which deserves a warning).
 */
export type Coverage = 'builtin' | 'override' | 'fallback';

export interface MonthView {
  year: number;
  month: number;
  coverage: Coverage;
  days: DayInfo[];
  workingDays: number;
}

export interface WorkCalendar {
  /** IANA time zone all local dates and business hours are in. */
  readonly timeZone: string;
  /** Business hours: the windows of a working day as `HH:MM` (an end may be `24:00`), in time order, not overlapping. */
  readonly businessHours: readonly Readonly<BusinessWindow>[];
  /** The same windows in minutes after local midnight. */
  readonly windows: readonly { readonly open: number; readonly close: number }[];
  /** Opening of the first window and closing of the last, in minutes after local midnight. */
  readonly openMinute: number;
  readonly closeMinute: number;
  /** Minutes of business time in one working day (the windows added up; a DST switch inside them aside). */
  readonly minutesPerDay: number;
  isWorkingDay(date: string): boolean;
  dayInfo(date: string): DayInfo;
  month(year: number, month: number): MonthView;
  coverage(year: number): Coverage;
  /** The warning to show for a year in fallback, or undefined when the year is covered. */
  coverageWarning(year: number): string | undefined;
  /** Same as isWorkingDay / dayInfo, for a day number (days since 1970-01-01); used by the SLA engine's loops. */
  isWorkingDayNumber(day: number): boolean;
  dayInfoNumber(day: number): DayInfo;
}

interface NamedDay {
  name: string;
  nameEn?: string;
}

/** The package stores "National Day,国庆节,3" (English, Chinese, length of the holiday). */
function namedDay(raw: string): NamedDay {
  const [en = '', zh = ''] = raw.split(',');
  return { name: zh || en, nameEn: en || undefined };
}

function loadBuiltin(map: Record<string, string>): Map<number, NamedDay> {
  const out = new Map<number, NamedDay>();
  for (const [date, raw] of Object.entries(map)) out.set(parseDate(date), namedDay(raw));
  return out;
}

const builtinHolidays = loadBuiltin(builtinData.holidays);
const builtinWorkdays = loadBuiltin(builtinData.workdays);
const builtinYears = new Set([...builtinHolidays.keys(), ...builtinWorkdays.keys()].map(yearOf));

/** Years with built-in holiday data, ascending (from the installed `chinese-days`). */
export const builtinCoverageYears: readonly number[] = [...builtinYears].sort((a, b) => a - b);

export function fallbackWarning(year: number): string {
  return `no built-in holiday data for ${year}; counting Monday–Friday as working days — add holidays/workdays overrides`;
}

function overrideMap(entries: DayEntry[] | undefined): Map<number, string | undefined> {
  const m = new Map<number, string | undefined>();
  for (const e of entries ?? []) m.set(parseDate(entryDate(e)), typeof e === 'string' ? undefined : e.name);
  return m;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new CalendarError('DATE_INVALID', `${year} is not a year between 1 and 9999`);
}

/**
 * Builds an organisation's calendar from overrides already validated (`parseCalendarOverrides`, or none).
 * `createCalendar` (create.ts) validates first; this one does not need zod.
 */
export function buildCalendar(o: ParsedCalendarOverrides = {}): WorkCalendar {
  const timeZone = o.timezone ?? DEFAULT_TIME_ZONE;
  const businessHours = Object.freeze((o.businessHours ?? DEFAULT_BUSINESS_WINDOWS).map((w) => Object.freeze({ ...w })));
  const windows = Object.freeze(businessHours.map((w) => Object.freeze({ open: minutesOfClock(w.start), close: minutesOfClock(w.end) })));
  const extraHolidays = overrideMap(o.holidays);
  const extraWorkdays = overrideMap(o.workdays);
  const overrideYears = new Set([...extraHolidays.keys(), ...extraWorkdays.keys()].map(yearOf));

  const dayInfoNumber = (day: number): DayInfo => {
    const date = formatDate(day);
    const weekday = weekdayOf(day);
    const named = (info: Omit<DayInfo, 'date' | 'weekday'>): DayInfo => ({ date, weekday, ...info });
    if (extraHolidays.has(day)) {
      const name = extraHolidays.get(day) ?? builtinHolidays.get(day)?.name;
      return named({ working: false, reason: 'override-holiday', ...(name && { name }) });
    }
    if (extraWorkdays.has(day)) {
      const name = extraWorkdays.get(day);
      return named({ working: true, reason: 'override-workday', ...(name && { name }) });
    }
    const holiday = builtinHolidays.get(day);
    if (holiday) return named({ working: false, reason: 'holiday', ...holiday });
    const makeup = builtinWorkdays.get(day);
    if (makeup) return named({ working: true, reason: 'makeup', ...makeup });
    return weekday >= 6 ? named({ working: false, reason: 'weekend' }) : named({ working: true, reason: 'workday' });
  };

  const isWorkingDayNumber = (day: number): boolean => {
    if (extraHolidays.has(day)) return false;
    if (extraWorkdays.has(day)) return true;
    if (builtinHolidays.has(day)) return false;
    if (builtinWorkdays.has(day)) return true;
    return weekdayOf(day) <= 5;
  };

  const coverage = (year: number): Coverage => {
    checkYear(year);
    if (builtinYears.has(year)) return 'builtin';
    return overrideYears.has(year) ? 'override' : 'fallback';
  };

  return {
    timeZone,
    businessHours,
    windows,
    openMinute: windows[0]!.open,
    closeMinute: windows[windows.length - 1]!.close,
    minutesPerDay: windows.reduce((sum, w) => sum + w.close - w.open, 0),
    isWorkingDayNumber,
    dayInfoNumber,
    isWorkingDay: (date) => isWorkingDayNumber(parseDate(date)),
    dayInfo: (date) => dayInfoNumber(parseDate(date)),
    coverage,
    coverageWarning: (year) => (coverage(year) === 'fallback' ? fallbackWarning(year) : undefined),
    month(year, month) {
      checkYear(year);
      if (!Number.isInteger(month) || month < 1 || month > 12) throw new CalendarError('DATE_INVALID', `there is no month ${month}`);
      const first = dayNumber(year, month, 1);
      const days = Array.from({ length: daysInMonth(year, month) }, (_, i) => dayInfoNumber(first + i));
      return { year, month, coverage: coverage(year), days, workingDays: days.filter((d) => d.working).length };
    },
  };
}

/** Warnings for the fallback years among `years` (deduplicated, in year order). */
export function coverageWarnings(cal: WorkCalendar, years: Iterable<number>): string[] {
  return [...new Set(years)]
    .sort((a, b) => a - b)
    .map((y) => cal.coverageWarning(y))
    .filter((w): w is string => w !== undefined);
}

/**
 * The calendar file an organisation keeps next to its standard pack (YAML), validated with zod:
 *
 *   timezone: Asia/Shanghai          # IANA zone, default Asia/Shanghai
 *   businessHours:                   # one window { start, end } or a list of windows (lunch break)
 *     - { start: '08:30', end: '12:00' }
 *     - { start: '13:30', end: '17:00' }
 *   holidays:                        # extra days off, win over the built-in data
 *     - 2025-12-31
 *     - { date: 2026-12-31, name: 市庆日 }
 *   workdays:                        # extra working days, win over the built-in data
 *     - 2031-02-08
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_BUSINESS_HOURS, DEFAULT_BUSINESS_WINDOWS, DEFAULT_TIME_ZONE, entryDate, MAX_BUSINESS_WINDOWS, minutesOfClock, type BusinessWindow, type DayEntry, type ParsedCalendarOverrides } from './basics.js';
import { CalendarConfigError } from './errors.js';
import { isValidTimeZone, parseDate } from './zone.js';

export { DEFAULT_BUSINESS_HOURS, DEFAULT_BUSINESS_WINDOWS, DEFAULT_TIME_ZONE, entryDate, MAX_BUSINESS_WINDOWS, minutesOfClock, type BusinessWindow, type DayEntry, type ParsedCalendarOverrides };

const dateString = z.string().superRefine((value, ctx) => {
  try {
    parseDate(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

const dayEntry = z.union([dateString, z.strictObject({ date: dateString, name: z.string().trim().min(1).optional() })], {
  error: 'write a date as YYYY-MM-DD, or { date: YYYY-MM-DD, name: … }',
});

/** `H:MM` or `HH:MM`, normalised to `HH:MM`; `24:00` is allowed as a closing time (open until midnight). */
const clockTime = (allowMidnightEnd: boolean) =>
  z
    .string()
    .regex(allowMidnightEnd ? /^(?:([01]?\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]?\d|2[0-3]):[0-5]\d$/, {
      error: `write the time as HH:MM, e.g. ${allowMidnightEnd ? '18:00' : '09:00'}`,
    })
    .transform((v) => v.padStart(5, '0'));

/** One opening window of a working day, `HH:MM`–`HH:MM` local time. */
export const businessWindowSchema: z.ZodType<BusinessWindow, { start: string; end: string }> = z
  .strictObject({ start: clockTime(false), end: clockTime(true) })
  .refine((h) => !(minutesOfClock(h.start) >= minutesOfClock(h.end)), {
    // `!(>=)`: a time that could not be read (NaN) was already reported above
    error: (iss) => {
      const h = iss.input as { start: string; end: string };
      return `the window ${h.start}–${h.end} must end after it starts (overnight hours are not supported)`;
    },
  });
/** What a file or the API may give: one window or a list. */
export type BusinessHoursInput = z.input<typeof businessWindowSchema> | Array<z.input<typeof businessWindowSchema>>;

/**
 * Business hours: one window `{ start, end }` (the original form, still accepted everywhere) or a list of windows
 * in time order that do not overlap (they may touch). Always read as a list.
 */
export const businessHoursSchema = z
  .unknown()
  .transform((value, ctx): BusinessWindow[] => {
    const single = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!single && !Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'write business hours as { start: "09:00", end: "18:00" } or a list of such windows' });
      return z.NEVER;
    }
    const list: unknown[] = single ? [value] : (value as unknown[]);
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'give at least one window, e.g. { start: "09:00", end: "18:00" }' });
    if (list.length > MAX_BUSINESS_WINDOWS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_BUSINESS_WINDOWS} windows a day (got ${list.length})` });
    const windows: BusinessWindow[] = [];
    list.forEach((item, i) => {
      const r = businessWindowSchema.safeParse(item);
      if (r.success) return void windows.push(r.data);
      for (const issue of r.error.issues) {
        const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a window has start and end)` : issue.message;
        // the single form keeps its own paths (businessHours.start); a list's items are numbered (businessHours[1].start)
        ctx.addIssue({ code: 'custom', message, path: single ? issue.path : [i, ...issue.path] });
      }
    });
    if (windows.length !== list.length) return z.NEVER;
    windows.forEach((w, i) => {
      const prev = windows[i - 1];
      if (!prev) return;
      if (minutesOfClock(w.start) < minutesOfClock(prev.start)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `the window ${w.start}–${w.end} comes before the window ${prev.start}–${prev.end} listed above it: list the windows in time order` });
      } else if (minutesOfClock(w.start) < minutesOfClock(prev.end)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `the window ${w.start}–${w.end} overlaps the window ${prev.start}–${prev.end}: start it at ${prev.end} or later` });
      }
    });
    return windows;
  }) as unknown as z.ZodType<BusinessWindow[], BusinessHoursInput>;

export const calendarOverridesSchema = z
  .strictObject({
    timezone: z
      .string()
      .refine(isValidTimeZone, { error: (iss) => `unknown time zone "${String(iss.input)}": use an IANA name such as Asia/Shanghai` })
      .optional(),
    businessHours: businessHoursSchema.optional(),
    holidays: z.array(dayEntry).optional(),
    workdays: z.array(dayEntry).optional(),
  })
  .superRefine((o, ctx) => {
    const holidays = new Set((o.holidays ?? []).map(entryDate));
    (o.workdays ?? []).forEach((w, i) => {
      if (holidays.has(entryDate(w))) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${entryDate(w)} is listed both as a holiday and as a workday` });
      }
    });
  });

export type CalendarOverrides = z.input<typeof calendarOverridesSchema>;
// what the schema gives is what the engine reads (basics.ts, written without zod)
const _sameShape = (o: z.output<typeof calendarOverridesSchema>, d: z.output<typeof dayEntry>): [ParsedCalendarOverrides, DayEntry] => [o, d];
void _sameShape;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      const message = i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (allowed: timezone, businessHours, holidays, workdays)` : i.message;
      return where ? `${where}: ${message}` : message;
    })
    .join('; ');
}

/** Validates overrides given as an object; throws a CalendarConfigError listing every problem. */
export function parseCalendarOverrides(input: unknown, source = 'calendar'): ParsedCalendarOverrides {
  const r = calendarOverridesSchema.safeParse(input ?? {});
  if (!r.success) throw new CalendarConfigError(`${source}: ${describeIssues(r.error)}`);
  return r.data;
}

/** Reads a calendar file's YAML text (an empty file means no overrides). */
export function parseCalendarYaml(text: string, source = 'calendar file'): ParsedCalendarOverrides {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new CalendarConfigError(`${source}: not valid YAML: ${msg}`);
  }
  if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
    throw new CalendarConfigError(`${source}: expected keys timezone, businessHours, holidays, workdays at the top level`);
  }
  return parseCalendarOverrides(doc, source);
}

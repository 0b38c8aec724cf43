/**
 * The calendar's plain facts, without the zod schemas of the calendar file (schema.ts): the default business
 * hours, a window and a day entry as the engine reads them, and the small helpers the engine needs. The engine
 * (calendar.ts, sla.ts) imports only these, so `rexian sla due` starts without loading zod (core.ts).
 */
import { DEFAULT_TIME_ZONE } from './zone.js';

export { DEFAULT_TIME_ZONE };
export const DEFAULT_BUSINESS_HOURS = { start: '09:00', end: '18:00' } as const;

/** One opening window of a working day, `HH:MM`–`HH:MM` local time (`24:00` closes at midnight). */
export interface BusinessWindow {
  start: string;
  end: string;
}

/** The default business hours as a list of windows (one window, 09:00–18:00). */
export const DEFAULT_BUSINESS_WINDOWS: readonly BusinessWindow[] = Object.freeze([{ ...DEFAULT_BUSINESS_HOURS }]);

/** The most windows a day may have: more is surely a mistake, and keeps the engine's loops short. */
export const MAX_BUSINESS_WINDOWS = 12;

/** An extra holiday or working day: the date, or the date and a name. */
export type DayEntry = string | { date: string; name?: string | undefined };

/** Calendar overrides once validated (schema.ts's `parseCalendarOverrides` gives them; the engine trusts them). */
export interface ParsedCalendarOverrides {
  timezone?: string | undefined;
  businessHours?: BusinessWindow[] | undefined;
  holidays?: DayEntry[] | undefined;
  workdays?: DayEntry[] | undefined;
}

export function entryDate(e: DayEntry): string {
  return typeof e === 'string' ? e : e.date;
}

export function minutesOfClock(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

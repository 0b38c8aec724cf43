import { buildCalendar, type WorkCalendar } from './calendar.js';
import { parseCalendarOverrides, type CalendarOverrides } from './schema.js';

/** Builds an organisation's calendar; overrides are validated (a CalendarConfigError says what is wrong). */
export function createCalendar(overrides: CalendarOverrides = {}): WorkCalendar {
  return buildCalendar(parseCalendarOverrides(overrides));
}

/** The working-day calendar and SLA due-date engine (pure; see docs/calendar-and-sla.md), with the calendar file's schemas. */
export * from './core.js';
export {
  businessHoursSchema,
  businessWindowSchema,
  calendarOverridesSchema,
  parseCalendarOverrides,
  parseCalendarYaml,
  type BusinessHoursInput,
  type CalendarOverrides,
} from './schema.js';
export { createCalendar } from './create.js';

/**
 * The calendar and SLA engine without the calendar file's zod schemas: what `rexian sla due` loads (it starts
 * in a fraction of the time; bench/cli.ts). Calendars come from `buildCalendar` with overrides already
 * validated; index.ts adds the schemas and the validating `createCalendar`.
 */
export { CalendarConfigError, CalendarError, DurationParseError, type CalendarErrorCode } from './errors.js';
export { formatInstant, isValidDate, isValidTimeZone, parseInstant } from './zone.js';
export { describeDuration, durationUnits, formatDuration, isBusinessUnit, maxDurationAmount, parseDuration, toDuration, type Duration, type DurationUnit } from './duration.js';
export {
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_BUSINESS_WINDOWS,
  DEFAULT_TIME_ZONE,
  MAX_BUSINESS_WINDOWS,
  type BusinessWindow,
  type DayEntry,
  type ParsedCalendarOverrides,
} from './basics.js';
export {
  buildCalendar,
  builtinCoverageYears,
  coverageWarnings,
  fallbackWarning,
  type Coverage,
  type DayInfo,
  type DayReason,
  type MonthView,
  type WorkCalendar,
} from './calendar.js';
export {
  addBusinessMinutes,
  addDuration,
  businessTimeBetween,
  coverageWarningsBetween,
  elapsedFraction,
  type DueResult,
  type ElapsedBasis,
} from './sla.js';

/** The working-day calendar and SLA due-date engine (pure; see docs/calendar-and-sla.md). */
export { CalendarConfigError, CalendarError, DurationParseError, type CalendarErrorCode } from './errors.js';
export { formatInstant, isValidDate, isValidTimeZone, parseInstant } from './zone.js';
export { describeDuration, durationUnits, formatDuration, isBusinessUnit, maxDurationAmount, parseDuration, toDuration, type Duration, type DurationUnit } from './duration.js';
export {
  businessHoursSchema,
  businessWindowSchema,
  calendarOverridesSchema,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_BUSINESS_WINDOWS,
  MAX_BUSINESS_WINDOWS,
  DEFAULT_TIME_ZONE,
  parseCalendarOverrides,
  parseCalendarYaml,
  type BusinessHoursInput,
  type BusinessWindow,
  type CalendarOverrides,
  type ParsedCalendarOverrides,
} from './schema.js';
export {
  builtinCoverageYears,
  coverageWarnings,
  createCalendar,
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

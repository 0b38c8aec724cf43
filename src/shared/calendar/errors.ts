/**
 * Errors a person can cause with bad input (a duration, a date, a calendar file). Each carries a code for
 * programs and a message written for the person who typed the value, so the CLI and the API can show it as is.
 */
export type CalendarErrorCode = 'DURATION_INVALID' | 'DATE_INVALID' | 'INSTANT_INVALID' | 'CALENDAR_INVALID';

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** A duration string such as `5wd` that cannot be read. */
export class DurationParseError extends CalendarError {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super('DURATION_INVALID', message);
    this.name = 'DurationParseError';
  }
}

/** Calendar overrides (usually a YAML file) that are not valid. */
export class CalendarConfigError extends CalendarError {
  constructor(message: string) {
    super('CALENDAR_INVALID', message);
    this.name = 'CalendarConfigError';
  }
}

/**
 * Texts (SMS) to the caller about their ticket (给来电人的短信): when it is taken (受理, with its number and
 * deadline), while an urgent matter is open (进展, every `updateEvery` of its time-limit policy, seed 003), and
 * when it is resolved (办结/答复). The words are the standard pack's (`callerTexts`); this module says which
 * placeholders they may use, checks that a text fits two SMS segments, fills them in and decides whether a number
 * can receive a text. Pure: the server, the CLI's pack check and the browser use the same code.
 */
import { localParts } from '../calendar/zone.js';
import { renderScript } from '../standards/render.js';

export const callerTextKinds = ['acceptance', 'progress', 'reply'] as const;
export type CallerTextKind = (typeof callerTextKinds)[number];

/** What happened to a text: waiting for the gateway, accepted by it, given up after retries, or not sent at all. */
export const callerTextStatuses = ['queued', 'sent', 'failed', 'skipped'] as const;
export type CallerTextStatus = (typeof callerTextStatuses)[number];
/**
 * Why a text was not sent: the caller declined texts, the number is not a mobile one, no gateway is configured, or a
 * progress text fell in the pack's quiet hours (免打扰时段).
 */
export const callerTextSkipReasons = ['opted_out', 'no_mobile', 'gateway_off', 'quiet_hours'] as const;
export type CallerTextSkipReason = (typeof callerTextSkipReasons)[number];

/**
 * Placeholders a caller text may use: `{org}`, `{hotline}`, `{city}` as in scripts (the organisation's profile
 * over the pack's identity), `{number}` the ticket number, `{category}` its category's name, `{deadline}` when the
 * matter is due to be resolved (the 办结 time limit, local time).
 */
export const callerTextPlaceholders = ['org', 'hotline', 'city', 'number', 'category', 'deadline'] as const;
export type CallerTextPlaceholder = (typeof callerTextPlaceholders)[number];

/** Two concatenated SMS segments of Chinese text (2 × 67 characters); a longer text is cut. */
export const SMS_MAX_CHARS = 134;

/** The widest a filled-in placeholder usually gets, to check a template's length before any ticket exists. */
const placeholderWidth: Record<CallerTextPlaceholder, number> = {
  org: 20, // 江城市 12345 政务服务便民热线
  hotline: 13, // 0571-12345678
  city: 6,
  number: 13, // 20250930-0001
  category: 8,
  deadline: 16, // 2025-10-01 18:00
};

/** How long a template gets once filled in, counting each placeholder at its usual widest. */
export function estimatedLength(template: string): number {
  return [...template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => '#'.repeat(placeholderWidth[name as CallerTextPlaceholder] ?? whole.length))].length;
}

export type CallerTextVars = Partial<Record<CallerTextPlaceholder, string>>;

/**
 * The text as it goes out: placeholders filled (renderScript), one without a value dropped rather than sent as
 * `{deadline}`, and cut to two segments with `…` if it is still too long.
 */
export function renderCallerText(template: string, vars: CallerTextVars): string {
  const text = renderScript(template, vars).replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '');
  const chars = [...text];
  return chars.length > SMS_MAX_CHARS ? `${chars.slice(0, SMS_MAX_CHARS - 1).join('')}…` : text;
}

/**
 * The mainland mobile number a text can go to (11 digits starting 13–19), from a number as a caller gave it
 * (spaces, dashes, +86 or 0086 in front); null for a landline, a short number or anything else.
 */
export function mobileNumber(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** The pack's quiet hours (`callerTexts.quietHours`): HH:MM to HH:MM in the organisation's time zone, across midnight when start > end. */
export interface QuietHours {
  start: string;
  end: string;
}

const minuteOfDay = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Whether an instant falls in the quiet hours, in `timeZone`: from `start` included to `end` excluded (21:00–08:00
 * holds 21:00 and 07:59, not 08:00). Only progress texts wait for them: the acceptance and reply texts answer
 * something the caller just did or asked.
 */
export function inQuietHours(q: QuietHours | undefined, at: Date, timeZone: string): boolean {
  if (!q) return false;
  const p = localParts(at.getTime(), timeZone);
  const minute = p.hour * 60 + p.minute;
  const a = minuteOfDay(q.start);
  const b = minuteOfDay(q.end);
  return a < b ? minute >= a && minute < b : minute >= a || minute < b;
}

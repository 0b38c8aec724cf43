import type { LabelLanguage } from './label.js';

/**
 * A time zone as people name it (中国时间, 印度时间, China Standard Time) instead of its IANA id (Asia/Shanghai);
 * a zone without a name reads as its offset (UTC+05:45).
 */
export function timeZoneLabel(timeZone: string, lang: LabelLanguage, at: Date = new Date()): string {
  try {
    const name = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/GMT|UTC/.test(name)) return name;
    const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    return offset ? offset.replace('GMT', 'UTC') || 'UTC' : timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * When to call: the hours of the week ranked by measured traffic, for the public page of a hotline. Seed 000 tells
 * callers to avoid the peak hours; this says which hours those are on this line, from its own calls.
 */

/** Offered calls of one local weekday (1 = Monday) and hour over the measured weeks. */
export interface HourTraffic {
  weekday: number;
  hour: number;
  offered: number;
}

export type HourLevel = 'quiet' | 'normal' | 'busy' | 'closed';

export interface WeekHour {
  weekday: number;
  hour: number;
  /** Mean calls in this hour per week. */
  calls: number;
  level: HourLevel;
}

/** Whether the hour starting at `hour` falls in the full day service, given the night service window (HH:MM). */
export function inDayService(hour: number, night: { from: string; to: string } | null): boolean {
  if (!night) return true;
  const minutes = hour * 60 + 30; // the middle of the hour
  const from = toMinutes(night.from);
  const to = toMinutes(night.to);
  const atNight = from > to ? minutes >= from || minutes < to : minutes >= from && minutes < to;
  return !atNight;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Every hour of the week with its mean calls per week and a level: within the day service, the third of hours
 * with the fewest calls are quiet and the third with the most are busy (an hour level with the lower third's
 * boundary counts as quiet, so a week without calls is all quiet);
 * night hours are `closed` to ordinary matters.
 */
export function rankWeekHours(traffic: readonly HourTraffic[], weeks: number, night: { from: string; to: string } | null): WeekHour[] {
  const counts = new Map<string, number>();
  for (const t of traffic) counts.set(`${t.weekday}:${t.hour}`, (counts.get(`${t.weekday}:${t.hour}`) ?? 0) + t.offered);
  const hours: WeekHour[] = [];
  for (let weekday = 1; weekday <= 7; weekday++)
    for (let hour = 0; hour < 24; hour++) hours.push({ weekday, hour, calls: (counts.get(`${weekday}:${hour}`) ?? 0) / weeks, level: inDayService(hour, night) ? 'normal' : 'closed' });
  const open = hours.filter((h) => h.level !== 'closed').map((h) => h.calls).sort((a, b) => a - b);
  if (open.length === 0) return hours;
  const low = open[Math.floor((open.length - 1) / 3)] as number;
  const high = open[Math.ceil(((open.length - 1) * 2) / 3)] as number;
  for (const h of hours) {
    if (h.level === 'closed') continue;
    if (h.calls <= low) h.level = 'quiet';
    else if (h.calls >= high) h.level = 'busy';
  }
  return hours;
}

/** Consecutive quiet hours of each weekday as windows, e.g. { weekday: 2, from: 14, to: 16 } for 14:00–16:00. */
export function quietWindows(hours: readonly WeekHour[]): Array<{ weekday: number; from: number; to: number }> {
  const out: Array<{ weekday: number; from: number; to: number }> = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    let start: number | null = null;
    for (let hour = 0; hour <= 24; hour++) {
      const quiet = hour < 24 && hours.find((h) => h.weekday === weekday && h.hour === hour)?.level === 'quiet';
      if (quiet && start === null) start = hour;
      if (!quiet && start !== null) {
        out.push({ weekday, from: start, to: hour });
        start = null;
      }
    }
  }
  return out;
}

import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { DEFAULT_TIME_ZONE, formatDate, formatInstant, isValidDate, localDayAndTime, parseDate, weekdayOf, zonedToInstant } from '../../../shared/calendar/zone.js';
import { historyDaysOf, planWeek, type IntervalMinutes } from '../../../shared/staffing/forecast.js';
import { getThresholds } from '../reports/reports.service.js';
import * as repo from './staffing.repo.js';
import type { Forecast, ForecastQuery } from './staffing.schema.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Next week's (or the given week's) staffing plan: per interval, the mean offered calls of the same weekday and
 * interval over the four most recent complete weeks, their measured handle time, and the Erlang C agents.
 */
export async function forecast(ctx: Ctx, q: ForecastQuery): Promise<Forecast> {
  const timeZone = (await repo.timeZoneOf(ctx.db, ctx.orgId)) ?? DEFAULT_TIME_ZONE;
  const today = localDayAndTime(ctx.now().getTime(), timeZone).day;
  let weekStart: number;
  if (q.week !== undefined) {
    if (!isValidDate(q.week)) fail('VALIDATION_FAILED', `week ${q.week} is not a date`);
    weekStart = parseDate(q.week);
    if (weekdayOf(weekStart) !== 1) fail('VALIDATION_FAILED', `week must be a Monday; ${q.week} is not`);
  } else {
    weekStart = today + (8 - weekdayOf(today)); // the Monday after today
  }
  const intervalMin = q.intervalMin as IntervalMinutes;
  const targetSec = q.targetSec ?? (await getThresholds(ctx)).t1Sec;
  // Fetch the span covering every history day once, bucketed by local date and interval.
  const days = Array.from({ length: 7 }, (_, i) => historyDaysOf(weekStart + i, today)).flat();
  const start = new Date(zonedToInstant(Math.min(...days), 0, timeZone));
  const end = new Date(zonedToInstant(Math.max(...days) + 1, 0, timeZone));
  const rows = await repo.slotHistory(ctx.db, { orgId: ctx.orgId, start, end, timeZone, intervalMin });
  const plan = planWeek(
    weekStart,
    today,
    rows.map((r) => ({ day: parseDate(r.date), slot: r.slot, offered: r.offered, handled: r.handled, handleMs: r.handleMs })),
    { intervalMin, targetSec, targetSl: q.targetSl, shrinkage: q.shrinkage, maxOccupancy: q.maxOccupancy },
  );
  const hours = intervalMin / 60;
  const intervals = plan.intervals.map((i) => ({
    start: formatInstant(zonedToInstant(i.day, i.minute * 60_000, timeZone), timeZone),
    date: formatDate(i.day),
    weekday: weekdayOf(i.day),
    time: `${pad(Math.floor(i.minute / 60))}:${pad(i.minute % 60)}`,
    calls: i.calls,
    ahtSec: i.ahtSec,
    ahtSource: i.ahtSource,
    intensity: i.intensity,
    agents: i.agents,
    scheduledAgents: i.scheduledAgents,
    serviceLevel: i.serviceLevel,
    occupancy: i.occupancy,
    asaSec: i.asaSec,
  }));
  return {
    week: formatDate(weekStart),
    timeZone,
    intervalMin,
    targetSec,
    targetSl: q.targetSl,
    maxOccupancy: q.maxOccupancy,
    shrinkage: q.shrinkage,
    orgAhtSec: plan.orgAhtSec,
    orgAhtSource: plan.orgAhtSource,
    historyDays: plan.historyDays.map((days, i) => ({ date: formatDate(weekStart + i), from: days.map(formatDate) })),
    totals: {
      calls: intervals.reduce((s, i) => s + i.calls, 0),
      agentHours: intervals.reduce((s, i) => s + i.agents * hours, 0),
      scheduledHours: intervals.reduce((s, i) => s + i.scheduledAgents * hours, 0),
      peakAgents: Math.max(0, ...intervals.map((i) => i.agents)),
      peakScheduled: Math.max(0, ...intervals.map((i) => i.scheduledAgents)),
    },
    intervals,
  };
}

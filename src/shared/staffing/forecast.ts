/**
 * The weekly staffing plan: each interval of a week forecast from the same weekday and interval of the four most
 * recent complete weeks, then sized with Erlang C. Pure: the server feeds it the measured counts per local day and
 * interval, and the same arithmetic could run anywhere.
 */
import { erlangCAgentsFor, scheduledAgents, trafficIntensity } from './erlang.js';

export const INTERVAL_MINUTES = [15, 30, 60] as const;
export type IntervalMinutes = (typeof INTERVAL_MINUTES)[number];
/** How many past weeks each interval's forecast averages. */
export const HISTORY_WEEKS = 4;
/** Handle time assumed when the history has no answered call at all. */
export const DEFAULT_AHT_SEC = 300;

export interface PlanParams {
  intervalMin: IntervalMinutes;
  targetSec: number;
  targetSl: number;
  shrinkage: number;
  maxOccupancy: number;
}

/** Measured traffic of one local day and interval: offered inbound calls, answered ones with their handle time. */
export interface SlotHistory {
  /** local date, day number (days since 1970-01-01) */
  day: number;
  slot: number;
  offered: number;
  handled: number;
  handleMs: number;
}

export interface PlannedInterval {
  /** day number of the local date */
  day: number;
  slot: number;
  /** minutes after local midnight */
  minute: number;
  calls: number;
  ahtSec: number;
  ahtSource: 'interval' | 'org' | 'default';
  intensity: number;
  agents: number;
  scheduledAgents: number;
  serviceLevel: number;
  occupancy: number;
  asaSec: number;
}

export interface WeekPlan {
  historyDays: number[][];
  orgAhtSec: number;
  orgAhtSource: 'org' | 'default';
  intervals: PlannedInterval[];
}

/**
 * The four days whose traffic forecasts `day`: the same weekday 1, 2, 3 … weeks earlier, skipping any that is not
 * over yet (`today` or later). Forecasting next week on a Wednesday thus uses this week's Monday and Tuesday but
 * last week's Wednesday to Sunday: a half-measured day would pull the forecast down.
 */
export function historyDaysOf(day: number, today: number): number[] {
  const out: number[] = [];
  for (let k = 1; out.length < HISTORY_WEEKS; k++) {
    const d = day - 7 * k;
    if (d < today) out.push(d);
  }
  return out;
}

export function planWeek(weekStart: number, today: number, history: readonly SlotHistory[], p: PlanParams): WeekPlan {
  const slotsPerDay = (24 * 60) / p.intervalMin;
  const bySlot = new Map<string, SlotHistory>();
  for (const h of history) bySlot.set(`${h.day}:${h.slot}`, h);
  const historyDays = Array.from({ length: 7 }, (_, i) => historyDaysOf(weekStart + i, today));
  const used = new Set(historyDays.flat());
  let handled = 0;
  let handleMs = 0;
  for (const h of history) {
    if (!used.has(h.day)) continue;
    handled += h.handled;
    handleMs += h.handleMs;
  }
  const orgAhtSource = handled > 0 ? 'org' : 'default';
  const orgAhtSec = handled > 0 ? handleMs / handled / 1000 : DEFAULT_AHT_SEC;
  const intervals: PlannedInterval[] = [];
  for (let i = 0; i < 7; i++) {
    const days = historyDays[i] as number[];
    for (let slot = 0; slot < slotsPerDay; slot++) {
      let offered = 0;
      let n = 0;
      let ms = 0;
      for (const d of days) {
        const h = bySlot.get(`${d}:${slot}`);
        if (!h) continue;
        offered += h.offered;
        n += h.handled;
        ms += h.handleMs;
      }
      const calls = offered / HISTORY_WEEKS;
      const ahtSec = n > 0 ? ms / n / 1000 : orgAhtSec;
      const m = erlangCAgentsFor({ intensity: trafficIntensity(calls, p.intervalMin, ahtSec), ahtSec, targetSec: p.targetSec, targetSl: p.targetSl, maxOccupancy: p.maxOccupancy });
      intervals.push({
        day: weekStart + i,
        slot,
        minute: slot * p.intervalMin,
        calls,
        ahtSec,
        ahtSource: n > 0 ? 'interval' : orgAhtSource,
        intensity: m.intensity,
        agents: m.agents,
        scheduledAgents: scheduledAgents(m.agents, p.shrinkage),
        serviceLevel: m.serviceLevel,
        occupancy: m.occupancy,
        asaSec: m.asaSec,
      });
    }
  }
  return { historyDays, orgAhtSec, orgAhtSource, intervals };
}

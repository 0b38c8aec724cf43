/**
 * A KPI report from aggregated rows: figures per row and for the whole period, the GB/T 33358 view (worst 24 hours)
 * and the hour × weekday heat map. The same function serves the API, the CLI and the Excel export; the wallboard
 * can feed it rows aggregated in memory (figures.ts `addCall`).
 */
import { bucketsOf, weekdayHourOf, type Grain, type Period } from './buckets.js';
import {
  callbackFigures,
  callFigures,
  emptyCallAgg,
  emptyCallbackAgg,
  emptyQaAgg,
  emptyTicketAgg,
  GBT_ANSWER_RATE,
  GBT_ANSWER_WITHIN_SEC,
  mergeCallAgg,
  qaFigures,
  ticketFigures,
  type AgentTimeAgg,
  type CallAgg,
  type CallbackAgg,
  type CallbackFigures,
  type CallFigures,
  type QaAgg,
  type QaFigures,
  type Thresholds,
  type TicketAgg,
  type TicketFigures,
} from './figures.js';

export const reportDimensions = ['day', 'week', 'month', 'interval', 'agent', 'team', 'queue', 'department', 'category'] as const;
export type ReportBy = (typeof reportDimensions)[number];
export const timeDimensions = ['day', 'week', 'month', 'interval'] as const satisfies readonly ReportBy[];

export function isTimeDimension(by: ReportBy): by is (typeof timeDimensions)[number] {
  return (timeDimensions as readonly string[]).includes(by);
}

/** Which sections a dimension has (docs/kpi.md): calls by department mean nothing, tickets by queue neither. */
export function sectionsOf(by: ReportBy): { calls: boolean; agentTime: boolean; callbacks: boolean; tickets: boolean; qa: boolean } {
  const time = isTimeDimension(by);
  return {
    calls: time || by === 'agent' || by === 'team' || by === 'queue',
    agentTime: time || by === 'agent' || by === 'team',
    callbacks: time,
    tickets: time || by === 'agent' || by === 'department' || by === 'category',
    qa: time || by === 'agent' || by === 'team',
  };
}

export function grainOf(by: ReportBy, intervalMin: 15 | 30 | 60 = 60): Grain | null {
  if (by === 'interval') return { kind: 'interval', minutes: intervalMin };
  if (by === 'day' || by === 'week' || by === 'month') return { kind: by };
  return null;
}

export interface AggRow {
  key: string;
  /** What a person reads (an agent's name, a department's name); the key when absent. */
  label?: string | undefined;
  calls?: CallAgg | undefined;
  agentTime?: AgentTimeAgg | undefined;
  callbacks?: CallbackAgg | undefined;
  tickets?: TicketAgg | undefined;
  qa?: QaAgg | undefined;
}

export interface ReportRow {
  key: string;
  label: string;
  calls?: CallFigures;
  callbacks?: CallbackFigures;
  tickets?: TicketFigures;
  qa?: QaFigures;
}

export interface ReportInput {
  period: Period;
  by: ReportBy;
  intervalMin?: 15 | 30 | 60;
  thresholds: Thresholds;
  /** The whole period (every section). */
  total: Required<Omit<AggRow, 'label'>>;
  rows: AggRow[];
  /** Inbound calls per local hour of the period (keys `YYYY-MM-DDTHH:00`), for the 24-hour view and the heat map. */
  hourly: Array<{ key: string; calls: CallAgg }>;
  topChecks: Array<{ check: string; count: number }>;
}

export interface HeatCell {
  weekday: number;
  hour: number;
  offered: number;
  answerRate: number | null;
}

export interface KpiReport {
  from: string;
  to: string;
  timeZone: string;
  by: ReportBy;
  interval: 15 | 30 | 60 | null;
  thresholds: Thresholds;
  targets: { answerWithinSec: number; answerRate: number };
  total: { calls: CallFigures; callbacks: CallbackFigures; tickets: TicketFigures; qa: QaFigures };
  rows: ReportRow[];
  gbt: { serviceLevel15: number | null; worstAnswerRate24h: number | null; worstWindowStart: string | null; answerRateMet: boolean | null };
  heatmap: HeatCell[];
  topChecks: Array<{ check: string; count: number }>;
}

const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** The lowest 接通率 of any 24 consecutive hours (windows starting on the hour), with where it starts. */
export function worstAnswerRate24h(hours: Array<{ key: string; calls: CallAgg }>): { rate: number | null; start: string | null } {
  let worst: { rate: number | null; start: string | null } = { rate: null, start: null };
  const n = hours.length;
  if (n === 0) return worst;
  const windowLen = Math.min(24, n);
  let answered = 0;
  let offered = 0;
  for (let i = 0; i < n; i++) {
    const c = hours[i]?.calls ?? emptyCallAgg();
    answered += c.answered;
    offered += c.answered + c.abandoned;
    if (i >= windowLen) {
      const old = hours[i - windowLen]?.calls ?? emptyCallAgg();
      answered -= old.answered;
      offered -= old.answered + old.abandoned;
    }
    if (i >= windowLen - 1 && offered > 0) {
      const r = answered / offered;
      if (worst.rate === null || r < worst.rate) worst = { rate: r, start: hours[i - windowLen + 1]?.key ?? null };
    }
  }
  return { rate: worst.rate === null ? null : Math.round(worst.rate * 10_000) / 10_000, start: worst.start };
}

export function heatmapOf(hours: Array<{ key: string; calls: CallAgg }>): HeatCell[] {
  const cells = new Map<string, { weekday: number; hour: number; answered: number; offered: number }>();
  for (let weekday = 1; weekday <= 7; weekday++) for (let hour = 0; hour < 24; hour++) cells.set(`${weekday}-${hour}`, { weekday, hour, answered: 0, offered: 0 });
  for (const h of hours) {
    const { weekday, hour } = weekdayHourOf(h.key);
    const cell = cells.get(`${weekday}-${hour}`);
    if (!cell) continue;
    cell.answered += h.calls.answered;
    cell.offered += h.calls.answered + h.calls.abandoned;
  }
  return [...cells.values()].map((c) => ({ weekday: c.weekday, hour: c.hour, offered: c.offered, answerRate: rate(c.answered, c.offered) }));
}

export function buildReport(input: ReportInput): KpiReport {
  const { period, by } = input;
  const sections = sectionsOf(by);
  const grain = grainOf(by, input.intervalMin ?? 60);
  let rows = input.rows;
  if (grain) {
    // every bucket of the period, empty ones included, so a chart has no gaps
    const byKey = new Map(rows.map((r) => [r.key, r]));
    rows = bucketsOf(period, grain).map((b) => byKey.get(b.key) ?? { key: b.key });
  }
  const out: ReportRow[] = rows.map((r) => {
    const row: ReportRow = { key: r.key, label: r.label ?? r.key };
    if (sections.calls) row.calls = callFigures(r.calls ?? emptyCallAgg(), sections.agentTime ? (r.agentTime ?? { busyMs: 0, availableMs: 0 }) : null);
    if (sections.callbacks) row.callbacks = callbackFigures(r.callbacks ?? emptyCallbackAgg());
    if (sections.tickets) row.tickets = ticketFigures(r.tickets ?? emptyTicketAgg());
    if (sections.qa) row.qa = qaFigures(r.qa ?? emptyQaAgg());
    return row;
  });

  // hours of the period, empty ones included, for the 24-hour windows
  const hourByKey = new Map(input.hourly.map((h) => [h.key, h.calls]));
  const hours = bucketsOf(period, { kind: 'interval', minutes: 60 }).map((b) => ({ key: b.key, calls: hourByKey.get(b.key) ?? emptyCallAgg() }));
  const worst = worstAnswerRate24h(hours);
  const totalCalls = mergeCallAgg(emptyCallAgg(), input.total.calls);

  return {
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    by,
    interval: by === 'interval' ? (input.intervalMin ?? 60) : null,
    thresholds: input.thresholds,
    targets: { answerWithinSec: GBT_ANSWER_WITHIN_SEC, answerRate: GBT_ANSWER_RATE },
    total: {
      calls: callFigures(totalCalls, input.total.agentTime),
      callbacks: callbackFigures(input.total.callbacks),
      tickets: ticketFigures(input.total.tickets),
      qa: qaFigures(input.total.qa),
    },
    rows: out,
    gbt: {
      serviceLevel15: rate(totalCalls.answeredWithin15, totalCalls.answered),
      worstAnswerRate24h: worst.rate,
      worstWindowStart: worst.start,
      answerRateMet: worst.rate === null ? null : worst.rate >= GBT_ANSWER_RATE,
    },
    heatmap: heatmapOf(hours),
    topChecks: input.topChecks,
  };
}

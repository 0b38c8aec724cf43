/**
 * KPI reports (docs/kpi.md): the repository sums per bucket, src/shared/kpi turns the sums into figures. Who sees
 * what: managers, leads and admins everything; inspectors (质检员) the QA section only.
 */
import type { Ctx } from '../../context.js';
import type { Role } from '../../../shared/roles.js';
import { DEFAULT_TIME_ZONE, offsetMs } from '../../../shared/calendar/zone.js';
import {
  buildReport,
  bucketsOf,
  callFigures,
  DEFAULT_THRESHOLDS,
  emptyAgentTimeAgg,
  emptyCallAgg,
  emptyCallbackAgg,
  emptyQaAgg,
  emptyTicketAgg,
  grainOf,
  isTimeDimension,
  mergeCallAgg,
  mergeSums,
  periodOf,
  PeriodError,
  sectionsOf,
  type AggRow,
  type Grain,
  type CallFigures,
  type Period,
  type Thresholds,
} from '../../../shared/kpi/index.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { defaultWorkflow, resolveOnTheCall, returnSteps, type WorkflowDefinition, type WorkflowTransition } from '../../../shared/tickets/workflow.js';
import { packVersionsOf } from '../standards/active-pack.js';
import { activePackOrNull } from '../tickets/tickets.service.js';
import * as repo from './reports.repo.js';
import * as rollups from './reports.rollup.repo.js';
import type { KpiQuery, KpiReportDto } from './reports.schema.js';
import { reportSheets } from './reports.xlsx.js';
import type { KpiLanguage } from '../../../shared/kpi/labels.js';

export type Section = 'calls' | 'callbacks' | 'tickets' | 'qa';

/** The sections of a report each role may read. */
export function sectionsFor(role: Role | 'system'): Section[] {
  if (role === 'inspector') return ['qa'];
  if (role === 'admin' || role === 'manager' || role === 'lead' || role === 'system') return ['calls', 'callbacks', 'tickets', 'qa'];
  return [];
}

export async function getThresholds(ctx: Ctx): Promise<Thresholds & { updatedAt: string | null }> {
  const row = await repo.findSettings(ctx.db, ctx.orgId);
  return row ? { t1Sec: row.t1_sec, t2Sec: row.t2_sec, updatedAt: new Date(row.updated_at).toISOString() } : { ...DEFAULT_THRESHOLDS, updatedAt: null };
}

export async function saveThresholds(ctx: Ctx, t: Thresholds): Promise<Thresholds & { updatedAt: string | null }> {
  if (t.t1Sec > t.t2Sec) fail('REPORT_SETTINGS_INVALID', `T1 (${t.t1Sec} s) must not be longer than T2 (${t.t2Sec} s)`);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.findSettings(tx, ctx.orgId);
    await repo.saveSettings(tx, { orgId: ctx.orgId, t1Sec: t.t1Sec, t2Sec: t.t2Sec, by: ctx.actor.id, now: ctx.now() });
    // the call rollup counts answers within T: rebuilt with the new values at the next report
    await rollups.markAllCallBinsDirty(tx, ctx.orgId);
    const b = before ? { t1Sec: before.t1_sec, t2Sec: before.t2_sec } : DEFAULT_THRESHOLDS;
    await recordAudit(tx, ctx, { action: 'reports.settings.update', entityType: 'org', entityId: ctx.orgId, before: b, after: t });
    await recordEvent(tx, ctx, 'reports.settings.updated', { type: 'org', id: ctx.orgId }, { ...t });
    return { ...t, updatedAt: ctx.now().toISOString() };
  });
}

export async function periodFor(ctx: Ctx, from: string, to: string): Promise<Period> {
  const timeZone = (await repo.timeZoneOf(ctx.db, ctx.orgId)) ?? DEFAULT_TIME_ZONE;
  try {
    return periodOf(from, to, timeZone);
  } catch (e) {
    if (e instanceof PeriodError) fail('REPORT_PERIOD_INVALID', e.message);
    throw e;
  }
}

/** Builds the rollups from the rows their markers name (as a report would), which deletes the markers. */
export async function foldRollupMarkers(ctx: Ctx): Promise<number> {
  const zone = await reportTimeZone(ctx);
  const t = await getThresholds(ctx);
  let n = await rollups.refreshCallRollup(ctx.db, ctx.orgId, { t1Sec: t.t1Sec, t2Sec: t.t2Sec }, zone);
  n += await rollups.refreshAgentTimeRollup(ctx.db, ctx.orgId, zone);
  n += await rollups.refreshTicketFacts(ctx.db, ctx.orgId, zone, await declaredActionsOf(ctx));
  n += await rollups.refreshQaRollup(ctx.db, ctx.orgId, zone);
  return n;
}

/**
 * The actions the ticket figures count, by what they declare rather than by built-in names, over every workflow the
 * organisation's tickets may have gone through: the built-in one (tickets taken before a pack, or under a pack without
 * a workflow section) and each stored version's. Versions are immutable and parsed once each.
 */
export function declaredActions(workflows: readonly WorkflowDefinition[]): repo.DeclaredActions {
  const pick = (keep: (t: WorkflowTransition) => boolean) => [...new Set(workflows.flatMap((w) => w.transitions.filter(keep).map((t) => t.action)))].sort();
  return {
    handing: pick((t) => t.department === 'assign' || t.department === 'reassign' || t.department === 'restore'),
    dispatching: pick((t) => t.department === 'assign'),
    extending: pick((t) => t.effect === 'extension_approve'),
    requesting: pick((t) => t.effect === 'extension_request'),
    returning: [...new Set(workflows.flatMap((w) => returnSteps(w).actions))].sort(),
    onCall: [...new Set(workflows.flatMap((w) => Object.values(resolveOnTheCall(w)).filter((a): a is string => a !== undefined)))].sort(),
  };
}

export async function declaredActionsOf(ctx: Pick<Ctx, 'db' | 'orgId'>): Promise<repo.DeclaredActions> {
  return declaredActions([defaultWorkflow, ...(await packVersionsOf(ctx.db, ctx.orgId)).map(ticketWorkflow)]);
}

/** The time zone reports count days in: the organisation's calendar's. */
export async function reportTimeZone(ctx: Ctx): Promise<string> {
  return (await repo.timeZoneOf(ctx.db, ctx.orgId)) ?? DEFAULT_TIME_ZONE;
}

/**
 * The call figures of any span of time, e.g. today so far or the last 30 minutes (the wallboard): the same
 * aggregates and formulas as a report, with the organisation's T1/T2. Calls count by their ringing time.
 */
export async function callFiguresBetween(ctx: Ctx, start: Date, end: Date): Promise<{ figures: CallFigures; thresholds: Thresholds }> {
  const timeZone = await reportTimeZone(ctx);
  const thresholds = await getThresholds(ctx);
  const [row] = await repo.callAggregates(ctx.db, { orgId: ctx.orgId, start, end, timeZone }, null, thresholds);
  return { figures: callFigures(row?.agg ?? emptyCallAgg()), thresholds: { t1Sec: thresholds.t1Sec, t2Sec: thresholds.t2Sec } };
}

/** Where call figures are summed from: the 15-minute rollup (refreshed first), or the calls themselves. */
export type CallSource = 'rollup' | 'raw';

/** The rollup's UTC quarter hours compose the local buckets only where the zone's offset is whole quarter hours. */
const quarterHourZone = (p: Period): boolean => [p.start, p.end - 1].every((at) => offsetMs(at, p.timeZone) % 900_000 === 0);

/** The KPI report of the signed-in reader's organisation, with the sections their role may read. */
export async function kpiReport(ctx: Ctx, q: KpiQuery, opts: { source?: CallSource } = {}): Promise<KpiReportDto> {
  const period = await periodFor(ctx, q.from, q.to);
  const allowed = new Set(sectionsFor(ctx.actor.role));
  const thresholds = await getThresholds(ctx);
  const t: Thresholds = { t1Sec: thresholds.t1Sec, t2Sec: thresholds.t2Sec };
  const range: repo.Range = { orgId: ctx.orgId, start: new Date(period.start), end: new Date(period.end), timeZone: period.timeZone };
  const now = ctx.now();
  const grain = grainOf(q.by, q.interval);
  const by: repo.GroupBy = grain ? { time: grain } : isTimeDimension(q.by) ? null : { dim: q.by as 'agent' | 'team' | 'queue' | 'department' | 'category' };
  const has = sectionsOf(q.by);
  const want = { calls: allowed.has('calls'), callbacks: allowed.has('callbacks'), tickets: allowed.has('tickets'), qa: allowed.has('qa') };
  const whole = [{ key: 'total', start: period.start, end: period.end }];
  const rollup = (opts.source ?? 'rollup') === 'rollup' && quarterHourZone(period);
  // the rollups are refreshed on the primary (writes); the figures are read where reports read: the replica if any
  const rdb = ctx.readDb ?? ctx.db;
  if (want.calls && rollup) await rollups.refreshCallRollup(ctx.db, ctx.orgId, t, period.timeZone);
  if (want.calls && rollup) await rollups.refreshAgentTimeRollup(ctx.db, ctx.orgId, period.timeZone);
  const agentTimeOf = (g: Grain | null, dim: 'agent' | 'team' | null) =>
    rollup
      ? rollups.agentTimeFromRollup(rdb, range, g, dim, now)
      : quarterHourZone(period)
        ? repo.agentTimeByQuarterHours(rdb, range, g, dim, now)
        : repo.agentTime(rdb, range, g ? bucketsOf(period, g) : whole, g ? 'time' : dim, now);
  const acts = want.tickets ? await declaredActionsOf(ctx) : declaredActions([]);
  if (want.tickets && rollup) await rollups.refreshTicketFacts(ctx.db, ctx.orgId, period.timeZone, acts);
  const ticketAggs = (g: repo.GroupBy) => (rollup ? rollups.ticketAggregatesFromFacts(rdb, range, g, now) : repo.ticketAggregates(rdb, range, g, now, acts));
  if (want.qa && rollup) await rollups.refreshQaRollup(ctx.db, ctx.orgId, period.timeZone);
  const qaAggs = (g: repo.GroupBy) => (rollup ? rollups.qaAggregatesFromRollup(rdb, range, g) : repo.qaAggregates(rdb, range, g));
  const callAggs = (g: repo.GroupBy) => (rollup ? rollups.callAggregatesFromRollup(rdb, range, g) : repo.callAggregates(rdb, range, g, t));

  // one statement at a time: embedded PGlite runs them in turn anyway, and a server keeps a connection free
  const rowsCalls = want.calls && has.calls ? await callAggs(by) : [];
  const rowsTime = want.calls && has.agentTime ? await agentTimeOf(grain, grain ? null : (q.by as 'agent' | 'team')) : [];
  const rowsCallbacks = want.callbacks && has.callbacks && grain ? await repo.callbackAggregates(rdb, range, grain) : [];
  const rowsTickets = want.tickets && has.tickets ? await ticketAggs(by) : [];
  const rowsQa = want.qa && has.qa ? await qaAggs(by) : [];
  // rows that split the period (every call, state, ticket in exactly one row) add up to the total; team rows overlap,
  // and so do department rows (a ticket returned by one department and handed to another is dispatched in both)
  const partition = q.by !== 'team' && q.by !== 'department';
  const sum = <T extends object>(xs: Array<{ agg: T }>, merge: (a: T, b: T) => T, empty: () => T) => [{ key: 'total', agg: xs.reduce((acc, x) => merge(acc, x.agg), empty()) }];
  const total = {
    calls: !want.calls ? [] : partition && has.calls ? sum(rowsCalls, mergeCallAgg, emptyCallAgg) : await callAggs(null),
    agentTime: !want.calls ? [] : partition && has.agentTime ? sum(rowsTime, mergeSums, emptyAgentTimeAgg) : await agentTimeOf(null, null),
    callbacks: !want.callbacks ? [] : partition && has.callbacks && grain ? sum(rowsCallbacks, mergeSums, emptyCallbackAgg) : await repo.callbackAggregates(rdb, range, null),
    tickets: !want.tickets ? [] : partition && has.tickets ? sum(rowsTickets, mergeSums, emptyTicketAgg) : await ticketAggs(null),
    qa: !want.qa ? [] : partition && has.qa ? sum(rowsQa, mergeSums, emptyQaAgg) : await qaAggs(null),
  };
  const hourly = want.calls ? await callAggs({ time: { kind: 'interval', minutes: 60 } }) : [];
  const top = want.qa ? await repo.topChecks(rdb, range) : [];

  const rows = new Map<string, AggRow>();
  const row = (key: string): AggRow => rows.get(key) ?? (rows.set(key, { key }).get(key) as AggRow);
  for (const r of rowsCalls) row(r.key).calls = r.agg;
  for (const r of rowsTime) row(r.key).agentTime = r.agg;
  for (const r of rowsCallbacks) row(r.key).callbacks = r.agg;
  for (const r of rowsTickets) row(r.key).tickets = r.agg;
  for (const r of rowsQa) row(r.key).qa = r.agg;
  const named = grain ? [...rows.values()] : await withLabels(ctx, q.by, [...rows.values()]);

  const report = buildReport({
    period,
    by: q.by,
    intervalMin: q.interval,
    thresholds: t,
    total: {
      key: 'total',
      calls: total.calls[0]?.agg ?? emptyCallAgg(),
      agentTime: total.agentTime[0]?.agg ?? emptyAgentTimeAgg(),
      callbacks: total.callbacks[0]?.agg ?? emptyCallbackAgg(),
      tickets: total.tickets[0]?.agg ?? emptyTicketAgg(),
      qa: total.qa[0]?.agg ?? emptyQaAgg(),
    },
    rows: named,
    hourly: hourly.map((h) => ({ key: h.key, calls: h.agg })),
    topChecks: top,
  });

  // what the reader may not see is left out, not zeroed
  const pick = <T extends { calls?: unknown; callbacks?: unknown; tickets?: unknown; qa?: unknown }>(x: T): T => {
    const out = { ...x };
    if (!want.calls) delete out.calls;
    if (!want.callbacks) delete out.callbacks;
    if (!want.tickets) delete out.tickets;
    if (!want.qa) delete out.qa;
    return out;
  };
  return {
    ...report,
    total: pick(report.total),
    rows: report.rows.map(pick),
    gbt: want.calls ? report.gbt : null,
    heatmap: want.calls ? report.heatmap : [],
    sections: [...allowed],
  };
}

/** Names for the rows of a dimension (an agent's name, a queue's, a department's, a category's). */
async function withLabels(ctx: Ctx, by: string, rows: AggRow[]): Promise<AggRow[]> {
  const l = await repo.labels(ctx.db, ctx.orgId);
  let name: (key: string) => string | undefined = () => undefined;
  if (by === 'agent') {
    const m = new Map(l.agents.map((a) => [a.agent_no ?? '', a.display_name]));
    name = (k) => (k ? (m.has(k) ? `${m.get(k) ?? ''} (${k})` : k) : undefined);
  } else if (by === 'queue') {
    const m = new Map(l.queues.map((x) => [x.code, x.name]));
    name = (k) => m.get(k);
  } else if (by === 'team') {
    const m = new Map(l.queues.map((x) => [x.id, x.name]));
    name = (k) => m.get(k);
  } else if (by === 'department') {
    const m = new Map(l.departments.map((x) => [x.id, x.name]));
    name = (k) => m.get(k);
  } else if (by === 'category') {
    const pack = await activePackOrNull(ctx.db, ctx.orgId);
    const m = new Map((pack?.categories ?? []).map((c) => [c.id, c.name]));
    name = (k) => m.get(k);
  }
  return rows.map((r) => ({ ...r, label: name(r.key) ?? r.key })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The report as workbook sheets: the rows asked for, then agents and (for those who see tickets) departments. */
export async function kpiWorkbook(ctx: Ctx, q: KpiQuery, lang: KpiLanguage) {
  const main = await kpiReport(ctx, q);
  const agents = q.by === 'agent' ? main : await kpiReport(ctx, { ...q, by: 'agent' });
  const departments = !main.sections.includes('tickets') ? null : q.by === 'department' ? main : await kpiReport(ctx, { ...q, by: 'department' });
  return { filename: `kpi-${main.from}-${main.to}.xlsx`, sheets: reportSheets(main, agents, departments, lang) };
}

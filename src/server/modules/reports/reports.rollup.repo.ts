/**
 * Report rollups (0011_reports_rollup*.sql): per 15-minute UTC bin without dimensions (time grains, totals) and per
 * local day with queue / 工号 (agent, team and queue rows). Dirty bins, marked by triggers when a call or an agent
 * state changes, are rebuilt from the raw rows before a report reads; the sums are the same as the raw queries of
 * reports.repo.ts, which the tests compare them with.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { dayNumber, zonedToInstant } from '../../../shared/calendar/zone.js';
import { bucketKey, type AgentTimeAgg, type CallAgg, type Grain, type QaAgg, type Thresholds, type TicketAgg } from '../../../shared/kpi/index.js';
import { BIN, bucketSql, callAggOf, departmentRows, num, ORIGIN, teamMembers, ticketAggOf, ticketTransitionFlags, type DeclaredActions, type GroupBy, type Range } from './reports.repo.js';

const lock = (tx: Db, name: string) => sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(tx);

/** The local days (YYYY-MM-DD) the bins fall in, and the instants from the first day's start to the last day's end. */
function daysOf(bins: number[], zone: string): { days: string[]; lo: Date; hi: Date } {
  const days = [...new Set(bins.map((b) => bucketKey(b, { kind: 'day' }, zone)))].sort();
  const start = (d: string) => zonedToInstant(dayNumber(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))), 0, zone);
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  const lastDay = dayNumber(Number(last.slice(0, 4)), Number(last.slice(5, 7)), Number(last.slice(8, 10)));
  return { days, lo: new Date(start(first)), hi: new Date(zonedToInstant(lastDay + 1, 0, zone)) };
}

/** The report's first and last local day. */
const periodDays = (r: Range) => ({ from: bucketKey(r.start.getTime(), { kind: 'day' }, r.timeZone), to: bucketKey(r.end.getTime() - 1, { kind: 'day' }, r.timeZone) });

// ---------------------------------------------------------------- calls

const callColumns = sql.raw(
  't1_sec, t2_sec, answered, abandoned, short_abandoned, within_t1, within_t2, within_15, after_t1, after_t2, wait_answered_ms, max_wait_ms, counted, talk_ms, hold_ms, wrapup_ms, wrapup_count, transfers, transferred_calls, outbound',
);

/** The call sums of a group of calls `c`, in the order of `callColumns`. */
function callSums(t: Thresholds): RawBuilder<unknown> {
  const answered = sql`c.direction = 'in' and c.answered_at is not null`;
  const lost = sql`c.direction = 'in' and c.answered_at is null and c.abandoned`;
  const wait = sql`coalesce(c.wait_ms, 0)`;
  const transfers = sql`jsonb_array_length(coalesce(c.state -> 'transfers', '[]'::jsonb))`;
  return sql`${t.t1Sec}, ${t.t2Sec},
    count(*) filter (where ${answered}),
    count(*) filter (where ${lost} and ${wait} >= 5000),
    count(*) filter (where ${lost} and ${wait} < 5000),
    count(*) filter (where ${answered} and ${wait} <= ${t.t1Sec * 1000}),
    count(*) filter (where ${answered} and ${wait} <= ${t.t2Sec * 1000}),
    count(*) filter (where ${answered} and ${wait} <= 15000),
    count(*) filter (where ${lost} and ${wait} > ${t.t1Sec * 1000}),
    count(*) filter (where ${lost} and ${wait} > ${t.t2Sec * 1000}),
    coalesce(sum(${wait}) filter (where ${answered}), 0),
    coalesce(max(${wait}) filter (where ${answered} or ${lost}), 0),
    count(*) filter (where ${answered} or ${lost}),
    coalesce(sum(coalesce(c.talk_ms, 0)) filter (where ${answered}), 0),
    coalesce(sum(c.hold_ms) filter (where ${answered}), 0),
    coalesce(sum(c.wrapup_ms) filter (where ${answered} and c.wrapup_ms is not null), 0),
    count(*) filter (where ${answered} and c.wrapup_ms is not null),
    coalesce(sum(${transfers}) filter (where ${answered}), 0),
    count(*) filter (where ${answered} and ${transfers} > 0),
    count(*) filter (where c.direction <> 'in' and (c.answered_at is not null or c.status = 'ended'))`;
}

/** Reading the rollup back: the same names `callAggOf` reads from the raw query. */
const rollupSums = sql`
  sum(k.answered)::int as answered, sum(k.abandoned)::int as abandoned, sum(k.short_abandoned)::int as short_abandoned,
  sum(k.within_t1)::int as within_t1, sum(k.within_t2)::int as within_t2, sum(k.within_15)::int as within_15,
  sum(k.after_t1)::int as after_t1, sum(k.after_t2)::int as after_t2, sum(k.wait_answered_ms)::float8 as wait_answered_ms,
  max(k.max_wait_ms) filter (where k.counted > 0)::float8 as max_wait_ms, sum(k.talk_ms)::float8 as talk_ms, sum(k.hold_ms)::float8 as hold_ms,
  sum(k.wrapup_ms)::float8 as wrapup_ms, sum(k.wrapup_count)::int as wrapup_count, sum(k.transfers)::int as transfers,
  sum(k.transferred_calls)::int as transferred_calls, sum(k.outbound)::int as outbound`;

/**
 * Rebuilds the organisation's dirty bins (and the local days they fall in) from the calls table, with the thresholds
 * in force, under a per-organisation lock; returns how many bins. A call changed meanwhile marks its bin dirty again.
 */
export async function refreshCallRollup(db: Db, orgId: string, t: Thresholds, zone: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lock(tx, `kpi_call_rollup:${orgId}`);
    // days built in another zone (the organisation's calendar changed): rebuild them all
    const stale = await sql<{ n: number }>`select count(*)::int as n from kpi_call_day_rollup where org_id = ${orgId} and zone <> ${zone}`.execute(tx);
    if ((stale.rows[0]?.n ?? 0) > 0) {
      await sql`delete from kpi_call_day_rollup where org_id = ${orgId}`.execute(tx);
      await sql`insert into kpi_dirty_bins (org_id, bin) select org_id, bin from kpi_call_rollup where org_id = ${orgId} on conflict do nothing`.execute(tx);
    }
    const dirty = await sql<{ bin: Date }>`with d as (delete from kpi_dirty_bins where org_id = ${orgId} returning bin) select distinct bin from d`.execute(tx);
    if (!dirty.rows.length) return 0;
    const times = dirty.rows.map((r) => new Date(r.bin).getTime());
    const bins = times.map((x) => new Date(x).toISOString());
    const lo = new Date(Math.min(...times));
    const hi = new Date(Math.max(...times) + 15 * 60_000);
    await sql`delete from kpi_call_rollup where org_id = ${orgId} and bin = any(${bins}::timestamptz[])`.execute(tx);
    await sql`
      insert into kpi_call_rollup (org_id, bin, ${callColumns})
      select ${orgId}, date_bin(${BIN}, c.ringing_at, ${ORIGIN}), ${callSums(t)}
      from calls c
      where c.org_id = ${orgId} and c.ringing_at >= ${lo} and c.ringing_at < ${hi} and date_bin(${BIN}, c.ringing_at, ${ORIGIN}) = any(${bins}::timestamptz[])
      group by 2`.execute(tx);
    const d = daysOf(times, zone);
    const localDay = sql`to_char(c.ringing_at at time zone ${zone}, 'YYYY-MM-DD')`;
    await sql`delete from kpi_call_day_rollup where org_id = ${orgId} and day = any(${d.days}::date[])`.execute(tx);
    await sql`
      insert into kpi_call_day_rollup (org_id, day, zone, queue, agent_no, ${callColumns})
      select ${orgId}, ${localDay}::date, ${zone}, coalesce(c.queue, ''), coalesce(c.agent_no, ''), ${callSums(t)}
      from calls c
      where c.org_id = ${orgId} and c.ringing_at >= ${d.lo} and c.ringing_at < ${d.hi} and ${localDay} = any(${d.days}::text[])
      group by 2, 4, 5`.execute(tx);
    return bins.length;
  });
}

/** Every bin of the organisation's calls is rebuilt at the next refresh (the thresholds changed). */
export async function markAllCallBinsDirty(db: Db, orgId: string): Promise<void> {
  await sql`insert into kpi_dirty_bins (org_id, bin) select org_id, bin from kpi_call_rollup where org_id = ${orgId} on conflict do nothing`.execute(db);
}

/** The same aggregates as reports.repo.ts `callAggregates`, from the rollups (refreshed first). */
export async function callAggregatesFromRollup(db: Db, r: Range, by: GroupBy): Promise<Array<{ key: string; agg: CallAgg }>> {
  let rows;
  if (!by || 'time' in by) {
    const key = by ? bucketSql(sql`k.bin`, by.time, r.timeZone) : sql`'total'`;
    rows = await sql<Record<string, unknown>>`
      select ${key} as key, ${rollupSums} from kpi_call_rollup k
      where k.org_id = ${r.orgId} and k.bin >= ${r.start} and k.bin < ${r.end} group by 1`.execute(db);
  } else {
    if (by.dim !== 'agent' && by.dim !== 'queue' && by.dim !== 'team') return [];
    const key = by.dim === 'agent' ? sql`k.agent_no` : by.dim === 'queue' ? sql`k.queue` : sql`tm.team_id`;
    const join = by.dim === 'team' ? sql`join ${teamMembers} tm on tm.agent_no = k.agent_no` : sql``;
    const p = periodDays(r);
    rows = await sql<Record<string, unknown>>`
      select ${key} as key, ${rollupSums} from kpi_call_day_rollup k ${join}
      where k.org_id = ${r.orgId} and k.zone = ${r.timeZone} and k.day >= ${p.from}::date and k.day <= ${p.to}::date group by 1`.execute(db);
  }
  return rows.rows.map((x) => ({ key: String(x.key), agg: callAggOf(x) }));
}

// ---------------------------------------------------------------- agent state time

/** Finished busy/available states cut to [lo, hi) and into quarter hours: (agent_no, state, bin, d). */
const stateBins = (orgId: string, lo: Date, hi: Date) => sql`(
  select s.agent_no, s.state, g.bin, least(s.b, g.bin + ${BIN}) - greatest(s.a, g.bin) as d
  from (
    select l.agent_no, l.state, greatest(l.started_at, ${lo}) as a, least(l.ended_at, ${hi}) as b
    from agent_state_log l
    where l.org_id = ${orgId} and l.ended_at > ${lo} and l.started_at < ${hi} and l.state in ('on_call', 'wrap_up', 'available') and l.ended_at > l.started_at
  ) s cross join lateral generate_series(date_bin(${BIN}, s.a, ${ORIGIN}), s.b - interval '1 microsecond', ${BIN}) as g(bin))`;
const busy = sql`coalesce(round(sum(extract(epoch from p.d) * 1000) filter (where p.state in ('on_call', 'wrap_up'))), 0)`;
const available = sql`coalesce(round(sum(extract(epoch from p.d) * 1000) filter (where p.state = 'available')), 0)`;

/** Rebuilds the dirty agent-time bins and their local days from the finished states; returns how many bins. */
export async function refreshAgentTimeRollup(db: Db, orgId: string, zone: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lock(tx, `kpi_agent_time_rollup:${orgId}`);
    const stale = await sql<{ n: number }>`select count(*)::int as n from kpi_agent_time_day_rollup where org_id = ${orgId} and zone <> ${zone}`.execute(tx);
    if ((stale.rows[0]?.n ?? 0) > 0) {
      await sql`delete from kpi_agent_time_day_rollup where org_id = ${orgId}`.execute(tx);
      await sql`insert into kpi_agent_dirty_bins (org_id, bin) select org_id, bin from kpi_agent_time_rollup where org_id = ${orgId} on conflict do nothing`.execute(tx);
    }
    const dirty = await sql<{ bin: Date }>`with d as (delete from kpi_agent_dirty_bins where org_id = ${orgId} returning bin) select distinct bin from d`.execute(tx);
    if (!dirty.rows.length) return 0;
    const times = dirty.rows.map((r) => new Date(r.bin).getTime());
    const bins = times.map((x) => new Date(x).toISOString());
    const lo = new Date(Math.min(...times));
    const hi = new Date(Math.max(...times) + 15 * 60_000);
    await sql`delete from kpi_agent_time_rollup where org_id = ${orgId} and bin = any(${bins}::timestamptz[])`.execute(tx);
    await sql`
      insert into kpi_agent_time_rollup (org_id, bin, busy_ms, available_ms)
      select ${orgId}, p.bin, ${busy}, ${available} from ${stateBins(orgId, lo, hi)} p
      where p.bin = any(${bins}::timestamptz[]) group by p.bin`.execute(tx);
    const d = daysOf(times, zone);
    const localDay = sql`to_char(p.bin at time zone ${zone}, 'YYYY-MM-DD')`;
    await sql`delete from kpi_agent_time_day_rollup where org_id = ${orgId} and day = any(${d.days}::date[])`.execute(tx);
    await sql`
      insert into kpi_agent_time_day_rollup (org_id, day, zone, agent_no, busy_ms, available_ms)
      select ${orgId}, ${localDay}::date, ${zone}, p.agent_no, ${busy}, ${available} from ${stateBins(orgId, d.lo, d.hi)} p
      where ${localDay} = any(${d.days}::text[]) group by 2, 4`.execute(tx);
    return bins.length;
  });
}

/**
 * Agent state time from the rollups (finished states) plus the states still going on (until `now`): the same sums
 * as reports.repo.ts `agentTimeByQuarterHours`.
 */
export async function agentTimeFromRollup(db: Db, r: Range, grain: Grain | null, by: 'agent' | 'team' | null, now: Date): Promise<Array<{ key: string; agg: AgentTimeAgg }>> {
  const open = sql`(
    select s.agent_no, g.bin,
      case when s.state in ('on_call', 'wrap_up') then extract(epoch from least(s.b, g.bin + ${BIN}) - greatest(s.a, g.bin)) * 1000 else 0 end as busy_ms,
      case when s.state = 'available' then extract(epoch from least(s.b, g.bin + ${BIN}) - greatest(s.a, g.bin)) * 1000 else 0 end as available_ms
    from (
      select l.agent_no, l.state, greatest(l.started_at, ${r.start}) as a, least(${now}::timestamptz, ${r.end}) as b
      from agent_state_log l
      where l.org_id = ${r.orgId} and l.ended_at is null and l.state in ('on_call', 'wrap_up', 'available') and l.started_at < least(${now}::timestamptz, ${r.end})
        and ${now}::timestamptz > ${r.start}
    ) s cross join lateral generate_series(date_bin(${BIN}, s.a, ${ORIGIN}), s.b - interval '1 microsecond', ${BIN}) as g(bin))`;
  let rows;
  if (grain || !by) {
    const key = grain ? bucketSql(sql`u.bin`, grain, r.timeZone) : sql`'total'`;
    rows = await sql<{ key: string; busy_ms: number | null; available_ms: number | null }>`
      select ${key} as key, sum(u.busy_ms)::float8 as busy_ms, sum(u.available_ms)::float8 as available_ms
      from (
        select k.bin, k.busy_ms, k.available_ms from kpi_agent_time_rollup k where k.org_id = ${r.orgId} and k.bin >= ${r.start} and k.bin < ${r.end}
        union all select o.bin, o.busy_ms, o.available_ms from ${open} o
      ) u group by 1`.execute(db);
  } else {
    const key = by === 'agent' ? sql`u.agent_no` : sql`tm.team_id`;
    const join = by === 'team' ? sql`join ${teamMembers} tm on tm.agent_no = u.agent_no` : sql``;
    const p = periodDays(r);
    rows = await sql<{ key: string; busy_ms: number | null; available_ms: number | null }>`
      select ${key} as key, sum(u.busy_ms)::float8 as busy_ms, sum(u.available_ms)::float8 as available_ms
      from (
        select k.agent_no, k.busy_ms, k.available_ms from kpi_agent_time_day_rollup k
        where k.org_id = ${r.orgId} and k.zone = ${r.timeZone} and k.day >= ${p.from}::date and k.day <= ${p.to}::date
        union all select o.agent_no, o.busy_ms, o.available_ms from ${open} o
      ) u ${join} group by 1`.execute(db);
  }
  return rows.rows.map((x) => ({ key: String(x.key), agg: { busyMs: Math.round(num(x.busy_ms)), availableMs: Math.round(num(x.available_ms)) } }));
}

// ---------------------------------------------------------------- ticket facts

const ticketColumns = sql.raw(
  'created, merged, finished, finished_on_time, dispatched, returned, extended, surveyed, satisfied, basically_satisfied, unsatisfied, closed_on_call',
);

/**
 * The ticket sums of a group of facts `f` (all but "overdue now"), in the order of `ticketColumns`; with `cur`, only
 * the rows where it holds (by department: the ticket's current department, departmentRows).
 */
const factSums = (cur: RawBuilder<unknown> = sql`true`) => sql`
  count(*) filter (where ${cur}), count(*) filter (where ${cur} and f.merged), count(*) filter (where ${cur} and f.finished), count(*) filter (where ${cur} and f.on_time),
  count(*) filter (where ${cur} and not f.merged and f.dispatched), count(*) filter (where ${cur} and not f.merged and f.returned),
  count(*) filter (where ${cur} and not f.merged and f.extended), count(*) filter (where ${cur} and not f.merged and f.satisfaction is not null),
  count(*) filter (where ${cur} and not f.merged and f.satisfaction = 'satisfied'), count(*) filter (where ${cur} and not f.merged and f.satisfaction = 'basically_satisfied'),
  count(*) filter (where ${cur} and not f.merged and f.satisfaction = 'unsatisfied'), count(*) filter (where ${cur} and not f.merged and f.closed_on_call)`;

/**
 * Reading the ticket rollups back: the names `ticketAggOf` reads. By department, 派单, 退单 and 延期 are those the
 * department did (dept_dispatched, dept_returned, dept_extended), not those of the tickets it holds now.
 */
const ticketRollupSums = (byDepartment = false) => sql`
  sum(k.created)::int as created, sum(k.merged)::int as merged, sum(k.finished)::int as finished, sum(k.finished_on_time)::int as finished_on_time,
  ${
    byDepartment
      ? sql`sum(k.dept_dispatched)::int as dispatched, sum(k.dept_returned)::int as returned, sum(k.dept_extended)::int as extended`
      : sql`sum(k.dispatched)::int as dispatched, sum(k.returned)::int as returned, sum(k.extended)::int as extended`
  },
  sum(k.surveyed)::int as surveyed,
  sum(k.satisfied)::int as satisfied, sum(k.basically_satisfied)::int as basically_satisfied, sum(k.unsatisfied)::int as unsatisfied,
  sum(k.closed_on_call)::int as closed_on_call`;

/**
 * Rebuilds the facts of the organisation's dirty tickets (0011_reports_ticket_facts.sql), then the ticket sums of
 * the bins and local days their old and new facts fall in (0017), from the facts; returns how many tickets.
 */
export async function refreshTicketFacts(db: Db, orgId: string, zone: string, acts: DeclaredActions): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lock(tx, `kpi_ticket_facts:${orgId}`);
    // days built in another zone (the organisation's calendar changed): rebuild every bin and day from the facts
    const stale = await sql<{ n: number }>`select count(*)::int as n from kpi_ticket_day_rollup where org_id = ${orgId} and zone <> ${zone}`.execute(tx);
    const touched = new Set<number>();
    if ((stale.rows[0]?.n ?? 0) > 0) {
      await sql`delete from kpi_ticket_day_rollup where org_id = ${orgId}`.execute(tx);
      const all = await sql<{ bin: Date }>`select distinct date_bin(${BIN}, created_at, ${ORIGIN}) as bin from kpi_ticket_facts where org_id = ${orgId}`.execute(tx);
      for (const r of all.rows) touched.add(new Date(r.bin).getTime());
    }
    const dirty = await sql<{ ticket_id: string }>`with d as (delete from kpi_dirty_tickets where org_id = ${orgId} returning ticket_id) select distinct ticket_id from d`.execute(tx);
    const ids = dirty.rows.map((r) => r.ticket_id);
    for (let i = 0; i < ids.length; i += 20_000) {
      const part = ids.slice(i, i + 20_000);
      const gone = await sql<{ bin: Date }>`
        delete from kpi_ticket_facts where ticket_id = any(${part}::uuid[]) returning date_bin(${BIN}, created_at, ${ORIGIN}) as bin`.execute(tx);
      const made = await sql<{ bin: Date }>`
        insert into kpi_ticket_facts (ticket_id, org_id, created_at, department_id, category, agent_no, merged, finished, on_time, overdue_at,
          dispatched, returned, extended, satisfaction, closed_on_call, dispatched_to, returned_by, extended_by)
        select t.id, t.org_id, t.created_at, t.department_id, t.category, coalesce(u.agent_no, ''), t.merged_into is not null,
          f.finished, f.finished and not tm.res_breached, tm.overdue_at,
          tr.dispatched, tr.returned, tr.extended or t.extension = 'approved', t.satisfaction, tr.on_call, tr.dispatched_to, tr.returned_by, tr.extended_by
        from tickets t
        left join users u on u.id = t.created_by
        cross join lateral (
          select coalesce(bool_or(x.kind = 'resolution' and x.met_at is not null), false) as res_met,
                 coalesce(bool_or(x.kind = 'resolution' and x.status in ('running', 'paused')), false) as res_open,
                 coalesce(bool_or(x.kind = 'resolution' and (x.status = 'breached' or x.met_at > x.due_at)), false) as res_breached,
                 min(case when x.status = 'running' then x.due_at when x.status = 'breached' and x.met_at is null then '-infinity'::timestamptz end) as overdue_at
          from ticket_timers x where x.ticket_id = t.id) tm
        cross join lateral (select t.merged_into is null and (t.closed_at is not null or (tm.res_met and not tm.res_open)) as finished) f
        ${ticketTransitionFlags(acts)}
        where t.id = any(${part}::uuid[])
        returning date_bin(${BIN}, created_at, ${ORIGIN}) as bin`.execute(tx);
      for (const r of [...gone.rows, ...made.rows]) touched.add(new Date(r.bin).getTime());
    }
    if (touched.size) {
      const times = [...touched];
      const bins = times.map((x) => new Date(x).toISOString());
      const lo = new Date(Math.min(...times));
      const hi = new Date(Math.max(...times) + 15 * 60_000);
      await sql`delete from kpi_ticket_rollup where org_id = ${orgId} and bin = any(${bins}::timestamptz[])`.execute(tx);
      await sql`
        insert into kpi_ticket_rollup (org_id, bin, ${ticketColumns})
        select ${orgId}, date_bin(${BIN}, f.created_at, ${ORIGIN}), ${factSums()}
        from kpi_ticket_facts f
        where f.org_id = ${orgId} and f.created_at >= ${lo} and f.created_at < ${hi} and date_bin(${BIN}, f.created_at, ${ORIGIN}) = any(${bins}::timestamptz[])
        group by 2`.execute(tx);
      const d = daysOf(times, zone);
      const localDay = sql`to_char(f.created_at at time zone ${zone}, 'YYYY-MM-DD')`;
      await sql`delete from kpi_ticket_day_rollup where org_id = ${orgId} and day = any(${d.days}::date[])`.execute(tx);
      await sql`
        insert into kpi_ticket_day_rollup (org_id, day, zone, department_id, category, agent_no, ${ticketColumns}, dept_dispatched, dept_returned, dept_extended)
        select ${orgId}, ${localDay}::date, ${zone}, da.dep, f.category, f.agent_no, ${factSums(sql`da.cur`)},
          count(*) filter (where not f.merged and da.dispatched), count(*) filter (where not f.merged and da.returned),
          count(*) filter (where not f.merged and da.extended)
        from kpi_ticket_facts f
        ${departmentRows(sql`f.department_id`, sql`f.dispatched_to`, sql`f.returned_by`, sql`f.extended_by`)}
        where f.org_id = ${orgId} and f.created_at >= ${d.lo} and f.created_at < ${d.hi} and ${localDay} = any(${d.days}::text[])
        group by 2, 4, 5, 6`.execute(tx);
    }
    return ids.length;
  });
}

/**
 * The same aggregates as reports.repo.ts `ticketAggregates`, from the ticket rollups (refreshed first), with
 * "overdue now" counted at read from the facts of the unfinished tickets (kpi_ticket_facts_open_idx).
 */
export async function ticketAggregatesFromFacts(db: Db, r: Range, by: GroupBy, now: Date): Promise<Array<{ key: string; agg: TicketAgg }>> {
  let rows;
  let overdueKey: RawBuilder<unknown> = sql`'total'`;
  if (!by || 'time' in by) {
    const key = by ? bucketSql(sql`k.bin`, by.time, r.timeZone) : sql`'total'`;
    if (by) overdueKey = sql`date_bin(${BIN}, f.created_at, ${ORIGIN})`;
    rows = await sql<Record<string, unknown>>`
      select ${key} as key, ${ticketRollupSums()} from kpi_ticket_rollup k
      where k.org_id = ${r.orgId} and k.bin >= ${r.start} and k.bin < ${r.end} group by 1`.execute(db);
  } else {
    if (by.dim !== 'department' && by.dim !== 'category' && by.dim !== 'agent') return [];
    const column = by.dim === 'department' ? 'department_id' : by.dim === 'agent' ? 'agent_no' : 'category';
    overdueKey = by.dim === 'department' ? sql`coalesce(f.department_id::text, '')` : sql.ref(`f.${column}`);
    const p = periodDays(r);
    rows = await sql<Record<string, unknown>>`
      select ${sql.ref(`k.${column}`)} as key, ${ticketRollupSums(by.dim === 'department')} from kpi_ticket_day_rollup k
      where k.org_id = ${r.orgId} and k.zone = ${r.timeZone} and k.day >= ${p.from}::date and k.day <= ${p.to}::date group by 1`.execute(db);
  }
  // the predicate of kpi_ticket_facts_open_idx, then the clock; by time: counted per quarter hour, then per bucket
  const outer = by && 'time' in by ? bucketSql(sql`o.key`, by.time, r.timeZone) : sql`o.key`;
  const overdue = await sql<{ key: string; n: number }>`
    select ${outer} as key, sum(o.n)::int as n from (
      select ${overdueKey} as key, count(*) as n from kpi_ticket_facts f
      where f.org_id = ${r.orgId} and f.created_at >= ${r.start} and f.created_at < ${r.end}
        and not f.merged and not f.finished and f.overdue_at is not null and f.overdue_at < ${now}
      group by 1) o
    group by 1`.execute(db);
  const late = new Map(overdue.rows.map((x) => [String(x.key), num(x.n)]));
  return rows.rows.map((x) => ({ key: String(x.key), agg: ticketAggOf({ ...x, overdue_now: late.get(String(x.key)) ?? 0 }) }));
}

// ---------------------------------------------------------------- QA

const qaSums = sql`count(*), coalesce(sum(res.effective_score), 0), count(*) filter (where res.effective_fatal)`;

/** Rebuilds the organisation's dirty QA bins and the local days they fall in (0017), from the QA results. */
export async function refreshQaRollup(db: Db, orgId: string, zone: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lock(tx, `kpi_qa_rollup:${orgId}`);
    const stale = await sql<{ n: number }>`select count(*)::int as n from kpi_qa_day_rollup where org_id = ${orgId} and zone <> ${zone}`.execute(tx);
    if ((stale.rows[0]?.n ?? 0) > 0) {
      await sql`delete from kpi_qa_day_rollup where org_id = ${orgId}`.execute(tx);
      await sql`insert into kpi_qa_dirty_bins (org_id, bin) select org_id, bin from kpi_qa_rollup where org_id = ${orgId} on conflict do nothing`.execute(tx);
    }
    const dirty = await sql<{ bin: Date }>`with d as (delete from kpi_qa_dirty_bins where org_id = ${orgId} returning bin) select distinct bin from d`.execute(tx);
    if (!dirty.rows.length) return 0;
    const times = dirty.rows.map((x) => new Date(x.bin).getTime());
    const bins = times.map((x) => new Date(x).toISOString());
    const lo = new Date(Math.min(...times));
    const hi = new Date(Math.max(...times) + 15 * 60_000);
    await sql`delete from kpi_qa_rollup where org_id = ${orgId} and bin = any(${bins}::timestamptz[])`.execute(tx);
    await sql`
      insert into kpi_qa_rollup (org_id, bin, checked, score_sum, fatal)
      select ${orgId}, date_bin(${BIN}, q.started_at, ${ORIGIN}), ${qaSums}
      from qa_transcripts q join qa_results res on res.transcript_id = q.id
      where q.org_id = ${orgId} and q.started_at >= ${lo} and q.started_at < ${hi} and date_bin(${BIN}, q.started_at, ${ORIGIN}) = any(${bins}::timestamptz[])
      group by 2`.execute(tx);
    const d = daysOf(times, zone);
    const localDay = sql`to_char(q.started_at at time zone ${zone}, 'YYYY-MM-DD')`;
    await sql`delete from kpi_qa_day_rollup where org_id = ${orgId} and day = any(${d.days}::date[])`.execute(tx);
    await sql`
      insert into kpi_qa_day_rollup (org_id, day, zone, agent_no, checked, score_sum, fatal)
      select ${orgId}, ${localDay}::date, ${zone}, q.agent_no, ${qaSums}
      from qa_transcripts q join qa_results res on res.transcript_id = q.id
      where q.org_id = ${orgId} and q.started_at >= ${d.lo} and q.started_at < ${d.hi} and ${localDay} = any(${d.days}::text[])
      group by 2, 4`.execute(tx);
    return bins.length;
  });
}

/** The same aggregates as reports.repo.ts `qaAggregates`, from the QA rollups (refreshed first). */
export async function qaAggregatesFromRollup(db: Db, r: Range, by: GroupBy): Promise<Array<{ key: string; agg: QaAgg }>> {
  const sums = sql`sum(k.checked)::int as checked, sum(k.score_sum)::float8 as score_sum, sum(k.fatal)::int as fatal`;
  let rows;
  if (!by || 'time' in by) {
    const key = by ? bucketSql(sql`k.bin`, by.time, r.timeZone) : sql`'total'`;
    rows = await sql<Record<string, unknown>>`
      select ${key} as key, ${sums} from kpi_qa_rollup k where k.org_id = ${r.orgId} and k.bin >= ${r.start} and k.bin < ${r.end} group by 1`.execute(db);
  } else {
    if (by.dim !== 'agent' && by.dim !== 'team') return [];
    const key = by.dim === 'agent' ? sql`k.agent_no` : sql`tm.team_id`;
    const join = by.dim === 'team' ? sql`join ${teamMembers} tm on tm.agent_no = k.agent_no` : sql``;
    const p = periodDays(r);
    rows = await sql<Record<string, unknown>>`
      select ${key} as key, ${sums} from kpi_qa_day_rollup k ${join}
      where k.org_id = ${r.orgId} and k.zone = ${r.timeZone} and k.day >= ${p.from}::date and k.day <= ${p.to}::date group by 1`.execute(db);
  }
  return rows.rows.map((x) => ({ key: String(x.key), agg: { checked: num(x.checked), scoreSum: num(x.score_sum), fatal: num(x.fatal) } }));
}

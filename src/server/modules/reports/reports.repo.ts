/**
 * Report aggregates: counts, sums and maxima per bucket, straight from the raw tables. Each function returns the
 * additive aggregates of src/shared/kpi (keyed by bucket or dimension), so a rollup table holding the same sums per
 * interval can replace a raw query here without the service noticing. Figures are computed by the KPI module,
 * never in SQL.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AgentTimeAgg, Bucket, CallAgg, CallbackAgg, Grain, QaAgg, Thresholds, TicketAgg } from '../../../shared/kpi/index.js';

// report_settings (0011_reports.sql), declared beside its only repository
declare module '../../db/schema.js' {
  interface ReportSettingsTable {
    org_id: string;
    t1_sec: number;
    t2_sec: number;
    updated_by: string | null;
    updated_at: Date | string;
  }
  interface DB {
    report_settings: ReportSettingsTable;
  }
}

/** How rows are cut: a time grain over a timestamp column, or a dimension. */
export type GroupBy = { time: Grain } | { dim: 'agent' | 'team' | 'queue' | 'department' | 'category' } | null;

export interface Range {
  orgId: string;
  start: Date;
  end: Date;
  timeZone: string;
}

/** The local bucket key of a timestamp column; the same strings as src/shared/kpi/buckets.ts bucketKey. */
export function bucketSql(column: RawBuilder<unknown>, grain: Grain, timeZone: string): RawBuilder<string> {
  const local = sql`(${column} at time zone ${timeZone})`;
  switch (grain.kind) {
    case 'interval':
      return sql<string>`to_char(date_bin(${sql.raw(`'${grain.minutes} minutes'`)}::interval, ${local}, timestamp '2000-01-03'), 'YYYY-MM-DD"T"HH24:MI')`;
    case 'day':
      return sql<string>`to_char(${local}, 'YYYY-MM-DD')`;
    case 'week':
      return sql<string>`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
    case 'month':
      return sql<string>`to_char(${local}, 'YYYY-MM')`;
  }
}

/** 班组 membership by 工号: the queues an agent belongs to now. */
export const teamMembers = sql`(select m.queue_id::text as team_id, u.agent_no from queue_members m join users u on u.id = m.user_id and u.org_id = m.org_id where u.agent_no is not null)`;

/**
 * The actions a ticket report counts, by what the organisation's workflows declare of them (reports.service
 * `declaredActions`): `handing` give the ticket to a department (`department: assign | reassign | restore`; their
 * `details.departmentId` received it), `dispatching` send it out (`assign`: 派单, 重新派单), `extending` approve an
 * extension (`effect: extension_approve`), `requesting` ask for one (`effect: extension_request`).
 */
export interface DeclaredActions {
  handing: string[];
  dispatching: string[];
  extending: string[];
  requesting: string[];
  /** 退单: a department's return (returnSteps: clears the department into a state a `restore` action leaves). */
  returning: string[];
  /** 直接办结: resolving on the call (resolveOnTheCall: from the initial state, meeting the 办结 limit). */
  onCall: string[];
}

/**
 * What a ticket's history says it went through (派单, 退单, 延期, resolved on the call), for the ticket `t`, as
 * `tr.dispatched`, `tr.returned`, `tr.extended`, `tr.on_call`, and the departments that acted, as recorded on the
 * transitions: `tr.dispatched_to` (the departments it was handed to), `tr.returned_by` (those that returned it; a
 * 退单's `details.departmentId` is the returning department) and `tr.extended_by` (those whose 延期 was approved).
 * One definition for the raw report and the ticket facts.
 *
 * 延期: each approval goes to the department that asked — the last request before it. A request names its department
 * in `details.departmentId` (recorded since the reports credited extensions to the asking department); older requests
 * do not, and their department is the one the ticket was last handed to before the request (a department asks while
 * the ticket is its own). An approval with no request before it (rows written by hand) goes to the department the
 * ticket was last handed to before the approval; and a ticket marked approved with no approval in its history, or no
 * department found, to its current department ('' for none), as before.
 */
export const ticketTransitionFlags = (a: DeclaredActions) => sql`cross join lateral (
      select f.*, e.extended_by from (
        select coalesce(bool_or(y.action = any(${a.dispatching}::text[])), false) as dispatched,
               coalesce(bool_or(y.action = any(${a.returning}::text[])), false) as returned,
               coalesce(bool_or(y.action = any(${a.extending}::text[])), false) as extended,
               coalesce(bool_or(y.action = any(${a.onCall}::text[])), false) as on_call,
               coalesce(array_agg(distinct y.details->>'departmentId') filter (where y.action = any(${a.handing}::text[]) and y.details->>'departmentId' is not null), '{}'::text[]) as dispatched_to,
               coalesce(array_agg(distinct y.details->>'departmentId') filter (where y.action = any(${a.returning}::text[]) and y.details->>'departmentId' is not null), '{}'::text[]) as returned_by
        from ticket_transitions y where y.ticket_id = t.id) f
      cross join lateral (
        select coalesce(array_agg(distinct x.dep), '{}'::text[]) as extended_by from (
          select coalesce(rq.dep, hd.dep, t.department_id::text, '') as dep
          from ticket_transitions ap
          left join lateral (
            select r.id, r.details->>'departmentId' as dep from ticket_transitions r
            where r.ticket_id = t.id and r.id < ap.id and r.action = any(${a.requesting}::text[]) order by r.id desc limit 1) rq on true
          left join lateral (
            select h.details->>'departmentId' as dep from ticket_transitions h
            where h.ticket_id = t.id and h.id < coalesce(rq.id, ap.id) and h.action = any(${a.handing}::text[]) and h.details->>'departmentId' is not null
            order by h.id desc limit 1) hd on true
          where ap.ticket_id = t.id and ap.action = any(${a.extending}::text[])
          union all
          select coalesce(t.department_id::text, '') where t.extension = 'approved' and not f.extended
        ) x) e) tr`;

/**
 * A ticket's rows in the 承办单位 table, as `da`: one per department it concerns — its current department
 * (`da.cur`: finished, on time, overdue, satisfaction and the like go there), every department it was handed to
 * (`da.dispatched`), that returned it (`da.returned`) or whose extension was approved (`da.extended`), so a 退单 and a
 * 延期 stay with the department that returned the ticket or asked for more time after a 改派. Department ids as
 * text, '' for none.
 */
export const departmentRows = (current: RawBuilder<unknown>, dispatchedTo: RawBuilder<unknown>, returnedBy: RawBuilder<unknown>, extendedBy: RawBuilder<unknown>) => sql`cross join lateral (
      select d.dep, bool_or(d.cur) as cur, bool_or(d.dispatched) as dispatched, bool_or(d.returned) as returned, bool_or(d.extended) as extended from (
        select coalesce(${current}::text, '') as dep, true as cur, false as dispatched, false as returned, false as extended
        union all select x.dep, false, true, false, false from unnest(${dispatchedTo}) as x(dep)
        union all select x.dep, false, false, true, false from unnest(${returnedBy}) as x(dep)
        union all select x.dep, false, false, false, true from unnest(${extendedBy}) as x(dep)
      ) d group by d.dep) da`;

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

// ---------------------------------------------------------------- calls

export async function callAggregates(db: Db, r: Range, by: GroupBy, t: Thresholds): Promise<Array<{ key: string; agg: CallAgg }>> {
  const inbound = sql`c.direction = 'in'`;
  const answered = sql`c.direction = 'in' and c.answered_at is not null`;
  const lost = sql`c.direction = 'in' and c.answered_at is null and c.abandoned`;
  const wait = sql`coalesce(c.wait_ms, 0)`;
  let key: RawBuilder<unknown> = sql`'total'`;
  let join = sql``;
  if (by && 'time' in by) key = bucketSql(sql`c.ringing_at`, by.time, r.timeZone);
  else if (by?.dim === 'agent') key = sql`coalesce(c.agent_no, '')`;
  else if (by?.dim === 'queue') key = sql`coalesce(c.queue, '')`;
  else if (by?.dim === 'team') {
    key = sql`tm.team_id`;
    join = sql`join ${teamMembers} tm on tm.agent_no = c.agent_no`;
  } else if (by) return [];
  const rows = await sql<Record<string, unknown>>`
    select ${key} as key,
      count(*) filter (where ${answered})::int as answered,
      count(*) filter (where ${lost} and ${wait} >= 5000)::int as abandoned,
      count(*) filter (where ${lost} and ${wait} < 5000)::int as short_abandoned,
      count(*) filter (where ${answered} and ${wait} <= ${t.t1Sec * 1000})::int as within_t1,
      count(*) filter (where ${answered} and ${wait} <= ${t.t2Sec * 1000})::int as within_t2,
      count(*) filter (where ${answered} and ${wait} <= 15000)::int as within_15,
      count(*) filter (where ${lost} and ${wait} > ${t.t1Sec * 1000})::int as after_t1,
      count(*) filter (where ${lost} and ${wait} > ${t.t2Sec * 1000})::int as after_t2,
      sum(${wait}) filter (where ${answered})::float8 as wait_answered_ms,
      max(${wait}) filter (where ${answered} or ${lost})::float8 as max_wait_ms,
      sum(coalesce(c.talk_ms, 0)) filter (where ${answered})::float8 as talk_ms,
      sum(c.hold_ms) filter (where ${answered})::float8 as hold_ms,
      sum(c.wrapup_ms) filter (where ${answered} and c.wrapup_ms is not null)::float8 as wrapup_ms,
      count(*) filter (where ${answered} and c.wrapup_ms is not null)::int as wrapup_count,
      sum(jsonb_array_length(coalesce(c.state -> 'transfers', '[]'::jsonb))) filter (where ${answered})::int as transfers,
      count(*) filter (where ${answered} and jsonb_array_length(coalesce(c.state -> 'transfers', '[]'::jsonb)) > 0)::int as transferred_calls,
      count(*) filter (where not (${inbound}) and (c.answered_at is not null or c.status = 'ended'))::int as outbound
    from calls c ${join}
    where c.org_id = ${r.orgId} and c.ringing_at >= ${r.start} and c.ringing_at < ${r.end}
    group by 1`.execute(db);
  return rows.rows.map((x) => ({ key: String(x.key), agg: callAggOf(x) }));
}

export function callAggOf(x: Record<string, unknown>): CallAgg {
  return {
    answered: num(x.answered),
    abandoned: num(x.abandoned),
    shortAbandoned: num(x.short_abandoned),
    answeredWithinT1: num(x.within_t1),
    answeredWithinT2: num(x.within_t2),
    answeredWithin15: num(x.within_15),
    abandonedAfterT1: num(x.after_t1),
    abandonedAfterT2: num(x.after_t2),
    waitAnsweredMs: num(x.wait_answered_ms),
    maxWaitMs: num(x.max_wait_ms),
    talkMs: num(x.talk_ms),
    holdMs: num(x.hold_ms),
    wrapupMs: num(x.wrapup_ms),
    wrapupCount: num(x.wrapup_count),
    transfers: num(x.transfers),
    transferredCalls: num(x.transferred_calls),
    outbound: num(x.outbound),
  };
}

export const BIN = sql`'15 minutes'::interval`;
export const ORIGIN = sql`timestamptz '2000-01-01 00:00:00+00'`;

/**
 * Agent state time per bucket in one pass over the state log: each state is cut into the UTC quarter hours it spans
 * (most span one or two), and quarter hours go to their local bucket. The same sums as `agentTime` where the zone's
 * offset is whole quarter hours, without joining every state to every bucket.
 */
export async function agentTimeByQuarterHours(db: Db, r: Range, grain: Grain | null, by: 'agent' | 'team' | null, now: Date): Promise<Array<{ key: string; agg: AgentTimeAgg }>> {
  const spans = sql`(
    select l.agent_no, l.state, greatest(l.started_at, ${r.start}) as a, least(coalesce(l.ended_at, ${now}), ${r.end}) as b
    from agent_state_log l
    where l.org_id = ${r.orgId} and l.state in ('on_call', 'wrap_up', 'available') and l.started_at < ${r.end} and coalesce(l.ended_at, ${now}) > ${r.start}
      and least(coalesce(l.ended_at, ${now}), ${r.end}) > greatest(l.started_at, ${r.start}))`;
  let rows;
  if (grain) {
    const key = bucketSql(sql`p.bin`, grain, r.timeZone);
    rows = await sql<{ key: string; busy_ms: number | null; available_ms: number | null }>`
      select ${key} as key,
        sum(extract(epoch from p.d) * 1000) filter (where p.state in ('on_call', 'wrap_up'))::float8 as busy_ms,
        sum(extract(epoch from p.d) * 1000) filter (where p.state = 'available')::float8 as available_ms
      from (
        select s.state, g.bin, least(s.b, g.bin + ${BIN}) - greatest(s.a, g.bin) as d
        from ${spans} s cross join lateral generate_series(date_bin(${BIN}, s.a, ${ORIGIN}), s.b - interval '1 microsecond', ${BIN}) as g(bin)
      ) p
      group by 1`.execute(db);
  } else {
    const key = by === 'agent' ? sql`s.agent_no` : by === 'team' ? sql`tm.team_id` : sql`'total'`;
    const join = by === 'team' ? sql`join ${teamMembers} tm on tm.agent_no = s.agent_no` : sql``;
    rows = await sql<{ key: string; busy_ms: number | null; available_ms: number | null }>`
      select ${key} as key,
        sum(extract(epoch from s.b - s.a) * 1000) filter (where s.state in ('on_call', 'wrap_up'))::float8 as busy_ms,
        sum(extract(epoch from s.b - s.a) * 1000) filter (where s.state = 'available')::float8 as available_ms
      from ${spans} s ${join}
      group by 1`.execute(db);
  }
  return rows.rows.map((x) => ({ key: String(x.key), agg: { busyMs: Math.round(num(x.busy_ms)), availableMs: Math.round(num(x.available_ms)) } }));
}

/**
 * Agent state time cut at the buckets' edges: on calls and in wrap-up (busy) and available, for occupancy. A state
 * still going on counts until `now`.
 */
export async function agentTime(db: Db, r: Range, buckets: Bucket[], by: 'time' | 'agent' | 'team' | null, now: Date): Promise<Array<{ key: string; agg: AgentTimeAgg }>> {
  if (!buckets.length) return [];
  const keys = buckets.map((b) => b.key);
  const starts = buckets.map((b) => new Date(b.start).toISOString());
  const ends = buckets.map((b) => new Date(b.end).toISOString());
  const key = by === 'time' ? sql`b.key` : by === 'agent' ? sql`l.agent_no` : by === 'team' ? sql`tm.team_id` : sql`'total'`;
  const join = by === 'team' ? sql`join ${teamMembers} tm on tm.agent_no = l.agent_no` : sql``;
  const overlap = sql`extract(epoch from (least(coalesce(l.ended_at, ${now}), b.e) - greatest(l.started_at, b.s))) * 1000`;
  const rows = await sql<{ key: string; busy_ms: number | null; available_ms: number | null }>`
    with b as (select * from unnest(${keys}::text[], ${starts}::timestamptz[], ${ends}::timestamptz[]) as b(key, s, e))
    select ${key} as key,
      sum(${overlap}) filter (where l.state in ('on_call', 'wrap_up'))::float8 as busy_ms,
      sum(${overlap}) filter (where l.state = 'available')::float8 as available_ms
    from b join agent_state_log l on l.org_id = ${r.orgId} and l.started_at < b.e and coalesce(l.ended_at, ${now}) > b.s ${join}
    where l.started_at < ${r.end} and coalesce(l.ended_at, ${now}) > ${r.start}
      -- a row that ends before it starts (a late state change put in its place) adds nothing
      and least(coalesce(l.ended_at, ${now}), b.e) > greatest(l.started_at, b.s)
    group by 1`.execute(db);
  return rows.rows.map((x) => ({ key: String(x.key), agg: { busyMs: Math.round(num(x.busy_ms)), availableMs: Math.round(num(x.available_ms)) } }));
}

export async function callbackAggregates(db: Db, r: Range, grain: Grain | null): Promise<Array<{ key: string; agg: CallbackAgg }>> {
  // a task belongs to the moment its first missed call rang (it is opened by a job, which may run later)
  const opened = sql`coalesce((select min(c.ringing_at) from calls c where c.id = any(k.call_ids)), k.created_at)`;
  const key = grain ? bucketSql(opened, grain, r.timeZone) : sql`'total'`;
  const rows = await sql<Record<string, unknown>>`
    select ${key} as key,
      count(*)::int as created,
      count(*) filter (where k.status = 'done')::int as done,
      count(*) filter (where k.status = 'done' and k.outcome = 'reached')::int as reached,
      count(*) filter (where k.status = 'done' and k.outcome = 'no_answer')::int as no_answer,
      count(*) filter (where k.status = 'done' and k.outcome = 'wrong_number')::int as wrong_number,
      count(*) filter (where k.status = 'done' and k.outcome = 'not_needed')::int as not_needed,
      count(*) filter (where k.status = 'open')::int as open
    from callback_tasks k
    where k.org_id = ${r.orgId} and ${opened} >= ${r.start} and ${opened} < ${r.end}
    group by 1`.execute(db);
  return rows.rows.map((x) => ({
    key: String(x.key),
    agg: { created: num(x.created), done: num(x.done), reached: num(x.reached), noAnswer: num(x.no_answer), wrongNumber: num(x.wrong_number), notNeeded: num(x.not_needed), open: num(x.open) },
  }));
}

// ---------------------------------------------------------------- tickets

export async function ticketAggregates(db: Db, r: Range, by: GroupBy, now: Date, acts: DeclaredActions): Promise<Array<{ key: string; agg: TicketAgg }>> {
  let key: RawBuilder<unknown> = sql`'total'`;
  // by department: a row per department the ticket concerns (departmentRows); the ticket's own figures count under
  // its current department only, 派单, 退单 and 延期 under the departments the transitions name
  let cur: RawBuilder<unknown> = sql`true`;
  let dispatched: RawBuilder<unknown> = sql`tr.dispatched`;
  let returned: RawBuilder<unknown> = sql`tr.returned`;
  let extended: RawBuilder<unknown> = sql`(tr.extended or t.extension = 'approved')`;
  let rowsOf = sql``;
  if (by && 'time' in by) key = bucketSql(sql`t.created_at`, by.time, r.timeZone);
  else if (by?.dim === 'department') {
    key = sql`da.dep`;
    cur = sql`da.cur`;
    dispatched = sql`da.dispatched`;
    returned = sql`da.returned`;
    extended = sql`da.extended`;
    rowsOf = departmentRows(sql`t.department_id`, sql`tr.dispatched_to`, sql`tr.returned_by`, sql`tr.extended_by`);
  } else if (by?.dim === 'category') key = sql`t.category`;
  else if (by?.dim === 'agent') key = sql`coalesce((select u.agent_no from users u where u.id = t.created_by), '')`;
  else if (by) return [];
  const live = sql`t.merged_into is null`;
  const finished = sql`(${live} and (t.closed_at is not null or (tm.res_met and not tm.res_open)))`;
  const rows = await sql<Record<string, unknown>>`
    select ${key} as key,
      count(*) filter (where ${cur})::int as created,
      count(*) filter (where ${cur} and not ${live})::int as merged,
      count(*) filter (where ${cur} and ${finished})::int as finished,
      count(*) filter (where ${cur} and ${finished} and not tm.res_breached)::int as finished_on_time,
      count(*) filter (where ${cur} and ${live} and not ${finished} and tm.overdue)::int as overdue_now,
      count(*) filter (where ${live} and ${dispatched})::int as dispatched,
      count(*) filter (where ${live} and ${returned})::int as returned,
      count(*) filter (where ${live} and ${extended})::int as extended,
      count(*) filter (where ${cur} and ${live} and t.satisfaction is not null)::int as surveyed,
      count(*) filter (where ${cur} and ${live} and t.satisfaction = 'satisfied')::int as satisfied,
      count(*) filter (where ${cur} and ${live} and t.satisfaction = 'basically_satisfied')::int as basically_satisfied,
      count(*) filter (where ${cur} and ${live} and t.satisfaction = 'unsatisfied')::int as unsatisfied,
      count(*) filter (where ${cur} and ${live} and tr.on_call)::int as closed_on_call
    from tickets t
    cross join lateral (
      select coalesce(bool_or(x.kind = 'resolution' and x.met_at is not null), false) as res_met,
             coalesce(bool_or(x.kind = 'resolution' and x.status in ('running', 'paused')), false) as res_open,
             coalesce(bool_or(x.kind = 'resolution' and (x.status = 'breached' or x.met_at > x.due_at)), false) as res_breached,
             coalesce(bool_or((x.status = 'running' and x.due_at < ${now}) or (x.status = 'breached' and x.met_at is null)), false) as overdue
      from ticket_timers x where x.ticket_id = t.id) tm
    ${ticketTransitionFlags(acts)}
    ${rowsOf}
    where t.org_id = ${r.orgId} and t.created_at >= ${r.start} and t.created_at < ${r.end}
    group by 1`.execute(db);
  return rows.rows.map((x) => ({ key: String(x.key), agg: ticketAggOf(x) }));
}

export function ticketAggOf(x: Record<string, unknown>): TicketAgg {
  return {
    created: num(x.created),
    merged: num(x.merged),
    finished: num(x.finished),
    finishedOnTime: num(x.finished_on_time),
    overdueNow: num(x.overdue_now),
    dispatched: num(x.dispatched),
    returned: num(x.returned),
    extended: num(x.extended),
    surveyed: num(x.surveyed),
    satisfied: num(x.satisfied),
    basicallySatisfied: num(x.basically_satisfied),
    unsatisfied: num(x.unsatisfied),
    closedOnCall: num(x.closed_on_call),
  };
}

// ---------------------------------------------------------------- QA

export async function qaAggregates(db: Db, r: Range, by: GroupBy): Promise<Array<{ key: string; agg: QaAgg }>> {
  let key: RawBuilder<unknown> = sql`'total'`;
  let join = sql``;
  if (by && 'time' in by) key = bucketSql(sql`q.started_at`, by.time, r.timeZone);
  else if (by?.dim === 'agent') key = sql`q.agent_no`;
  else if (by?.dim === 'team') {
    key = sql`tm.team_id`;
    join = sql`join ${teamMembers} tm on tm.agent_no = q.agent_no`;
  } else if (by) return [];
  const rows = await sql<Record<string, unknown>>`
    select ${key} as key, count(*)::int as checked, sum(res.effective_score)::float8 as score_sum, count(*) filter (where res.effective_fatal)::int as fatal
    from qa_transcripts q join qa_results res on res.transcript_id = q.id ${join}
    where q.org_id = ${r.orgId} and q.started_at >= ${r.start} and q.started_at < ${r.end}
    group by 1`.execute(db);
  return rows.rows.map((x) => ({ key: String(x.key), agg: { checked: num(x.checked), scoreSum: num(x.score_sum), fatal: num(x.fatal) } }));
}

/** The checks with the most findings that stand (not overturned). */
export async function topChecks(db: Db, r: Range, limit = 10): Promise<Array<{ check: string; count: number }>> {
  const rows = await sql<{ check: string; count: number }>`
    select f.check_id as check, count(*)::int as count
    from qa_findings f join qa_transcripts q on q.id = f.transcript_id
    where q.org_id = ${r.orgId} and q.started_at >= ${r.start} and q.started_at < ${r.end} and f.status <> 'overturned'
    group by f.check_id order by count(*) desc, f.check_id limit ${limit}`.execute(db);
  return rows.rows.map((x) => ({ check: x.check, count: num(x.count) }));
}

// ---------------------------------------------------------------- labels and settings

export async function labels(db: Db, orgId: string) {
  const [agents, queues, departments] = await Promise.all([
    db.selectFrom('users').select(['agent_no', 'display_name']).where('org_id', '=', orgId).where('agent_no', 'is not', null).execute(),
    db.selectFrom('queues').select(['id', 'code', 'name']).where('org_id', '=', orgId).execute(),
    db.selectFrom('departments').select(['id', 'name']).where('org_id', '=', orgId).execute(),
  ]);
  return { agents, queues, departments };
}

export function findSettings(db: Db, orgId: string) {
  return db.selectFrom('report_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function saveSettings(db: Db, v: { orgId: string; t1Sec: number; t2Sec: number; by: string | null; now: Date }) {
  await db
    .insertInto('report_settings')
    .values({ org_id: v.orgId, t1_sec: v.t1Sec, t2_sec: v.t2Sec, updated_by: v.by, updated_at: v.now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ t1_sec: v.t1Sec, t2_sec: v.t2Sec, updated_by: v.by, updated_at: v.now }))
    .execute();
}

export async function timeZoneOf(db: Db, orgId: string): Promise<string | null> {
  const row = await db.selectFrom('sla_calendars').select('timezone').where('org_id', '=', orgId).executeTakeFirst();
  return row?.timezone ?? null;
}

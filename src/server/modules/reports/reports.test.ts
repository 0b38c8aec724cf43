/**
 * KPI reports over real traffic: two simulated mornings through the CTI intake (QA checked by the worker), calls at
 * the edges of the days, tickets taken through dispatch, return, extension, callback and merge by the ticket API.
 * Every figure the API gives is compared with a second computation over the raw rows, read back from the tables
 * and counted with plain loops here (buckets by Intl's own formatting).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateDemoDay } from '../../../shared/cti/simulate.js';
import { qaCheckName } from '../../../shared/labels/qa-checks.js';
import type { CheckId } from '../../../shared/qa/config.js';
import { packIdentity } from '../../../shared/standards/identity.js';
import { activePackCached } from '../standards/active-pack.js';
import { createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { DEMO_ORG } from '../../demo.js';
import { demoAgents } from '../../demo-traffic.js';
import type { KpiReportDto } from './reports.schema.js';
import { kpiReport } from './reports.service.js';

const TZ = 'Asia/Shanghai';
let now = new Date('2026-12-01T08:00:00+08:00');
let server: TestServer;
const cookies: Record<string, string> = {};
const as = (u: string) => cookies[u] ?? '';
let orgId = '';
let water = '';
let housing = '';
let teamId = '';

const iso = (s: string) => new Date(s).toISOString();
const ctxFor = (role: 'manager') => ({ db: server.database.db, orgId, actor: { id: null, name: role, role }, now: () => now });

/** Hand-made calls at the edges: a day's last second, outside the period, a short abandon, a transfer, outbound. */
function edgeEvents() {
  let n = 0;
  const ev = (callId: string, seq: number, type: string, at: string, extra: Record<string, unknown> = {}) => ({ eventId: `edge-${n++}`, callId, seq, type, at: iso(at), ...extra });
  const ring = (callId: string, at: string, extra: Record<string, unknown> = {}) => ev(callId, 0, 'call.ringing', at, { direction: 'in', from: `1390000${String(n).padStart(4, '0')}`, to: '12345', queue: 'general', ...extra });
  return [
    // rings in the last second of 1 December, answered 20 s later on the 2nd: belongs to the 1st
    ring('e1', '2026-12-01T23:59:59+08:00'),
    ev('e1', 1, 'call.answered', '2026-12-02T00:00:19+08:00', { agentId: '1024' }),
    ev('e1', 2, 'call.transferred', '2026-12-02T00:01:00+08:00', { target: 'complaint-desk', agentId: '2001' }),
    ev('e1', 3, 'call.ended', '2026-12-02T00:03:00+08:00', { endedBy: 'customer', cause: 'normalClearing' }),
    // short abandon (3 s) and a long one (40 s)
    ring('e2', '2026-12-02T10:00:00+08:00'),
    ev('e2', 1, 'call.ended', '2026-12-02T10:00:03+08:00', { endedBy: 'customer', cause: 'cancel' }),
    ring('e3', '2026-12-02T10:05:00+08:00', { queue: 'enterprise' }),
    ev('e3', 1, 'call.ended', '2026-12-02T10:05:40+08:00', { endedBy: 'customer', cause: 'cancel' }),
    // outside the period on both sides
    ring('e4', '2026-11-30T23:59:59+08:00'),
    ev('e4', 1, 'call.answered', '2026-12-01T00:00:05+08:00', { agentId: '1024' }),
    ev('e4', 2, 'call.ended', '2026-12-01T00:02:00+08:00', { endedBy: 'agent' }),
    ring('e5', '2026-12-03T00:00:00+08:00'),
    ev('e5', 1, 'call.ended', '2026-12-03T00:00:30+08:00', { endedBy: 'customer', cause: 'cancel' }),
    // outbound, answered; and one still ringing (not yet decided)
    ev('e6', 0, 'call.ringing', '2026-12-02T15:00:00+08:00', { direction: 'out', from: '12345', to: '13811112222', agentId: '1024' }),
    ev('e6', 1, 'call.answered', '2026-12-02T15:00:10+08:00', { agentId: '1024' }),
    ev('e6', 2, 'call.ended', '2026-12-02T15:03:00+08:00', { endedBy: 'agent' }),
    ring('e7', '2026-12-02T23:00:00+08:00'),
  ];
}

async function ok(path: string, who: string, json: Record<string, unknown> = {}) {
  let r = await server.request(path, { method: 'POST', cookie: as(who), json });
  if (r.status === 401) {
    // the clock jumped past the session's life: sign in again
    cookies[who] = await server.login(who);
    r = await server.request(path, { method: 'POST', cookie: as(who), json });
  }
  expect(r.status, `${path} by ${who}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body as { id: string };
}
const act = (id: string, action: string, who: string, json: Record<string, unknown> = {}) => ok(`/api/tickets/${id}/actions/${action}`, who, json);
const at = (s: string) => {
  now = new Date(s);
};

async function seedTickets() {
  // 1 Dec: finished on time, callback satisfied
  at('2026-12-01T09:00:00+08:00');
  const a = await ok('/api/tickets', 'agent', helpTicket);
  await act(a.id, 'dispatch', 'agent', { departmentId: water });
  at('2026-12-01T10:00:00+08:00');
  await act(a.id, 'sign', 'dept');
  await act(a.id, 'start', 'dept');
  await act(a.id, 'reply', 'dept', { reason: '已恢复供水' });
  await act(a.id, 'approve_reply', 'lead');
  await act(a.id, 'start_callback', 'agent');
  await act(a.id, 'archive', 'agent', { satisfaction: 'basically_satisfied' });
  // 1 Dec: returned by the water bureau, re-dispatched to housing, still open (overdue by the 10th)
  at('2026-12-01T11:00:00+08:00');
  const b = await ok('/api/tickets', 'agent', { ...helpTicket, title: '楼道漏水' });
  await act(b.id, 'dispatch', 'agent', { departmentId: water });
  await act(b.id, 'return', 'dept', { reason: '属于住建部门职责' });
  await act(b.id, 'dispatch', 'agent', { departmentId: housing });
  // 1 Dec: resolved on the call
  const c = await ok('/api/tickets', 'lead', { ...helpTicket, title: '咨询停水时间' });
  await act(c.id, 'close_on_call', 'lead');
  // 2 Dec: extension approved, replied the next day
  at('2026-12-02T09:30:00+08:00');
  const d = await ok('/api/tickets', 'agent', { ...helpTicket, title: '管网维修' });
  await act(d.id, 'dispatch', 'agent', { departmentId: water });
  await act(d.id, 'sign', 'dept');
  await act(d.id, 'start', 'dept');
  await act(d.id, 'request_extension', 'dept', { reason: '需要协调施工', extensionDays: 3 });
  await act(d.id, 'approve_extension', 'lead');
  at('2026-12-03T10:00:00+08:00');
  await act(d.id, 'reply', 'dept', { reason: '已修复' });
  // 2 Dec: a duplicate, merged
  at('2026-12-02T14:00:00+08:00');
  const e = await ok('/api/tickets', 'agent', { ...helpTicket, title: '停水（重复）' });
  await act(e.id, 'merge', 'agent', { reason: '重复来电', intoTicketId: b.id });
  // 2 Dec: replied after its limit (the clock jumps weeks), then unsatisfied at callback
  const f = await ok('/api/tickets', 'agent', { ...helpTicket, title: '水压不足' });
  await act(f.id, 'dispatch', 'agent', { departmentId: water });
  at('2027-01-20T10:00:00+08:00');
  await act(f.id, 'sign', 'dept');
  await act(f.id, 'start', 'dept');
  await act(f.id, 'reply', 'dept', { reason: '已调压' });
  // 30 Nov and 3 Dec: outside the period
  at('2026-11-30T23:00:00+08:00');
  await ok('/api/tickets', 'agent', { ...helpTicket, title: '期外一' });
  at('2026-12-03T00:00:00+08:00');
  await ok('/api/tickets', 'agent', { ...helpTicket, title: '期外二' });
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  for (const u of ['admin', 'manager', 'lead', 'agent', 'inspector', 'dept']) cookies[u] = await server.login(u);
  orgId = (await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
  const deps = (await server.request('/api/departments', { cookie: as('agent') })).body as { items: Array<{ id: string; name: string }> };
  water = deps.items.find((d) => d.name === '市水务局')?.id ?? '';
  housing = deps.items.find((d) => d.name === '市住建局')?.id ?? '';
  const users = (await server.request('/api/users', { cookie: as('admin') })).body as { items: Array<{ id: string; username: string }> };
  const member = (name: string) => users.items.find((u) => u.username === name)?.id;
  teamId = (await ok('/api/queues', 'admin', { code: 'general', name: '综合受理一组', members: [member('agent'), member('lead')] })).id;

  // traffic: two simulated mornings and the edge calls, through the CTI intake
  const conn = await createConnection(server, as('admin'));
  const pack = (await activePackCached(server.database.db, orgId))!.pack;
  for (const [day, seed] of [['2026-12-01', 1], ['2026-12-02', 2]] as const) {
    const traffic = simulateDemoDay(pack, { start: new Date(`${day}T08:30:00+08:00`), agents: demoAgents, seed, org: packIdentity(pack, DEMO_ORG).org });
    for (let i = 0; i < traffic.events.length; i += 500) {
      const r = await postEvents(server, conn.token, traffic.events.slice(i, i + 500));
      expect(r.status).toBe(200);
    }
  }
  expect((await postEvents(server, conn.token, edgeEvents())).status).toBe(200);
  // QA checks, and the callback decisions the intake schedules a few seconds ahead
  await drainJobs(server.database.db);
  await seedTickets();
  at('2026-12-10T10:00:00+08:00');
  for (const u of Object.keys(cookies)) cookies[u] = await server.login(u);
}, 240_000);
afterAll(() => server?.close());

// ---------------------------------------------------------------- the second computation

const pad = (n: number) => String(n).padStart(2, '0');
function keyOf(d: Date | string | number, grain: 'day' | 15 | 60): string {
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(d));
  const [date = '', time = ''] = s.split(' ');
  if (grain === 'day') return date;
  const m = Math.floor((Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) / grain) * grain;
  return `${date}T${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
const START = new Date('2026-12-01T00:00:00+08:00').getTime();
const END = new Date('2026-12-03T00:00:00+08:00').getTime();
const inPeriod = (d: Date | string | null) => d !== null && new Date(d).getTime() >= START && new Date(d).getTime() < END;
const frac = (n: number, d: number) => (d ? n / d : null);
const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length / 1000 : null);

type CallRowDb = Awaited<ReturnType<typeof rawCalls>>[number];
// The bigint milliseconds come back as strings from node-postgres: numbers here, as the API gives them.
const msOf = (v: number | string | null) => (v === null ? null : Number(v));
const rawCalls = async () =>
  (await server.database.db.selectFrom('calls').selectAll().where('org_id', '=', orgId).execute()).map((c) => ({
    ...c,
    wait_ms: msOf(c.wait_ms),
    talk_ms: msOf(c.talk_ms),
    hold_ms: Number(c.hold_ms),
    wrapup_ms: msOf(c.wrapup_ms),
  }));

function callOracle(calls: CallRowDb[], t1: number, t2: number, states: Array<{ state: string; from: number; to: number }> | null) {
  const inb = calls.filter((c) => c.direction === 'in');
  const wait = (c: CallRowDb) => c.wait_ms ?? 0;
  const answered = inb.filter((c) => c.answered_at !== null);
  const lost = inb.filter((c) => c.answered_at === null && c.abandoned);
  const abandoned = lost.filter((c) => wait(c) >= 5000);
  const offered = answered.length + abandoned.length;
  const within = (s: number) => answered.filter((c) => wait(c) <= s * 1000).length;
  const after = (s: number) => abandoned.filter((c) => wait(c) > s * 1000).length;
  const transfers = (c: CallRowDb) => ((c.state as { transfers?: unknown[] }).transfers ?? []).length;
  const withWrap = answered.filter((c) => c.wrapup_ms !== null);
  const waits = [...answered, ...lost].map(wait);
  let busy = 0;
  let available = 0;
  for (const s of states ?? []) {
    if (s.state === 'on_call' || s.state === 'wrap_up') busy += s.to - s.from;
    if (s.state === 'available') available += s.to - s.from;
  }
  return {
    offered,
    answered: answered.length,
    abandoned: abandoned.length,
    shortAbandoned: lost.length - abandoned.length,
    answeredWithinT1: within(t1),
    answeredWithinT2: within(t2),
    abandonedAfterT1: after(t1),
    abandonedAfterT2: after(t2),
    answerRate: frac(answered.length, offered),
    abandonRate: frac(abandoned.length, offered),
    serviceLevelT1: frac(within(t1), answered.length),
    serviceLevelT2: frac(within(t2), answered.length),
    serviceLevelOfferedT1: frac(within(t1), answered.length + after(t1)),
    serviceLevelOfferedT2: frac(within(t2), answered.length + after(t2)),
    asaSec: avg(answered.map(wait)),
    longestWaitSec: waits.length ? Math.max(...waits) / 1000 : null,
    avgTalkSec: avg(answered.map((c) => c.talk_ms ?? 0)),
    avgHoldSec: avg(answered.map((c) => c.hold_ms)),
    avgWrapUpSec: avg(withWrap.map((c) => c.wrapup_ms ?? 0)),
    avgHandleSec: avg(answered.map((c) => (c.talk_ms ?? 0) + c.hold_ms + (c.wrapup_ms ?? 0))),
    occupancy: states ? frac(busy, busy + available) : null,
    transfers: answered.reduce((s, c) => s + transfers(c), 0),
    transferredCalls: answered.filter((c) => transfers(c) > 0).length,
    transferRate: frac(answered.filter((c) => transfers(c) > 0).length, answered.length),
    outbound: calls.filter((c) => c.direction === 'out' && (c.answered_at !== null || c.status === 'ended')).length,
  };
}

async function rawStates() {
  const rows = await server.database.db.selectFrom('agent_state_log').selectAll().where('org_id', '=', orgId).execute();
  return rows.map((r) => ({ agentNo: r.agent_no, state: r.state, from: new Date(r.started_at).getTime(), to: r.ended_at ? new Date(r.ended_at).getTime() : now.getTime() }));
}
/** State time cut to [a, b). */
const clip = (states: Awaited<ReturnType<typeof rawStates>>, a: number, b: number) =>
  states.map((s) => ({ state: s.state, agentNo: s.agentNo, from: Math.max(s.from, a), to: Math.min(s.to, b) })).filter((s) => s.to > s.from);

async function ticketOracleRows(created: (at: Date | string) => boolean = inPeriod) {
  const db = server.database.db;
  const tickets = (await db.selectFrom('tickets').selectAll().where('org_id', '=', orgId).execute()).filter((t) => created(t.created_at));
  const timers = await db.selectFrom('ticket_timers').selectAll().where('org_id', '=', orgId).execute();
  const transitions = await db.selectFrom('ticket_transitions').selectAll().where('org_id', '=', orgId).execute();
  const users = await db.selectFrom('users').select(['id', 'agent_no']).where('org_id', '=', orgId).execute();
  return tickets.map((t) => {
    const tm = timers.filter((x) => x.ticket_id === t.id);
    const own = transitions.filter((x) => x.ticket_id === t.id);
    const tr = own.map((x) => x.action);
    const departmentOf = (x: (typeof own)[number]) => (x.details as { departmentId?: string | null } | null)?.departmentId ?? null;
    // the departments that acted, read from the raw transition rows: handed the ticket (派单, 重新派单, 改派, 同意退单并改派, 驳回退单), returned it (退单)
    const handedTo = new Set(own.filter((x) => ['dispatch', 'reopen_redispatch', 'reassign', 'accept_return', 'refuse_return'].includes(x.action)).map(departmentOf).filter((d) => d !== null));
    const returnedBy = new Set(own.filter((x) => x.action === 'return').map(departmentOf).filter((d) => d !== null));
    // 延期: each approval is the department's that asked — the last request before it, by the department the request
    // names or, for a request that names none (written before requests recorded it), the one the ticket was last
    // handed to before it; an approval without a request, by the last handing before the approval; else the current one
    const handings = own.filter((x) => ['dispatch', 'reopen_redispatch', 'reassign', 'accept_return', 'refuse_return'].includes(x.action) && departmentOf(x) !== null);
    const lastBefore = <T extends { id: string | number }>(xs: T[], id: string | number) => xs.filter((x) => Number(x.id) < Number(id)).sort((a, b) => Number(b.id) - Number(a.id))[0];
    const approvals = own.filter((x) => x.action === 'approve_extension');
    const extendedBy = new Set(
      approvals.map((ap) => {
        const request = lastBefore(
          own.filter((x) => x.action === 'request_extension'),
          ap.id,
        );
        const handed = lastBefore(handings, request?.id ?? ap.id);
        return (request ? departmentOf(request) : null) ?? (handed ? departmentOf(handed) : null) ?? t.department_id ?? '';
      }),
    );
    if (!approvals.length && t.extension === 'approved') extendedBy.add(t.department_id ?? '');
    const res = tm.filter((x) => x.kind === 'resolution');
    const merged = t.merged_into !== null;
    const finished = !merged && (t.closed_at !== null || (res.some((x) => x.met_at !== null) && !res.some((x) => x.status === 'running' || x.status === 'paused')));
    const overdue = tm.some((x) => (x.status === 'running' && new Date(x.due_at) < now) || (x.status === 'breached' && x.met_at === null));
    return {
      t,
      agentNo: users.find((u) => u.id === t.created_by)?.agent_no ?? '',
      merged,
      finished,
      onTime: finished && !res.some((x) => x.status === 'breached' || (x.met_at !== null && new Date(x.met_at) > new Date(x.due_at))),
      overdue: !merged && !finished && overdue,
      dispatched: !merged && tr.some((a) => a === 'dispatch' || a === 'reopen_redispatch'),
      returned: !merged && tr.includes('return'),
      extended: !merged && (tr.includes('approve_extension') || t.extension === 'approved'),
      onCall: !merged && tr.some((a) => a === 'close_on_call' || a === 'close_on_call_archive'),
      handedTo,
      returnedBy,
      extendedBy,
    };
  });
}

/**
 * A department's row: the ticket's own figures under its current department; 派单, 退单 and 延期 under the departments
 * the transitions name (a 退单 stays with the department that returned it, a 延期 with the one that asked, after a 改派).
 */
function departmentOracle(rows: Awaited<ReturnType<typeof ticketOracleRows>>, d: string) {
  const base = ticketOracle(rows.filter((x) => (x.t.department_id ?? '') === d));
  const dispatched = rows.filter((r) => !r.merged && r.handedTo.has(d)).length;
  const returned = rows.filter((r) => !r.merged && r.returnedBy.has(d)).length;
  const extended = rows.filter((r) => !r.merged && r.extendedBy.has(d)).length;
  return { ...base, dispatched, returned, extended, returnRate: frac(returned, dispatched), extensionRate: frac(extended, dispatched) };
}

function ticketOracle(rows: Awaited<ReturnType<typeof ticketOracleRows>>) {
  const live = rows.filter((r) => !r.merged);
  const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  const finished = count((r) => r.finished);
  const dispatched = count((r) => r.dispatched);
  const surveyed = live.filter((r) => r.t.satisfaction !== null).length;
  const good = live.filter((r) => r.t.satisfaction === 'satisfied' || r.t.satisfaction === 'basically_satisfied').length;
  return {
    created: rows.length,
    merged: count((r) => r.merged),
    finished,
    finishedOnTime: count((r) => r.onTime),
    overdueNow: count((r) => r.overdue),
    dispatched,
    returned: count((r) => r.returned),
    extended: count((r) => r.extended),
    surveyed,
    satisfied: live.filter((r) => r.t.satisfaction === 'satisfied').length,
    basicallySatisfied: live.filter((r) => r.t.satisfaction === 'basically_satisfied').length,
    unsatisfied: live.filter((r) => r.t.satisfaction === 'unsatisfied').length,
    closedOnCall: count((r) => r.onCall),
    finishRate: frac(finished, live.length),
    onTimeRate: frac(count((r) => r.onTime), finished),
    returnRate: frac(count((r) => r.returned), dispatched),
    extensionRate: frac(count((r) => r.extended), dispatched),
    surveyRate: frac(surveyed, finished),
    satisfactionRate: frac(good, surveyed),
    fcrRate: frac(count((r) => r.onCall), live.length),
  };
}

async function qaOracleRows() {
  const db = server.database.db;
  const rows = await db.selectFrom('qa_transcripts as q').innerJoin('qa_results as r', 'r.transcript_id', 'q.id').select(['q.id', 'q.agent_no', 'q.started_at', 'r.effective_score', 'r.effective_fatal']).where('q.org_id', '=', orgId).execute();
  return rows.filter((r) => inPeriod(r.started_at));
}
function qaOracle(rows: Awaited<ReturnType<typeof qaOracleRows>>) {
  return {
    checked: rows.length,
    avgScore: rows.length ? rows.reduce((s, r) => s + r.effective_score, 0) / rows.length : null,
    fatal: rows.filter((r) => r.effective_fatal).length,
    fatalRate: frac(rows.filter((r) => r.effective_fatal).length, rows.length),
  };
}

function expectSame(actual: Record<string, unknown> | undefined, expected: Record<string, number | null>, where: string) {
  expect(actual, where).toBeDefined();
  for (const [k, v] of Object.entries(expected)) {
    const a = actual?.[k];
    if (v === null) expect(a, `${where} ${k}`).toBeNull();
    else {
      const tol = k.endsWith('Sec') || k === 'avgScore' ? 0.05 : 0.00005;
      expect(typeof a, `${where} ${k} = ${String(a)}, expected ${v}`).toBe('number');
      expect(Math.abs((a as number) - v), `${where} ${k} = ${String(a)}, expected ${v}`).toBeLessThanOrEqual(tol + 1e-9);
    }
  }
}

const report = async (query: string, who = 'manager') => {
  let r = await server.request(`/api/reports/kpi?${query}`, { cookie: as(who) });
  if (r.status === 401) {
    cookies[who] = await server.login(who);
    r = await server.request(`/api/reports/kpi?${query}`, { cookie: as(who) });
  }
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as KpiReportDto;
};

// ---------------------------------------------------------------- the tests

describe('GET /api/reports/kpi', () => {
  it('by day: every call, callback, ticket and QA figure equals the count over the raw rows', async () => {
    const r = await report('from=2026-12-01&to=2026-12-02&by=day');
    const calls = (await rawCalls()).filter((c) => inPeriod(c.ringing_at));
    expect(calls.length).toBeGreaterThan(200);
    const states = await rawStates();
    const days = [
      ['2026-12-01', START, START + 86_400_000],
      ['2026-12-02', START + 86_400_000, END],
    ] as const;
    expect(r.rows.map((x) => x.key)).toEqual(days.map((d) => d[0]));
    for (const [day, a, b] of days) {
      const row = r.rows.find((x) => x.key === day);
      expectSame(row?.calls, callOracle(calls.filter((c) => keyOf(c.ringing_at ?? 0, 'day') === day), 15, 20, clip(states, a, b)), `calls ${day}`);
    }
    const total = callOracle(calls, 15, 20, clip(states, START, END));
    expectSame(r.total.calls, total, 'calls total');
    // the edge calls did what they were made for
    expect(total.shortAbandoned).toBeGreaterThanOrEqual(1);
    expect(total.transfers).toBeGreaterThanOrEqual(1);
    expect(total.outbound).toBe(1);
    expect(total.occupancy).not.toBeNull();

    // callbacks
    const allCalls = await rawCalls();
    const firstRing = (ids: string[]) => {
      const rings = allCalls.filter((c) => ids.includes(c.id)).map((c) => new Date(c.ringing_at ?? 0).getTime());
      return rings.length ? new Date(Math.min(...rings)) : null;
    };
    const tasks = (await server.database.db.selectFrom('callback_tasks').selectAll().where('org_id', '=', orgId).execute())
      .map((k) => ({ ...k, opened: firstRing(k.call_ids) ?? new Date(k.created_at) }))
      .filter((k) => inPeriod(k.opened));
    expect(tasks.length).toBeGreaterThan(0);
    expect(r.total.callbacks).toMatchObject({ callbacksCreated: tasks.length, callbacksOpen: tasks.filter((k) => k.status === 'open').length, callbacksDone: tasks.filter((k) => k.status === 'done').length });
    for (const [day] of days) expect(r.rows.find((x) => x.key === day)?.callbacks?.callbacksCreated).toBe(tasks.filter((k) => keyOf(k.opened, 'day') === day).length);

    // tickets
    const tickets = await ticketOracleRows();
    expect(tickets).toHaveLength(6);
    const tt = ticketOracle(tickets);
    expectSame(r.total.tickets, tt, 'tickets total');
    expect(tt).toMatchObject({ merged: 1, returned: 1, extended: 1, closedOnCall: 1, surveyed: 1 });
    expect(tt.overdueNow).toBeGreaterThanOrEqual(1);
    expect(tt.finished - tt.finishedOnTime).toBeGreaterThanOrEqual(1);
    for (const [day] of days) expectSame(r.rows.find((x) => x.key === day)?.tickets, ticketOracle(tickets.filter((x) => keyOf(x.t.created_at, 'day') === day)), `tickets ${day}`);

    // QA
    const qa = await qaOracleRows();
    expect(qa.length).toBeGreaterThan(50);
    expectSame(r.total.qa, qaOracle(qa), 'qa total');
    for (const [day] of days) expectSame(r.rows.find((x) => x.key === day)?.qa, qaOracle(qa.filter((x) => keyOf(x.started_at, 'day') === day)), `qa ${day}`);
    const findings = await server.database.db.selectFrom('qa_findings').select(['check_id', 'transcript_id', 'status']).where('org_id', '=', orgId).execute();
    const ids = new Set(qa.map((x) => x.id));
    const counts = new Map<string, number>();
    for (const f of findings) if (ids.has(f.transcript_id) && f.status !== 'overturned') counts.set(f.check_id, (counts.get(f.check_id) ?? 0) + 1);
    expect(r.topChecks[0]?.count).toBe(Math.max(...counts.values()));
    for (const c of r.topChecks) expect(c.count, c.check).toBe(counts.get(c.check));

    // GB/T view and heat map
    const inb = calls.filter((c) => c.direction === 'in' && c.answered_at !== null);
    expectSame(r.gbt as unknown as Record<string, unknown>, { serviceLevel15: frac(inb.filter((c) => (c.wait_ms ?? 0) <= 15_000).length, inb.length) }, 'gbt');
    const offeredAt = (c: CallRowDb) => c.direction === 'in' && (c.answered_at !== null || (c.abandoned && (c.wait_ms ?? 0) >= 5000));
    let worst: number | null = null;
    for (let h = START; h + 86_400_000 <= END; h += 3_600_000) {
      const w = calls.filter((c) => offeredAt(c) && new Date(c.ringing_at ?? 0).getTime() >= h && new Date(c.ringing_at ?? 0).getTime() < h + 86_400_000);
      if (w.length) worst = Math.min(worst ?? 1, w.filter((c) => c.answered_at !== null).length / w.length);
    }
    expectSame(r.gbt as unknown as Record<string, unknown>, { worstAnswerRate24h: worst }, 'gbt');
    const heatTotal = r.heatmap.reduce((s, c) => s + c.offered, 0);
    expect(heatTotal).toBe(total.offered);
    const tue9 = calls.filter((c) => offeredAt(c) && keyOf(c.ringing_at ?? 0, 60) === '2026-12-01T09:00').length;
    expect(r.heatmap.find((c) => c.weekday === 2 && c.hour === 9)?.offered).toBe(tue9);
  });

  it('by 15-minute interval: every bucket of the two days, figures per bucket from the raw calls', async () => {
    const r = await report('from=2026-12-01&to=2026-12-02&by=interval&interval=15');
    expect(r.rows).toHaveLength(2 * 96);
    const calls = (await rawCalls()).filter((c) => inPeriod(c.ringing_at));
    const states = await rawStates();
    for (const row of r.rows) {
      const a = new Date(`${row.key}:00+08:00`).getTime();
      expectSame(row.calls, callOracle(calls.filter((c) => keyOf(c.ringing_at ?? 0, 15) === row.key), 15, 20, clip(states, a, a + 900_000)), row.key);
    }
  });

  it('by agent, team and queue; tickets by department and category', async () => {
    const calls = (await rawCalls()).filter((c) => inPeriod(c.ringing_at));
    const states = clip(await rawStates(), START, END);
    const byAgent = await report('from=2026-12-01&to=2026-12-02&by=agent');
    const agents = [...new Set(calls.map((c) => c.agent_no ?? ''))];
    for (const a of agents) {
      const row = byAgent.rows.find((x) => x.key === a);
      expectSame(row?.calls, callOracle(calls.filter((c) => (c.agent_no ?? '') === a), 15, 20, states.filter((s) => s.agentNo === a)), `agent ${a}`);
    }
    expect(byAgent.rows.find((x) => x.key === '1024')?.label).toBe('李娜 (1024)');
    const qa = await qaOracleRows();
    expectSame(byAgent.rows.find((x) => x.key === '1031')?.qa, qaOracle(qa.filter((x) => x.agent_no === '1031')), 'qa 1031');

    const byTeam = await report('from=2026-12-01&to=2026-12-02&by=team');
    const team = byTeam.rows.find((x) => x.key === teamId);
    expect(team?.label).toBe('综合受理一组');
    const members = ['1024', '2001'];
    expectSame(team?.calls, callOracle(calls.filter((c) => members.includes(c.agent_no ?? '')), 15, 20, states.filter((s) => members.includes(s.agentNo))), 'team');
    expectSame(team?.qa, qaOracle(qa.filter((x) => members.includes(x.agent_no))), 'team qa');

    const byQueue = await report('from=2026-12-01&to=2026-12-02&by=queue');
    for (const q of new Set(calls.map((c) => c.queue ?? ''))) expectSame(byQueue.rows.find((x) => x.key === q)?.calls, callOracle(calls.filter((c) => (c.queue ?? '') === q), 15, 20, null), `queue ${q}`);
    expect(byQueue.rows[0]?.tickets).toBeUndefined();

    const tickets = await ticketOracleRows();
    const byDept = await report('from=2026-12-01&to=2026-12-02&by=department');
    for (const d of [water, housing, '']) expectSame(byDept.rows.find((x) => x.key === d)?.tickets, departmentOracle(tickets, d), `department ${d}`);
    // 楼道漏水 was returned by the water bureau, then dispatched to housing: the return is the water bureau's
    expect(byDept.rows.find((x) => x.key === water)?.tickets?.returned).toBe(1);
    expect(byDept.rows.find((x) => x.key === housing)?.tickets?.returned).toBe(0);
    expect(byDept.rows.find((x) => x.key === water)?.label).toBe('市水务局');
    expect(byDept.rows[0]?.calls).toBeUndefined();
    const byCat = await report('from=2026-12-01&to=2026-12-02&by=category');
    expect(byCat.rows.map((x) => x.key)).toEqual(['help']);
    expectSame(byCat.rows[0]?.tickets, ticketOracle(tickets), 'category help');
  });

  it('T1 and T2 come from the organisation (managers set them, audited); the report says which it used', async () => {
    const bad = await server.request('/api/reports/settings', { method: 'PUT', cookie: as('manager'), json: { t1Sec: 30, t2Sec: 20 } });
    expect(bad.status).toBe(422);
    expect((await server.request('/api/reports/settings', { method: 'PUT', cookie: as('lead'), json: { t1Sec: 10, t2Sec: 30 } })).status).toBe(403);
    const put = await server.request('/api/reports/settings', { method: 'PUT', cookie: as('manager'), json: { t1Sec: 10, t2Sec: 30 } });
    expect(put.status).toBe(200);
    const r = await report('from=2026-12-01&to=2026-12-02&by=day');
    expect(r.thresholds).toEqual({ t1Sec: 10, t2Sec: 30 });
    const calls = (await rawCalls()).filter((c) => inPeriod(c.ringing_at));
    const o = callOracle(calls, 10, 30, null);
    expectSame(r.total.calls, { answeredWithinT1: o.answeredWithinT1, serviceLevelT2: o.serviceLevelT2, serviceLevelOfferedT1: o.serviceLevelOfferedT1 }, 'T 10/30');
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'reports.settings.update').execute();
    expect(audit).toHaveLength(1);
    await server.request('/api/reports/settings', { method: 'PUT', cookie: as('manager'), json: { t1Sec: 15, t2Sec: 20 } });
  });

  it('who sees what: inspectors get QA only; agents and departments nothing; bad periods are 400 with a code', async () => {
    const r = await report('from=2026-12-01&to=2026-12-02&by=day', 'inspector');
    expect(r.sections).toEqual(['qa']);
    expect(r.total.calls).toBeUndefined();
    expect(r.total.tickets).toBeUndefined();
    expect(r.total.qa?.checked).toBeGreaterThan(0);
    expect(r.gbt).toBeNull();
    expect(r.rows[0]?.calls).toBeUndefined();
    for (const who of ['agent', 'dept']) expect((await server.request('/api/reports/kpi?from=2026-12-01&to=2026-12-02', { cookie: as(who) })).status).toBe(403);
    for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-12-31&to=2026-12-01', 'from=2025-01-01&to=2026-12-31']) {
      const bad = await server.request(`/api/reports/kpi?${q}`, { cookie: as('manager') });
      expect(bad.status, q).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'REPORT_PERIOD_INVALID' } });
    }
  });

  it('exports the report to Excel: six sheets, local times, labels in the language asked for, every row', async () => {
    const r = await report('from=2026-12-01&to=2026-12-02&by=interval&interval=15');
    const get = async (qs: string, who = 'manager') => {
      const res = await fetch(`${server.baseUrl}/api/reports/kpi.xlsx?${qs}`, { headers: { cookie: as(who) } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb;
    };
    const zh = await get('from=2026-12-01&to=2026-12-02&by=interval&interval=15&lang=zh-CN');
    expect(zh.worksheets.map((w) => w.name)).toEqual(['概要', '话务', '工单', '质检', '坐席', '承办单位']);
    // the summary names the time zone and the checks as people read them, not Asia/Shanghai or taboo.phrase
    const summary = new Map<string, unknown>();
    zh.getWorksheet('概要')?.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('时区')).toBe('中国标准时间');
    expect(r.topChecks.length).toBeGreaterThan(0);
    for (const c of r.topChecks) expect(summary.get(`高发问题: ${qaCheckName(c.check as CheckId, 'zh-CN')}`), c.check).toBe(c.count);
    expect([...summary.keys(), ...summary.values()].filter((v) => /Asia\/|[a-z]+\.[a-z-]+/.test(String(v)))).toEqual([]);
    const calls = zh.getWorksheet('话务');
    // a header, every 15-minute interval of the two days, the total
    expect(calls?.rowCount).toBe(1 + 192 + 1);
    const header = (calls?.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('呼入量');
    expect(header).toContain('15秒服务水平 (%)');
    const col = header.indexOf('呼入量') + 1;
    expect(calls?.getRow(2).getCell(1).value).toBe('2026-12-01 00:00');
    expect(calls?.getRow(38).getCell(1).value).toBe('2026-12-01 09:00');
    expect(calls?.getRow(38).getCell(col).value).toBe(r.rows[36]?.calls?.offered);
    expect(calls?.getRow(194).getCell(1).value).toBe('合计');
    expect(calls?.getRow(194).getCell(col).value).toBe(r.total.calls?.offered);
    const en = await get('from=2026-12-01&to=2026-12-02&lang=en');
    expect(en.worksheets.map((w) => w.name)).toEqual(['Summary', 'Calls', 'Tickets', 'Quality', 'Agents', 'Departments']);
    expect((en.getWorksheet('Departments')?.getRow(1).values as unknown[]).slice(1)).toContain('On-time rate (%)');
    // inspectors: QA and agents' QA only
    const qa = await get('from=2026-12-01&to=2026-12-02&lang=zh-TW', 'inspector');
    expect(qa.worksheets.map((w) => w.name)).toEqual(['概要', '質檢', '坐席']);
  });

  it('the call rollup stays right when late, repeated and out-of-order CTI events arrive after it was built', async () => {
    const before = await report('from=2026-12-01&to=2026-12-02&by=day');
    const conn = await createConnection(server, as('admin'), 'late-pbx');
    const iso8 = (s8: string) => new Date(s8).toISOString();
    const ev = (id: string, callId: string, seq: number, type: string, at: string, extra: Record<string, unknown> = {}) => ({ eventId: id, callId, seq, type, at: iso8(at), ...extra });
    // a call whose end arrives before its ringing, in two requests
    const ended = ev('l-3', 'late-1', 2, 'call.ended', '2026-12-02T16:02:00+08:00', { endedBy: 'customer', cause: 'normalClearing' });
    const ringing = ev('l-1', 'late-1', 0, 'call.ringing', '2026-12-02T16:00:00+08:00', { direction: 'in', from: '13900009999', to: '12345', queue: 'general' });
    const answered = ev('l-2', 'late-1', 1, 'call.answered', '2026-12-02T16:00:25+08:00', { agentId: '1031' });
    expect((await postEvents(server, conn.token, [ended])).status).toBe(200);
    expect((await report('from=2026-12-01&to=2026-12-02&by=day')).total.calls?.offered).toBeGreaterThanOrEqual(before.total.calls?.offered ?? 0);
    expect((await postEvents(server, conn.token, [answered, ringing])).status).toBe(200);
    // the same events again
    expect((await postEvents(server, conn.token, [ringing, answered, ended])).status).toBe(200);
    const after = await report('from=2026-12-01&to=2026-12-02&by=interval&interval=15');
    const calls = (await rawCalls()).filter((c) => inPeriod(c.ringing_at));
    expect(calls.filter((c) => c.external_id === 'late-1')).toHaveLength(1);
    expectSame(after.total.calls, callOracle(calls, 15, 20, clip(await rawStates(), START, END)), 'after late events');
    const bin = after.rows.find((x) => x.key === '2026-12-02T16:00');
    const { occupancy: _occupancy, ...binOracle } = callOracle(calls.filter((c) => keyOf(c.ringing_at ?? 0, 15) === '2026-12-02T16:00'), 15, 20, null);
    expectSame(bin?.calls, binOracle, '16:00');
    expect(bin?.calls?.answered).toBeGreaterThanOrEqual(1);
    // and it is the same sum as the calls table gives directly
    const raw = await kpiReport(ctxFor('manager'), { from: '2026-12-01', to: '2026-12-02', by: 'interval', interval: 15 }, { source: 'raw' });
    expect(after.rows.map((x) => x.calls)).toEqual(raw.rows.map((x) => x.calls));
  });
});

describe('ticket and QA rollups', () => {
  it('stay right when QA results are reviewed or come late, transcripts move and tickets change after the rollups were built', async () => {
    const db = server.database.db;
    const queries = ['by=day', 'by=interval&interval=15', 'by=agent', 'by=team', 'by=department', 'by=category'];
    for (const q of queries) await report(`from=2026-12-01&to=2026-12-02&${q}`);
    const sameAsRaw = async (where: string) => {
      for (const q of queries) {
        const params = Object.fromEntries(new URLSearchParams(q)) as { by: 'day'; interval?: string };
        const query = { from: '2026-12-01', to: '2026-12-02', by: params.by, interval: Number(params.interval ?? 60) as 60 };
        const viaApi = await report(`from=2026-12-01&to=2026-12-02&${q}`);
        const raw = await kpiReport(ctxFor('manager'), query, { source: 'raw' });
        expect(viaApi.rows.map((x) => [x.key, x.tickets, x.qa]), `${where}, ${q}`).toEqual(raw.rows.map((x) => [x.key, x.tickets, x.qa]));
        expect([viaApi.total.tickets, viaApi.total.qa], `${where}, ${q}`).toEqual([raw.total.tickets, raw.total.qa]);
      }
      const r = await report('from=2026-12-01&to=2026-12-02&by=day');
      const qa = await qaOracleRows();
      const tickets = await ticketOracleRows();
      expectSame(r.total.qa, qaOracle(qa), `${where}: qa total`);
      expectSame(r.total.tickets, ticketOracle(tickets), `${where}: tickets total`);
      for (const day of ['2026-12-01', '2026-12-02']) {
        expectSame(r.rows.find((x) => x.key === day)?.qa, qaOracle(qa.filter((x) => keyOf(x.started_at, 'day') === day)), `${where}: qa ${day}`);
        expectSame(r.rows.find((x) => x.key === day)?.tickets, ticketOracle(tickets.filter((x) => keyOf(x.t.created_at, 'day') === day)), `${where}: tickets ${day}`);
      }
      return r;
    };

    // QA: a review lowers one score and makes it fatal (the same change twice), a transcript moves to the other day
    // and another agent, a result for a call of the last second of 1 December arrives late, a transcript leaves
    const qa = (await qaOracleRows()).sort((a, b) => (a.id < b.id ? -1 : 1));
    const [reviewed, moved, removed] = qa;
    for (let i = 0; i < 2; i++) await db.updateTable('qa_results').set({ effective_score: 41, effective_fatal: true }).where('transcript_id', '=', reviewed?.id ?? '').execute();
    await db.updateTable('qa_transcripts').set({ started_at: new Date('2026-12-02T23:59:59+08:00'), agent_no: '1024' }).where('id', '=', moved?.id ?? '').execute();
    const late = await db
      .insertInto('qa_transcripts')
      .values({ org_id: orgId, external_id: 'late-qa', agent_no: '1031', started_at: new Date('2026-12-01T23:59:59+08:00'), transcript: JSON.stringify({ segments: [] }), source: 'api' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('qa_results').values({ transcript_id: late.id, org_id: orgId, score: 77, fatal: false, checks: [], effective_score: 73, effective_fatal: false }).execute();
    await db.deleteFrom('qa_findings').where('transcript_id', '=', removed?.id ?? '').execute();
    await db.deleteFrom('qa_appeals').where('transcript_id', '=', removed?.id ?? '').execute();
    await db.deleteFrom('qa_results').where('transcript_id', '=', removed?.id ?? '').execute();

    // tickets: one moves to the other day (a late import), one gets an approved extension and a survey, one more is
    // created in the period after the rollup, the open one's limit moves so it is no longer overdue, then overdue again
    const all = await db.selectFrom('tickets').select(['id', 'title', 'created_at']).where('org_id', '=', orgId).execute();
    const id = (title: string) => all.find((t) => t.title === title)?.id ?? '';
    await db.updateTable('tickets').set({ created_at: new Date('2026-12-02T00:00:00+08:00') }).where('id', '=', id('咨询停水时间')).execute();
    await db.updateTable('tickets').set({ satisfaction: 'satisfied' }).where('id', '=', id('管网维修')).execute();
    await db.insertInto('ticket_transitions').values({ org_id: orgId, ticket_id: id('水压不足'), action: 'approve_extension', from_state: 'processing', to_state: 'processing', actor_name: 'late', at: now }).execute();
    await db.updateTable('tickets').set({ created_at: new Date('2026-12-01T12:00:00+08:00') }).where('id', '=', id('期外二')).execute();
    const open = id('楼道漏水');
    await db.updateTable('ticket_timers').set({ due_at: new Date('2027-03-01T00:00:00+08:00') }).where('ticket_id', '=', open).where('status', '=', 'running').execute();
    const r1 = await sameAsRaw('after the changes');
    await db.updateTable('ticket_timers').set({ due_at: new Date('2026-12-05T00:00:00+08:00') }).where('ticket_id', '=', open).where('status', '=', 'running').execute();
    const r2 = await sameAsRaw('after the limit moved back');
    expect((r2.total.tickets?.overdueNow ?? 0) - (r1.total.tickets?.overdueNow ?? 0)).toBe(1);
  });

  it('are rebuilt when the organisation changes its time zone (days built in the old zone are not reused)', async () => {
    const db = server.database.db;
    const compare = async (where: string) => {
      for (const by of ['day', 'agent', 'department'] as const) {
        const query = { from: '2026-12-01', to: '2026-12-02', by, interval: 60 as const };
        const viaRollup = await kpiReport(ctxFor('manager'), query);
        const raw = await kpiReport(ctxFor('manager'), query, { source: 'raw' });
        expect(viaRollup.timeZone, where).toBe(raw.timeZone);
        expect(viaRollup.rows.map((x) => [x.key, x.calls, x.tickets, x.qa]), `${where}, by ${by}`).toEqual(raw.rows.map((x) => [x.key, x.calls, x.tickets, x.qa]));
        expect([viaRollup.total.calls, viaRollup.total.tickets, viaRollup.total.qa], `${where}, by ${by}`).toEqual([raw.total.calls, raw.total.tickets, raw.total.qa]);
      }
    };
    await compare('Shanghai');
    const calendar = await db.selectFrom('sla_calendars').select('timezone').where('org_id', '=', orgId).executeTakeFirst();
    try {
      // +05:30: still whole quarter hours, so the rollups serve it, with days cut 2.5 hours later
      if (calendar) await db.updateTable('sla_calendars').set({ timezone: 'Asia/Kolkata' }).where('org_id', '=', orgId).execute();
      else await db.insertInto('sla_calendars').values({ org_id: orgId, timezone: 'Asia/Kolkata' }).execute();
      expect((await kpiReport(ctxFor('manager'), { from: '2026-12-01', to: '2026-12-02', by: 'day', interval: 60 })).timeZone).toBe('Asia/Kolkata');
      await compare('Kolkata');
    } finally {
      if (calendar) await db.updateTable('sla_calendars').set({ timezone: calendar.timezone }).where('org_id', '=', orgId).execute();
      else await db.deleteFrom('sla_calendars').where('org_id', '=', orgId).execute();
    }
    await compare('Shanghai again');
  });
});

describe('承办单位: who returned a ticket', () => {
  it('a 退单 is credited to the department that returned it, not to the one it was reassigned to; the rollup agrees with the raw report', async () => {
    const saved = now;
    try {
      // 5 Dec (a day of its own): dispatched to the water bureau, returned by it, the return accepted and the ticket
      // reassigned to housing, which signs, works and replies
      at('2026-12-05T09:00:00+08:00');
      const t = await ok('/api/tickets', 'agent', { ...helpTicket, title: '小区围墙倒塌' });
      await act(t.id, 'dispatch', 'agent', { departmentId: water });
      at('2026-12-05T09:30:00+08:00');
      await act(t.id, 'return', 'dept', { reason: '围墙属于住建部门管理' });
      await act(t.id, 'accept_return', 'agent', { departmentId: housing });
      at('2026-12-05T10:00:00+08:00');
      // the demo's department user belongs to the water bureau; housing's steps are taken by an administrator
      await act(t.id, 'sign', 'admin');
      await act(t.id, 'start', 'admin');
      await act(t.id, 'reply', 'admin', { reason: '已安排加固' });
      at('2026-12-05T18:00:00+08:00');
      for (const u of Object.keys(cookies)) cookies[u] = await server.login(u);

      const day = { start: new Date('2026-12-05T00:00:00+08:00'), end: new Date('2026-12-06T00:00:00+08:00') };
      const rows = await ticketOracleRows((c) => new Date(c) >= day.start && new Date(c) < day.end);
      expect(rows.map((x) => x.t.title)).toEqual(['小区围墙倒塌']);
      const q = { from: '2026-12-05', to: '2026-12-05', by: 'department' as const, interval: 15 as const };
      const raw = await kpiReport(ctxFor('manager'), q, { source: 'raw' });
      const viaRollup = await kpiReport(ctxFor('manager'), q);
      const api = await report('from=2026-12-05&to=2026-12-05&by=department');
      const row = (r: KpiReportDto, d: string) => r.rows.find((x) => x.key === d)?.tickets;
      // the figures people read: the water bureau returned 1 of 1 (100%), housing 0 of 1 and holds the ticket
      expect(row(raw, water)).toMatchObject({ created: 0, dispatched: 1, returned: 1, returnRate: 1 });
      expect(row(raw, housing)).toMatchObject({ created: 1, dispatched: 1, returned: 0, returnRate: 0 });
      for (const d of [water, housing]) {
        expectSame(row(raw, d), departmentOracle(rows, d), `raw, department ${d}`);
        expectSame(row(api, d), departmentOracle(rows, d), `API, department ${d}`);
      }
      expect(raw.rows.map((x) => x.key).sort()).toEqual([housing, water].sort());
      // the rollup (facts and day sums) gives the same rows and totals as the raw report
      expect(viaRollup.rows.map((x) => [x.key, x.tickets])).toEqual(raw.rows.map((x) => [x.key, x.tickets]));
      expect(viaRollup.total.tickets).toEqual(raw.total.tickets);
      // the totals count the ticket once; by category and by 工号 nothing is counted twice
      expectSame(raw.total.tickets, ticketOracle(rows), 'total');
      for (const by of ['category', 'agent', 'day'] as const) {
        const r = await kpiReport(ctxFor('manager'), { ...q, by }, { source: 'raw' });
        const k = await kpiReport(ctxFor('manager'), { ...q, by });
        expect(k.rows.map((x) => [x.key, x.tickets]), by).toEqual(r.rows.map((x) => [x.key, x.tickets]));
        expect(r.rows.reduce((n, x) => n + (x.tickets?.returned ?? 0), 0), by).toBe(1);
      }
    } finally {
      now = saved;
    }
  });
});

describe('承办单位: who asked for more time', () => {
  it('an approved 延期 is credited to the department that asked, not to the one the ticket was reassigned to; a refused one to nobody; raw, rollup and Excel agree', async () => {
    const saved = now;
    const db = server.database.db;
    try {
      // 6 December (a day of its own): the water bureau asks for three more days, the hotline agrees, then reassigns
      // the ticket to housing, which replies; the caller is called back and the ticket archived
      at('2026-12-06T09:00:00+08:00');
      const moved = await ok('/api/tickets', 'agent', { ...helpTicket, title: '路灯整条街不亮' });
      await act(moved.id, 'dispatch', 'agent', { departmentId: water });
      await act(moved.id, 'sign', 'dept');
      await act(moved.id, 'start', 'dept');
      at('2026-12-06T10:00:00+08:00');
      await act(moved.id, 'request_extension', 'dept', { reason: '需要等电缆到货', extensionDays: 3 });
      await act(moved.id, 'approve_extension', 'lead');
      at('2026-12-06T11:00:00+08:00');
      await act(moved.id, 'reassign', 'agent', { departmentId: housing, reason: '路灯归住建部门维护' });
      // the demo's department user belongs to the water bureau; housing's steps are taken by an administrator
      await act(moved.id, 'sign', 'admin');
      await act(moved.id, 'start', 'admin');
      await act(moved.id, 'reply', 'admin', { reason: '已更换线路' });
      await act(moved.id, 'approve_reply', 'lead');
      await act(moved.id, 'start_callback', 'agent');
      await act(moved.id, 'archive', 'agent', { satisfaction: 'satisfied' });

      // 7 December: a refused request (water); a request by the department that still holds the ticket (housing); and
      // a request written before requests named their department (water asks, is granted, the ticket goes to housing)
      at('2026-12-07T09:00:00+08:00');
      const refused = await ok('/api/tickets', 'agent', { ...helpTicket, title: '井盖松动' });
      await act(refused.id, 'dispatch', 'agent', { departmentId: water });
      await act(refused.id, 'sign', 'dept');
      await act(refused.id, 'start', 'dept');
      await act(refused.id, 'request_extension', 'dept', { reason: '需要协调', extensionDays: 2 });
      await act(refused.id, 'reject_extension', 'lead', { reason: '时限内可以办完' });
      await act(refused.id, 'reply', 'dept', { reason: '已固定井盖' });
      const kept = await ok('/api/tickets', 'agent', { ...helpTicket, title: '楼顶防水层破损' });
      await act(kept.id, 'dispatch', 'agent', { departmentId: housing });
      await act(kept.id, 'sign', 'admin');
      await act(kept.id, 'start', 'admin');
      await act(kept.id, 'request_extension', 'admin', { reason: '雨季无法施工', extensionDays: 5 });
      await act(kept.id, 'approve_extension', 'lead');
      const old = await ok('/api/tickets', 'agent', { ...helpTicket, title: '供水管道老化' });
      await act(old.id, 'dispatch', 'agent', { departmentId: water });
      await act(old.id, 'sign', 'dept');
      await act(old.id, 'start', 'dept');
      await act(old.id, 'request_extension', 'dept', { reason: '需要停水施工', extensionDays: 3 });
      await act(old.id, 'approve_extension', 'lead');
      await act(old.id, 'reassign', 'agent', { departmentId: housing, reason: '小区内管道归物业' });
      at('2026-12-07T18:00:00+08:00');
      for (const u of Object.keys(cookies)) cookies[u] = await server.login(u);

      // the requests now name the department that asked, read back from the raw rows
      const requests = await db.selectFrom('ticket_transitions').select(['id', 'ticket_id', 'details']).where('action', '=', 'request_extension').where('ticket_id', 'in', [moved.id, refused.id, kept.id, old.id]).execute();
      const asked = (id: string) => (requests.find((x) => x.ticket_id === id)?.details as { departmentId?: string }).departmentId;
      expect([asked(moved.id), asked(refused.id), asked(kept.id), asked(old.id)]).toEqual([water, water, housing, water]);
      // a request of before: no department in its details (the history is read as it is, not rewritten)
      const oldRequest = requests.find((x) => x.ticket_id === old.id)!;
      const { departmentId: _d, department: _n, aboutDepartmentId: _a, ...bare } = oldRequest.details as Record<string, unknown>;
      await db.updateTable('ticket_transitions').set({ details: JSON.stringify(bare) }).where('id', '=', oldRequest.id).execute();

      const row = (r: KpiReportDto, d: string) => r.rows.find((x) => x.key === d)?.tickets;
      const inDays = (from: string, to: string) => (c: Date | string) => new Date(c) >= new Date(`${from}T00:00:00+08:00`) && new Date(c) < new Date(`${to}T24:00:00+08:00`);
      const check = async (from: string, to: string) => {
        const rows = await ticketOracleRows(inDays(from, to));
        const q = { from, to, by: 'department' as const, interval: 15 as const };
        const raw = await kpiReport(ctxFor('manager'), q, { source: 'raw' });
        const viaRollup = await kpiReport(ctxFor('manager'), q);
        const api = await report(`from=${from}&to=${to}&by=department`);
        for (const d of [water, housing]) {
          expectSame(row(raw, d), departmentOracle(rows, d), `${from}…${to} raw, department ${d}`);
          expectSame(row(api, d), departmentOracle(rows, d), `${from}…${to} API, department ${d}`);
        }
        expectSame(raw.total.tickets, ticketOracle(rows), `${from}…${to} total`);
        expect(viaRollup.rows.map((x) => [x.key, x.tickets]), `${from}…${to}`).toEqual(raw.rows.map((x) => [x.key, x.tickets]));
        expect(viaRollup.total.tickets, `${from}…${to}`).toEqual(raw.total.tickets);
        for (const by of ['category', 'agent', 'day'] as const) {
          const r = await kpiReport(ctxFor('manager'), { ...q, by }, { source: 'raw' });
          const k = await kpiReport(ctxFor('manager'), { ...q, by });
          expect(k.rows.map((x) => [x.key, x.tickets]), by).toEqual(r.rows.map((x) => [x.key, x.tickets]));
        }
        return { rows, raw, api };
      };

      // 6 December: 延期 1 under the water bureau (1 of 1 dispatched), 0 under housing, 1 in all
      const six = await check('2026-12-06', '2026-12-06');
      expect(six.rows.map((x) => x.t.title)).toEqual(['路灯整条街不亮']);
      expect(row(six.api, water)).toMatchObject({ created: 0, dispatched: 1, extended: 1, extensionRate: 1 });
      expect(row(six.api, housing)).toMatchObject({ created: 1, finished: 1, dispatched: 1, extended: 0, extensionRate: 0 });
      expect(six.api.total.tickets).toMatchObject({ created: 1, extended: 1 });
      // 7 December: the refused request counts nowhere; housing's own request stays with it; the old request is the
      // water bureau's (the department the ticket was handed to before it), though housing holds the ticket now
      const seven = await check('2026-12-07', '2026-12-07');
      expect(row(seven.api, water)).toMatchObject({ dispatched: 2, extended: 1 });
      expect(row(seven.api, housing)).toMatchObject({ dispatched: 2, extended: 1 });
      expect(seven.api.total.tickets).toMatchObject({ created: 3, extended: 2 });
      const both = await check('2026-12-06', '2026-12-07');
      expect([row(both.api, water)?.extended, row(both.api, housing)?.extended, both.api.total.tickets?.extended]).toEqual([2, 1, 3]);

      // the Excel export's 承办单位 sheet says the same
      const res = await fetch(`${server.baseUrl}/api/reports/kpi.xlsx?from=2026-12-06&to=2026-12-06&lang=zh-CN`, { headers: { cookie: as('manager') } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.getWorksheet('承办单位');
      const col = (sheet?.getRow(1).values as unknown[]).indexOf('延期');
      expect(col).toBeGreaterThan(0);
      const cells = new Map<string, unknown>();
      sheet?.eachRow((r, i) => {
        if (i > 1) cells.set(String(r.getCell(1).value), r.getCell(col).value);
      });
      expect([cells.get('市水务局'), cells.get('市住建局'), cells.get('合计')]).toEqual([1, 0, 1]);
    } finally {
      now = saved;
    }
  });
});

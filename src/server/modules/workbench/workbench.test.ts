import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, openLive, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { addDuration } from '../../../shared/calendar/index.js';
import { resolveSlaLimits } from '../../../shared/tickets/sla-policy.js';
import { activePackCached } from '../standards/active-pack.js';
import { describeNotification, localTime } from '../notify/notify.channel.js';
import { orgCalendar } from '../tickets/sla.service.js';
import { MANUAL_CONNECTION_NAME } from './workbench.service.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';

// A movable clock read by the server and every service. Tuesday 30 September 2025, 10:00 in Shanghai:
// the day before the National Day holiday, so a 5-working-day limit runs to mid-October.
let now = new Date('2025-09-30T10:00:00+08:00');
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
let server: TestServer;
let token = '';
let orgId = '';
const cookies: Record<string, string> = {};
const as = (u: string) => cookies[u] ?? '';

interface Call {
  id: string;
  externalId: string;
  direction: string;
  from: string | null;
  to: string | null;
  agentNo: string | null;
  status: string;
  endedBy: string | null;
  holdMs: number;
  holdCount: number;
  talkMs: number | null;
  holds: Array<{ start: string; end: string | null }>;
}
interface WrapUp {
  callId: string;
  outcome: string;
  ticketId: string | null;
  ticketNumber: string | null;
  scenarioId: string | null;
  customerTypeId: string | null;
  summary: string;
  recap: string[];
  agentNo: string;
  createdAt: string;
}
interface Ticket {
  id: string;
  number: string;
  status: string;
  callIds: string[];
  timers: Array<{ kind: string; status: string; dueAt: string }>;
}
interface State {
  agentNo: string;
  state: string;
  callId: string | null;
}
type Err = { error: { code: string; message: string } };

const code = (r: { body: unknown }) => (r.body as Err).error?.code;

const post = (path: string, who: string, json: unknown) => server.request(path, { method: 'POST', cookie: as(who), json });
const get = (path: string, who: string) => server.request(path, { cookie: as(who) });
const state = async (who: string) => (await get('/api/agents/me/state', who)).body as State;
const callDto = async (id: string) => (await get(`/api/calls/${id}`, 'admin')).body as Call;
const callIdOf = async (externalId: string) =>
  (await server.database.db.selectFrom('calls').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;

/** A switch's call for an agent that ended a minute ago (or is still going); returns its id. */
let cti = 0;
async function ctiCall(agentNo: string, opts: { ended?: boolean } = {}) {
  const callId = `wbt-${++cti}`;
  let events = callEvents({ callId, agentNo, start: new Date(now.getTime() - 3 * 60_000), talkMs: 90_000, transcript: false });
  if (opts.ended === false) events = events.filter((e) => e.type !== 'call.ended');
  const r = await postEvents(server, token, events);
  expect(r.status).toBe(200);
  return callIdOf(callId);
}

async function wrapUpsOf(callId: string) {
  return server.database.db.selectFrom('call_wrapups').selectAll().where('call_id', '=', callId).execute();
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  for (const u of ['admin', 'manager', 'lead', 'agent', 'inspector']) cookies[u] = await server.login(u);
  // Agents of their own, so that each test's agent states do not mix.
  for (const [username, agentNo] of [['wb1', '3001'], ['wb2', '3002'], ['wb3', '3003']] as const) {
    const r = await post('/api/users', 'admin', { username, displayName: `坐席${agentNo}`, role: 'agent', agentNo, password: 'workbench-pass' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    cookies[username] = await server.login(username, 'workbench-pass');
  }
  token = (await createConnection(server, as('admin'))).token;
  orgId = (await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
}, 60_000);
afterAll(async () => server?.close());

describe('manual calls (手工来电登记)', () => {
  it('registers a call answered by the agent: call record, on_call, screen pop, through a hidden connection', async () => {
    const live = await openLive(server, as('wb1'));
    try {
      const r = await post('/api/workbench/calls', 'wb1', { from: '13900001111', queue: 'general' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const { callId } = r.body as { callId: string };
      const pop = await live.waitFor((m) => m.type === 'call.answered' && m.data['callId'] === callId);
      expect(pop.data).toMatchObject({ pop: true, agentNo: '3001', from: '13900001111' });
      expect(await state('wb1')).toMatchObject({ state: 'on_call', callId });
      const call = await callDto(callId);
      expect(call).toMatchObject({ direction: 'in', from: '13900001111', to: '12345', agentNo: '3001', status: 'answered' });
      expect(call.externalId).toMatch(/^wb-/);
      // A second call while on this one is refused.
      const again = await post('/api/workbench/calls', 'wb1', { from: '13900002222' });
      expect(again.status).toBe(409);
      expect(code(again)).toBe('AGENT_ON_CALL');
      await post(`/api/workbench/calls/${callId}/events`, 'wb1', { type: 'end' });
      expect((await post(`/api/workbench/calls/${callId}/wrap-up`, 'wb1', { outcome: 'no_ticket', summary: '咨询' })).status).toBe(201);
    } finally {
      live.close();
    }
    // The built-in connection is neither listed nor revocable, and its token is nowhere.
    const list = (await get('/api/cti/connections', 'admin')).body as Array<{ name: string; kind: string }>;
    expect(list.some((c) => c.name === MANUAL_CONNECTION_NAME)).toBe(false);
    const manual = await server.database.db.selectFrom('cti_connections').selectAll().where('kind', '=', 'manual' as never).execute();
    expect(manual).toHaveLength(1);
    const revoke = await server.request(`/api/cti/connections/${manual[0]!.id}`, { method: 'DELETE', cookie: as('admin') });
    expect(revoke.status).toBe(404);
  });

  it('records hold, resume and end with the durations; refuses events out of sequence', async () => {
    const { callId } = (await post('/api/workbench/calls', 'wb2', { from: '021-5555 1234', direction: 'out' })).body as { callId: string };
    expect(await callDto(callId)).toMatchObject({ direction: 'out', from: '12345', to: '021-5555 1234' });
    const ev = (type: string, who = 'wb2', extra: Record<string, unknown> = {}) => post(`/api/workbench/calls/${callId}/events`, who, { type, ...extra });

    const resumeFirst = await ev('resume');
    expect([resumeFirst.status, code(resumeFirst)]).toEqual([409, 'CALL_BAD_EVENT']);
    advance(10_000);
    const held = await ev('hold');
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect((held.body as { call: Call }).call.holds).toEqual([{ start: now.toISOString(), end: null }]);
    const twice = await ev('hold');
    expect([twice.status, code(twice)]).toEqual([409, 'CALL_BAD_EVENT']);
    expect((twice.body as Err).error.message).toContain('already on hold');
    advance(20_000);
    const resumed = await ev('resume');
    expect((resumed.body as { call: Call }).call).toMatchObject({ holdMs: 20_000, holdCount: 1 });

    // Only the agent on the call; a switch's rules for someone without an agent number.
    const lead = await ev('hold', 'lead');
    expect([lead.status, code(lead)]).toEqual([403, 'CALL_NOT_YOURS']);
    const admin = await ev('hold', 'admin');
    expect([admin.status, code(admin)]).toEqual([422, 'AGENT_NO_MISSING']);
    const unknown = await post('/api/workbench/calls/00000000-0000-4000-8000-000000000000/events', 'wb2', { type: 'end' });
    expect([unknown.status, code(unknown)]).toEqual([404, 'CALL_NOT_FOUND']);

    advance(30_000);
    const ended = await ev('end', 'wb2', { endedBy: 'agent' });
    expect((ended.body as { call: Call }).call).toMatchObject({ status: 'ended', endedBy: 'agent', holdMs: 20_000, holdCount: 1, talkMs: 40_000 });
    expect(await state('wb2')).toMatchObject({ state: 'wrap_up', callId });
    const after = await ev('hold');
    expect([after.status, code(after)]).toEqual([409, 'CALL_BAD_EVENT']);
    const timeline = (await get(`/api/calls/${callId}`, 'wb2')).body as { timeline: Array<{ type: string; seq: number }> };
    expect(timeline.timeline.map((t) => [t.type, t.seq])).toEqual([
      ['call.ringing', 0],
      ['call.answered', 1],
      ['call.hold', 2],
      ['call.resume', 3],
      ['call.ended', 4],
    ]);
    const wrapped = await post(`/api/workbench/calls/${callId}/wrap-up`, 'wb2', { outcome: 'no_ticket', summary: '回访去电，未接通后改约' });
    expect(wrapped.status, JSON.stringify(wrapped.body)).toBe(201);
  });

  it('takes two requests at once one after the other: the second sees the first', async () => {
    advance(10 * 60_000);
    const { callId } = (await post('/api/workbench/calls', 'wb1', { from: '13900005555' })).body as { callId: string };
    advance(5_000);
    const both = await Promise.all([1, 2].map(() => post(`/api/workbench/calls/${callId}/events`, 'wb1', { type: 'hold' })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await callDto(callId)).holds).toHaveLength(1);
    await post(`/api/workbench/calls/${callId}/events`, 'wb1', { type: 'end' });
    expect((await post(`/api/workbench/calls/${callId}/wrap-up`, 'wb1', { outcome: 'no_ticket', summary: '测试' })).status).toBe(201);
  });

  it("refuses events for a switch's call", async () => {
    advance(10 * 60_000);
    const id = await ctiCall('3003', { ended: false });
    const r = await post(`/api/workbench/calls/${id}/events`, 'wb3', { type: 'hold' });
    expect([r.status, code(r)]).toEqual([409, 'CALL_NOT_MANUAL']);
    const bad = await post('/api/workbench/calls', 'wb3', { from: 'abc' });
    expect(bad.status).toBe(400);
    await postEvents(server, token, { eventId: `end-${id}`, callId: (await callDto(id)).externalId, seq: 99, type: 'call.ended', at: now.toISOString(), endedBy: 'customer' });
    expect((await post(`/api/workbench/calls/${id}/wrap-up`, 'wb3', { outcome: 'no_ticket', summary: '转专席' })).status).toBe(201);
  });
});

describe('wrap-up (话后整理)', () => {
  it('outcome ticket: a ticket linked to the call with its time limits on the calendar, agent available, event recorded', async () => {
    advance(10 * 60_000);
    const id = await ctiCall('3001');
    expect(await state('wb1')).toMatchObject({ state: 'wrap_up', callId: id });
    const r = await post(`/api/workbench/calls/${id}/wrap-up`, 'wb1', {
      outcome: 'ticket',
      ticket: helpTicket,
      scenarioId: 'gov.report-intake',
      customerTypeId: 'venting',
      summary: '  来电反映小区停水两天，已登记转水务部门  ',
      recap: ['地址：望江路 8 号', '两个工作日内答复'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const body = r.body as { wrapUp: WrapUp; ticket: Ticket; state: State };
    expect(body.wrapUp).toMatchObject({
      callId: id,
      outcome: 'ticket',
      ticketId: body.ticket.id,
      ticketNumber: body.ticket.number,
      scenarioId: 'gov.report-intake',
      customerTypeId: 'venting',
      summary: '来电反映小区停水两天，已登记转水务部门',
      recap: ['地址：望江路 8 号', '两个工作日内答复'],
      agentNo: '3001',
      createdAt: now.toISOString(),
    });
    expect(body.ticket).toMatchObject({ status: 'accepted', callIds: [id] });
    expect(body.state).toMatchObject({ agentNo: '3001', state: 'available' });

    // The time limits are those of any ticket taken now: the pack's policy on the organisation's calendar.
    const active = await activePackCached(server.database.db, orgId);
    const limits = resolveSlaLimits(active!.pack, 'help', 'utilities', 'p2');
    const { cal } = await orgCalendar(server.database.db, orgId);
    const due = (limit: string | undefined) => addDuration(cal, now, limit!).due.toISOString();
    const timer = (kind: string) => body.ticket.timers.find((t) => t.kind === kind);
    expect(timer('dispatch')).toMatchObject({ status: 'running', dueAt: due(limits.dispatch) });
    expect(timer('resolution')).toMatchObject({ status: 'running', dueAt: due(limits.resolution) });
    expect(timer('first_contact')?.status).toBe('met');
    // 5 working days from Tuesday 30 September skip the National Day holiday (1–8 October).
    expect(timer('resolution')!.dueAt > '2025-10-10').toBe(true);

    const events = await server.database.db.selectFrom('domain_events').selectAll().where('type', '=', 'call.wrapped_up').where('aggregate_id', '=', id).execute();
    expect(events.map((e) => e.payload)).toEqual([{ callId: id, agentNo: '3001', outcome: 'ticket', ticketId: body.ticket.id, ticketNumber: body.ticket.number }]);
    const audit = await server.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'call.wrap_up').execute();
    expect(audit).toHaveLength(1);
    const wrapUpMs = (await server.database.db.selectFrom('calls').select('wrapup_ms').where('id', '=', id).executeTakeFirstOrThrow()).wrapup_ms;
    expect(Number(wrapUpMs)).toBeGreaterThan(0);

    const second = await post(`/api/workbench/calls/${id}/wrap-up`, 'wb1', { outcome: 'no_ticket', summary: '再来一次' });
    expect([second.status, code(second)]).toEqual([409, 'CALL_ALREADY_WRAPPED_UP']);

    // Reading it back: the agent's own, supervisors and QA; another agent does not see it.
    expect((await get(`/api/workbench/calls/${id}/wrap-up`, 'wb1')).body).toEqual(body.wrapUp);
    expect((await get(`/api/workbench/calls/${id}/wrap-up`, 'lead')).status).toBe(200);
    expect((await get(`/api/workbench/calls/${id}/wrap-up`, 'inspector')).status).toBe(200);
    const other = await get(`/api/workbench/calls/${id}/wrap-up`, 'wb2');
    expect([other.status, code(other)]).toEqual([404, 'WRAPUP_NOT_FOUND']);
  });

  it('outcome resolved closes the ticket on the call: archived, or waiting for the callback (回访)', async () => {
    advance(10 * 60_000);
    const archived = await ctiCall('3001');
    const a = await post(`/api/workbench/calls/${archived}/wrap-up`, 'wb1', { outcome: 'resolved', closeAs: 'archive', ticket: { ...helpTicket, category: 'consult', subCategory: undefined, fields: { question: '停水期间去哪里取水' } }, summary: '咨询已答复' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((a.body as { ticket: Ticket }).ticket).toMatchObject({ status: 'archived', callIds: [archived] });
    expect((a.body as { wrapUp: WrapUp }).wrapUp.outcome).toBe('resolved');

    advance(10 * 60_000);
    const callback = await ctiCall('3001');
    const c = await post(`/api/workbench/calls/${callback}/wrap-up`, 'wb1', { outcome: 'resolved', ticket: helpTicket, summary: '当场协调解决，待回访' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const ticket = (c.body as { ticket: Ticket }).ticket;
    expect(ticket.status).toBe('callback');
    expect(ticket.timers.find((t) => t.kind === 'callback')?.status).toBe('running');
    expect(ticket.timers.find((t) => t.kind === 'resolution')?.status).toBe('met');
  });

  it('outcome no_ticket stores the wrap-up only; ready=false keeps the agent in wrap-up', async () => {
    advance(10 * 60_000);
    const id = await ctiCall('3001');
    const ticketsBefore = await server.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const r = await post(`/api/workbench/calls/${id}/wrap-up`, 'wb1', { outcome: 'no_ticket', summary: '无声电话，按流程挂机', ready: false });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ ticket: null, wrapUp: { outcome: 'no_ticket', ticketId: null, ticketNumber: null, recap: [] }, state: { state: 'wrap_up', callId: id } });
    const ticketsAfter = await server.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(ticketsAfter.n).toBe(ticketsBefore.n);
    // Still in wrap-up: the workbench shows this call with its wrap-up done.
    expect((await get('/api/workbench/current', 'wb1')).body).toMatchObject({ call: { id }, wrapUp: { callId: id }, state: { state: 'wrap_up' } });
    await server.request('/api/agents/me/state', { method: 'PUT', cookie: as('wb1'), json: { state: 'available' } });
  });

  it('refuses a call still going, a bad ticket (storing nothing), unknown scenario or customer type, and other agents', async () => {
    advance(10 * 60_000);
    const active = await ctiCall('3001', { ended: false });
    const going = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'no_ticket', summary: '通话中' });
    expect([going.status, code(going)]).toEqual([409, 'CALL_STILL_ACTIVE']);
    expect((going.body as Err).error.message).toContain('end it first');
    await postEvents(server, token, { eventId: `end-${active}`, callId: (await callDto(active)).externalId, seq: 99, type: 'call.ended', at: new Date(now.getTime() - 60_000).toISOString(), endedBy: 'customer' });
    expect(await state('wb1')).toMatchObject({ state: 'wrap_up', callId: active });

    const events = async () => (await server.database.db.selectFrom('domain_events').select('id').where('aggregate_id', '=', active).where('type', '=', 'call.wrapped_up').execute()).length;
    const tickets = async () => (await server.database.db.selectFrom('tickets').select('id').where(sql<boolean>`${active} = any(call_ids)`).execute()).length;
    const bad = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'ticket', ticket: { ...helpTicket, category: 'no-such-category' }, summary: '停水' });
    expect([bad.status, code(bad)]).toEqual([422, 'TICKET_INVALID']);
    const missing = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'ticket', ticket: { ...helpTicket, address: undefined }, summary: '停水' });
    expect([missing.status, code(missing)]).toEqual([422, 'TICKET_INVALID']);
    const noTicket = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'ticket', summary: '停水' });
    expect([noTicket.status, code(noTicket)]).toEqual([400, 'VALIDATION_FAILED']);
    const scenario = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'ticket', ticket: helpTicket, scenarioId: 'no.such-scenario', summary: '停水' });
    expect([scenario.status, code(scenario)]).toEqual([400, 'WRAPUP_UNKNOWN_SCENARIO']);
    const type = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'no_ticket', customerTypeId: 'martian', summary: '停水' });
    expect([type.status, code(type)]).toEqual([400, 'WRAPUP_UNKNOWN_CUSTOMER_TYPE']);
    const lead = await post(`/api/workbench/calls/${active}/wrap-up`, 'lead', { outcome: 'no_ticket', summary: '班长代填' });
    expect([lead.status, code(lead)]).toEqual([403, 'CALL_NOT_YOURS']);
    expect(await tickets()).toBe(0);
    expect(await wrapUpsOf(active)).toEqual([]);
    expect(await events()).toBe(0);
    expect(await state('wb1')).toMatchObject({ state: 'wrap_up', callId: active });

    const ok = await post(`/api/workbench/calls/${active}/wrap-up`, 'wb1', { outcome: 'ticket', ticket: helpTicket, summary: '停水' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await tickets()).toBe(1);
  });
});

describe('current call', () => {
  it('is the call on the line, then the ended call until it is wrapped up, then none', async () => {
    advance(10 * 60_000);
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: null, wrapUp: null });
    const { callId } = (await post('/api/workbench/calls', 'wb3', { from: '13700003333' })).body as { callId: string };
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: { id: callId, status: 'answered' }, wrapUp: null, state: { state: 'on_call', callId } });
    advance(60_000);
    await post(`/api/workbench/calls/${callId}/events`, 'wb3', { type: 'end' });
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: { id: callId, status: 'ended', endedBy: 'customer' }, state: { state: 'wrap_up' } });
    // The agent moves on (示忙) without wrapping up: the call is still offered, for two hours.
    await server.request('/api/agents/me/state', { method: 'PUT', cookie: as('wb3'), json: { state: 'busy' } });
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: { id: callId }, state: { state: 'busy' } });
    const r = await post(`/api/workbench/calls/${callId}/wrap-up`, 'wb3', { outcome: 'no_ticket', summary: '咨询办事时间，已答复' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((r.body as { state: State }).state.state).toBe('available');
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: null, wrapUp: null, state: { state: 'available' } });

    // Without an agent number: nothing to work on, offline.
    expect((await get('/api/workbench/current', 'admin')).body).toMatchObject({ call: null, wrapUp: null, state: { state: 'offline' } });
  });

  it('forgets an unwrapped call after two hours', async () => {
    advance(10 * 60_000);
    const { callId } = (await post('/api/workbench/calls', 'wb3', { from: '13700004444' })).body as { callId: string };
    await post(`/api/workbench/calls/${callId}/events`, 'wb3', { type: 'end' });
    await server.request('/api/agents/me/state', { method: 'PUT', cookie: as('wb3'), json: { state: 'available' } });
    expect(((await get('/api/workbench/current', 'wb3')).body as { call: { id: string } }).call.id).toBe(callId);
    advance(2 * 3_600_000 + 1000);
    cookies.wb3 = await server.login('wb3', 'workbench-pass');
    expect((await get('/api/workbench/current', 'wb3')).body).toMatchObject({ call: null });
  });
});

describe('report (骚扰/辱骂来电上报)', () => {
  it('notifies every team lead and manager, live and in their list, with the number masked', async () => {
    advance(10 * 60_000);
    const live = await openLive(server, as('lead'));
    const agentLive = await openLive(server, as('wb2'));
    try {
      const { callId } = (await post('/api/workbench/calls', 'wb2', { from: '13812345678' })).body as { callId: string };
      const r = await post(`/api/workbench/calls/${callId}/report`, 'wb2', { kind: 'abusive', note: '  来电人反复辱骂坐席  ' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toEqual({ reportedTo: 2 });
      const m = await live.waitFor((x) => x.type === 'call.reported');
      expect(m.data).toMatchObject({ callId, agentNo: '3002', kind: 'abusive', note: '来电人反复辱骂坐席', caller: '138****5678' });
      for (const who of ['lead', 'manager']) {
        const list = (await get('/api/notifications', who)).body as { items: Array<{ kind: string; payload: Record<string, unknown> }> };
        const n = list.items.find((x) => x.kind === 'call.reported')!;
        expect(n.payload).toMatchObject({ callId, agentNo: '3002', kind: 'abusive', caller: '138****5678' });
        // What an SMS or chat message about it says.
        expect(describeNotification(n.kind, n.payload, 'Asia/Shanghai')).toBe(`3002号坐席上报辱骂来电（138****5678，${localTime(now.toISOString(), 'Asia/Shanghai')}）：来电人反复辱骂坐席，请班长跟进。`);
      }
      const agentList = (await get('/api/notifications', 'agent')).body as { items: Array<{ kind: string }> };
      expect(agentList.items.some((n) => n.kind === 'call.reported')).toBe(false);
      // Agents do not get supervisors' live messages, not even the reporter: the end of the call
      // (their own state, sent after the report) arrives, the report does not.
      await post(`/api/workbench/calls/${callId}/events`, 'wb2', { type: 'end', endedBy: 'agent' });
      await agentLive.waitFor((x) => x.type === 'agent.state' && x.data['state'] === 'wrap_up' && x.data['callId'] === callId);
      expect(agentLive.messages.some((x) => x.type === 'call.reported')).toBe(false);

      const others = await post(`/api/workbench/calls/${callId}/report`, 'wb1', { kind: 'threat' });
      expect([others.status, code(others)]).toEqual([403, 'CALL_NOT_YOURS']);
      const inspector = await post(`/api/workbench/calls/${callId}/report`, 'inspector', { kind: 'threat' });
      expect(inspector.status).toBe(403);
      const audit = await server.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', callId).where('action', '=', 'call.report').execute();
      expect(audit).toHaveLength(1);
    } finally {
      live.close();
      agentLive.close();
    }
  });
});

// Last: it replaces the organisation's workflow.
describe('outcome resolved with a workflow of the organisation’s own', () => {
  it('takes the workflow’s 直接办结 actions, whatever they are called', async () => {
    const active = (await get('/api/standards/versions/active', 'admin')).body as { content: Record<string, unknown> };
    const workflow = {
      states: [
        { id: 'new', name: '新建', initial: true },
        { id: 'handling', name: '处理中' },
        { id: 'follow-up', name: '待回访' },
        { id: 'closed', name: '已关闭', final: true },
        // the states the tickets of the tests above are in stay, as a new version must keep them
        { id: 'accepted', name: '旧流程已受理' },
        { id: 'callback', name: '旧流程回访中' },
        { id: 'archived', name: '旧流程已归档', final: true },
      ],
      transitions: [
        { action: 'take', name: '受理', from: ['new'], to: 'handling', roles: ['agent'] },
        { action: 'solved-on-call', name: '当场解决', from: ['new'], to: 'follow-up', roles: ['agent'], timers: { meet: ['resolution'], start: ['callback'] } },
        { action: 'solved-closed', name: '当场解决免回访', from: ['new'], to: 'closed', roles: ['agent'], timers: { meet: ['resolution'] } },
        { action: 'close', name: '关闭', from: ['handling', 'follow-up'], to: 'closed', roles: ['agent'], timers: { meet: ['callback', 'resolution'] } },
      ],
    };
    const v = await post('/api/standards/versions', 'admin', { pack: { ...active.content, workflow }, note: '自有流程', activate: true });
    expect(v.status, JSON.stringify(v.body)).toBe(201);

    advance(10 * 60_000);
    const first = await ctiCall('3001');
    const a = await post(`/api/workbench/calls/${first}/wrap-up`, 'wb1', { outcome: 'resolved', ticket: helpTicket, summary: '当场解决，待回访' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const ticket = (a.body as { ticket: Ticket }).ticket;
    expect(ticket.status).toBe('follow_up');
    expect(ticket.timers.find((t) => t.kind === 'callback')?.status).toBe('running');

    advance(10 * 60_000);
    const second = await ctiCall('3001');
    const b = await post(`/api/workbench/calls/${second}/wrap-up`, 'wb1', { outcome: 'resolved', closeAs: 'archive', ticket: helpTicket, summary: '当场解决' });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect((b.body as { ticket: Ticket }).ticket.status).toBe('closed');
  });
});

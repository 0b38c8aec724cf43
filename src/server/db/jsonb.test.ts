/**
 * JSONB columns are parsed with their column's schema where they are read (db/jsonb.ts), not cast: a value written
 * before a field existed gets its default, and a damaged one answers STORED_DATA_INVALID naming the table, column
 * and row, instead of a TypeError later or a wrong figure. Each case damages a real row the way a hand edit or an
 * older build could, then reads it through the API.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { createConnection, openLive, postEvents } from '../../../test/helpers/cti.js';
import { drainJobs } from '../../../test/helpers/jobs.js';
import { helpTicket } from '../../../test/helpers/tickets.js';
import { callStateSchema } from '../../shared/cti/call-state.js';
import { outboundMessage } from '../modules/notify/notify.service.js';

let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'manager', 'lead', 'agent', 'dept']) cookies[u] = await server.login(u);
});
afterAll(() => server.close());

const db = () => server.database.db;
const body = <T>(r: { body: unknown }) => r.body as T;
type ErrorAnswer = { error: { code: string; message: string; details?: unknown } };

async function newTicket(): Promise<{ id: string }> {
  const r = await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, fields: { 'caller-demand': '尽快恢复供水' } } });
  expect(r.status).toBe(201);
  return body<{ id: string }>(r);
}

describe('tickets: fields, extension_request, transition details', () => {
  it('a ticket reads back its stored fields; a damaged fields value is STORED_DATA_INVALID naming the row, on the ticket and the list', async () => {
    const t = await newTicket();
    const read = await server.request(`/api/tickets/${t.id}`, { cookie: cookies.agent });
    expect(read.status).toBe(200);
    expect(body<{ fields: Record<string, unknown> }>(read).fields).toEqual({ 'caller-demand': '尽快恢复供水' });

    await sql`update tickets set fields = '["not", "an", "object"]'::jsonb where id = ${t.id}`.execute(db());
    const broken = await server.request(`/api/tickets/${t.id}`, { cookie: cookies.agent });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringContaining(`tickets.fields of row ${t.id} does not match its schema`), details: { table: 'tickets', column: 'fields' } });
    const list = await server.request('/api/tickets?limit=200', { cookie: cookies.agent });
    expect(body<ErrorAnswer>(list).error.code).toBe('STORED_DATA_INVALID');
    await sql`update tickets set fields = '{}'::jsonb where id = ${t.id}`.execute(db());
  });

  it('an extension request and a 退单 department come back typed; a damaged one is named', async () => {
    const t = await newTicket();
    const water = body<{ items: Array<{ id: string; name: string }> }>(await server.request('/api/departments', { cookie: cookies.agent })).items.find((d) => d.name === '市水务局')!.id;
    const act = (who: string, action: string, json: Record<string, unknown> = {}) => server.request(`/api/tickets/${t.id}/actions/${action}`, { method: 'POST', cookie: cookies[who], json });
    expect((await act('agent', 'dispatch', { departmentId: water })).status).toBe(200);
    expect((await act('dept', 'sign')).status).toBe(200);
    const asked = await act('dept', 'request_extension', { reason: '需要协调施工', extensionDays: 3 });
    expect(asked.status).toBe(200);
    expect(body<{ extensionRequest: unknown }>(asked).extensionRequest).toMatchObject({ extensionDays: 3, until: null, reason: '需要协调施工' });
    // the stored request is what approving it reads: a damaged one stops the approval with the row named, nothing changes
    await sql`update tickets set extension_request = '{"extensionDays": "three"}'::jsonb where id = ${t.id}`.execute(db());
    const approve = await act('lead', 'approve_extension');
    expect(approve.status).toBe(500);
    expect(body<ErrorAnswer>(approve).error.message).toMatch(new RegExp(`^tickets\\.extension_request of row ${t.id} does not match its schema: extensionDays: `));
    expect((await db().selectFrom('tickets').select('extension').where('id', '=', t.id).executeTakeFirstOrThrow()).extension).toBe('requested');
    await sql`update tickets set extension_request = '{"extensionDays": 3}'::jsonb where id = ${t.id}`.execute(db());
    expect((await act('lead', 'approve_extension')).status).toBe(200);

    // a transition's details: the department a 退单 came from is read back by the ticket page
    const returned = await act('dept', 'return', { reason: '不属于本单位职责' });
    expect(returned.status).toBe(200);
    expect(body<{ returnedBy: { departmentId: string } | null }>(returned).returnedBy?.departmentId).toBe(water);
    await sql`update ticket_transitions set details = jsonb_set(details, '{departmentId}', '42') where ticket_id = ${t.id} and action = 'return'`.execute(db());
    const page = await server.request(`/api/tickets/${t.id}`, { cookie: cookies.lead });
    expect(body<ErrorAnswer>(page).error).toMatchObject({ code: 'STORED_DATA_INVALID', details: { table: 'ticket_transitions', column: 'details' } });
  });
});

describe('call_wrapups.recap', () => {
  it('a wrap-up reads back its recap; a damaged one is STORED_DATA_INVALID naming the call', async () => {
    const post = (path: string, json: Record<string, unknown>) => server.request(path, { method: 'POST', cookie: cookies.agent, json });
    const started = await post('/api/workbench/calls', { from: '13900003333' });
    expect(started.status).toBe(201);
    const { callId } = body<{ callId: string }>(started);
    expect((await post(`/api/workbench/calls/${callId}/events`, { type: 'end' })).status).toBeLessThan(300);
    const wrapped = await post(`/api/workbench/calls/${callId}/wrap-up`, { outcome: 'no_ticket', summary: '咨询', recap: ['地址已复述', '诉求已确认'] });
    expect(wrapped.status).toBe(201);
    const read = await server.request(`/api/workbench/calls/${callId}/wrap-up`, { cookie: cookies.agent });
    expect(body<{ recap: string[] }>(read).recap).toEqual(['地址已复述', '诉求已确认']);
    await sql`update call_wrapups set recap = '[1, 2]'::jsonb where call_id = ${callId}`.execute(db());
    const broken = await server.request(`/api/workbench/calls/${callId}/wrap-up`, { cookie: cookies.agent });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^call_wrapups\\.recap of row ${callId} does not match its schema: 0: `)) });
  });
});

describe('sla_calendars: business_hours, holidays, workdays', () => {
  it('a stored single window (the older form) still reads as a list; a damaged holiday list is named, and the calendar is usable again once fixed', async () => {
    const saved = await server.request('/api/sla/calendar', { method: 'PUT', cookie: cookies.manager, json: { holidays: [{ date: '2031-05-06', name: '调整' }], workdays: [] } });
    expect(saved.status).toBe(200);
    const orgId = (await db().selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    await sql`update sla_calendars set business_hours = '{"start": "08:30", "end": "17:30"}'::jsonb where org_id = ${orgId}`.execute(db());
    const read = await server.request('/api/sla/calendar', { cookie: cookies.admin });
    expect(body<{ businessHours: unknown; holidays: unknown }>(read)).toMatchObject({ businessHours: [{ start: '08:30', end: '17:30' }], holidays: [{ date: '2031-05-06', name: '调整' }] });

    await sql`update sla_calendars set holidays = '[{"date": "2031-13-40"}]'::jsonb where org_id = ${orgId}`.execute(db());
    const broken = await server.request('/api/sla/calendar', { cookie: cookies.admin });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(/^sla_calendars\.holidays of row .+ does not match its schema: 0/) });
    const fixed = await server.request('/api/sla/calendar', { method: 'PUT', cookie: cookies.manager, json: { holidays: [], workdays: [] } });
    expect(fixed.status).toBe(200);
  });
});

describe('qa_transcripts.transcript', () => {
  it("a stored transcript is read with the transcript parser; a damaged one fails its QA job for good and the scorecard names it", async () => {
    const orgId = (await db().selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const store = async (externalId: string, transcript: unknown) => {
      const { id } = await db()
        .insertInto('qa_transcripts')
        .values({ org_id: orgId, external_id: externalId, agent_no: '1024', agent_name: '李娜', caller: '13800001111', started_at: new Date('2026-12-01T02:00:00Z'), transcript: JSON.stringify(transcript), created_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db().insertInto('jobs').values({ name: 'qa.check', payload: JSON.stringify({ transcriptId: id }), org_id: orgId, run_at: new Date(0), max_attempts: 5 }).execute();
      return id;
    };
    const good = await store('jsonb-good', { id: 'jsonb-good', agent: { id: 1024 }, caller: '13800001111', startedAt: '2026-12-01T02:00:00Z', segments: [{ speaker: 'agent', start: 0, end: 2000, text: '您好，12345 热线，请讲' }] });
    const bad = await store('jsonb-bad', { id: 'jsonb-bad', agent: { id: '1024' }, startedAt: '2026-12-01T02:00:00Z', segments: 'not a list' });
    await drainJobs(db());
    const jobs = await db().selectFrom('jobs').select(['payload', 'status', 'attempts', 'last_error']).where('name', '=', 'qa.check').execute();
    const jobOf = (id: string) => jobs.find((j) => (j.payload as { transcriptId: string }).transcriptId === id);
    expect(jobOf(good)).toMatchObject({ status: 'done', attempts: 1 });
    expect(jobOf(bad)).toMatchObject({ status: 'failed', attempts: 1, last_error: `qa_transcripts.transcript of row ${bad} does not match its schema: segments: expected an array` });

    const card = await server.request(`/api/qa/results/${good}`, { cookie: cookies.manager });
    expect(card.status).toBe(200);
    expect(body<{ transcript: { agent: { id: string }; events: unknown[] } }>(card).transcript).toMatchObject({ agent: { id: '1024' }, events: [] });
    const broken = await server.request(`/api/qa/results/${bad}`, { cookie: cookies.manager });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', details: { table: 'qa_transcripts', column: 'transcript' } });
  });
});

describe('notifications.payload', () => {
  it('the bell reads a notice back with its payload; a damaged payload is named, and its outbound message fails for good', async () => {
    const orgId = (await db().selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const agent = (await db().selectFrom('users').select('id').where('org_id', '=', orgId).where('username', '=', 'agent').executeTakeFirstOrThrow()).id;
    const insert = async (payload: string) =>
      (await db().insertInto('notifications').values({ org_id: orgId, user_id: agent, role: null, kind: 'ticket.urge', payload, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
    const urge = { ticketId: '00000000-0000-4000-8000-000000000001', number: '20261206-0001', title: '停水', action: 'urge', reason: '请尽快处理', by: '班长', departmentId: '00000000-0000-4000-8000-000000000002', department: '市水务局' };
    const good = String(await insert(JSON.stringify(urge)));
    const list = await server.request('/api/notifications', { cookie: cookies.agent });
    expect(list.status).toBe(200);
    expect(body<{ items: Array<{ id: string; payload: unknown }> }>(list).items.find((n) => n.id === good)?.payload).toEqual(urge);

    // each kind's payload is read with its kind's schema: a 催办 without its ticket is named by field
    const { ticketId: _t, ...noTicket } = urge;
    const partial = String(await insert(JSON.stringify(noTicket)));
    const unfit = await server.request('/api/notifications', { cookie: cookies.agent });
    expect(body<ErrorAnswer>(unfit).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^notifications\\.payload of row ${partial} does not match its schema: payload\\.ticketId: `)) });
    await sql`delete from notifications where id = ${partial}`.execute(db());

    const bad = String(await insert(JSON.stringify('a bare string')));
    const broken = await server.request('/api/notifications', { cookie: cookies.agent });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^notifications\\.payload of row ${bad} does not match its schema: `)) });
    await expect(outboundMessage(db(), bad)).rejects.toMatchObject({ code: 'STORED_DATA_INVALID' });
    await sql`delete from notifications where id = ${bad}`.execute(db());
  });
});

describe('cti_connections.settings', () => {
  it('connections list their settings ({} or Zammad’s, defaults filled); a damaged one is named on the list and can be replaced', async () => {
    const events = await createConnection(server, cookies.admin!, 'jsonb-events');
    const zammad = await createConnection(server, cookies.admin!, 'jsonb-zammad', 'zammad', { blockedCallers: [{ callerId: '13800000000' }] });
    const listed = body<Array<{ id: string; settings: unknown }>>(await server.request('/api/cti/connections', { cookie: cookies.admin }));
    expect(listed.find((c) => c.id === events.id)?.settings).toEqual({});
    expect(listed.find((c) => c.id === zammad.id)?.settings).toEqual({ enabled: true, blockedCallers: [{ callerId: '13800000000' }], outbound: { routingTable: [] } });

    await sql`update cti_connections set settings = '{"enabled": "yes"}'::jsonb where id = ${zammad.id}`.execute(db());
    const broken = await server.request('/api/cti/connections', { cookie: cookies.admin });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringContaining(`cti_connections.settings of row ${zammad.id} does not match its schema`) });
    const replaced = await server.request(`/api/cti/connections/${zammad.id}/settings`, { method: 'PUT', cookie: cookies.admin, json: { settings: { enabled: false } } });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect((await server.request('/api/cti/connections', { cookie: cookies.admin })).status).toBe(200);
  });
});

describe('standard_pack_versions.sources', () => {
  it('a version exports the files it was saved from; damaged sources are named', async () => {
    const r = await server.request('/api/standards/versions/1/export', { cookie: cookies.admin });
    expect(r.status).toBe(200);
    const files = body<{ version: number; files: Array<{ name: string; text: string }> }>(r).files;
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => /\.ya?ml$/.test(f.name) && f.text.length > 0)).toBe(true);
    const orgId = (await db().selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const stored = await db().selectFrom('standard_pack_versions').select(['id', 'sources']).where('org_id', '=', orgId).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(stored.sources).toEqual(files);
    // versions are immutable (a trigger refuses updates): only a hand edit with the triggers off could damage one
    await sql`alter table standard_pack_versions disable trigger user`.execute(db());
    try {
      await sql`update standard_pack_versions set sources = '[{"name": "pack.yaml"}]'::jsonb where id = ${stored.id}`.execute(db());
      const broken = await server.request('/api/standards/versions/1/export', { cookie: cookies.admin });
      expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^standard_pack_versions\\.sources of row ${stored.id} does not match its schema: 0\\.text: `)) });
      await sql`update standard_pack_versions set sources = ${JSON.stringify(files)}::jsonb where id = ${stored.id}`.execute(db());
      // the list of versions reads only the content's `pack` part (id and version string), parsed too
      expect((await server.request('/api/standards/versions', { cookie: cookies.admin })).status).toBe(200);
      const meta = (await sql<{ p: unknown }>`select content->'pack' as p from standard_pack_versions where id = ${stored.id}`.execute(db())).rows[0]!.p;
      await sql`update standard_pack_versions set content = jsonb_set(content, '{pack}', '5') where id = ${stored.id}`.execute(db());
      const list = await server.request('/api/standards/versions', { cookie: cookies.admin });
      expect(body<ErrorAnswer>(list).error).toMatchObject({ code: 'STORED_DATA_INVALID', details: { table: 'standard_pack_versions', column: 'content' } });
      await sql`update standard_pack_versions set content = jsonb_set(content, '{pack}', ${JSON.stringify(meta)}::jsonb) where id = ${stored.id}`.execute(db());
      expect((await server.request('/api/standards/versions', { cookie: cookies.admin })).status).toBe(200);
    } finally {
      await sql`alter table standard_pack_versions enable trigger user`.execute(db());
    }
  });
});

describe('domain_events.payload', () => {
  it('a resuming live feed replays the events after it, leaving out one whose payload is damaged instead of failing', async () => {
    const orgId = (await db().selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const before = String((await sql<{ id: string }>`select coalesce(max(id), 0)::text as id from domain_events`.execute(db())).rows[0]!.id);
    const event = async (aggregateId: string, payload: string) =>
      String((await db().insertInto('domain_events').values({ org_id: orgId, type: 'callback.updated', aggregate_type: 'callback', aggregate_id: aggregateId, payload, actor_id: null, occurred_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id);
    const bad = await event('task-bad', JSON.stringify('not an object'));
    const good = await event('task-good', JSON.stringify({ taskId: 'task-good', outcome: 'reached' }));
    const live = await openLive(server, cookies.agent!, before);
    try {
      const replayed = await live.waitFor((m) => m.type === 'replayed');
      expect(live.messages.filter((m) => m.type === 'callback.updated').map((m) => m.id)).toEqual([good]);
      expect(live.messages.some((m) => m.id === bad)).toBe(false);
      expect(replayed.data).toMatchObject({ truncated: false });
    } finally {
      live.close();
    }
  });
});

describe('calls.state and cti_events.body', () => {
  it('a call reads back its fold and events; a damaged state or event is named on the call, the list and the intake, which stores nothing until it is fixed', async () => {
    const conn = await createConnection(server, cookies.admin!, 'jsonb-calls');
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 2, 0, s)).toISOString().replace('Z', '+00:00');
    const ev = (seq: number, type: string, extra: Record<string, unknown> = {}) => ({ eventId: `jsonb-call-${seq}`, callId: 'jsonb-call', seq, at: at(seq * 10), type, ...extra });
    const post = (events: unknown[]) => postEvents(server, conn.token, events);
    expect((await post([ev(0, 'call.ringing', { from: '13800002222', to: '12345' }), ev(1, 'call.answered', { agentId: '1024' }), ev(3, 'call.hold')])).status).toBe(200);
    const call = await db().selectFrom('calls').select(['id', 'state']).where('connection_id', '=', conn.id).where('external_id', '=', 'jsonb-call').executeTakeFirstOrThrow();
    // the stored fold is exactly what its schema reads (nothing dropped or added on the way)
    expect(callStateSchema.parse(call.state)).toEqual(call.state);
    const read = await server.request(`/api/calls/${call.id}`, { cookie: cookies.manager });
    expect(read.status).toBe(200);
    expect(body<{ holds: unknown[]; timeline: Array<{ type: string }> }>(read)).toMatchObject({ holds: [{ start: at(30), end: null }], timeline: [{ type: 'call.ringing' }, { type: 'call.answered' }, { type: 'call.hold' }] });
    const stored = (eventId: string) => db().selectFrom('cti_events').select(['id', 'body']).where('connection_id', '=', conn.id).where('event_id', '=', eventId).executeTakeFirst();

    await sql`update calls set state = jsonb_set(state, '{holds}', '"none"') where id = ${call.id}`.execute(db());
    const broken = await server.request(`/api/calls/${call.id}`, { cookie: cookies.manager });
    expect(broken.status).toBe(500);
    expect(body<ErrorAnswer>(broken).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^calls\\.state of row ${call.id} does not match its schema: holds: `)), details: { table: 'calls', column: 'state' } });
    expect(body<ErrorAnswer>(await server.request('/api/calls?limit=200', { cookie: cookies.manager })).error.code).toBe('STORED_DATA_INVALID');
    // the next event of the call is folded into the stored state: refused with the row named, not stored
    const resumed = await post([ev(4, 'call.resume')]);
    expect(resumed.status).toBe(500);
    expect(body<ErrorAnswer>(resumed).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringContaining(`calls.state of row ${call.id}`) });
    expect(await stored('jsonb-call-4')).toBeUndefined();
    await sql`update calls set state = ${JSON.stringify(call.state)}::jsonb where id = ${call.id}`.execute(db());
    expect(body<{ accepted: number }>(await post([ev(4, 'call.resume')])).accepted).toBe(1);

    // a damaged event: the call's page names it, and so does a late event that refolds the call from its stored events
    const answered = (await stored('jsonb-call-1'))!;
    await sql`update cti_events set body = jsonb_set(body, '{agentId}', '1024') where id = ${answered.id}`.execute(db());
    const page = await server.request(`/api/calls/${call.id}`, { cookie: cookies.manager });
    expect(page.status).toBe(500);
    expect(body<ErrorAnswer>(page).error).toMatchObject({ code: 'STORED_DATA_INVALID', message: expect.stringMatching(new RegExp(`^cti_events\\.body of row ${answered.id} does not match its schema: agentId: `)), details: { table: 'cti_events', column: 'body' } });
    const late = await post([ev(2, 'transcript.segment', { segment: { speaker: 'agent', start: 0, end: 2000, text: '您好，请讲' } })]);
    expect(late.status).toBe(500);
    expect(body<ErrorAnswer>(late).error.message).toContain(`cti_events.body of row ${answered.id}`);
    expect(await stored('jsonb-call-2')).toBeUndefined();
    await sql`update cti_events set body = ${JSON.stringify(answered.body)}::jsonb where id = ${answered.id}`.execute(db());
    expect(body<{ accepted: number }>(await post([ev(2, 'transcript.segment', { segment: { speaker: 'agent', start: 0, end: 2000, text: '您好，请讲' } })])).accepted).toBe(1);
    expect(body<{ segments: number; holds: unknown[] }>(await server.request(`/api/calls/${call.id}`, { cookie: cookies.manager }))).toMatchObject({ segments: 1, holds: [{ start: at(30), end: at(40) }] });
  });
});

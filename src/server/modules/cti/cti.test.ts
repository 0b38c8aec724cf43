import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, openLive, postEvents } from '../../../../test/helpers/cti.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

let server: TestServer;
const cookies: Record<string, string> = {};
let token = '';

interface CallDto {
  id: string;
  externalId: string;
  status: string;
  from: string | null;
  agentNo: string | null;
  rings: number | null;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  holdCount: number;
  abandoned: boolean;
  endedBy: string | null;
  recordingUrl: string | null;
  segments: number;
  qaTranscriptId: string | null;
}

async function callByExternal(externalId: string): Promise<CallDto | undefined> {
  const r = await server.request(`/api/calls?limit=500`, { cookie: cookies.admin });
  return (r.body as { items: CallDto[] }).items.find((c) => c.externalId === externalId);
}

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'lead', 'agent', 'inspector', 'dept']) cookies[u] = await server.login(u);
  token = (await createConnection(server, cookies.admin!)).token;
}, 60_000);
afterAll(async () => server?.close());

describe('connections', () => {
  it('shows the token once and never again; a revoked token stops working', async () => {
    const created = await createConnection(server, cookies.admin!, 'temporary');
    expect(created.token).toMatch(/^rxc_/);
    const list = await server.request('/api/cti/connections', { cookie: cookies.admin });
    expect(JSON.stringify(list.body)).not.toContain(created.token);
    expect((list.body as Array<{ name: string; tokenHint: string }>).find((c) => c.name === 'temporary')?.tokenHint).toBe(`…${created.token.slice(-4)}`);
    const dup = await server.request('/api/cti/connections', { method: 'POST', cookie: cookies.admin, json: { name: 'temporary' } });
    expect(dup.status).toBe(409);
    expect(await postEvents(server, created.token, callEvents({ callId: 'rev-1', start: new Date() }).slice(0, 1))).toMatchObject({ status: 200 });
    expect((await server.request(`/api/cti/connections/${created.id}`, { method: 'DELETE', cookie: cookies.admin })).status).toBe(200);
    const after = await postEvents(server, created.token, callEvents({ callId: 'rev-2', start: new Date() }).slice(0, 1));
    expect(after.status).toBe(401);
    expect((after.body as { error: { code: string } }).error.code).toBe('CTI_TOKEN_INVALID');
  });

  it('refuses events without a token or with a wrong one', async () => {
    const none = await server.request('/api/cti/events', { method: 'POST', json: callEvents({ callId: 'x', start: new Date() })[0] });
    expect(none.status).toBe(401);
    expect((none.body as { error: { code: string } }).error.code).toBe('CTI_TOKEN_MISSING');
    const wrong = await postEvents(server, 'rxc_nope', callEvents({ callId: 'x', start: new Date() })[0]);
    expect((wrong.body as { error: { code: string } }).error.code).toBe('CTI_TOKEN_INVALID');
  });
});

describe('events → calls', () => {
  it('folds a full call: rings, wait, hold, talk, recording, who ended it; the agent goes to wrap-up; QA gets the transcript', async () => {
    const start = new Date(Date.now() - 5 * 60_000);
    const events = callEvents({ callId: 'full-1', start, ringMs: 12_000, talkMs: 120_000, hold: { at: 40_000, ms: 20_000 } });
    const r = await postEvents(server, token, events);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: events.length, duplicates: 0, rejected: 0 });
    const c = (await callByExternal('full-1'))!;
    expect(c).toMatchObject({ status: 'ended', agentNo: '1024', rings: 3, waitMs: 12_000, holdMs: 20_000, holdCount: 1, talkMs: 100_000, endedBy: 'customer', abandoned: false });
    expect(c.recordingUrl).toContain('full-1.wav');
    expect(c.segments).toBeGreaterThan(5);
    expect(c.qaTranscriptId).toBeTruthy();
    const qa = await server.database.db.selectFrom('qa_transcripts').select(['source', 'agent_no']).where('id', '=', c.qaTranscriptId!).executeTakeFirstOrThrow();
    expect(qa).toEqual({ source: 'cti', agent_no: '1024' });
    const state = await server.request('/api/agents/board', { cookie: cookies.lead });
    const agent = (state.body as { agents: Array<{ agentNo: string; state: string }> }).agents.find((a) => a.agentNo === '1024');
    expect(agent?.state).toBe('wrap_up');
    const detail = await server.request(`/api/calls/${c.id}`, { cookie: cookies.agent });
    expect((detail.body as { transcript: unknown[]; timeline: Array<{ type: string }> }).timeline.map((t) => t.type)).toEqual(['call.ringing', 'call.answered', 'call.hold', 'call.resume', 'call.recording', 'call.ended']);
  });

  it('acknowledges a resent event as a duplicate and changes nothing', async () => {
    const events = callEvents({ callId: 'dup-1', start: new Date(Date.now() - 60_000) });
    await postEvents(server, token, events);
    const before = await callByExternal('dup-1');
    const again = await postEvents(server, token, events);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: events.length });
    expect(await callByExternal('dup-1')).toEqual(before);
  });

  it('names the field of a malformed event; in a batch the good ones are kept', async () => {
    const bad = await postEvents(server, token, { eventId: 'b1', callId: 'bad-1', seq: 0, type: 'call.answered', at: '2026-11-23T09:00:00+08:00' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'CTI_EVENT_INVALID', details: { field: 'agentId' } } });
    const [ringing] = callEvents({ callId: 'batch-1', start: new Date() });
    const batch = await postEvents(server, token, [ringing, { ...ringing, eventId: 'b2', at: 'yesterday' }, { type: 'call.teleport' }]);
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 2, results: [{ status: 'accepted' }, { status: 'invalid', error: { field: 'at' } }, { status: 'invalid', error: { field: 'type' } }] });
    expect((await callByExternal('batch-1'))?.status).toBe('ringing');
    const allBad = await postEvents(server, token, [{ type: 'call.teleport' }]);
    expect(allBad.status).toBe(400);
    const notJson = await server.request('/api/cti/events', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"eventId":' });
    expect(notJson.status).toBe(400);
  });

  it('ends in the same state whatever the order and however often events arrive', async () => {
    // The same 12 calls into two connections: one in order, one every event twice, shuffled, in random batches.
    const other = (await createConnection(server, cookies.admin!, 'shuffled')).token;
    const start = Date.now() - 3_600_000;
    const specs = Array.from({ length: 12 }, (_, i) => ({
      callId: `order-${i}`,
      start: new Date(start + i * 90_000),
      from: `1390000${String(1000 + (i % 5))}`,
      answered: i % 4 !== 0,
      ...(i % 3 === 0 ? { hold: { at: 30_000, ms: 15_000 } } : {}),
      agentNo: i % 2 ? '9001' : '9002',
    }));
    const all = specs.flatMap((s) => callEvents(s));
    // Each run has its own agents (A9001…, B9001…) so that their timelines do not mix.
    const run = (prefix: string, events: typeof all) =>
      events.map((e) => ({ ...e, callId: `${prefix}-${String(e.callId)}`, ...('agentId' in e && e.agentId ? { agentId: `${prefix}${e.agentId}` } : {}) }));
    // The agents are signed in first, as on a real line, so their states take the batch path.
    for (const p of ['A', 'B'])
      await postEvents(server, p === 'A' ? token : other, ['9001', '9002'].map((n) => ({ eventId: `${p}-in-${n}`, type: 'agent.state', agentId: `${p}${n}`, state: 'available', at: new Date(start - 60_000).toISOString() })));
    await postEvents(server, token, run('A', all));
    const shuffled = run('B', [...all, ...all]);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (let i = 0; i < shuffled.length; ) {
      const n = 1 + Math.floor(rnd() * 7);
      const r = await postEvents(server, other, shuffled.slice(i, i + n));
      expect(r.status).toBe(200);
      i += n;
    }
    const rows = await server.database.db.selectFrom('calls').selectAll().where('external_id', 'like', '_-order-%').execute();
    const strip = (r: (typeof rows)[number]) => {
      const { id: _i, connection_id: _c, external_id, created_at: _ca, updated_at: _u, qa_transcript_id, state, agent_no, ...rest } = r;
      const { last: _l, events: _e, callId: _id, agentNo, ringAgentNo, currentAgentNo, ...s } = state as Record<string, unknown>;
      const strip1 = (v: unknown) => (typeof v === 'string' ? v.slice(1) : v);
      return { key: external_id.slice(2), hasQa: qa_transcript_id !== null, agent: strip1(agent_no), agents: [agentNo, ringAgentNo, currentAgentNo].map(strip1), ...rest, state: s };
    };
    const a = rows.filter((r) => r.external_id.startsWith('A-')).map(strip).sort((x, y) => x.key.localeCompare(y.key));
    const b = rows.filter((r) => r.external_id.startsWith('B-')).map(strip).sort((x, y) => x.key.localeCompare(y.key));
    expect(a).toHaveLength(12);
    expect(b).toEqual(a);
    // The agents' state logs and current states are the same too (durations, wrap-up times included).
    const log = async (prefix: string) =>
      (
        await server.database.db
          .selectFrom('agent_state_log as l')
          .leftJoin('calls as c', 'c.id', 'l.call_id')
          .select(['l.agent_no', 'l.state', 'l.reason', 'l.source', 'l.started_at', 'l.ended_at', 'l.duration_ms', 'c.external_id'])
          .where('l.agent_no', 'in', [`${prefix}9001`, `${prefix}9002`])
          .execute()
      )
        .map((r) => ({ ...r, agent_no: r.agent_no.slice(1), external_id: r.external_id?.slice(2) ?? null }))
        .sort((x, y) => x.agent_no.localeCompare(y.agent_no) || new Date(x.started_at).getTime() - new Date(y.started_at).getTime() || x.state.localeCompare(y.state));
    const logA = await log('A');
    expect(logA.length).toBeGreaterThan(12);
    expect(await log('B')).toEqual(logA);
    const states = async (prefix: string) =>
      (await server.database.db.selectFrom('agent_status').select(['agent_no', 'state', 'since']).where('agent_no', 'in', [`${prefix}9001`, `${prefix}9002`]).orderBy('agent_no').execute()).map((r) => ({ ...r, agent_no: r.agent_no.slice(1) }));
    expect(await states('B')).toEqual(await states('A'));

    // Missed calls became callback tasks, one per caller, and only the missed ones.
    await drainJobs(server.database.db);
    const missedCallers = new Set(specs.filter((s) => !s.answered).map((s) => s.from));
    const tasks = await server.database.db.selectFrom('callback_tasks').select(['caller', 'call_ids']).where('status', '=', 'open').where('caller', 'like', '1390000%').execute();
    expect(new Set(tasks.map((t) => t.caller))).toEqual(missedCallers);
    expect(tasks.reduce((n, t) => n + t.call_ids.length, 0)).toBe(2 * specs.filter((s) => !s.answered).length);
  });
});

describe('callbacks', () => {
  it('an abandoned call opens one task per caller; an attempt closes it', async () => {
    const from = '13700001111';
    await postEvents(server, token, callEvents({ callId: 'ab-1', from, answered: false, start: new Date(Date.now() - 120_000) }));
    await postEvents(server, token, callEvents({ callId: 'ab-2', from, answered: false, start: new Date(Date.now() - 60_000) }));
    await drainJobs(server.database.db);
    const list = await server.request('/api/callbacks', { cookie: cookies.agent });
    const task = (list.body as Array<{ id: string; caller: string; callIds: string[]; reason: string }>).find((t) => t.caller === from)!;
    expect(task.callIds).toHaveLength(2);
    const noAnswer = await server.request(`/api/callbacks/${task.id}/attempts`, { method: 'POST', cookie: cookies.agent, json: { outcome: 'no_answer' } });
    expect(noAnswer.body).toMatchObject({ status: 'open', attempts: 1 });
    const reached = await server.request(`/api/callbacks/${task.id}/attempts`, { method: 'POST', cookie: cookies.agent, json: { outcome: 'reached', note: '已回电说明' } });
    expect(reached.body).toMatchObject({ status: 'done', attempts: 2, outcome: 'reached' });
    const closed = await server.request(`/api/callbacks/${task.id}/attempts`, { method: 'POST', cookie: cookies.agent, json: { outcome: 'reached' } });
    expect(closed.status).toBe(409);
  });

  it('a task whose missed call reached rexian days late is shown and counted at the call, not at its recording', async () => {
    const from = '13700002222';
    // the switch delivers a backlog: the call rang three days ago (local noon in Shanghai), the check runs now
    const rang = new Date(Date.now() - 3 * 86_400_000);
    rang.setUTCHours(4, 0, 0, 0);
    await postEvents(server, token, callEvents({ callId: 'late-1', from, answered: false, start: rang }));
    await drainJobs(server.database.db);
    const list = await server.request('/api/callbacks', { cookie: cookies.admin });
    const task = (list.body as Array<{ caller: string; firstCallAt: string | null; createdAt: string; callIds: string[] }>).find((t) => t.caller === from)!;
    const call = await server.database.db.selectFrom('calls').select(['id', 'ringing_at']).where('id', '=', task.callIds[0]!).executeTakeFirstOrThrow();
    expect(task.firstCallAt).toBe(new Date(call.ringing_at!).toISOString());
    expect(task.firstCallAt).toBe(rang.toISOString());
    expect(Date.now() - new Date(task.createdAt).getTime()).toBeLessThan(600_000); // recorded now, days after the call
    // the report files it under the day it rang (Shanghai), the same day the list shows
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(rang);
    const before = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(rang.getTime() - 86_400_000));
    const report = await server.request(`/api/reports/kpi?from=${before}&to=${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}&by=day`, { cookie: cookies.admin });
    expect(report.status).toBe(200);
    const rows = (report.body as { rows: Array<{ key: string; callbacks?: { callbacksCreated: number } }> }).rows;
    expect(rows.find((r) => r.key === day)?.callbacks?.callbacksCreated).toBe(1);
  });
});

describe('agent states', () => {
  it('an agent sets their own state; a change while on a call is refused; leads see the log', async () => {
    const set = await server.request('/api/agents/me/state', { method: 'PUT', cookie: cookies.lead, json: { state: 'break', reason: '用餐' } });
    expect(set.body).toMatchObject({ agentNo: '2001', state: 'break', reason: '用餐' });
    const bad = await server.request('/api/agents/me/state', { method: 'PUT', cookie: cookies.lead, json: { state: 'on_call' } });
    expect(bad.status).toBe(400);
    await postEvents(server, token, callEvents({ callId: 'busy-1', agentNo: '2001', start: new Date() }).slice(0, 2));
    const refused = await server.request('/api/agents/me/state', { method: 'PUT', cookie: cookies.lead, json: { state: 'available' } });
    expect(refused.status).toBe(409);
    const log = await server.request('/api/agents/2001/states', { cookie: cookies.lead });
    expect((log.body as Array<{ state: string }>).slice(0, 2).map((s) => s.state)).toEqual(['on_call', 'break']);
    const noNumber = await server.request('/api/agents/me/state', { method: 'PUT', cookie: cookies.admin, json: { state: 'available' } });
    expect(noNumber.status).toBe(422);
  });

  it('agent.state events older than the current state are ignored', async () => {
    const now = Date.now() + 3_600_000; // later than anything earlier tests did to this agent
    const ev = (id: string, state: string, ms: number) => ({ eventId: id, type: 'agent.state', agentId: '1024', state, at: new Date(now + ms).toISOString() });
    await postEvents(server, token, [ev('st-2', 'busy', 2000), ev('st-1', 'available', 1000)]);
    const me = await server.request('/api/agents/me/state', { cookie: cookies.agent });
    expect(me.body).toMatchObject({ state: 'busy' });
  });
});

describe('live', () => {
  it('pops the screen for the agent a call rings at, masks numbers per role, and resumes after a reconnect', async () => {
    const agent = await openLive(server, cookies.agent!);
    const lead = await openLive(server, cookies.lead!);
    const inspector = await openLive(server, cookies.inspector!);
    const [ringing, answered, ...rest] = callEvents({ callId: 'pop-1', from: '13912345678', start: new Date() });
    await postEvents(server, token, [ringing]);
    // the committed event (the pop may have come ahead of it, see the next test)
    const pop = await agent.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === 'pop-1' && /^\d+$/.test(m.id ?? ''));
    expect(pop.data).toMatchObject({ pop: true, from: '13912345678', agentNo: '1024' });
    const seen = await lead.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === 'pop-1');
    expect(seen.data['pop']).toBeUndefined();
    // The screen pop's details come over HTTP.
    const details = await server.request(`/api/calls/${String(pop.data['callId'])}/pop`, { cookie: cookies.agent });
    expect(details.status).toBe(200);

    // The agent drops off; what happens meanwhile is replayed on reconnect.
    agent.close();
    await postEvents(server, token, [answered, ...rest]);
    await lead.waitFor((m) => m.type === 'call.ended' && m.data['externalId'] === 'pop-1');
    const back = await openLive(server, cookies.agent!, pop.id);
    await back.waitFor((m) => m.type === 'call.ended' && m.data['externalId'] === 'pop-1');
    // Answer and end came in one batch: no separate call.answered; the agent's log has the call's states, linked to it.
    const log = await server.request('/api/agents/1024/states?limit=200', { cookie: cookies.lead });
    const mine = (log.body as Array<{ state: string; callId: string | null }>).filter((s) => s.callId === pop.data['callId']).map((s) => s.state);
    expect(mine.sort()).toEqual(['on_call', 'wrap_up']);
    expect(inspector.messages.some((m) => m.type.startsWith('call.'))).toBe(false);
    back.close();
    lead.close();
    inspector.close();
  });

  it('pushes the screen pop ahead of the commit, to the agent only, with the id the call gets', async () => {
    const agent = await openLive(server, cookies.agent!);
    const lead = await openLive(server, cookies.lead!);
    const [ringing, answered] = callEvents({ callId: 'pre-1', from: '13912340001', start: new Date() });
    const posted = postEvents(server, token, [ringing]);
    const ahead = await agent.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === 'pre-1');
    expect(ahead.id).toMatch(/^pre-/);
    expect(ahead.data).toMatchObject({ pop: true, provisional: true, from: '13912340001', agentNo: '1024', status: 'ringing' });
    expect((await posted).status).toBe(200);
    // the committed event follows, for the same call id; the pop's details are there
    const committed = await agent.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === 'pre-1' && /^\d+$/.test(m.id ?? ''));
    expect(committed.data['callId']).toBe(ahead.data['callId']);
    expect((await server.request(`/api/calls/${String(ahead.data['callId'])}/pop`, { cookie: cookies.agent })).status).toBe(200);
    // the answer pops up ahead too; a lead only ever gets committed events
    await postEvents(server, token, [answered]);
    await agent.waitFor((m) => m.type === 'call.answered' && m.data['externalId'] === 'pre-1' && /^pre-/.test(m.id ?? ''));
    await lead.waitFor((m) => m.type === 'call.answered' && m.data['externalId'] === 'pre-1');
    expect(lead.messages.filter((m) => m.data?.['externalId'] === 'pre-1').every((m) => /^\d+$/.test(m.id ?? ''))).toBe(true);

    // an old ringing (a switch catching up) and an invalid event do not pop up ahead
    const [old] = callEvents({ callId: 'pre-old', start: new Date(Date.now() - 10 * 60_000) });
    const [bad] = callEvents({ callId: 'pre-bad', start: new Date() });
    const r = await postEvents(server, token, [old, { ...bad, at: 'not a time' }]);
    expect(r.status).toBe(200);
    await agent.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === 'pre-old');
    expect(agent.messages.filter((m) => m.data?.['externalId'] === 'pre-old').map((m) => /^\d+$/.test(m.id ?? ''))).toEqual([true]);
    expect(agent.messages.some((m) => m.data?.['externalId'] === 'pre-bad')).toBe(false);
    agent.close();
    lead.close();
  });

  it('announces a live call\'s segments to its agent as they come without storing a domain event per segment; a resuming client refetches them', async () => {
    const db = server.database.db;
    const countEvents = async () => {
      const rows = await db.selectFrom('domain_events').select(['type']).execute();
      return { all: rows.length, segments: rows.filter((r) => r.type === 'call.segment').length };
    };
    const before = await countEvents();
    const agent = await openLive(server, cookies.agent!);
    const lead = await openLive(server, cookies.lead!);
    const t0 = Date.now() - 120_000;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    let seq = 0;
    const ev = (type: string, ms: number, extra: Record<string, unknown> = {}) => ({ eventId: `seg50-${seq}`, callId: 'seg50', seq: seq++, type, at: at(ms), ...extra });
    const seg = (i: number) => ev('transcript.segment', 10_000 + i * 2000 + 1500, { segment: { speaker: i % 2 ? 'customer' : 'agent', start: 10_000 + i * 2000, end: 10_000 + i * 2000 + 1500, text: `第${i + 1}句，您好请讲。` } });
    expect((await postEvents(server, token, [ev('call.ringing', 0, { direction: 'in', from: '13912349999', to: '12345', queue: 'general', agentId: '1024' }), ev('call.answered', 5000, { agentId: '1024' })])).status).toBe(200);
    const answered = await agent.waitFor((m) => m.type === 'call.answered' && m.data['externalId'] === 'seg50' && /^\d+$/.test(m.id ?? ''));
    const callId = String(answered.data['callId']);
    // 50 sentences, five at a time: each reaches the agent as it comes, in order
    for (let b = 0; b < 10; b++) {
      expect((await postEvents(server, token, Array.from({ length: 5 }, (_, k) => seg(b * 5 + k)))).status).toBe(200);
      await agent.waitFor((m) => m.type === 'call.segment' && (m.data['segment'] as { text: string }).text === `第${b * 5 + 5}句，您好请讲。`);
    }
    const live = agent.messages.filter((m) => m.type === 'call.segment' && m.data['callId'] === callId);
    expect(live.map((m) => (m.data['segment'] as { start: number }).start)).toEqual(Array.from({ length: 50 }, (_, i) => 10_000 + i * 2000));
    // not resume points, and each once
    expect(live.every((m) => /^live-/.test(m.id ?? ''))).toBe(true);
    expect(new Set(live.map((m) => m.id)).size).toBe(50);
    // the call's agent only
    expect(lead.messages.some((m) => m.type === 'call.segment')).toBe(false);
    const during = await countEvents();
    expect(during.segments - before.segments).toBe(0);
    // ringing, answered and the agent's state change: a handful, not one a sentence
    expect(during.all - before.all).toBeLessThan(10);

    // The agent drops off; five sentences come meanwhile. Resuming replays no segment (none is stored);
    // the workbench refetches the call, whose transcript has all 55.
    agent.close();
    const lastId = [...agent.messages].reverse().find((m) => /^\d+$/.test(m.id ?? ''))!.id!;
    expect((await postEvents(server, token, Array.from({ length: 5 }, (_, k) => seg(50 + k)))).status).toBe(200);
    const back = await openLive(server, cookies.agent!, lastId);
    await back.waitFor((m) => m.type === 'replayed');
    expect(back.messages.some((m) => m.type === 'call.segment')).toBe(false);
    const detail = await server.request(`/api/calls/${callId}`, { cookie: cookies.agent });
    expect(detail.status).toBe(200);
    const transcript = (detail.body as { transcript: Array<{ start: number; text: string }> }).transcript;
    expect(transcript.map((s) => s.start)).toEqual(Array.from({ length: 55 }, (_, i) => 10_000 + i * 2000));
    expect(transcript[54]!.text).toBe('第55句，您好请讲。');

    // When the call ends, QA's stored transcript has every sentence; still no segment events.
    expect((await postEvents(server, token, [ev('call.ended', 130_000, { endedBy: 'customer' })])).status).toBe(200);
    await back.waitFor((m) => m.type === 'call.ended' && m.data['callId'] === callId);
    const stored = await db.selectFrom('qa_transcripts').select('transcript').where('external_id', '=', 'seg50').executeTakeFirstOrThrow();
    expect((stored.transcript as { segments: unknown[] }).segments).toHaveLength(55);
    expect((await countEvents()).segments - before.segments).toBe(0);
    back.close();
    lead.close();
  });

  it('stores a segment too large for a notification as an event, so it still reaches the agent', async () => {
    const agent = await openLive(server, cookies.agent!);
    const [ringing, answered, greeting] = callEvents({ callId: 'seg-big', start: new Date(Date.now() - 60_000) });
    const text = '请'.repeat(2500); // 7,500 bytes in UTF-8
    const big = { ...greeting!, segment: { ...(greeting as { segment: object }).segment, text } };
    expect((await postEvents(server, token, [ringing, answered, big])).status).toBe(200);
    const m = await agent.waitFor((x) => x.type === 'call.segment' && x.data['segment'] !== undefined && (x.data['segment'] as { text: string }).text === text);
    expect(m.id).toMatch(/^\d+$/);
    const rows = await server.database.db.selectFrom('domain_events').select('id').where('type', '=', 'call.segment').execute();
    expect(rows.map((r) => String(r.id))).toEqual([m.id]);
    agent.close();
  });

  it('refuses an anonymous connection', async () => {
    await expect(openLive(server, '')).rejects.toThrow(/401/);
  });
});

// Last: its many events would push earlier ones out of the live replay window the test above relies on.
describe('concurrent batches', () => {
  it('apply side by side without failing when they share agents and calls, in any order', async () => {
    // Eight switches' batches at once: the same six agents, each call in two batches, in opposite orders.
    const start = Date.now() - 2 * 3_600_000;
    const agents = ['7701', '7702', '7703', '7704', '7705', '7706'];
    await postEvents(server, token, agents.map((a) => ({ eventId: `cc-in-${a}`, type: 'agent.state', agentId: a, state: 'available', at: new Date(start - 60_000).toISOString() })));
    const calls = Array.from({ length: 48 }, (_, i) => callEvents({ callId: `cc-${i}`, start: new Date(start + Math.floor(i / agents.length) * 120_000), agentNo: agents[i % agents.length]!, transcript: i % 3 === 0 }));
    const batches = Array.from({ length: 8 }, (_, b) => {
      const mine = calls.filter((_, i) => i % 8 === b || (i + 3) % 8 === b).flat();
      return b % 2 ? mine.reverse() : mine;
    });
    const answers = await Promise.all(batches.map((batch) => postEvents(server, token, batch)));
    expect(answers.map((r) => r.status)).toEqual(batches.map(() => 200));
    const rows = await server.database.db.selectFrom('calls').select(['external_id', 'status', 'talk_ms']).where('external_id', 'like', 'cc-%').execute();
    expect(rows).toHaveLength(48);
    expect(rows.every((r) => r.status === 'ended' && Number(r.talk_ms) === 60_000)).toBe(true);
    const board = await server.database.db.selectFrom('agent_status').select(['agent_no', 'state']).where('agent_no', 'in', agents).execute();
    expect(board.map((r) => r.state)).toEqual(agents.map(() => 'wrap_up'));
  });
});

import type { FastifyError } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorBody } from '../../http/app.js';
import { callEvents, createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

// An agent who stays in one state longer than 2^31 ms (about 24.9 days): the log keeps the true
// duration and the switch's next event is accepted, months later.
const DAY = 86_400_000;
const t0 = Date.parse('2026-01-05T01:00:00Z');
let now = t0;
let server: TestServer;
let token = '';

interface LogEntry {
  state: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  callId: string | null;
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => new Date(now) });
  token = (await createConnection(server, await server.login('admin'))).token;
}, 60_000);
afterAll(async () => server?.close());

const state = (id: string, s: string, at: number) => ({ eventId: id, type: 'agent.state', agentId: '1024', state: s, at: new Date(at).toISOString() });

async function log(): Promise<LogEntry[]> {
  const r = await server.request('/api/agents/1024/states?limit=200', { cookie: await server.login('lead') });
  expect(r.status).toBe(200);
  return (r.body as LogEntry[]).slice().sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

describe('states longer than 24.9 days', () => {
  it('an agent available for 40 days, then 200 days: the events are accepted and the log has the true durations', async () => {
    let r = await postEvents(server, token, [state('long-1', 'available', t0)]);
    expect(r.status).toBe(200);

    now = t0 + 40 * DAY;
    r = await postEvents(server, token, [state('long-2', 'break', now)]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('invalid');

    const back = now + 60_000;
    r = await postEvents(server, token, [state('long-3', 'available', back)]);
    expect(r.status).toBe(200);

    // 200 days later a call comes in and is answered: the available state ends there.
    now = back + 200 * DAY;
    const events = callEvents({ callId: 'long-call-1', agentNo: '1024', start: new Date(now), talkMs: 90_000 });
    r = await postEvents(server, token, events);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('invalid');

    const entries = await log();
    const ms = (e: LogEntry) => (e.endedAt === null ? null : Date.parse(e.endedAt) - Date.parse(e.startedAt));
    const first = entries.find((e) => e.startedAt && Date.parse(e.startedAt) === t0)!;
    expect(first).toMatchObject({ state: 'available', durationMs: 40 * DAY });
    expect(typeof first.durationMs).toBe('number');
    const second = entries.find((e) => Date.parse(e.startedAt) === back)!;
    expect(second.state).toBe('available');
    // answered after the 6 s ring
    expect(second.durationMs).toBe(200 * DAY + 6000);
    for (const e of entries) expect(e.durationMs).toBe(ms(e));
    const onCall = entries.find((e) => e.state === 'on_call')!;
    expect(onCall.durationMs).toBe(90_000);
  });

  it('an agent left in after-call work for 30 days: the call keeps that wrap-up time, as a number in the API', async () => {
    const start = now + DAY;
    const events = callEvents({ callId: 'long-call-2', agentNo: '1024', start: new Date(start), talkMs: 60_000 });
    now = start + 70_000;
    let r = await postEvents(server, token, events);
    expect(r.status).toBe(200);
    const end = start + 6000 + 60_000;
    now = end + 30 * DAY;
    r = await postEvents(server, token, [state('long-4', 'available', now)]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('invalid');
    const entries = await log();
    const wrap = entries.find((e) => e.state === 'wrap_up' && Date.parse(e.startedAt) === end);
    // (no job runs here, so no wrap-up timeout ends it earlier)
    expect(wrap).toMatchObject({ durationMs: 30 * DAY, endedAt: new Date(now).toISOString() });
    const calls = await server.request('/api/calls?limit=50', { cookie: await server.login('admin') });
    const call = (calls.body as { items: Array<{ externalId: string; id: string }> }).items.find((c) => c.externalId === 'long-call-2')!;
    const detail = await server.request(`/api/calls/${call.id}`, { cookie: await server.login('admin') });
    const wrapUpMs = (detail.body as { wrapUpMs: number | null }).wrapUpMs;
    expect(wrapUpMs).toBe(30 * DAY);
  });
  it('a call whose end the switch reports 30 days after the answer: accepted, with that talk time', async () => {
    const start = now + DAY;
    now = start + 6000 + 30 * DAY + 1000;
    const r = await postEvents(server, token, callEvents({ callId: 'long-call-3', agentNo: '1024', start: new Date(start), talkMs: 30 * DAY, transcript: false }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('invalid');
    const calls = await server.request('/api/calls?limit=50', { cookie: await server.login('admin') });
    const call = (calls.body as { items: Array<{ externalId: string; talkMs: number | null; waitMs: number | null }> }).items.find((c) => c.externalId === 'long-call-3')!;
    expect(call).toMatchObject({ talkMs: 30 * DAY, waitMs: 6000 });
    const onCall = (await log()).find((e) => e.state === 'on_call' && Date.parse(e.startedAt) === start + 6000)!;
    expect(onCall.durationMs).toBe(30 * DAY);
  });
  it('a segment offset past what the transcript keeps is refused on its own, with the field named; the rest of the batch is stored', async () => {
    const start = now + DAY;
    now = start + 120_000;
    const events = callEvents({ callId: 'long-call-4', agentNo: '1024', start: new Date(start), transcript: false });
    const ended = events.pop()!;
    const bad = { eventId: 'long-call-4-seg', callId: 'long-call-4', seq: 50, type: 'transcript.segment', at: new Date(start + 60_000).toISOString(), segment: { speaker: 'agent', start: 3_000_000_000, end: 3_000_000_500, text: '您好' } };
    const r = await postEvents(server, token, [...events, bad, ended]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const results = (r.body as { results: Array<{ eventId: string; status: string; error?: { code: string; field?: string } }> }).results;
    expect(results.find((x) => x.eventId === 'long-call-4-seg')).toMatchObject({ status: 'invalid', error: { code: 'CTI_EVENT_INVALID', field: 'segment.start' } });
    expect(results.filter((x) => x.eventId !== 'long-call-4-seg').every((x) => x.status === 'accepted')).toBe(true);
  });
});

describe('a number the database cannot hold', () => {
  it('is answered as VALUE_OUT_OF_RANGE (400), not an opaque BAD_REQUEST or a 500, on this database driver', async () => {
    const err = await sql`select ${'3000000000'}::text::integer as n`.execute(server.database.db).then(
      () => null,
      (e: unknown) => e as FastifyError,
    );
    expect(err).not.toBeNull();
    expect(toErrorBody(err!, 'req-1')).toEqual({ error: { code: 'VALUE_OUT_OF_RANGE', message: 'a number in the request is too large to store; nothing was saved' } });
    const malformed = await sql`select ${'abc'}::text::integer as n`.execute(server.database.db).then(
      () => null,
      (e: unknown) => e as FastifyError,
    );
    expect(toErrorBody(malformed!, 'req-2').error.code).toBe('BAD_REQUEST');
  });
});

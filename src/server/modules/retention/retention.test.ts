/**
 * Retention: the policy API, and the sweep over real traffic (CTI calls through the intake, QA by the worker,
 * sign-ins) and raw rows inserted with known ages. After the sweep, old rows are gone, recent ones and
 * everything a report reads are kept, and the call report equals a count over the calls table before and after
 * (also when every bin is rebuilt from the raw rows after the CTI events went).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../shared/retention.js';
import { callEvents, createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { enqueue } from '../../jobs/runner.js';
import { callbackCheckJob } from '../calls/calls.service.js';
import { sweep } from './retention.service.js';

const DAY = 86_400_000;
let now = new Date('2026-06-01T10:00:00+08:00');
let server: TestServer;
let admin = '';
let orgId = '';
let token = '';
let connectionId = '';

const count = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(`select count(*)::int as n from ${q}`)}`.execute(server.database.db)).rows[0]!.n);

/** The day's call figures counted here, from the calls table alone. */
async function rawCalls(day: string) {
  const rows = (
    await sql<{ status: string; answered_at: Date | null; abandoned: boolean; direction: string; talk_ms: number | string | null }>`
      select status, answered_at, abandoned, direction, talk_ms from calls
      where org_id = ${orgId} and ringing_at >= ${`${day}T00:00:00+08:00`}::timestamptz and ringing_at < ${`${day}T00:00:00+08:00`}::timestamptz + interval '1 day'`.execute(server.database.db)
  ).rows;
  let answered = 0;
  let abandoned = 0;
  let talk = 0;
  for (const r of rows) {
    if (r.direction !== 'in' || r.status !== 'ended') continue;
    if (r.answered_at) {
      answered++;
      talk += Number(r.talk_ms ?? 0); // bigint: a string from node-postgres
    } else if (r.abandoned) abandoned++;
  }
  return { answered, abandoned, avgTalkSec: answered ? talk / answered / 1000 : null };
}

async function report(day: string) {
  const r = await server.request(`/api/reports/kpi?from=${day}&to=${day}`, { cookie: admin });
  expect(r.status).toBe(200);
  return (r.body as { total: { calls: Record<string, number | null> } }).total.calls;
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now });
  admin = await server.login('admin');
  orgId = (await server.database.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow()).id;
  ({ token, id: connectionId } = await createConnection(server, admin));
});
afterAll(() => server.close());

describe('retention policy API', () => {
  it('gives the defaults, saves a policy with an audit row, refuses values out of bounds', async () => {
    const first = await server.request('/api/retention', { cookie: admin });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...DEFAULT_RETENTION, updatedAt: null, defaults: DEFAULT_RETENTION });
    const policy = { ...DEFAULT_RETENTION, jobsDays: 7, auditDays: 730 };
    const put = await server.request('/api/retention', { method: 'PUT', cookie: admin, json: policy });
    expect(put.status).toBe(200);
    expect((await server.request('/api/retention', { cookie: admin })).body).toMatchObject(policy);
    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', 'retention.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ jobsDays: 7, auditDays: 730 });
    for (const bad of [{ ctiEventsDays: 3 }, { auditDays: 30 }, { domainEventsDays: 1 }, { jobsDays: 1.5 }]) {
      const r = await server.request('/api/retention', { method: 'PUT', cookie: admin, json: { ...DEFAULT_RETENTION, ...bad } });
      expect(r.status).toBe(400);
    }
    expect((await server.request('/api/retention', { cookie: await server.login('manager') })).status).toBe(403);
    // back to the defaults for the sweep below
    expect((await server.request('/api/retention', { method: 'PUT', cookie: admin, json: DEFAULT_RETENTION })).status).toBe(200);
  });
});

describe('retention sweep', () => {
  it('deletes what is older than the policy in batches and keeps what reports and re-derivations read', async () => {
    // An old morning (1 June): answered calls with transcripts, an abandon, agents' states
    const old = new Date('2026-06-01T09:00:00+08:00').getTime();
    const oldEvents = [
      ...callEvents({ callId: 'old-1', start: new Date(old), agentNo: '1024' }),
      ...callEvents({ callId: 'old-2', start: new Date(old + 600_000), agentNo: '1024', hold: { at: 30_000, ms: 20_000 } }),
      ...callEvents({ callId: 'old-3', start: new Date(old + 1_200_000), answered: false }),
    ];
    now = new Date(old + 3_600_000);
    expect((await postEvents(server, token, oldEvents)).status).toBe(200);
    await drainJobs(server.database.db, new Date(now.getTime() + DAY));
    await server.login('agent'); // a sign-in on 1 June: an auth.login audit row

    // Today (5 December): a finished call and one still in progress (answered, not ended)
    const recent = new Date('2026-12-05T09:00:00+08:00').getTime();
    now = new Date(recent + 3_600_000);
    admin = await server.login('admin'); // the June session has expired
    const ongoing = callEvents({ callId: 'new-2', start: new Date(recent + 60_000), agentNo: '2001' });
    const ongoingEnd = ongoing.pop()!;
    // (agents other than June's, whose states are still open since June)
    expect((await postEvents(server, token, [...callEvents({ callId: 'new-1', start: new Date(recent), agentNo: '2002' }), ...ongoing])).status).toBe(200);

    // Raw rows of known ages: jobs and sign-in attempts
    const at = (d: string) => new Date(d);
    await sql`insert into jobs (name, payload, org_id, run_at, status, created_at, finished_at) values
      ('test.old-done', '{}', ${orgId}, ${at('2026-06-01')}, 'done', ${at('2026-06-01')}, ${at('2026-06-01')}),
      ('test.old-failed', '{}', ${orgId}, ${at('2026-06-01')}, 'failed', ${at('2026-06-01')}, ${at('2026-06-01')}),
      ('test.old-queued', '{}', ${orgId}, ${at('2026-06-01')}, 'queued', ${at('2026-06-01')}, null),
      ('test.new-done', '{}', ${orgId}, ${at('2026-12-04')}, 'done', ${at('2026-12-04')}, ${at('2026-12-04')}),
      ('test.old-system', '{}', null, ${at('2026-06-01')}, 'done', ${at('2026-06-01')}, ${at('2026-06-01')})`.execute(server.database.db);
    await sql`update jobs set finished_at = ${at('2026-06-02')} where name = 'qa.check' and status = 'done'`.execute(server.database.db);
    await sql`insert into login_attempts (username, ip, success, at) values
      ('agent', '10.0.0.1', false, ${at('2026-01-01')}), ('agent', '10.0.0.1', true, ${at('2026-12-01')})`.execute(server.database.db);

    const beforeReport = await report('2026-06-01');
    // traffic since the last report leaves markers for the rollups
    expect((await postEvents(server, token, callEvents({ callId: 'new-3', start: new Date(recent + 120_000), answered: false }))).status).toBe(200);
    expect(await count('kpi_dirty_bins')).toBeGreaterThan(0);
    const before = {
      report: beforeReport,
      raw: await rawCalls('2026-06-01'),
      calls: await count('calls'),
      stateLog: await count('agent_state_log'),
      oldJobs: await count(`jobs where status in ('done', 'failed') and finished_at < '2026-11-01'`),
      qaResults: await count('qa_results'),
      audit: await count(`audit_log where action not in ('auth.login', 'auth.logout')`),
    };
    expect(before.raw).toMatchObject({ answered: 2, abandoned: 1 });
    expect(before.report).toMatchObject({ answered: 2, abandoned: 1 });
    expect(before.report['avgTalkSec']).toBeCloseTo(before.raw.avgTalkSec!, 0);
    expect(await count(`cti_events where call_key like 'old-%'`)).toBeGreaterThan(10);
    expect(await count(`domain_events where occurred_at < '2026-07-01'`)).toBeGreaterThan(0);
    expect(await count(`agent_state_facts where at < '2026-07-01'`)).toBeGreaterThan(0);

    // the sweep, a day later, in batches of 3 rows
    const swept = await sweep(server.database.db, new Date('2026-12-06T12:00:00+08:00'), undefined, 3);

    // gone: old finished jobs (the organisation's and the deployment's), old CTI events, domain events, facts, sign-ins
    const jobs = (await server.database.db.selectFrom('jobs').select('name').where('name', 'like', 'test.%').orderBy('name').execute()).map((r) => r.name);
    expect(jobs).toEqual(['test.new-done', 'test.old-queued']);
    expect(await count(`jobs where name = 'qa.check' and status = 'done'`)).toBe(0);
    expect(await count(`jobs where name = 'qa.check' and status = 'queued'`)).toBeGreaterThan(0); // today's calls' checks, not run yet
    expect(await count(`cti_events where call_key like 'old-%'`)).toBe(0);
    expect(await count(`domain_events where occurred_at < '2026-07-01'`)).toBe(0);
    expect(await count(`agent_state_facts where at < '2026-07-01'`)).toBe(0);
    expect(await count(`login_attempts where at < '2026-06-01'`)).toBe(0);
    expect(await count(`audit_log where action = 'auth.login' and at < '2026-07-01'`)).toBe(0);
    expect(swept.ctiEvents).toBe(oldEvents.length);
    expect(swept.jobs).toBe(before.oldJobs);
    expect(before.oldJobs).toBeGreaterThanOrEqual(3);
    // kept: today's events and facts, the recent sign-in, the rest of the audit log (kept for ever by default)
    expect(await count(`cti_events where call_key like 'new-%'`)).toBeGreaterThan(0);
    expect(await count(`domain_events where occurred_at > '2026-12-01'`)).toBeGreaterThan(0);
    expect(await count(`agent_state_facts where at > '2026-12-01'`)).toBeGreaterThan(0);
    expect(await count(`login_attempts where ip = '10.0.0.1'`)).toBe(1);
    expect(await count(`audit_log where action not in ('auth.login', 'auth.logout')`)).toBe(before.audit);
    // the markers were folded into the rollups, and nothing a report reads went
    expect(await count('kpi_dirty_bins')).toBe(0);
    expect(await count('calls')).toBe(before.calls);
    expect(await count('agent_state_log')).toBe(before.stateLog);
    expect(await count('qa_results')).toBe(before.qaResults);

    // the report is the same and still equals the raw count, also when every bin is rebuilt from the calls
    expect(await report('2026-06-01')).toEqual(before.report);
    expect(await rawCalls('2026-06-01')).toEqual(before.raw);
    for (const t1Sec of [10, 15]) expect((await server.request('/api/reports/settings', { method: 'PUT', cookie: admin, json: { t1Sec, t2Sec: 20 } })).status).toBe(200);
    expect(await count('kpi_dirty_bins')).toBeGreaterThan(0);
    expect(await report('2026-06-01')).toEqual(before.report);

    // the call still in progress kept its events: its end, arriving now, folds with them
    expect((await postEvents(server, token, [ongoingEnd])).status).toBe(200);
    const call = await server.database.db.selectFrom('calls').select(['status', 'talk_ms', 'answered_at']).where('external_id', '=', 'new-2').where('connection_id', '=', connectionId).executeTakeFirstOrThrow();
    expect(call.status).toBe('ended');
    expect(call.answered_at).not.toBeNull();
    expect(Number(call.talk_ms)).toBe(60_000);
  });

  it('prunes the audit log only by its own rule, leaves a row saying so, and the log stays append-only otherwise', async () => {
    await sql`insert into audit_log (org_id, actor_name, action, entity_type, entity_id, at) values
      (${orgId}, 'someone', 'tickets.create', 'ticket', 't-ancient', '2023-01-01T00:00:00Z'),
      (${orgId}, 'someone', 'tickets.create', 'ticket', 't-recent', '2026-11-01T00:00:00Z')`.execute(server.database.db);
    const sweepAt = new Date('2026-12-06T12:00:00+08:00');
    await sweep(server.database.db, sweepAt); // default policy: the audit log is kept
    expect(await count(`audit_log where entity_id = 't-ancient'`)).toBe(1);

    expect((await server.request('/api/retention', { method: 'PUT', cookie: admin, json: { ...DEFAULT_RETENTION, auditDays: 365 } })).status).toBe(200);
    const swept = await sweep(server.database.db, sweepAt);
    expect(swept.audit).toBe(1);
    expect(await count(`audit_log where entity_id = 't-ancient'`)).toBe(0);
    expect(await count(`audit_log where entity_id = 't-recent'`)).toBe(1);
    const note = await server.database.db.selectFrom('audit_log').select(['actor_name', 'after']).where('action', '=', 'retention.audit_pruned').executeTakeFirstOrThrow();
    expect(note.actor_name).toBe('system');
    expect(note.after).toMatchObject({ rows: 1 });
    // outside the sweep a delete or an update is still refused by the database
    await expect(sql`delete from audit_log where entity_id = 't-recent'`.execute(server.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set actor_name = 'x' where entity_id = 't-recent'`.execute(server.database.db)).rejects.toThrow(/append-only/);
    await expect(
      server.database.db.transaction().execute(async (tx) => {
        await sql`select set_config('rexian.retention', 'on', true)`.execute(tx);
        await sql`update audit_log set actor_name = 'x' where entity_id = 't-recent'`.execute(tx);
      }),
    ).rejects.toThrow(/append-only/);
  });
});

describe('dedupe keys freed by the sweep', () => {
  it('a callback check queued again after its finished job was deleted opens nothing and changes nothing', async () => {
    const db = server.database.db;
    const t = new Date('2026-12-06T09:00:00+08:00').getTime();
    now = new Date(t + 600_000);
    admin = await server.login('admin');
    expect((await postEvents(server, token, callEvents({ callId: 'late-miss', start: new Date(t), answered: false, from: '13900001111' }))).status).toBe(200);
    await drainJobs(db, new Date(now.getTime() + DAY));
    const call = await db.selectFrom('calls').select('id').where('external_id', '=', 'late-miss').executeTakeFirstOrThrow();
    const key = `callback:${call.id}`;
    const tasks = () => db.selectFrom('callback_tasks').select(['id', 'status', 'attempts']).where(sql<boolean>`${call.id}::uuid = any(call_ids)`).execute();
    const callbackEvents = () => count(`domain_events where type like 'callback.%'`);
    const [task] = await tasks();
    expect(task).toMatchObject({ status: 'open' });
    // the caller was called back: the task is done
    expect((await server.request(`/api/callbacks/${task!.id}/attempts`, { method: 'POST', cookie: admin, json: { outcome: 'reached' } })).status).toBe(200);
    expect(await tasks()).toMatchObject([{ id: task!.id, status: 'done' }]);

    // 16 days on, the sweep deletes the finished check (14 days), which frees its dedupe key
    expect(await count(`jobs where dedupe_key = '${key}' and status = 'done'`)).toBe(1);
    now = new Date(t + 16 * DAY);
    await sweep(db, now);
    expect(await count(`jobs where dedupe_key = '${key}'`)).toBe(0);

    // a late event of the call does not queue the check again: the intake queues it only when a call becomes missed,
    // and this one was missed already
    const late = { eventId: 'late-miss-9', callId: 'late-miss', seq: 9, type: 'call.recording', at: new Date(t + 60_000).toISOString(), recordingUrl: 'https://recordings.example.org/late-miss.wav' };
    expect((await postEvents(server, token, [late])).status).toBe(200);
    expect(await count(`jobs where dedupe_key = '${key}'`)).toBe(0);

    // and if something does queue it again (the key is free), the check finds the call decided: no new task, no event
    const eventsBefore = await callbackEvents();
    expect(await enqueue(db, callbackCheckJob, { callId: call.id }, { orgId, dedupeKey: key })).toBe(true);
    expect(await drainJobs(db, new Date(now.getTime() + DAY))).toBeGreaterThan(0);
    expect(await count(`jobs where dedupe_key = '${key}' and status = 'done'`)).toBe(1);
    expect(await tasks()).toMatchObject([{ id: task!.id, status: 'done', attempts: 1 }]);
    expect(await callbackEvents()).toBe(eventsBefore);
  });
});

describe('late events after the sweep pruned what they would fold with', () => {
  it('a late event of an archived call is refused per event and changes nothing; the rest of the batch is stored; a very late agent state leaves the pruned log alone', async () => {
    const db = server.database.db;
    const day = '2027-01-10';
    const t = new Date(`${day}T09:00:00+08:00`).getTime();
    now = new Date(t + 3_600_000);
    admin = await server.login('admin');
    const agentNo = '3001';
    const events = callEvents({ callId: 'arch-1', start: new Date(t), agentNo, hold: { at: 30_000, ms: 20_000 } });
    const state = (id: string, atMs: number, s: string, reason?: string) => ({ eventId: id, type: 'agent.state', at: new Date(t + atMs).toISOString(), agentId: agentNo, state: s, ...(reason ? { reason } : {}) });
    const endMs = 66_000;
    const agentEvents = [state('arch-a1', -60_000, 'available'), state('arch-a2', endMs + 120_000, 'break', 'lunch'), state('arch-a3', endMs + 600_000, 'available'), state('arch-a4', endMs + 1_200_000, 'offline')];
    expect((await postEvents(server, token, [...events, ...agentEvents])).status).toBe(200);
    await drainJobs(db, new Date(now.getTime() + DAY));

    // Expected figures, from the raw CTI events as the switch sent them (not from the calls table)
    const raw = (
      await sql<{ type: string; at: Date }>`select type, at from cti_events where connection_id = ${connectionId} and call_key = 'arch-1' order by seq`.execute(db)
    ).rows;
    const at = (type: string) => new Date(raw.find((r) => r.type === type)!.at).getTime();
    const holdMs = at('call.resume') - at('call.hold');
    const expected = {
      status: 'ended',
      answeredAt: at('call.answered'),
      endedAt: at('call.ended'),
      talkMs: at('call.ended') - at('call.answered') - holdMs,
      holdMs,
      segments: raw.filter((r) => r.type === 'transcript.segment').length,
    };
    expect(expected).toMatchObject({ talkMs: 40_000, holdMs: 20_000, segments: 11 });
    const callRow = () =>
      db
        .selectFrom('calls')
        .select(['id', 'status', 'answered_at', 'ended_at', 'talk_ms', 'hold_ms', 'wait_ms', 'segments', 'state', 'updated_at', 'qa_transcript_id', 'events_pruned_at'])
        .where('connection_id', '=', connectionId)
        .where('external_id', '=', 'arch-1')
        .executeTakeFirstOrThrow();
    const before = await callRow();
    expect({
      status: before.status,
      answeredAt: new Date(before.answered_at!).getTime(),
      endedAt: new Date(before.ended_at!).getTime(),
      talkMs: Number(before.talk_ms),
      holdMs: Number(before.hold_ms),
      segments: before.segments,
    }).toEqual(expected);
    const agentLog = () =>
      sql<{ state: string; reason: string | null; started_at: Date; ended_at: Date | null }>`
        select state, reason, started_at, ended_at from agent_state_log where org_id = ${orgId} and agent_no = ${agentNo} order by started_at, id`.execute(db).then((r) => r.rows);
    const agentStatus = () => db.selectFrom('agent_status').select(['state', 'reason', 'since']).where('agent_no', '=', agentNo).executeTakeFirstOrThrow();
    const logBefore = await agentLog();
    const statusBefore = await agentStatus();
    // available, on the call, after-call work (ended by its one-minute limit), available, lunch break, available, signed off
    expect(logBefore.map((e) => e.state)).toEqual(['available', 'on_call', 'wrap_up', 'available', 'break', 'available', 'offline']);
    expect(statusBefore.state).toBe('offline');

    // 91 days on, the sweep deletes the call's events and the agent's facts, and marks the call. The day's report just
    // before it, rebuilt from the raw rows at this clock (agents of other tests still have open states that day)
    now = new Date(t + 91 * DAY);
    admin = await server.login('admin');
    const rebuild = async () => {
      for (const t1Sec of [12, 10]) expect((await server.request('/api/reports/settings', { method: 'PUT', cookie: admin, json: { t1Sec, t2Sec: 20 } })).status).toBe(200);
    };
    await rebuild();
    const beforeReport = await report(day);
    expect(beforeReport).toMatchObject({ offered: 1, answered: 1 });
    expect(beforeReport['avgTalkSec']).toBeCloseTo(expected.talkMs / 1000, 3);
    const swept = await sweep(db, now);
    expect(swept.ctiEvents).toBeGreaterThanOrEqual(events.length + agentEvents.length);
    expect(await count(`cti_events where call_key = 'arch-1' or event_id like 'arch-a%'`)).toBe(0);
    expect(await count(`agent_state_facts where agent_no = '${agentNo}'`)).toBe(0);
    const marked = await callRow();
    expect(new Date(marked.events_pruned_at!).getTime()).toBe(now.getTime());
    const horizon = await db.selectFrom('retention_horizons').select('agent_facts_before').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(new Date(horizon.agent_facts_before).getTime()).toBe(now.getTime() - DEFAULT_RETENTION.agentFactsDays * DAY);

    // A late batch: an event of the archived call that sorts before its end (the intake would refold the call from it
    // alone), a new call of today, and an agent state from inside the pruned past
    const lateCall = { eventId: 'arch-1-late', callId: 'arch-1', seq: 2, type: 'call.hold', at: new Date(t + 9000).toISOString() };
    const lateState = state('arch-a-late', endMs + 300_000, 'busy', 'paperwork');
    const fresh = callEvents({ callId: 'arch-fresh', start: new Date(now.getTime() - 300_000), agentNo: '3002' });
    const r = await postEvents(server, token, [lateCall, ...fresh, lateState]);
    expect(r.status).toBe(200);
    const body = r.body as { accepted: number; refused: number; results: Array<{ index: number; eventId: string; status: string; error?: { code: string; field: string } }> };
    expect(body.refused).toBe(1);
    expect(body.results[0]).toMatchObject({ index: 0, eventId: 'arch-1-late', status: 'refused', error: { code: 'CTI_CALL_ARCHIVED', field: 'callId' } });
    expect(body.results.slice(1).every((x) => x.status === 'accepted')).toBe(true);
    expect(body.accepted).toBe(fresh.length + 1);
    // the rest of the batch is stored and applied; the refused event is not stored (sent again, it is refused again)
    expect(await count(`cti_events where call_key = 'arch-fresh'`)).toBe(fresh.length);
    expect(await count(`cti_events where event_id = 'arch-1-late'`)).toBe(0);
    const freshCall = await db.selectFrom('calls').select(['status', 'talk_ms']).where('external_id', '=', 'arch-fresh').executeTakeFirstOrThrow();
    expect(freshCall.status).toBe('ended');
    const again = await postEvents(server, token, lateCall);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 0, refused: 1, results: [{ status: 'refused', error: { code: 'CTI_CALL_ARCHIVED' } }] });

    // nothing of the archived call changed, nor the report of its day (also when its bins are rebuilt from the calls)
    expect(await callRow()).toEqual(marked);
    expect(await report(day)).toEqual(beforeReport);
    await rebuild();
    expect(await report(day)).toEqual(beforeReport);
    // the agent's log before the pruning horizon is final: the very late state did not derive it again over missing facts
    expect(await agentLog()).toEqual(logBefore);
    expect(await agentStatus()).toEqual(statusBefore);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createConnection, postTranscripts } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { allJobs } from '../../jobs/index.js';
import { Worker } from '../../jobs/runner.js';

const fixtures = path.resolve(import.meta.dirname, '../../../shared/qa/fixtures');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as { id: string; expected: string[]; agent: { id: string } };

let server: TestServer;
let inspector: string;
let asr: string; // an integration's token: the fixtures are calls rexian never saw
let worker: Worker;
beforeAll(async () => {
  // a fixed clock: the fixtures' calls are from March 2026, and the trend looks back from "now"
  server = await startTestServer({ clock: () => new Date('2026-06-01T08:00:00+08:00') });
  inspector = await server.login('inspector');
  asr = (await createConnection(server, await server.login('admin'), 'asr')).token;
  worker = new Worker({ db: server.database.db, jobs: allJobs, log: pino({ level: 'silent' }), pollMs: 50 });
});
afterAll(() => server.close());

interface Listed {
  items: Array<{ id: string; callId: string; score: number | null; fatal: boolean | null; checks: string[]; agentNo: string }>;
  total: number;
}

describe('QA of submitted transcripts', () => {
  const names = ['privacy.disclosure.v1', 'greeting.incomplete.v1', 'answer.late-no-apology.ok1'];

  it('accepts a batch, reports the bad item by index, and loses none of the good ones', async () => {
    const batch = [load(names[0]!), { id: 'broken', agent: { id: '1024' }, segments: 'nope' }, load(names[1]!), load(names[2]!)];
    const r = await postTranscripts(server, asr, batch);
    expect(r.status).toBe(202);
    const body = r.body as { accepted: number; rejected: number; items: Array<{ index: number; status: string; error?: string }> };
    expect(body.accepted).toBe(3);
    expect(body.rejected).toBe(1);
    expect(body.items[1]).toMatchObject({ index: 1, status: 'invalid' });
    expect(body.items[1]?.error).toMatch(/startedAt|segments/);
  });

  it('shows the calls as queued until the worker checks them, then with the engine’s findings', async () => {
    const before = (await server.request('/api/qa/results', { cookie: inspector })).body as Listed;
    expect(before.total).toBe(3);
    expect(before.items.every((i) => i.score === null)).toBe(true);

    expect(await worker.drain()).toBeGreaterThanOrEqual(3);
    const after = (await server.request('/api/qa/results', { cookie: inspector })).body as Listed;
    for (const name of names) {
      const item = after.items.find((i) => i.callId === name);
      expect(item?.checks.sort()).toEqual([...load(name).expected].sort());
    }
    const privacy = after.items.find((i) => i.callId === 'privacy.disclosure.v1');
    expect(privacy).toMatchObject({ fatal: true, score: 0 });
    const clean = after.items.find((i) => i.callId === 'answer.late-no-apology.ok1');
    expect(clean?.score).toBe(100);
  });

  it('filters by check, fatal and score', async () => {
    const fatal = (await server.request('/api/qa/results?fatal=true', { cookie: inspector })).body as Listed;
    expect(fatal.items.map((i) => i.callId)).toEqual(['privacy.disclosure.v1']);
    const greeting = (await server.request('/api/qa/results?check=greeting.incomplete', { cookie: inspector })).body as Listed;
    expect(greeting.items.map((i) => i.callId)).toContain('greeting.incomplete.v1');
    expect(greeting.items.map((i) => i.callId)).not.toContain('answer.late-no-apology.ok1');
    const perfect = (await server.request('/api/qa/results?minScore=100', { cookie: inspector })).body as Listed;
    expect(perfect.items.map((i) => i.callId)).toEqual(['answer.late-no-apology.ok1']);
    const bad = await server.request('/api/qa/results?minScore=abc', { cookie: inspector });
    expect(bad.status).toBe(400);
  });

  it('gives a scorecard with the transcript and evidence quoting the original words', async () => {
    const list = (await server.request('/api/qa/results?check=privacy.disclosure', { cookie: inspector })).body as Listed;
    const card = (await server.request(`/api/qa/results/${list.items[0]?.id}`, { cookie: inspector })).body as {
      transcript: { segments: Array<{ text: string }> };
      findings: Array<{ check: string; segment: number | null; evidence: string }>;
    };
    const f = card.findings.find((x) => x.check === 'privacy.disclosure');
    expect(f?.segment).not.toBeNull();
    expect(card.transcript.segments[f!.segment!]?.text).toBe(f?.evidence);
  });

  it('lets an agent see only their own calls', async () => {
    const agent = await server.login('agent'); // 工号 1024
    const mine = (await server.request('/api/qa/results', { cookie: agent })).body as Listed;
    expect(mine.items.every((i) => i.agentNo === '1024')).toBe(true);
    const others = (await server.request('/api/qa/results?agent=9999', { cookie: agent })).body as Listed;
    expect(others.items.every((i) => i.agentNo === '1024')).toBe(true);
    const dept = await server.login('dept');
    expect((await server.request('/api/qa/results', { cookie: dept })).status).toBe(403);
  });

  it('exports the list to Excel', async () => {
    const res = await fetch(`${server.baseUrl}/api/qa/results.xlsx`, { headers: { cookie: inspector } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('通话编号');
    expect(ws.rowCount).toBe(4);
  });

  it('re-checks calls since a date and reports the daily trend', async () => {
    const r = await server.request('/api/qa/recheck', { method: 'POST', cookie: inspector, json: { since: '2020-01-01' } });
    expect(r.body).toEqual({ queued: 3 });
    expect(await worker.drain()).toBe(3);
    const trend = (await server.request('/api/qa/trend?days=366', { cookie: inspector })).body as { items: Array<{ agentNo: string; calls: number }> };
    expect(trend.items.reduce((n, i) => n + i.calls, 0)).toBe(3);
  });

  it('counts the trend’s days in the organisation’s time zone', async () => {
    const db = server.database.db;
    const orgId = (await db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const calls = ((await server.request('/api/qa/results?limit=100', { cookie: inspector })).body as { items: Array<{ startedAt: string }> }).items;
    // independent of the code under test: each call's local date, by Intl, in the zone the trend should use
    const daysIn = (timeZone: string) => [...new Set(calls.map((c) => new Date(c.startedAt).toLocaleDateString('sv-SE', { timeZone })))].sort();
    const trendDays = async () => [...new Set(((await server.request('/api/qa/trend?days=366', { cookie: inspector })).body as { items: Array<{ day: string }> }).items.map((i) => i.day))].sort();
    expect(await trendDays()).toEqual(daysIn('Asia/Shanghai'));
    const calendar = await db.selectFrom('sla_calendars').select('timezone').where('org_id', '=', orgId).executeTakeFirst();
    try {
      // 15–16 hours behind China: the fixtures' daytime calls fall on the day before
      if (calendar) await db.updateTable('sla_calendars').set({ timezone: 'America/Los_Angeles' }).where('org_id', '=', orgId).execute();
      else await db.insertInto('sla_calendars').values({ org_id: orgId, timezone: 'America/Los_Angeles' }).execute();
      expect(daysIn('America/Los_Angeles')).not.toEqual(daysIn('Asia/Shanghai'));
      expect(await trendDays()).toEqual(daysIn('America/Los_Angeles'));
    } finally {
      if (calendar) await db.updateTable('sla_calendars').set({ timezone: calendar.timezone }).where('org_id', '=', orgId).execute();
      else await db.deleteFrom('sla_calendars').where('org_id', '=', orgId).execute();
    }
  });

  it('averages the trend to one decimal, as the raw rows do (96 and 99 are 97.5, not 98)', async () => {
    const db = server.database.db;
    const rows = await db
      .selectFrom('qa_transcripts as t')
      .innerJoin('qa_results as r', 'r.transcript_id', 't.id')
      .select(['t.id', 't.agent_no', 't.started_at', 'r.effective_score'])
      .orderBy('t.started_at')
      .execute();
    const [a, b] = rows;
    try {
      // the second call moved to the first one's agent and time, scored 96 and 99; any other of that day scored 100
      await db.updateTable('qa_transcripts').set({ agent_no: a!.agent_no, started_at: a!.started_at }).where('id', '=', b!.id).execute();
      await db.updateTable('qa_results').set({ effective_score: 100 }).execute();
      await db.updateTable('qa_results').set({ effective_score: 96 }).where('transcript_id', '=', a!.id).execute();
      await db.updateTable('qa_results').set({ effective_score: 99 }).where('transcript_id', '=', b!.id).execute();
      // independent of the code under test: the raw rows grouped by local day and agent, averaged, one decimal
      const raw = await db.selectFrom('qa_transcripts as t').innerJoin('qa_results as r', 'r.transcript_id', 't.id').select(['t.agent_no', 't.started_at', 'r.effective_score']).execute();
      const groups = new Map<string, number[]>();
      for (const r of raw) {
        const key = `${new Date(r.started_at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })} ${r.agent_no}`;
        groups.set(key, [...(groups.get(key) ?? []), r.effective_score]);
      }
      const expected = Object.fromEntries([...groups].map(([k, v]) => [k, Math.round((v.reduce((x, y) => x + y, 0) / v.length) * 10) / 10]));
      const trend = (await server.request('/api/qa/trend?days=366', { cookie: inspector })).body as { items: Array<{ day: string; agentNo: string; avgScore: number }> };
      expect(Object.fromEntries(trend.items.map((i) => [`${i.day} ${i.agentNo}`, i.avgScore]))).toEqual(expected);
      expect(trend.items.some((i) => !Number.isInteger(i.avgScore))).toBe(true);
    } finally {
      await db.updateTable('qa_transcripts').set({ agent_no: b!.agent_no, started_at: b!.started_at }).where('id', '=', b!.id).execute();
      for (const r of rows) await db.updateTable('qa_results').set({ effective_score: r.effective_score }).where('transcript_id', '=', r.id).execute();
    }
  });
});

describe('QA list by 班组 (team = a queue and its members)', () => {
  /** A fixture as another call: its own id, agent and start time. */
  const callOf = (name: string, id: string, agentNo: string, startedAt: string) => ({ ...load(name), id, agent: { id: agentNo, name: `坐席${agentNo}` }, startedAt });
  const list = async (query: string, cookie = inspector) => {
    const r = await server.request(`/api/qa/results?${query}`, { cookie });
    expect(r.status).toBe(200);
    return r.body as Listed;
  };
  const callIds = (l: Listed) => l.items.map((i) => i.callId).sort();
  let admin: string;

  beforeAll(async () => {
    admin = await server.login('admin');
    const ids: Record<string, string> = {};
    for (const no of ['3001', '3002']) {
      const r = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: `agent${no}`, displayName: `坐席${no}`, role: 'agent', agentNo: no, password: 'a-long-password' } });
      expect(r.status).toBe(201);
      ids[no] = (r.body as { id: string }).id;
    }
    const users = (await server.request('/api/users', { cookie: admin })).body as { items: Array<{ id: string; username: string }> };
    ids['1024'] = users.items.find((u) => u.username === 'agent')!.id;
    // 一班: 3001 and the demo agent 1024; 二班: 3002 only
    for (const [code, name, members] of [['day-1', '日间一班', [ids['3001'], ids['1024']]], ['day-2', '日间二班', [ids['3002']]]] as const) {
      const r = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code, name, members } });
      expect(r.status).toBe(201);
    }
    const batch = [
      callOf('privacy.disclosure.v1', 'team.a-fatal', '3001', '2026-05-20T09:00:00+08:00'),
      callOf('answer.late-no-apology.ok1', 'team.a-clean', '3001', '2026-05-20T10:00:00+08:00'),
      callOf('privacy.disclosure.v1', 'team.b-fatal', '3002', '2026-05-20T09:30:00+08:00'),
      callOf('greeting.incomplete.v1', 'team.b-greeting', '3002', '2026-05-21T09:00:00+08:00'),
      callOf('answer.late-no-apology.ok1', 'team.none', '3999', '2026-05-21T11:00:00+08:00'), // an agent in no queue
    ];
    expect(((await postTranscripts(server, asr, batch)).body as { accepted: number }).accepted).toBe(5);
    await worker.drain();
  });

  it('lists the teams for the filter: code and name only, for inspectors and agents, not for departments', async () => {
    for (const cookie of [inspector, await server.login('agent')]) {
      const r = await server.request('/api/qa/teams', { cookie });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ items: [{ code: 'day-1', name: '日间一班' }, { code: 'day-2', name: '日间二班' }] });
    }
    expect((await server.request('/api/qa/teams', { cookie: await server.login('dept') })).status).toBe(403);
  });

  it('returns only the calls of the team’s members', async () => {
    const one = await list('team=day-1');
    expect(new Set(one.items.map((i) => i.agentNo))).toEqual(new Set(['3001', '1024']));
    // every call of each member, and nobody else's
    const byAgent = (await list('agent=3001')).total + (await list('agent=1024')).total;
    expect(one.total).toBe(byAgent);
    expect(callIds(one)).toEqual(expect.arrayContaining(['team.a-clean', 'team.a-fatal', 'privacy.disclosure.v1']));
    const two = await list('team=day-2');
    expect(callIds(two)).toEqual(['team.b-fatal', 'team.b-greeting']);
    expect(callIds(await list(''))).toContain('team.none');
  });

  it('combines with the other filters', async () => {
    expect(callIds(await list('team=day-1&fatal=true'))).toEqual(['privacy.disclosure.v1', 'team.a-fatal']);
    expect(callIds(await list('team=day-2&check=privacy.disclosure'))).toEqual(['team.b-fatal']);
    expect(callIds(await list('team=day-2&from=2026-05-21'))).toEqual(['team.b-greeting']);
    expect(callIds(await list('team=day-1&agent=3001&fatal=false'))).toEqual(['team.a-clean']);
    expect((await list('team=day-2&agent=3001')).total).toBe(0);
  });

  it('refuses an unknown team with 400 QA_TEAM_UNKNOWN, on the list, the export and the trend', async () => {
    for (const url of ['/api/qa/results?team=night-9', '/api/qa/results.xlsx?team=night-9', '/api/qa/trend?team=night-9']) {
      const r = await server.request(url, { cookie: inspector });
      expect(r.status, url).toBe(400);
      const error = (r.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('QA_TEAM_UNKNOWN');
      expect(error.message).toContain('night-9');
    }
    expect((await server.request('/api/qa/results?team=', { cookie: inspector })).status).toBe(400);
  });

  it('applies the team to the Excel export and the trend', async () => {
    const res = await fetch(`${server.baseUrl}/api/qa/results.xlsx?team=day-2`, { headers: { cookie: inspector } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(3);
    expect([ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value].sort()).toEqual(['team.b-fatal', 'team.b-greeting']);

    const trend = (await server.request('/api/qa/trend?days=366&team=day-2', { cookie: inspector })).body as { items: Array<{ agentNo: string; calls: number }> };
    expect(trend.items.map((i) => i.agentNo)).toEqual(['3002', '3002']);
    expect(trend.items.reduce((n, i) => n + i.calls, 0)).toBe(2);
  });

  it('still shows an agent only their own calls, whatever team they ask for', async () => {
    const agent = await server.login('agent'); // 工号 1024, in 日间一班
    const mine = await list('team=day-1', agent);
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.agentNo === '1024')).toBe(true);
    expect((await list('team=day-2', agent)).total).toBe(0);
    const trend = (await server.request('/api/qa/trend?days=366&team=day-1', { cookie: agent })).body as { items: Array<{ agentNo: string }> };
    expect(trend.items.every((i) => i.agentNo === '1024')).toBe(true);
  });
});

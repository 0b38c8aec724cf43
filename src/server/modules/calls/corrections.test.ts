// 差错更正 (seed 001, standard 7): an answer found wrong opens a callback task with the pack's own limit
// (government-12345: 2 hours), carrying the right answer; on a clock the test moves, it falls overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

let now = new Date('2025-09-30T10:00:00+08:00');
let server: TestServer;
let callId: string;
const as = async (user: string) => server.login(user);
interface Task { id: string; reason: string; detail: string | null; dueAt: string; overdue: boolean; callIds: string[] }
const openTasks = async () => (await server.request('/api/callbacks?status=open', { cookie: await as('lead') })).body as Task[];

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  const admin = await as('admin');
  const conn = await createConnection(server, admin);
  const posted = await postEvents(server, conn.token, callEvents({ callId: 'CORR-1', start: new Date('2025-09-30T09:30:00+08:00'), from: '13900001111' }));
  expect(posted.status).toBe(200);
  const call = await server.database.db.selectFrom('calls').select('id').where('external_id', '=', 'CORR-1').executeTakeFirstOrThrow();
  callId = call.id;
});
afterAll(() => server.close());

describe('correction callback (差错更正)', () => {
  it('a lead marks the answer wrong: a callback task of reason correction, due in the pack’s 2 hours, with the right answer', async () => {
    const r = await server.request(`/api/calls/${callId}/correction`, { method: 'POST', cookie: await as('lead'), json: { correction: '停水通知以水务集团公告为准：望江路片区今天 18:00 前恢复供水，不是明天。' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ dueAt: '2025-09-30T04:00:00.000Z', created: true });
    const tasks = await openTasks();
    expect(tasks).toEqual([expect.objectContaining({ reason: 'correction', dueAt: '2025-09-30T04:00:00.000Z', overdue: false, callIds: [callId], detail: expect.stringContaining('18:00 前恢复供水') })]);
    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_id', '=', callId).where('action', '=', 'call.correction').execute();
    expect(audit).toEqual([{ action: 'call.correction', actor_name: 'lead' }]);
  });

  it('the task falls overdue when the clock passes the limit; a second correction joins the caller’s open task', async () => {
    now = new Date('2025-09-30T11:59:00+08:00');
    expect((await openTasks())[0]?.overdue).toBe(false);
    now = new Date('2025-09-30T12:01:00+08:00');
    expect((await openTasks())[0]?.overdue).toBe(true);
    const again = await server.request(`/api/calls/${callId}/correction`, { method: 'POST', cookie: await as('inspector'), json: { correction: '办理地点是区政务服务中心二楼。' } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ created: false });
    const tasks = await openTasks();
    expect(tasks).toHaveLength(1);
    // the earlier due stays (the caller is owed the first correction already)
    expect(tasks[0]).toMatchObject({ reason: 'correction', dueAt: '2025-09-30T04:00:00.000Z' });
    expect(tasks[0]!.detail?.split('\n')).toHaveLength(2);
  });

  it('from the call’s QA result (an inspector reviewing it) the same task is opened', async () => {
    const call = await server.database.db.selectFrom('calls').select(['qa_transcript_id']).where('id', '=', callId).executeTakeFirstOrThrow();
    expect(call.qa_transcript_id).toBeTruthy();
    const r = await server.request(`/api/qa/results/${call.qa_transcript_id}/correction`, { method: 'POST', cookie: await as('inspector'), json: { correction: '补办社保卡不收工本费。' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await openTasks())[0]!.detail).toContain('不收工本费');
    expect((await server.request('/api/qa/results/00000000-0000-4000-8000-000000000000/correction', { method: 'POST', cookie: await as('inspector'), json: { correction: 'x' } })).status).toBe(404);
  });

  it('agents and departments may not mark; an empty correction and an unknown call are refused', async () => {
    expect((await server.request(`/api/calls/${callId}/correction`, { method: 'POST', cookie: await as('agent'), json: { correction: 'x' } })).status).toBe(403);
    expect((await server.request(`/api/calls/${callId}/correction`, { method: 'POST', cookie: await as('dept'), json: { correction: 'x' } })).status).toBe(403);
    expect((await server.request(`/api/calls/${callId}/correction`, { method: 'POST', cookie: await as('lead'), json: { correction: '  ' } })).status).toBe(400);
    expect((await server.request('/api/calls/00000000-0000-4000-8000-000000000000/correction', { method: 'POST', cookie: await as('lead'), json: { correction: '正确的答复' } })).status).toBe(404);
  });
});

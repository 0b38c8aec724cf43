// 夜间模式 on the workbench: a call answered in the pack's night hours (12345: 22:00–08:00) that ends with a
// call-back promised for the day gets a callback task of reason promised, due within nightMode.callback.within
// (4 working hours) counted from the morning — on a clock the test moves into the night.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

let now = new Date('2025-09-29T23:10:00+08:00'); // Monday night; Tuesday 30 September is a working day
let server: TestServer;
let agent = '';
const post = (path: string, json: unknown) => server.request(path, { method: 'POST', cookie: agent, json });
interface Task { reason: string; detail: string | null; dueAt: string; callIds: string[] }
const openTasks = async () => (await server.request('/api/callbacks?status=open', { cookie: agent })).body as Task[];

async function nightCall(from: string) {
  const r = await post('/api/workbench/calls', { from });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const { callId } = r.body as { callId: string };
  now = new Date(now.getTime() + 120_000);
  expect((await post(`/api/workbench/calls/${callId}/events`, { type: 'end' })).status).toBe(200);
  return callId;
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  agent = await server.login('agent');
});
afterAll(() => server.close());

describe('night calls that promise a call-back (夜间承诺回电)', () => {
  it('the call is a night call; wrapped up with the promise it opens a task due 4 working hours into Tuesday, with what was promised', async () => {
    const callId = await nightCall('13900007777');
    const call = (await server.request(`/api/calls/${callId}`, { cookie: agent })).body as { night: boolean };
    expect(call.night).toBe(true);
    const r = await post(`/api/workbench/calls/${callId}/wrap-up`, { outcome: 'no_ticket', summary: '咨询公积金提取，需白天由公积金中心答复', followUpPromised: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // 4bh from the night: the working day starts at 09:00 in the default calendar → 13:00 Tuesday
    const { cal } = await (await import('../tickets/sla.service.js')).orgCalendar(server.database.db, (await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id);
    const { addDuration } = await import('../../../shared/calendar/index.js');
    const ended = (await server.database.db.selectFrom('calls').select('ended_at').where('id', '=', callId).executeTakeFirstOrThrow()).ended_at;
    const due = addDuration(cal, new Date(ended!), '4bh').due.toISOString();
    expect(due > '2025-09-30T00:00:00.000Z').toBe(true);
    expect((r.body as { followUp: { dueAt: string } }).followUp.dueAt).toBe(due);
    const tasks = await openTasks();
    expect(tasks).toEqual([expect.objectContaining({ reason: 'promised', dueAt: due, callIds: [callId], detail: '咨询公积金提取，需白天由公积金中心答复' })]);
  });

  it('without the promise, or by day, no task is opened', async () => {
    const quiet = await nightCall('13900008888');
    expect((await post(`/api/workbench/calls/${quiet}/wrap-up`, { outcome: 'no_ticket', summary: '咨询已答复' })).status).toBe(201);
    now = new Date('2025-09-30T10:00:00+08:00');
    const day = await nightCall('13900009999');
    const r = await post(`/api/workbench/calls/${day}/wrap-up`, { outcome: 'no_ticket', summary: '白天来电', followUpPromised: true });
    expect(r.status).toBe(201);
    expect((r.body as { followUp: unknown }).followUp).toBeNull();
    expect((await openTasks()).map((t) => t.callIds[0])).not.toContain(quiet);
    expect((await openTasks()).map((t) => t.callIds[0])).not.toContain(day);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

interface Queue {
  id: string;
  code: string;
  name: string;
  kind: 'day' | 'night' | 'expert';
  members: string[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

let server: TestServer;
let admin: string;
/** user ids by 工号: two agents made here, and the demo agent 李娜 (1024) */
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  for (const no of ['3101', '3102']) {
    const r = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: `agent${no}`, displayName: `坐席${no}`, role: 'agent', agentNo: no, password: 'a-long-password' } });
    expect(r.status).toBe(201);
    ids[no] = (r.body as { id: string }).id;
  }
  const users = (await server.request('/api/users', { cookie: admin })).body as { items: Array<{ id: string; agentNo: string | null }> };
  ids['1024'] = users.items.find((u) => u.agentNo === '1024')!.id;
});
afterAll(() => server.close());

const list = async (cookie = admin) => (await server.request('/api/queues', { cookie })).body as Queue[];
const byCode = async (code: string) => (await list()).find((q) => q.code === code);

describe('班组 (queues) over HTTP', () => {
  let queue: Queue;

  it('creates a queue with two agents, and lists it with its members for supervisors', async () => {
    const r = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code: 'day-east', name: '东区日间组', kind: 'night', members: [ids['3101'], ids['3102']] } });
    expect(r.status).toBe(201);
    queue = r.body as Queue;
    expect(queue).toMatchObject({ code: 'day-east', name: '东区日间组', kind: 'night' });
    expect(queue.members.sort()).toEqual([ids['3101'], ids['3102']].sort());

    for (const role of ['admin', 'manager', 'lead']) {
      const seen = await list(await server.login(role));
      const q = seen.find((x) => x.code === 'day-east');
      expect(q?.members.sort(), role).toEqual([ids['3101'], ids['3102']].sort());
    }
  });

  it('trims code and name, and takes 日间 when no kind is given', async () => {
    const r = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code: '  west  ', name: ' 西区组 ' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: 'west', name: '西区组', kind: 'day', members: [] });
  });

  it('replaces the members: the PUT list is the whole new membership, repeats counted once', async () => {
    const r = await server.request(`/api/queues/${queue.id}/members`, { method: 'PUT', cookie: admin, json: { members: [ids['3102'], ids['1024'], ids['1024']] } });
    expect(r.status).toBe(200);
    expect((await byCode('day-east'))?.members.sort()).toEqual([ids['3102'], ids['1024']].sort());

    const emptied = await server.request(`/api/queues/${queue.id}/members`, { method: 'PUT', cookie: admin, json: { members: [] } });
    expect(emptied.status).toBe(200);
    expect((await byCode('day-east'))?.members).toEqual([]);
    await server.request(`/api/queues/${queue.id}/members`, { method: 'PUT', cookie: admin, json: { members: [ids['3101']] } });
  });

  it('refuses a second queue with the same code (also after trimming) with QUEUE_EXISTS, in words', async () => {
    for (const code of ['day-east', ' day-east ']) {
      const r = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code, name: '重名组', members: [ids['1024']] } });
      expect(r.status).toBe(409);
      const err = (r.body as ErrorBody).error;
      expect(err.code).toBe('QUEUE_EXISTS');
      expect(err.message).toContain('day-east');
    }
    const all = await list();
    expect(all.filter((q) => q.code === 'day-east')).toHaveLength(1);
    // the refused request changed nothing of the existing queue
    expect(all.find((q) => q.code === 'day-east')?.members).toEqual([ids['3101']]);
  });

  it('says what is wrong with a bad code, an unknown member or an unknown queue, and stores nothing', async () => {
    for (const code of ['   ', 'x'.repeat(101)]) {
      const r = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code, name: '无效组' } });
      expect(r.status, JSON.stringify(code)).toBe(400);
      expect((r.body as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    }
    const stranger = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code: 'ghosts', name: '幽灵组', members: [randomUUID()] } });
    expect(stranger.status).toBe(404);
    expect((stranger.body as ErrorBody).error.code).toBe('USER_NOT_FOUND');
    // the queue and its members go in one transaction: no queue is left behind without its members
    expect(await byCode('ghosts')).toBeUndefined();

    const missing = await server.request(`/api/queues/${randomUUID()}/members`, { method: 'PUT', cookie: admin, json: { members: [] } });
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).error.code).toBe('QUEUE_NOT_FOUND');
    const badMember = await server.request(`/api/queues/${queue.id}/members`, { method: 'PUT', cookie: admin, json: { members: [ids['3102'], randomUUID()] } });
    expect(badMember.status).toBe(404);
    expect((await byCode('day-east'))?.members).toEqual([ids['3101']]);
  });

  it('refuses queue changes to leads, agents, inspectors and departments (403), and the list to all but supervisors', async () => {
    for (const role of ['lead', 'agent', 'inspector', 'dept']) {
      const cookie = await server.login(role);
      const create = await server.request('/api/queues', { method: 'POST', cookie, json: { code: `by-${role}`, name: '越权组' } });
      expect(create.status, role).toBe(403);
      const members = await server.request(`/api/queues/${queue.id}/members`, { method: 'PUT', cookie, json: { members: [] } });
      expect(members.status, role).toBe(403);
      if (role !== 'lead') expect((await server.request('/api/queues', { cookie })).status, role).toBe(403);
    }
    expect((await server.request('/api/queues')).status).toBe(401);
    expect((await server.request('/api/queues', { method: 'POST', json: { code: 'anon', name: '匿名组' } })).status).toBe(401);
    const all = await list();
    expect(all.some((q) => q.code.startsWith('by-') || q.code === 'anon')).toBe(false);
    expect(all.find((q) => q.code === 'day-east')?.members).toEqual([ids['3101']]);
  });

  it('records who created the queue and who changed its members in the audit log', async () => {
    const r = await server.request(`/api/audit?entityType=queue&entityId=${queue.id}`, { cookie: admin });
    const actions = (r.body as { items: Array<{ action: string; actorName: string }> }).items.map((i) => i.action);
    expect(actions).toContain('queue.create');
    expect(actions.filter((a) => a === 'queue.members').length).toBeGreaterThanOrEqual(3);
  });
});

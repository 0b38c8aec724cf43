import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { Worker } from '../../jobs/runner.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';

// A movable clock: the server, the services and the workers all read it.
let now = new Date('2025-09-30T10:00:00+08:00');
const at = (s: string) => {
  now = new Date(s);
};
let server: TestServer;
let workerA: Worker;
let workerB: Worker;
let water = '';
const cookieCache = new Map<string, string>();
/** Sessions expire on the moving clock, so sign in again after travelling. */
async function as(u: string) {
  const key = `${u}@${now.toISOString()}`;
  if (!cookieCache.has(key)) cookieCache.set(key, await server.login(u));
  return cookieCache.get(key) ?? '';
}

interface Ticket {
  id: string;
  status: string;
  supervised: boolean;
  timers: Array<{ id: string; kind: string; status: string; dueAt: string; warnAt: string | null; warnedAt: string | null; breachedAt: string | null }>;
  transitions: Array<{ action: string; actor: string }>;
}
const timer = (t: Ticket, kind: string) => t.timers.filter((x) => x.kind === kind).at(-1);

async function create() {
  const r = await server.request('/api/tickets', {
    method: 'POST',
    cookie: await as('agent'),
    json: { category: 'help', callerPhone: '13812345678', address: '望江路 8 号', description: '路灯不亮', channel: 'phone' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Ticket;
}
async function get(id: string) {
  return (await server.request(`/api/tickets/${id}`, { cookie: await as('lead') })).body as Ticket;
}
async function act(id: string, action: string, who: string, json: Record<string, unknown> = {}) {
  const r = await server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: await as(who), json });
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as Ticket;
}
/** Both workers drain at once, as two worker processes would. */
const drainBoth = () => Promise.all([workerA.drain(), workerB.drain()]);
const events = async (ticketId: string, type: string) =>
  (await server.database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', ticketId).where('type', '=', type).execute()).length;

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  const log = pino({ level: 'silent' });
  const jobs = [slaWarnJob, slaBreachJob] as never[];
  workerA = new Worker({ db: server.database.db, jobs, log, pollMs: 50, now: () => now, id: 'A' });
  workerB = new Worker({ db: server.database.db, jobs, log, pollMs: 50, now: () => now, id: 'B' });
  const deps = (await server.request('/api/departments', { cookie: await as('agent') })).body as { items: Array<{ id: string; name: string }> };
  water = deps.items.find((d) => d.name === '市水务局')?.id ?? '';
});
afterAll(() => server.close());

describe('SLA warnings and breaches', () => {
  it('warn at 80% and breach at the due fire exactly once, with two workers and after draining again later', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    const dispatch = timer(t, 'dispatch');
    // 2bh from 10:00 → 12:00; 80% of 120 business minutes → 11:36
    expect(dispatch).toMatchObject({ dueAt: '2025-09-30T04:00:00.000Z', warnAt: '2025-09-30T03:36:00.000Z' });
    at('2025-09-30T11:00:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(0);
    at('2025-09-30T11:40:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(1);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(0);
    at('2025-09-30T12:01:00+08:00');
    await drainBoth();
    at('2025-09-30T15:00:00+08:00');
    await drainBoth();
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(1);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(1);
    const after = await get(t.id);
    expect(timer(after, 'dispatch')).toMatchObject({ status: 'breached', breachedAt: '2025-09-30T04:01:00.000Z', warnedAt: '2025-09-30T03:40:00.000Z' });
    expect(after.supervised).toBe(true);
    expect(after.transitions.map((x) => `${x.action}:${x.actor}`)).toEqual(['supervise:sla-worker']);
    const jobs = await server.database.db.selectFrom('jobs').select(['name', 'status']).where('dedupe_key', 'like', `%${dispatch?.id}%`).execute();
    expect(jobs.map((j) => `${j.name}:${j.status}`).sort()).toEqual(['sla.breach:done', 'sla.warn:done']);
    // the leads are told, the agent is not; a lead marks it read
    const lead = (await server.request('/api/notifications', { cookie: await as('lead') })).body as { items: Array<{ id: string; kind: string; payload: { ticketId: string } }> };
    const mine = lead.items.filter((n) => n.payload.ticketId === t.id);
    expect(mine.map((n) => n.kind).sort()).toEqual(['ticket.sla_breached', 'ticket.sla_warning']);
    const agent = (await server.request('/api/notifications', { cookie: await as('agent') })).body as { items: unknown[] };
    expect(agent.items).toEqual([]);
    const read = await server.request(`/api/notifications/${mine[0]?.id}/read`, { method: 'POST', cookie: await as('lead'), json: {} });
    expect(read.status).toBe(200);
    expect((read.body as { readAt: string | null }).readAt).toBeTruthy();
    expect((await server.request(`/api/notifications/${mine[0]?.id}/read`, { method: 'POST', cookie: await as('agent'), json: {} })).status).toBe(404);
    // overdue filter: the breached dispatch limit is not met yet
    const overdue = (await server.request('/api/tickets?overdue=true', { cookie: await as('lead') })).body as { items: Array<{ id: string }> };
    expect(overdue.items.map((x) => x.id)).toContain(t.id);
    // dispatching late records the met time; the timer stays breached
    const d = await act(t.id, 'dispatch', 'agent', { departmentId: water });
    expect(timer(d, 'dispatch')?.status).toBe('breached');
  });

  it('a timer met before its due never fires', async () => {
    at('2025-09-30T13:00:00+08:00');
    const t = await create();
    await act(t.id, 'dispatch', 'agent', { departmentId: water });
    at('2025-09-30T18:00:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(0);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(0);
  });

  it('suspending pauses the timers; resuming moves their due by the paused business time (across National Day)', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    expect(timer(t, 'resolution')?.dueAt).toBe('2025-10-14T10:00:00.000Z'); // 5wd: 14 Oct 18:00
    at('2025-09-30T10:30:00+08:00');
    const s = await act(t.id, 'suspend', 'lead', { reason: '等待来电人补充材料' });
    expect(s.status).toBe('suspended');
    expect(timer(s, 'dispatch')?.status).toBe('paused');
    // while paused, the old jobs come due and do nothing
    at('2025-10-09T10:00:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(0);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(0);
    at('2025-10-09T10:30:00+08:00');
    const r = await act(t.id, 'resume', 'lead');
    expect(r.status).toBe('accepted');
    // 90 business minutes were left of the dispatch limit: 10:30 → 12:00 on 9 October; warning 66 minutes after resuming
    expect(timer(r, 'dispatch')).toMatchObject({ status: 'running', dueAt: '2025-10-09T04:00:00.000Z', warnAt: '2025-10-09T03:36:00.000Z' });
    // one working day of business time passed while suspended: resolution moves from 14 to 15 October 18:00
    expect(timer(r, 'resolution')?.dueAt).toBe('2025-10-15T10:00:00.000Z');
    at('2025-10-09T12:00:01+08:00');
    await drainBoth();
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(1);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(1);
  });

  it('m/h/d limits resume by wall time', async () => {
    at('2025-09-30T10:00:00+08:00');
    const r = await server.request('/api/tickets', {
      method: 'POST',
      cookie: await as('agent'),
      json: { category: 'emergency', callerPhone: '13812345678', address: '望江路 8 号', description: '燃气泄漏' },
    });
    const t = r.body as Ticket;
    expect(timer(t, 'resolution')?.dueAt).toBe('2025-10-01T02:00:00.000Z'); // 24h
    at('2025-09-30T11:00:00+08:00');
    await act(t.id, 'suspend', 'lead', { reason: '现场勘查' });
    at('2025-09-30T13:00:00+08:00');
    const resumed = await act(t.id, 'resume', 'lead');
    expect(timer(resumed, 'resolution')?.dueAt).toBe('2025-10-01T04:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { timer, useSlaFixture } from '../../../../test/helpers/sla.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';

// A movable clock (sla.at): the server, the services and both workers read it.
const sla = useSlaFixture([slaWarnJob, slaBreachJob]);
const { at, as, act, get, drainBoth } = sla;
const create = () => sla.create({ channel: 'phone' });
const events = async (ticketId: string, type: string) => (await sla.events(ticketId, type)).length;

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
    // the history shows the worker as the system (系统), not as a person called sla-worker
    expect(after.transitions.map((x) => (x as { actorName?: unknown }).actorName)).toEqual([null]);
    const jobs = await sla.server.database.db.selectFrom('jobs').select(['name', 'status']).where('dedupe_key', 'like', `%${dispatch?.id}%`).execute();
    expect(jobs.map((j) => `${j.name}:${j.status}`).sort()).toEqual(['sla.breach:done', 'sla.warn:done']);
    // the leads are told, the agent is not; a lead marks it read
    const lead = (await sla.server.request('/api/notifications', { cookie: await as('lead') })).body as { items: Array<{ id: string; kind: string; payload: { ticketId: string } }> };
    const mine = lead.items.filter((n) => n.payload.ticketId === t.id);
    expect(mine.map((n) => n.kind).sort()).toEqual(['ticket.sla_breached', 'ticket.sla_warning']);
    const agent = (await sla.server.request('/api/notifications', { cookie: await as('agent') })).body as { items: unknown[] };
    expect(agent.items).toEqual([]);
    const read = await sla.server.request(`/api/notifications/${mine[0]?.id}/read`, { method: 'POST', cookie: await as('lead'), json: {} });
    expect(read.status).toBe(200);
    expect((read.body as { readAt: string | null }).readAt).toBeTruthy();
    expect((await sla.server.request(`/api/notifications/${mine[0]?.id}/read`, { method: 'POST', cookie: await as('agent'), json: {} })).status).toBe(404);
    // overdue filter: the breached dispatch limit is not met yet
    const overdue = (await sla.server.request('/api/tickets?overdue=true', { cookie: await as('lead') })).body as { items: Array<{ id: string }> };
    expect(overdue.items.map((x) => x.id)).toContain(t.id);
    // dispatching late records the met time; the timer stays breached
    const d = await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
    expect(timer(d, 'dispatch')?.status).toBe('breached');
  });

  it('a warning whose moment passed while the worker was down is not sent once the due has passed too; the breach is', async () => {
    at('2025-10-09T10:00:00+08:00');
    const t = await create();
    const dispatch = timer(t, 'dispatch');
    // nothing runs until after the due (2bh from 10:00 → 12:00)
    at('2025-10-09T12:30:00+08:00');
    expect(Date.parse(dispatch?.dueAt ?? '')).toBeLessThan(Date.parse('2025-10-09T12:30:00+08:00'));
    await drainBoth();
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(0);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(1);
    const lead = (await sla.server.request('/api/notifications', { cookie: await as('lead') })).body as { items: Array<{ kind: string; payload: { ticketId: string } }> };
    expect(lead.items.filter((n) => n.payload.ticketId === t.id).map((n) => n.kind)).toEqual(['ticket.sla_breached']);
    expect(timer(await get(t.id), 'dispatch')).toMatchObject({ status: 'breached', warnedAt: null });
  });

  it('a timer met before its due never fires', async () => {
    at('2025-09-30T13:00:00+08:00');
    const t = await create();
    await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
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
    // the moved warning fires at its new time, the breach at the new due (each on its own: jumping past both at once
    // would let the two workers race, and a breach that lands first rightly makes the warning moot)
    at('2025-10-09T11:40:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(1);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(0);
    at('2025-10-09T12:00:01+08:00');
    await drainBoth();
    await drainBoth();
    expect(await events(t.id, 'ticket.sla_warning')).toBe(1);
    expect(await events(t.id, 'ticket.sla_breached')).toBe(1);
  });

  it('m/h/d limits resume by wall time', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await sla.create({ category: 'emergency', description: '燃气泄漏' });
    expect(timer(t, 'resolution')?.dueAt).toBe('2025-10-01T02:00:00.000Z'); // 24h
    at('2025-09-30T11:00:00+08:00');
    await act(t.id, 'suspend', 'lead', { reason: '现场勘查' });
    at('2025-09-30T13:00:00+08:00');
    const resumed = await act(t.id, 'resume', 'lead');
    expect(timer(resumed, 'resolution')?.dueAt).toBe('2025-10-01T04:00:00.000Z');
  });
});

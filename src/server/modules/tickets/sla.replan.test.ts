import { describe, expect, it } from 'vitest';
import { timer, useSlaFixture } from '../../../../test/helpers/sla.js';
import { updateReminderJob } from './reminders.service.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';

// A movable clock (sla.at) read by the server, the services and both workers.
const sla = useSlaFixture([slaWarnJob, slaBreachJob, updateReminderJob]);
const { at, as, create, patch, act, get, drainBoth, events } = sla;

describe('a changed classification re-plans the running time limits', () => {
  it('p2 → p3 moves the resolution due from its start; the old breach job becomes a no-op; back to p2 breaches once at once', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    expect(timer(t, 'resolution')).toMatchObject({ duration: '5wd', dueAt: '2025-10-14T10:00:00.000Z' });
    const p3 = await patch(t.id, { priority: 'p3' });
    // help × p3 has no policy of its own: * × p3 gives 15 working days from 30 September → 28 October 18:00
    expect(p3.priority).toBe('p3');
    expect(timer(p3, 'resolution')).toMatchObject({ status: 'running', duration: '15wd', dueAt: '2025-10-28T10:00:00.000Z' });
    expect(timer(p3, 'dispatch')).toMatchObject({ duration: '2bh', dueAt: '2025-09-30T04:00:00.000Z' }); // same limit, same due
    const audit = await sla.server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', t.id).where('action', '=', 'ticket.update').execute();
    expect((audit[0]?.after as { replanned: Array<{ kind: string }> }).replanned.map((r) => r.kind)).toEqual(['resolution']);
    expect((await events(t.id, 'ticket.updated'))[0]).toMatchObject({ fields: ['priority'], replanned: [{ kind: 'resolution', from: { duration: '5wd' }, to: { duration: '15wd' } }] });

    // 15 October: the job planned for the old due (14 October) runs and does nothing
    at('2025-10-15T09:00:00+08:00');
    await drainBoth();
    const breaches = async () => (await events(t.id, 'ticket.sla_breached')).filter((e) => e.kind === 'resolution').length;
    expect(await breaches()).toBe(0);
    // back to p2: the due returns to 14 October, which has passed — a new job (new plan) breaches it, once
    const p2 = await patch(t.id, { priority: 'p2' });
    expect(timer(p2, 'resolution')?.dueAt).toBe('2025-10-14T10:00:00.000Z');
    await drainBoth();
    await drainBoth();
    expect(await breaches()).toBe(1);
    expect(timer(await get(t.id), 'resolution')?.status).toBe('breached');
  });

  it('keeps the time spent suspended when re-planning', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    at('2025-09-30T10:30:00+08:00');
    await act(t.id, 'suspend', 'lead', { reason: '等待补充材料' });
    at('2025-10-09T10:30:00+08:00');
    const resumed = await act(t.id, 'resume', 'lead');
    expect(timer(resumed, 'resolution')?.dueAt).toBe('2025-10-15T10:00:00.000Z'); // 9 business hours suspended
    const p3 = await patch(t.id, { priority: 'p3' });
    // 15 working days from the start (28 October 18:00) plus the 9 business hours suspended: 29 October 18:00
    expect(timer(p3, 'resolution')?.dueAt).toBe('2025-10-29T10:00:00.000Z');
    expect(timer(p3, 'dispatch')?.dueAt).toBe('2025-10-09T04:00:00.000Z');
  });

  it('a limit the new policy does not have is cancelled; the others start again from their own start', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
    at('2025-09-30T11:00:00+08:00');
    const signed = await act(t.id, 'sign', 'dept');
    expect(timer(signed, 'reply')).toMatchObject({ status: 'running', duration: '5wd' });
    // help × p1: only * × p1 applies, which has no reply limit (the resolution limit of 24h covers it)
    const r = await patch(t.id, { priority: 'p1' });
    expect(timer(r, 'reply')?.status).toBe('cancelled');
    expect(timer(r, 'resolution')).toMatchObject({ status: 'running', duration: '24h', dueAt: '2025-10-01T02:00:00.000Z' });
    expect(timer(r, 'department_sign_in')?.status).toBe('met');
  });
});

describe('a changed calendar re-plans the running time limits', () => {
  it('an extra holiday moves a 5wd due by a day; an extended due stays; old jobs do nothing, the new due breaches once', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    const extended = await create();
    await act(extended.id, 'dispatch', 'agent', { departmentId: sla.water });
    await act(extended.id, 'sign', 'dept');
    await act(extended.id, 'start', 'dept');
    await act(extended.id, 'request_extension', 'dept', { reason: '需要协调', extensionDays: 3 });
    const ext = await act(extended.id, 'approve_extension', 'lead');
    expect(timer(ext, 'resolution')?.dueAt).toBe('2025-10-17T10:00:00.000Z');

    const r = await sla.server.request('/api/sla/calendar', { method: 'PUT', cookie: await as('manager'), json: { holidays: [{ date: '2025-10-13', name: '城市日' }] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as { replanned: number }).replanned).toBeGreaterThan(0);
    // 9, 10, 11 (调休), 14, 15 October: the 13th is now off
    expect(timer(await get(t.id), 'resolution')?.dueAt).toBe('2025-10-15T10:00:00.000Z');
    expect(timer(await get(extended.id), 'resolution')?.dueAt).toBe('2025-10-17T10:00:00.000Z');

    at('2025-10-14T18:30:00+08:00');
    await drainBoth();
    const breaches = async () => (await events(t.id, 'ticket.sla_breached')).filter((e) => e.kind === 'resolution').length;
    expect(await breaches()).toBe(0);
    at('2025-10-15T18:01:00+08:00');
    await drainBoth();
    await drainBoth();
    expect(await breaches()).toBe(1);
    // the calendar change is audited with the number of limits re-planned
    const audit = await sla.server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'sla.calendar.update').execute();
    expect((audit.at(-1)?.after as { replanned: number }).replanned).toBe((r.body as { replanned: number }).replanned);
    // restore the default calendar for the tests below
    await sla.server.request('/api/sla/calendar', { method: 'PUT', cookie: await as('manager'), json: {} });
  });
});

describe('进展通报 (updateEvery)', () => {
  it('reminds the owner and the department once per period with two workers, skips missed periods, and stops at the reply', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create({ category: 'emergency', description: '井盖缺失' });
    expect(t).toMatchObject({ updateEvery: '30m', nextUpdateAt: '2025-09-30T02:30:00.000Z' });
    await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
    await act(t.id, 'sign', 'dept');
    await act(t.id, 'start', 'dept');
    const reminders = async (who: string) =>
      ((await sla.server.request('/api/notifications', { cookie: await as(who) })).body as { items: Array<{ kind: string; payload: { ticketId: string } }> }).items.filter(
        (n) => n.kind === 'ticket.update_due' && n.payload.ticketId === t.id,
      ).length;

    at('2025-09-30T10:29:00+08:00');
    await drainBoth();
    expect(await reminders('agent')).toBe(0);
    at('2025-09-30T10:31:00+08:00');
    await drainBoth();
    await drainBoth();
    expect(await reminders('agent')).toBe(1);
    expect(await reminders('dept')).toBe(1);
    expect(await reminders('lead')).toBe(0);
    // the workers were away for 11:00 and 11:30: one reminder, and the next one at 12:00
    at('2025-09-30T11:45:00+08:00');
    await Promise.all([sla.workerA.drain(), sla.workerB.drain(), sla.workerA.drain()]);
    expect(await reminders('agent')).toBe(2);
    expect((await get(t.id)).nextUpdateAt).toBe('2025-09-30T04:00:00.000Z');
    expect((await events(t.id, 'ticket.update_reminder')).map((e) => e.seq)).toEqual([1, 2]);

    // the department replies: nobody owes a progress report any more
    const replied = await act(t.id, 'reply', 'dept', { reason: '已补装井盖' });
    expect(replied.updateEvery).toBeNull();
    at('2025-09-30T12:30:00+08:00');
    await drainBoth();
    expect(await reminders('agent')).toBe(2);
    const jobs = await sla.server.database.db.selectFrom('jobs').select(['status', 'dedupe_key']).where('name', '=', 'sla.update').where('dedupe_key', 'like', `%${t.id}%`).execute();
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  });

  it('a priority raised to p1 starts the reminders; lowered again stops them', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    expect(t.updateEvery).toBeNull();
    const p1 = await patch(t.id, { priority: 'p1' });
    expect(p1).toMatchObject({ updateEvery: '30m', nextUpdateAt: '2025-09-30T02:30:00.000Z' });
    // p1's dispatch limit is 0m: the ticket is overdue at once and breaches at the next run
    expect(timer(p1, 'dispatch')).toMatchObject({ duration: '0m', dueAt: '2025-09-30T02:00:00.000Z' });
    const p2 = await patch(t.id, { priority: 'p2' });
    expect(p2.updateEvery).toBeNull();
    at('2025-09-30T10:45:00+08:00');
    await drainBoth();
    expect(await events(t.id, 'ticket.update_reminder')).toEqual([]);
  });
});

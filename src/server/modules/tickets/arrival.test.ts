// 到达现场 (95598): a repair ticket carries its 区域类型, and the crew's arrival limit (城区 45 分钟, 农村 90 分钟,
// 特殊边远地区 2 小时) runs from the acceptance until arrival is recorded — on a clock the test moves.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSlaFixture } from '../../../../test/helpers/sla.js';
import { systemActor } from '../../context.js';
import { readPackFiles } from '../standards/standards.loader.js';
import { saveVersion } from '../standards/standards.service.js';
import { arrivalDueJob } from './arrival.service.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';

const sla = useSlaFixture([slaWarnJob, slaBreachJob, arrivalDueJob]);
const { at, as, drainBoth } = sla;
const UTILITY = fileURLToPath(new URL('../../../../standards/utility', import.meta.url));

interface Arrival {
  arrival: { name: string; area: string | null; within: string; startedAt: string; dueAt: string; arrivedAt: string | null; arrivedBy?: string | null; breachedAt: string | null; verdict: string } | null;
}
const arrival = async (id: string, who = 'agent') => (await sla.server.request(`/api/tickets/${id}/arrival`, { cookie: await as(who) })).body as Arrival;
const record = async (id: string, who = 'agent') => sla.server.request(`/api/tickets/${id}/arrival`, { method: 'POST', cookie: await as(who), json: {} });
const repair = async (area: string) => {
  const r = await sla.server.request('/api/tickets', {
    method: 'POST',
    cookie: await as('agent'),
    json: { channel: 'phone', category: 'repair', subCategory: 'outage', callerPhone: '13812345678', address: '滨江路 8 号', description: '整栋楼停电', fields: { 'area-type': area, 'outage-scope': '本楼或本小区', danger: '无' } },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; number: string };
};

beforeAll(async () => {
  // the 95598 pack (utility), whose repair commitments time the crew's arrival by 区域类型
  const files = (await readPackFiles(UTILITY)).map((f) => ({ name: path.basename(f.name), text: f.text }));
  const org = await sla.server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const saved = await saveVersion({ db: sla.server.database.db, orgId: org.id, actor: systemActor, now: () => new Date('2025-09-30T09:00:00+08:00') }, { files, note: '95598', activate: true });
  expect(saved.version).toBeTruthy();
});

describe('repair arrival (到达现场)', () => {
  it('a repair in town must be reached in 45 minutes from the acceptance; recorded at 40 minutes it is met', async () => {
    at('2025-09-30T20:00:00+08:00');
    const t = await repair('城区');
    expect((await arrival(t.id)).arrival).toMatchObject({ name: '抢修人员到达现场(城区)', area: '城区', within: '45m', dueAt: '2025-09-30T12:45:00.000Z', verdict: 'running', arrivedAt: null });
    at('2025-09-30T20:40:00+08:00');
    const r = await record(t.id, 'dept');
    // the demo department does not handle this ticket: it does not see it
    expect(r.status).toBe(404);
    const ok = await record(t.id);
    expect(ok.status).toBe(200);
    expect((ok.body as Arrival).arrival).toMatchObject({ verdict: 'met', arrivedAt: '2025-09-30T12:40:00.000Z', arrivedBy: '李娜' });
    // once only
    expect((await record(t.id)).status).toBe(409);
    at('2025-09-30T21:00:00+08:00');
    await drainBoth();
    expect((await arrival(t.id, 'inspector')).arrival?.verdict).toBe('met');
    expect(await sla.events(t.id, 'ticket.arrival_overdue')).toEqual([]);
  });

  it('a rural repair has 90 minutes and a remote one 2 hours; past the limit the worker marks it missed and tells the leads once; a later arrival is late', async () => {
    at('2025-09-30T20:00:00+08:00');
    const rural = await repair('农村');
    const remote = await repair('特殊边远地区');
    expect((await arrival(rural.id)).arrival).toMatchObject({ within: '90m', dueAt: '2025-09-30T13:30:00.000Z' });
    expect((await arrival(remote.id)).arrival).toMatchObject({ within: '2h', dueAt: '2025-09-30T14:00:00.000Z' });
    at('2025-09-30T21:29:00+08:00');
    await drainBoth();
    expect((await arrival(rural.id)).arrival?.verdict).toBe('running');
    at('2025-09-30T21:31:00+08:00');
    await drainBoth();
    await drainBoth();
    expect((await arrival(rural.id)).arrival).toMatchObject({ verdict: 'missed', breachedAt: '2025-09-30T13:31:00.000Z' });
    expect((await arrival(remote.id)).arrival?.verdict).toBe('running');
    expect(await sla.events(rural.id, 'ticket.arrival_overdue')).toEqual([{ ticketId: rural.id, number: rural.number, title: expect.any(String), kind: 'arrival', duration: '90m', dueAt: '2025-09-30T13:30:00.000Z' }]);
    const lead = (await sla.server.request('/api/notifications', { cookie: await as('lead') })).body as { items: Array<{ kind: string; payload: { ticketId: string; kind: string } }> };
    // (its 派单 limit of 5 minutes has its own warning and breach)
    expect(lead.items.filter((n) => n.payload.ticketId === rural.id && n.payload.kind === 'arrival').map((n) => n.kind)).toEqual(['ticket.sla_breached']);
    at('2025-09-30T21:50:00+08:00');
    expect(((await record(rural.id)).body as Arrival).arrival).toMatchObject({ verdict: 'late', arrivedAt: '2025-09-30T13:50:00.000Z' });
  });

  it('other tickets have no arrival limit, and a repair ticket without its 区域类型 is refused by the pack', async () => {
    at('2025-09-30T20:00:00+08:00');
    const consult = await sla.server.request('/api/tickets', {
      method: 'POST',
      cookie: await as('agent'),
      json: { channel: 'phone', category: 'consult', callerName: '王女士', description: '电价咨询', fields: { question: '阶梯电价怎么算' } },
    });
    expect(consult.status, JSON.stringify(consult.body)).toBe(201);
    expect((await arrival((consult.body as { id: string }).id)).arrival).toBeNull();
    expect((await record((consult.body as { id: string }).id)).status).toBe(409);
    const missing = await sla.server.request('/api/tickets', {
      method: 'POST',
      cookie: await as('agent'),
      json: { channel: 'phone', category: 'repair', callerPhone: '13812345678', address: '滨江路 8 号', description: '停电', fields: { 'outage-scope': '本户', danger: '无' } },
    });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('area-type');
  });

  it('the report counts the day’s arrivals as the raw rows say', async () => {
    const r = await sla.server.request('/api/tickets/commitment-stats?from=2025-09-30&to=2025-09-30', { cookie: await as('lead') });
    expect(r.status).toBe(200);
    const rows = await sla.server.database.db.selectFrom('ticket_arrivals').select(['due_at', 'arrived_at', 'breached_at']).execute();
    const arrived = rows.filter((a) => a.arrived_at !== null);
    const want = {
      onTime: arrived.filter((a) => new Date(a.arrived_at!) <= new Date(a.due_at)).length,
      late: arrived.filter((a) => new Date(a.arrived_at!) > new Date(a.due_at)).length,
      missed: rows.filter((a) => a.arrived_at === null && a.breached_at !== null).length,
      open: rows.filter((a) => a.arrived_at === null && a.breached_at === null).length,
    };
    expect((r.body as { arrival: unknown }).arrival).toEqual(want);
    expect(want).toEqual({ onTime: 1, late: 1, missed: 0, open: 1 });
  });
});

describe('a corrected 区域类型 (after the report above: it adds tickets)', () => {
  const patchArea = async (id: string, area: string) => {
    const t = (await sla.server.request(`/api/tickets/${id}`, { cookie: await as('agent') })).body as { fields: Record<string, unknown> };
    return sla.server.request(`/api/tickets/${id}`, { method: 'PATCH', cookie: await as('agent'), json: { fields: { ...t.fields, 'area-type': area } } });
  };
  const audits = async (id: string) =>
    (await sla.server.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', id).where('action', '=', 'ticket.update').orderBy('id').execute()).map(
      (r) => (r.after as { arrival?: unknown }).arrival,
    );

  it('before arrival gives the new limit from the acceptance: town → rural at 30 minutes runs to 90, not 45; the old limit’s job does nothing', async () => {
    at('2025-10-01T20:00:00+08:00');
    const t = await repair('城区');
    at('2025-10-01T20:30:00+08:00');
    const r = await patchArea(t.id, '农村');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await arrival(t.id)).arrival).toMatchObject({ name: '抢修人员到达现场(农村)', area: '农村', within: '90m', startedAt: '2025-10-01T12:00:00.000Z', dueAt: '2025-10-01T13:30:00.000Z', verdict: 'running' });
    // recorded with the edit, as the edit's other effects are
    expect(await audits(t.id)).toEqual([
      {
        from: { commitmentId: 'repair-arrival-urban', area: '城区', within: '45m', dueAt: '2025-10-01T12:45:00.000Z', breachedAt: null },
        to: { commitmentId: 'repair-arrival-rural', area: '农村', within: '90m', dueAt: '2025-10-01T13:30:00.000Z', breachedAt: null },
      },
    ]);
    // past the old limit: still running
    at('2025-10-01T20:50:00+08:00');
    await drainBoth();
    await drainBoth();
    expect((await arrival(t.id)).arrival?.verdict).toBe('running');
    expect(await sla.events(t.id, 'ticket.arrival_overdue')).toEqual([]);
    // past the new one: missed, once, with the new limit
    at('2025-10-01T21:31:00+08:00');
    await drainBoth();
    await drainBoth();
    expect((await arrival(t.id)).arrival).toMatchObject({ verdict: 'missed', breachedAt: '2025-10-01T13:31:00.000Z' });
    expect((await sla.events(t.id, 'ticket.arrival_overdue')).map((e) => [e['duration'], e['dueAt']])).toEqual([['90m', '2025-10-01T13:30:00.000Z']]);
    // corrected again (remote: 2 hours): it was missed only by the wrong limit, so it runs again until 22:00
    at('2025-10-01T21:40:00+08:00');
    expect((await patchArea(t.id, '特殊边远地区')).status).toBe(200);
    expect((await arrival(t.id)).arrival).toMatchObject({ within: '2h', dueAt: '2025-10-01T14:00:00.000Z', breachedAt: null, verdict: 'running' });
    at('2025-10-01T21:50:00+08:00');
    expect(((await record(t.id)).body as Arrival).arrival).toMatchObject({ verdict: 'met', arrivedAt: '2025-10-01T13:50:00.000Z' });
  });

  it('to a shorter limit already past: the worker marks it missed at once; after arrival a correction leaves the verdict as it was', async () => {
    at('2025-10-01T20:00:00+08:00');
    const rural = await repair('农村');
    const town = await repair('城区');
    at('2025-10-01T20:40:00+08:00');
    expect(((await record(town.id)).body as Arrival).arrival?.verdict).toBe('met');
    at('2025-10-01T21:00:00+08:00');
    expect((await patchArea(rural.id, '城区')).status).toBe(200);
    expect((await arrival(rural.id)).arrival).toMatchObject({ within: '45m', dueAt: '2025-10-01T12:45:00.000Z' });
    await drainBoth();
    await drainBoth();
    expect((await arrival(rural.id)).arrival).toMatchObject({ verdict: 'missed', breachedAt: '2025-10-01T13:00:00.000Z' });
    expect((await sla.events(rural.id, 'ticket.arrival_overdue')).map((e) => e['duration'])).toEqual(['45m']);
    // arrived at 40 minutes in town: a correction to rural does not turn it into anything else
    const r = await patchArea(town.id, '农村');
    expect(r.status).toBe(200);
    expect((r.body as { fields: Record<string, unknown> }).fields['area-type']).toBe('农村');
    expect((await arrival(town.id)).arrival).toMatchObject({ area: '城区', within: '45m', dueAt: '2025-10-01T12:45:00.000Z', arrivedAt: '2025-10-01T12:40:00.000Z', verdict: 'met' });
    expect(await audits(town.id)).toEqual([undefined]);
  });

  it('a 区域类型 the pack does not offer is refused, and a department may not edit the ticket', async () => {
    at('2025-10-01T20:00:00+08:00');
    const t = await repair('城区');
    const bad = await patchArea(t.id, '郊区');
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('area-type');
    expect((await arrival(t.id)).arrival).toMatchObject({ area: '城区', within: '45m' });
    const dept = await sla.server.request(`/api/tickets/${t.id}`, { method: 'PATCH', cookie: await as('dept'), json: { fields: { 'area-type': '农村' } } });
    expect(dept.status).toBe(403);
  });
});

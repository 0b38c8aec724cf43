import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { departmentStaff, helpTicket } from '../../../../test/helpers/tickets.js';

// 主办/协办, 派单异议审核 (退单 reviewed), 改派 / 收回 / 催办, per-department counts.
// Tuesday 30 September 2025, 10:00 in Shanghai; the clock moves forward in one test (a co-handler's time runs out).
let now = new Date('2025-09-30T10:00:00+08:00');
let server: TestServer;
const cookies: Record<string, string> = {};
const as = (u: string) => cookies[u] ?? '';
const dep: Record<string, string> = {};

interface Timer {
  kind: string;
  status: string;
  partId: string | null;
  dueAt: string;
}
interface Part {
  id: string | null;
  role: 'lead' | 'co';
  departmentId: string;
  departmentName: string;
  status: string;
  reply: string | null;
  satisfaction: string | null;
  timers: Timer[];
  mine: boolean;
}
interface Ticket {
  id: string;
  status: string;
  departmentId: string | null;
  satisfaction: string | null;
  transitions: Array<{ action: string; reason: string | null; details: Record<string, unknown> }>;
  timers: Timer[];
  actions: Array<{ action: string; department: string | null; coDepartments: boolean; requiresReason: boolean; asksSatisfaction: boolean; suggestedDepartmentId: string | null }>;
  parts: Part[];
  returnedBy: { departmentId: string; departmentName: string | null; reason: string | null } | null;
}

const act = (id: string, action: string, who: string, json: Record<string, unknown> = {}) => server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: as(who), json });
async function ok(id: string, action: string, who: string, json: Record<string, unknown> = {}) {
  const r = await act(id, action, who, json);
  expect(r.status, `${action} by ${who}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as Ticket;
}
async function refused(id: string, action: string, who: string, json: Record<string, unknown>, status: number, code: string) {
  const r = await act(id, action, who, json);
  expect(r.status, `${action} by ${who}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body).toMatchObject({ error: { code } });
}
const get = async (id: string, who: string) => server.request(`/api/tickets/${id}`, { cookie: as(who) });
async function create() {
  const r = await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: helpTicket });
  expect(r.status).toBe(201);
  return r.body as Ticket;
}
const names = (t: Ticket) => t.actions.map((a) => a.action);
const users = ['admin', 'manager', 'lead', 'agent', 'inspector', 'dept'];
const staffOf: Record<string, string> = { housing: 'dept-housing', transport: 'dept-transport', market: 'dept-market' };
/** Moves the clock; sessions idle that long have ended, so everyone signs in again. */
async function travel(to: string) {
  now = new Date(to);
  for (const u of users) cookies[u] = await server.login(u);
  for (const [key, username] of Object.entries(staffOf)) cookies[key] = await server.login(username);
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  for (const u of users) cookies[u] = await server.login(u);
  const deps = (await server.request('/api/departments', { cookie: as('agent') })).body as { items: Array<{ id: string; name: string }> };
  for (const [key, name] of [['water', '市水务局'], ['housing', '市住建局'], ['transport', '市交通运输局'], ['market', '市市场监管局']] as const) dep[key] = deps.items.find((d) => d.name === name)?.id ?? '';
  // a member of staff for each of the other departments
  for (const key of ['housing', 'transport', 'market']) cookies[key] = await departmentStaff(server, as('admin'), dep[key]!, `dept-${key}`, `${key} 经办人`);
});
afterAll(() => server.close());

describe('主办 + 协办', () => {
  it('each co-handler signs and replies on its own clock; the lead replies once they replied or ran out of time', async () => {
    now = new Date('2025-09-30T10:00:00+08:00');
    const t = await create();
    // 派单目录: the 12345 pack sends 水电气暖 to the water bureau; the dialog starts with it
    expect(t.actions.find((a) => a.action === 'dispatch')).toMatchObject({ department: 'assign', coDepartments: true, suggestedDepartmentId: dep.water });
    const d = await ok(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: [dep.housing, dep.transport] });
    expect(d.parts.map((p) => [p.role, p.departmentName, p.status])).toEqual([
      ['lead', '市水务局', 'dispatched'],
      ['co', '市住建局', 'dispatched'],
      ['co', '市交通运输局', 'dispatched'],
    ]);
    // each part has its own sign-in limit (1 working day in the 12345 pack); the ticket's list shows the lead's only
    for (const p of d.parts) expect(p.timers.map((x) => [x.kind, x.status])).toEqual([['department_sign_in', 'running']]);
    expect(d.timers.every((x) => x.partId === null)).toBe(true);
    const [, housingPart, transportPart] = d.parts;

    // the co-handlers see the ticket, in their list too, and may only take their own steps
    const asHousing = (await get(t.id, 'housing')).body as Ticket;
    expect(names(asHousing)).toEqual(['co_sign']);
    expect(asHousing.parts.find((p) => p.mine)?.departmentName).toBe('市住建局');
    const list = (await server.request('/api/tickets', { cookie: as('housing') })).body as { items: Array<{ id: string }> };
    expect(list.items.map((x) => x.id)).toContain(t.id);
    await refused(t.id, 'sign', 'housing', {}, 409, 'TICKET_BAD_TRANSITION');
    await refused(t.id, 'return', 'housing', { reason: '不归我们' }, 409, 'TICKET_BAD_TRANSITION');
    await refused(t.id, 'co_reply', 'housing', { reason: '早了' }, 409, 'TICKET_BAD_TRANSITION');
    // a department not on the ticket does not learn it exists; the lead cannot take a co-handler's step
    expect((await get(t.id, 'market')).status).toBe(404);
    await refused(t.id, 'co_sign', 'market', {}, 404, 'TICKET_NOT_FOUND');
    await refused(t.id, 'co_sign', 'dept', {}, 409, 'TICKET_BAD_TRANSITION');
    await refused(t.id, 'co_sign', 'agent', {}, 403, 'TICKET_FORBIDDEN_ACTION');

    now = new Date('2025-09-30T11:00:00+08:00');
    const signed = await ok(t.id, 'co_sign', 'housing');
    const hp = signed.parts.find((p) => p.id === housingPart?.id);
    expect(hp?.status).toBe('signed');
    expect(hp?.timers.map((x) => [x.kind, x.status])).toEqual([
      ['department_sign_in', 'met'],
      ['reply', 'running'],
    ]);
    // the lead's and the other co-handler's limits are untouched
    expect(signed.parts[0]?.timers.map((x) => x.status)).toEqual(['running']);
    expect(signed.parts.find((p) => p.id === transportPart?.id)?.timers.map((x) => x.status)).toEqual(['running']);

    await ok(t.id, 'sign', 'dept');
    await ok(t.id, 'start', 'dept');
    // the lead cannot reply while co-handlers have neither replied nor run out of time
    await refused(t.id, 'reply', 'dept', { reason: '已处理' }, 409, 'TICKET_BAD_TRANSITION');
    await refused(t.id, 'co_reply', 'housing', {}, 422, 'TICKET_REASON_REQUIRED');
    const replied = await ok(t.id, 'co_reply', 'housing', { reason: '已协调物业配合管网维修' });
    expect(replied.parts.find((p) => p.id === housingPart?.id)).toMatchObject({ status: 'replied', reply: '已协调物业配合管网维修' });
    expect(replied.parts.find((p) => p.id === housingPart?.id)?.timers.map((x) => x.status)).toEqual(['met', 'met']);
    await refused(t.id, 'reply', 'dept', { reason: '已处理' }, 409, 'TICKET_BAD_TRANSITION');

    // the transport bureau never signs: its sign-in limit (1 working day, then National Day) runs out at the close of 9 October
    await travel('2025-10-10T09:00:00+08:00');
    const lead = await ok(t.id, 'reply', 'dept', { reason: '管网已修复，供水恢复' });
    expect(lead.status).toBe('replied');
    expect(lead.parts.find((p) => p.id === transportPart?.id)?.status).toBe('lapsed');
    expect(lead.parts.find((p) => p.id === transportPart?.id)?.timers.map((x) => x.status)).toEqual(['cancelled']);
    expect(lead.transitions.at(-1)?.details).toMatchObject({ lapsedDepartmentIds: [dep.transport] });

    // 评价 per department at the callback: the lead and a co-handler, where the caller gives it
    await ok(t.id, 'approve_reply', 'lead');
    await ok(t.id, 'start_callback', 'agent');
    await refused(t.id, 'archive', 'agent', { satisfaction: 'satisfied', departmentSatisfaction: [{ departmentId: dep.market, satisfaction: 'satisfied' }] }, 422, 'TICKET_ACTION_INVALID');
    const done = await ok(t.id, 'archive', 'agent', {
      satisfaction: 'basically_satisfied',
      departmentSatisfaction: [
        { departmentId: dep.water, satisfaction: 'satisfied' },
        { departmentId: dep.housing, satisfaction: 'basically_satisfied' },
      ],
    });
    expect(done.parts.map((p) => [p.departmentName, p.satisfaction])).toEqual([
      ['市水务局', 'satisfied'],
      ['市住建局', 'basically_satisfied'],
      ['市交通运输局', null],
    ]);
    await travel('2025-09-30T10:00:00+08:00');
  });

  it('refuses bad co-handling input with 4xx: the lead again, twice the same, an unknown or malformed id, on an action that takes none', async () => {
    const t = await create();
    await refused(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: [dep.water] }, 422, 'TICKET_ACTION_INVALID');
    await refused(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: [dep.housing, dep.housing] }, 422, 'TICKET_ACTION_INVALID');
    await refused(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: ['0b8f3a52-6d1e-4c1a-9f0e-1234567890ab'] }, 404, 'DEPARTMENT_NOT_FOUND');
    const malformed = await act(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: ['not-a-uuid'] });
    expect(malformed.status).toBe(400);
    const tooMany = await act(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: Array.from({ length: 11 }, () => dep.housing) });
    expect(tooMany.status).toBe(400);
    await refused(t.id, 'close_on_call', 'agent', { coDepartmentIds: [dep.housing] }, 422, 'TICKET_ACTION_INVALID');
    // nothing was written by the refused attempts
    expect(((await get(t.id, 'agent')).body as Ticket).parts).toEqual([]);
  });
});

describe('派单异议审核: a 退单 goes to the hotline for review', () => {
  it('refused: back to the same department with the reason, which signs again; accepted: reassigned to another one', async () => {
    const t = await create();
    await ok(t.id, 'dispatch', 'agent', { departmentId: dep.water });
    await ok(t.id, 'sign', 'dept');
    const r = await ok(t.id, 'return', 'dept', { reason: '属于住建部门职责' });
    expect(r).toMatchObject({ status: 'returned', departmentId: null });
    expect(r.returnedBy).toMatchObject({ departmentId: dep.water, departmentName: '市水务局', reason: '属于住建部门职责' });
    expect(names((await get(t.id, "agent")).body as Ticket)).toEqual(expect.arrayContaining(["accept_return", "refuse_return"]));
    expect((await get(t.id, 'dept')).status).toBe(404); // while the hotline reviews it
    await refused(t.id, 'refuse_return', 'agent', {}, 422, 'TICKET_REASON_REQUIRED');
    await refused(t.id, 'refuse_return', 'dept', { reason: 'x' }, 404, 'TICKET_NOT_FOUND');
    const back = await ok(t.id, 'refuse_return', 'agent', { reason: '供水管网属水务局职责，请继续办理' });
    expect(back).toMatchObject({ status: 'dispatched', departmentId: dep.water });
    expect(back.timers.filter((x) => x.kind === 'department_sign_in').map((x) => x.status)).toEqual(['met', 'running']);
    expect(back.transitions.at(-1)).toMatchObject({ action: 'refuse_return', reason: '供水管网属水务局职责，请继续办理', details: { aboutDepartmentId: dep.water, returnReason: '属于住建部门职责' } });
    // the department sees it again, with the hotline's reason
    expect((await get(t.id, 'dept')).status).toBe(200);
    await ok(t.id, 'sign', 'dept');
    await ok(t.id, 'return', 'dept', { reason: '仍认为属于住建部门' });
    await refused(t.id, 'accept_return', 'agent', {}, 422, 'TICKET_ACTION_INVALID');
    await refused(t.id, 'accept_return', 'agent', { departmentId: dep.water }, 422, 'TICKET_ACTION_INVALID');
    const moved = await ok(t.id, 'accept_return', 'agent', { departmentId: dep.housing });
    expect(moved).toMatchObject({ status: 'dispatched', departmentId: dep.housing });
    expect(moved.transitions.at(-1)?.details).toMatchObject({ departmentId: dep.housing, fromDepartmentId: dep.water, aboutDepartmentId: dep.water });
    expect((await get(t.id, 'dept')).status).toBe(404);
    expect((await get(t.id, 'housing')).status).toBe(200);
  });

  it('a ticket returned before the review existed (no department recorded) cannot be refused: 409, not 500', async () => {
    const t = await create();
    await ok(t.id, 'dispatch', 'agent', { departmentId: dep.water });
    await ok(t.id, 'return', 'dept', { reason: '不属于本单位' });
    await server.database.db.updateTable('ticket_transitions').set({ details: JSON.stringify({}) }).where('ticket_id', '=', t.id).where('action', '=', 'return').execute();
    await refused(t.id, 'refuse_return', 'agent', { reason: '请继续办理' }, 409, 'TICKET_BAD_TRANSITION');
  });
});

describe('改派 / 收回 / 催办 at any point of the department’s work', () => {
  it('催办 reminds the department’s staff (or a co-handler’s); 改派 moves it with a reason; 收回 takes it back with its co-handlers', async () => {
    const t = await create();
    await refused(t.id, 'urge', 'agent', { reason: '来电人催促' }, 409, 'TICKET_BAD_TRANSITION'); // not dispatched yet
    await ok(t.id, 'dispatch', 'agent', { departmentId: dep.water, coDepartmentIds: [dep.transport] });
    await refused(t.id, 'urge', 'agent', {}, 422, 'TICKET_REASON_REQUIRED');
    await refused(t.id, 'urge', 'dept', { reason: 'x' }, 403, 'TICKET_FORBIDDEN_ACTION');
    await refused(t.id, 'urge', 'agent', { reason: 'x', departmentId: dep.market }, 422, 'TICKET_ACTION_INVALID');
    const urged = await ok(t.id, 'urge', 'agent', { reason: '来电人再次来电催促' });
    expect(urged.status).toBe('dispatched');
    expect(urged.transitions.at(-1)?.details).toMatchObject({ departmentId: dep.water, notified: 1 });
    await ok(t.id, 'urge', 'lead', { reason: '请协办单位尽快签收', departmentId: dep.transport });
    const notes = async (who: string) =>
      ((await server.request('/api/notifications', { cookie: as(who) })).body as { items: Array<{ kind: string; payload: { ticketId: string; reason: string } }> }).items.filter(
        (n) => n.kind === 'ticket.urge' && n.payload.ticketId === t.id,
      );
    expect((await notes('dept')).map((n) => n.payload.reason)).toEqual(['来电人再次来电催促']);
    expect((await notes('transport')).map((n) => n.payload.reason)).toEqual(['请协办单位尽快签收']);
    expect(await notes('housing')).toEqual([]);

    await ok(t.id, 'sign', 'dept');
    await refused(t.id, 'reassign', 'agent', { departmentId: dep.housing }, 422, 'TICKET_REASON_REQUIRED');
    await refused(t.id, 'reassign', 'agent', { departmentId: dep.water, reason: '换' }, 422, 'TICKET_ACTION_INVALID');
    await refused(t.id, 'reassign', 'agent', { departmentId: dep.transport, reason: '换' }, 422, 'TICKET_ACTION_INVALID'); // it co-handles
    const moved = await ok(t.id, 'reassign', 'agent', { departmentId: dep.housing, reason: '经核实属住建局职责' });
    expect(moved).toMatchObject({ status: 'dispatched', departmentId: dep.housing });
    expect(moved.timers.filter((x) => x.kind === 'reply').map((x) => x.status)).toEqual(['cancelled']);
    expect(moved.timers.filter((x) => x.kind === 'department_sign_in').map((x) => x.status)).toEqual(['met', 'running']);
    expect((await get(t.id, 'dept')).status).toBe(404);
    // the co-handler keeps its part through a 改派
    expect(moved.parts.map((p) => [p.departmentName, p.status])).toEqual([
      ['市住建局', 'dispatched'],
      ['市交通运输局', 'dispatched'],
    ]);

    await refused(t.id, 'recall', 'agent', {}, 422, 'TICKET_REASON_REQUIRED');
    const back = await ok(t.id, 'recall', 'agent', { reason: '来电人已自行解决，收回' });
    expect(back).toMatchObject({ status: 'accepted', departmentId: null, parts: [] });
    expect(back.timers.filter((x) => x.kind === 'dispatch').map((x) => x.status)).toEqual(['met', 'running']);
    expect((await get(t.id, 'housing')).status).toBe(404);
    expect((await get(t.id, 'transport')).status).toBe(404);
    // cancelled parts' timers stopped too
    const open = await server.database.db.selectFrom('ticket_timers').select(['kind', 'part_id']).where('ticket_id', '=', t.id).where('status', 'in', ['running', 'paused']).execute();
    expect(open.filter((x) => x.part_id !== null)).toEqual([]);
  });
});

describe('counted per department', () => {
  it('GET /api/tickets/department-stats gives the counts an independent reading of the transition rows gives', async () => {
    const r = await server.request('/api/tickets/department-stats?from=2025-09-01&to=2025-10-31', { cookie: as('manager') });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const stats = r.body as { items: Array<Record<string, number | string>> };
    // independent: every transition row with the department it was about, read in JS
    const rows = await server.database.db.selectFrom('ticket_transitions').select(['action', 'details', 'from_state']).execute();
    const parts = await server.database.db.selectFrom('ticket_parts').select(['department_id']).execute();
    const about = (x: (typeof rows)[number]) => (x.details as { aboutDepartmentId?: string }).aboutDepartmentId;
    const count = (action: string, id: string) => rows.filter((x) => x.action === action && about(x) === id).length;
    for (const [key, id] of Object.entries(dep)) {
      const got = stats.items.find((x) => x.departmentId === id);
      expect(got, key).toMatchObject({
        urged: count('urge', id),
        reassignedAway: count('reassign', id),
        recalled: count('recall', id),
        returned: count('return', id),
        returnsAccepted: count('accept_return', id),
        returnsRefused: count('refuse_return', id),
        coHandled: parts.filter((p) => p.department_id === id).length,
        coReplied: count('co_reply', id),
      });
    }
    // and the figures the tests above made
    const water = stats.items.find((x) => x.departmentId === dep.water);
    // (the third 退单, whose details the old-ticket test emptied, is about no department)
    expect(water).toMatchObject({ urged: 1, reassignedAway: 1, returned: 2, returnsAccepted: 1, returnsRefused: 1 });
    expect(stats.items.find((x) => x.departmentId === dep.transport)).toMatchObject({ urged: 1, coHandled: 2, coReplied: 0 });
    expect(stats.items.find((x) => x.departmentId === dep.housing)).toMatchObject({ coHandled: 1, coReplied: 1, recalled: 1 });
  });

  it('days outside the range count nothing; bad dates are 400; agents and departments may not read it', async () => {
    const r = await server.request('/api/tickets/department-stats?from=2025-08-01&to=2025-08-31', { cookie: as('lead') });
    expect(r.status).toBe(200);
    expect((r.body as { items: Array<{ urged: number; returned: number }> }).items.every((x) => x.urged === 0 && x.returned === 0)).toBe(true);
    expect((await server.request('/api/tickets/department-stats?from=2025-13-01', { cookie: as('lead') })).status).toBe(400);
    expect((await server.request('/api/tickets/department-stats?from=2025-10-02&to=2025-10-01', { cookie: as('lead') })).status).toBe(400);
    expect((await server.request('/api/tickets/department-stats', { cookie: as('agent') })).status).toBe(403);
    expect((await server.request('/api/tickets/department-stats', { cookie: as('dept') })).status).toBe(403);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';

// Tuesday 30 September 2025, 10:00 in Shanghai: the day before the National Day holiday (1–8 October).
const now = new Date('2025-09-30T10:00:00+08:00');
let server: TestServer;
const cookies: Record<string, string> = {};
const as = (u: string) => cookies[u] ?? '';
let water = '';
let housing = '';

interface Ticket {
  id: string;
  number: string;
  status: string;
  callerPhone: string | null;
  callerName: string | null;
  departmentId: string | null;
  extension: string;
  satisfaction: string | null;
  supervised: boolean;
  mergedInto: string | null;
  transitions: Array<{ action: string; from: string; to: string; reason: string | null; actor: string }>;
  timers: Array<{ kind: string; status: string; dueAt: string; warnAt: string | null }>;
  actions: Array<{ action: string }>;
}

async function create(body: Record<string, unknown> = helpTicket, who = 'agent') {
  const r = await server.request('/api/tickets', { method: 'POST', cookie: as(who), json: body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Ticket;
}

async function act(id: string, action: string, who: string, json: Record<string, unknown> = {}) {
  return server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: as(who), json });
}

async function ok(id: string, action: string, who: string, json: Record<string, unknown> = {}) {
  const r = await act(id, action, who, json);
  expect(r.status, `${action} by ${who}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as Ticket;
}

const timer = (t: Ticket, kind: string) => t.timers.filter((x) => x.kind === kind).at(-1);

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  for (const u of ['admin', 'manager', 'lead', 'agent', 'inspector', 'dept']) cookies[u] = await server.login(u);
  const deps = (await server.request('/api/departments', { cookie: as('agent') })).body as { items: Array<{ id: string; name: string; members: Array<{ username: string }> }> };
  water = deps.items.find((d) => d.name === '市水务局')?.id ?? '';
  housing = deps.items.find((d) => d.name === '市住建局')?.id ?? '';
});
afterAll(() => server.close());

describe('departments', () => {
  it('the demo has the four departments and dept works at 市水务局', async () => {
    const r = await server.request('/api/departments', { cookie: as('agent') });
    const items = (r.body as { items: Array<{ name: string; members: Array<{ username: string }> }> }).items;
    expect(items.map((d) => d.name).sort()).toEqual(['市水务局', '市住建局', '市交通运输局', '市市场监管局'].sort());
    expect(items.find((d) => d.name === '市水务局')?.members.map((m) => m.username)).toEqual(['dept']);
  });

  it('an admin creates one (a second with the same name is 409) and sets its staff; only department users can be members', async () => {
    const r = await server.request('/api/departments', { method: 'POST', cookie: as('admin'), json: { name: '市城管局' } });
    expect(r.status).toBe(201);
    const id = (r.body as { id: string }).id;
    expect((await server.request('/api/departments', { method: 'POST', cookie: as('admin'), json: { name: '市城管局' } })).status).toBe(409);
    expect((await server.request('/api/departments', { method: 'POST', cookie: as('manager'), json: { name: 'x' } })).status).toBe(403);
    const users = (await server.request('/api/users', { cookie: as('admin') })).body as { items: Array<{ id: string; username: string }> };
    const agentId = users.items.find((u) => u.username === 'agent')?.id;
    const bad = await server.request(`/api/departments/${id}/members`, { method: 'PUT', cookie: as('admin'), json: { userIds: [agentId] } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'DEPARTMENT_MEMBERS_INVALID' } });
    const empty = await server.request(`/api/departments/${id}/members`, { method: 'PUT', cookie: as('admin'), json: { userIds: [] } });
    expect(empty.status).toBe(200);
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['department.create', 'department.members']);
  });
});

describe('creating tickets', () => {
  it('numbers tickets per day, takes the default priority from the category and starts the timers of the pack’s policy', async () => {
    const t = await create();
    expect(t.number).toMatch(/^20250930-\d{4}$/);
    expect(t.status).toBe('accepted');
    expect(t).toMatchObject({ priority: 'p2', category: 'help', subCategory: 'utilities', callerPhone: '13812345678' });
    // help/p2: dispatch 2bh, resolution 5wd; first contact is met on the call
    expect(timer(t, 'first_contact')?.status).toBe('met');
    expect(timer(t, 'dispatch')).toMatchObject({ status: 'running', dueAt: '2025-09-30T04:00:00.000Z' });
    // 5 working days after 30 September across National Day (1–8 Oct off, Sat 11 Oct a make-up working day): 14 October 18:00
    expect(timer(t, 'resolution')?.dueAt).toBe('2025-10-14T10:00:00.000Z');
    const second = await create();
    expect(Number(second.number.slice(-4))).toBe(Number(t.number.slice(-4)) + 1);
    const event = await server.database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', t.id).where('type', '=', 'ticket.created').executeTakeFirst();
    expect(event).toBeTruthy();
  });

  it('checks category, sub-category, priority and required fields against the pack (422 with every problem)', async () => {
    const r = await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: { category: 'help', subCategory: 'nope', priority: 'p9', description: 'x' } });
    expect(r.status).toBe(422);
    const msg = JSON.stringify(r.body);
    expect(r.body).toMatchObject({ error: { code: 'TICKET_INVALID' } });
    for (const part of ['subCategory', 'priority', 'contact-phone', 'address']) expect(msg).toContain(part);
    const unknown = await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: { category: 'weather' } });
    expect(unknown.status).toBe(422);
    expect((await server.request('/api/tickets', { method: 'POST', cookie: as('dept'), json: helpTicket })).status).toBe(403);
  });

  it('numbers concurrent tickets without duplicates', async () => {
    const made = await Promise.all(Array.from({ length: 6 }, () => create()));
    expect(new Set(made.map((t) => t.number)).size).toBe(6);
  });
});

describe('the 12345 workflow', () => {
  it('受理 → 派单 → 签收 → 办理中 → 答复 → 审核 → 回访 → 归档, each step in transitions, audit_log and domain_events', async () => {
    const t = await create();
    let r = await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    expect(r).toMatchObject({ status: 'dispatched', departmentId: water });
    expect(timer(r, 'dispatch')?.status).toBe('met');
    // department sign-in: 1 working day after 30 September is 9 October 18:00
    expect(timer(r, 'department_sign_in')).toMatchObject({ status: 'running', dueAt: '2025-10-09T10:00:00.000Z' });
    r = await ok(t.id, 'sign', 'dept');
    expect(timer(r, 'department_sign_in')?.status).toBe('met');
    expect(timer(r, 'reply')?.status).toBe('running');
    await ok(t.id, 'start', 'dept');
    r = await ok(t.id, 'reply', 'dept', { reason: '管网已修复，已恢复供水' });
    expect(timer(r, 'reply')?.status).toBe('met');
    expect(timer(r, 'resolution')?.status).toBe('met');
    expect(timer(r, 'callback')?.status).toBe('running');
    await ok(t.id, 'approve_reply', 'lead');
    await ok(t.id, 'start_callback', 'agent');
    expect((await act(t.id, 'archive', 'agent')).status).toBe(422); // the callback result is needed
    r = await ok(t.id, 'archive', 'agent', { satisfaction: 'satisfied' });
    expect(r).toMatchObject({ status: 'archived', satisfaction: 'satisfied' });
    expect(r.transitions.map((x) => `${x.action}:${x.from}>${x.to}`)).toEqual([
      'dispatch:accepted>dispatched',
      'sign:dispatched>signed',
      'start:signed>in_progress',
      'reply:in_progress>replied',
      'approve_reply:replied>reviewed',
      'start_callback:reviewed>callback',
      'archive:callback>archived',
    ]);
    expect(r.timers.every((x) => x.status !== 'running' && x.status !== 'paused')).toBe(true);
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', t.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['ticket.create', ...r.transitions.map((x) => `ticket.${x.action}`)]);
    expect(audit[1]?.before).toMatchObject({ status: 'accepted' });
    expect(audit[1]?.after).toMatchObject({ status: 'dispatched' });
    const events = await server.database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', t.id).where('type', '=', 'ticket.transitioned').execute();
    expect(events).toHaveLength(7);
    // nothing leaves 归档
    const again = await act(t.id, 'dispatch', 'agent', { departmentId: water });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'TICKET_BAD_TRANSITION' } });
  });

  it('answers 409 for an action the state does not allow, 403 for the wrong role, 422 without a needed reason or department', async () => {
    const t = await create();
    expect((await act(t.id, 'sign', 'dept')).status).toBe(404); // not dispatched to dept's department: invisible to it
    expect((await act(t.id, 'sign', 'admin')).status).toBe(409);
    expect((await act(t.id, 'fly', 'agent')).status).toBe(409);
    const noDept = await act(t.id, 'dispatch', 'agent');
    expect(noDept.status).toBe(422);
    expect(noDept.body).toMatchObject({ error: { code: 'TICKET_ACTION_INVALID' } });
    await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    const wrongRole = await act(t.id, 'sign', 'agent');
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body).toMatchObject({ error: { code: 'TICKET_FORBIDDEN_ACTION' } });
    const noReason = await act(t.id, 'return', 'dept');
    expect(noReason.status).toBe(422);
    expect(noReason.body).toMatchObject({ error: { code: 'TICKET_REASON_REQUIRED' } });
    // 督办 is for overdue or complained-about tickets only
    expect((await act(t.id, 'supervise', 'lead', { reason: '关注' })).status).toBe(409);
  });

  it('退单 sends the ticket back without a department; the hotline re-dispatches it elsewhere', async () => {
    const t = await create();
    await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    await ok(t.id, 'sign', 'dept');
    const r = await ok(t.id, 'return', 'dept', { reason: '属于住建部门职责' });
    expect(r).toMatchObject({ status: 'returned', departmentId: null });
    expect(timer(r, 'department_sign_in')?.status).toBe('met');
    expect(timer(r, 'reply')?.status).toBe('cancelled');
    expect(timer(r, 'dispatch')?.status).toBe('running'); // a new dispatch limit for the re-dispatch
    expect((await server.request(`/api/tickets/${t.id}`, { cookie: as('dept') })).status).toBe(404);
    const again = await ok(t.id, 'dispatch', 'agent', { departmentId: housing });
    expect(again).toMatchObject({ status: 'dispatched', departmentId: housing });
    expect(again.transitions.map((x) => x.action)).toEqual(['dispatch', 'sign', 'return', 'dispatch']);
    expect(again.transitions[2]?.reason).toBe('属于住建部门职责');
  });

  it('延期申请: rejected needs a reason; approved moves the reply and resolution dues by the working days asked for', async () => {
    const t = await create();
    await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    await ok(t.id, 'sign', 'dept');
    await ok(t.id, 'start', 'dept');
    expect((await act(t.id, 'request_extension', 'dept', { reason: '需要协调施工' })).status).toBe(422); // how long?
    let r = await ok(t.id, 'request_extension', 'dept', { reason: '需要协调施工', extensionDays: 3 });
    expect(r.extension).toBe('requested');
    expect((await act(t.id, 'request_extension', 'dept', { reason: 'again', extensionDays: 3 })).status).toBe(409);
    expect((await act(t.id, 'reject_extension', 'lead')).status).toBe(422);
    r = await ok(t.id, 'reject_extension', 'lead', { reason: '时限内可以完成' });
    expect(r.extension).toBe('rejected');
    expect(timer(r, 'resolution')?.dueAt).toBe('2025-10-14T10:00:00.000Z');
    await ok(t.id, 'request_extension', 'dept', { reason: '需要协调施工', extensionDays: 3 });
    expect((await act(t.id, 'approve_extension', 'dept')).status).toBe(403);
    r = await ok(t.id, 'approve_extension', 'lead');
    expect(r.extension).toBe('approved');
    // 14 Oct + 3 working days = 17 Oct 18:00
    expect(timer(r, 'resolution')?.dueAt).toBe('2025-10-17T10:00:00.000Z');
  });

  it('回访 unsatisfied: archiving needs a reason, 重办 reopens it with new reply and resolution limits', async () => {
    const t = await create();
    await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    await ok(t.id, 'sign', 'dept');
    await ok(t.id, 'start', 'dept');
    await ok(t.id, 'reply', 'dept');
    await ok(t.id, 'approve_reply', 'lead');
    await ok(t.id, 'start_callback', 'agent');
    const refused = await act(t.id, 'archive', 'agent', { satisfaction: 'unsatisfied' });
    expect(refused.status).toBe(409);
    const r = await ok(t.id, 'reopen', 'agent', { reason: '仍然停水', satisfaction: 'unsatisfied' });
    expect(r).toMatchObject({ status: 'in_progress', satisfaction: 'unsatisfied', departmentId: water });
    expect(timer(r, 'callback')?.status).toBe('met');
    expect(timer(r, 'resolution')?.status).toBe('running');
    expect(timer(r, 'reply')?.status).toBe('running');
  });

  it('合并 closes a duplicate and cancels its timers', async () => {
    const a = await create();
    const b = await create();
    expect((await act(b.id, 'merge', 'agent', { reason: '重复来电' })).status).toBe(422);
    const r = await ok(b.id, 'merge', 'agent', { reason: '重复来电', intoTicketId: a.id });
    expect(r).toMatchObject({ status: 'merged', mergedInto: a.id });
    expect(r.timers.filter((x) => x.status === 'running')).toEqual([]);
  });
});

describe('who sees what', () => {
  it('department staff see only their department’s tickets; inspector and department see masked personal data', async () => {
    const mine = await create();
    await ok(mine.id, 'dispatch', 'agent', { departmentId: water });
    const other = await create();
    await ok(other.id, 'dispatch', 'agent', { departmentId: housing });
    const list = (await server.request('/api/tickets?limit=200', { cookie: as('dept') })).body as { items: Ticket[]; total: number };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((t) => t.departmentId === water)).toBe(true);
    expect(list.items.some((t) => t.id === other.id)).toBe(false);
    expect((await server.request(`/api/tickets/${other.id}`, { cookie: as('dept') })).status).toBe(404);
    const seen = (await server.request(`/api/tickets/${mine.id}`, { cookie: as('dept') })).body as Ticket;
    expect(seen).toMatchObject({ callerPhone: '138****5678', callerName: '张*' });
    expect(seen.actions.map((a) => a.action)).toContain('sign');
    const inspector = (await server.request(`/api/tickets/${other.id}`, { cookie: as('inspector') })).body as Ticket;
    expect(inspector).toMatchObject({ callerPhone: '138****5678', callerName: '张*' });
    const agent = (await server.request(`/api/tickets/${other.id}`, { cookie: as('agent') })).body as Ticket;
    expect(agent).toMatchObject({ callerPhone: '13812345678', callerName: '张三' });
  });

  it('lists with filters and paging, and exports the list as Excel (masked for the inspector)', async () => {
    const all = (await server.request('/api/tickets?limit=2', { cookie: as('agent') })).body as { items: Ticket[]; total: number };
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(10);
    const archived = (await server.request('/api/tickets?status=archived', { cookie: as('agent') })).body as { items: Ticket[] };
    expect(archived.items.length).toBeGreaterThan(0);
    expect(archived.items.every((t) => t.status === 'archived')).toBe(true);
    const byNumber = (await server.request(`/api/tickets?q=${all.items[0]?.number}`, { cookie: as('agent') })).body as { items: Ticket[] };
    expect(byNumber.items.map((t) => t.id)).toEqual([all.items[0]?.id]);
    const byDept = (await server.request(`/api/tickets?departmentId=${housing}&status=dispatched`, { cookie: as('lead') })).body as { items: Ticket[] };
    expect(byDept.items.every((t) => t.departmentId === housing)).toBe(true);
    // bulk export is a permission of its own (admin, manager): seeing the list is not enough
    expect((await fetch(`${server.baseUrl}/api/tickets.xlsx?status=dispatched`, { headers: { cookie: as('inspector') } })).status).toBe(403);
    const res = await fetch(`${server.baseUrl}/api/tickets.xlsx?status=dispatched`, { headers: { cookie: as('manager') } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工单');
    expect(ws?.getRow(1).getCell(1).value).toBe('工单编号');
    expect(ws?.rowCount).toBeGreaterThan(1);
    expect(String(ws?.getRow(2).getCell(5).value)).toMatch(/^138\d{4}5678$/);
  });

  it('PATCH changes fields with an audit row; a changed category is checked again', async () => {
    const t = await create();
    const r = await server.request(`/api/tickets/${t.id}`, { method: 'PATCH', cookie: as('agent'), json: { title: '望江路停水（补充）', tags: ['停水'] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: '望江路停水（补充）', tags: ['停水'] });
    const bad = await server.request(`/api/tickets/${t.id}`, { method: 'PATCH', cookie: as('agent'), json: { category: 'complaint' } });
    expect(bad.status).toBe(422);
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', t.id).where('action', '=', 'ticket.update').execute();
    expect(audit).toHaveLength(1);
  });
});

describe('calendar API', () => {
  it('admin and manager read and replace the calendar; mistakes are 422 with every problem; the change is audited', async () => {
    const r = await server.request('/api/sla/calendar', { cookie: as('manager') });
    expect(r.body).toMatchObject({ timezone: 'Asia/Shanghai', businessHours: [{ start: '09:00', end: '18:00' }], warnFraction: 0.8 });
    expect((await server.request('/api/sla/calendar', { cookie: as('agent') })).status).toBe(403);
    const bad = await server.request('/api/sla/calendar', { method: 'PUT', cookie: as('admin'), json: { timezone: 'Mars/Olympus', holidays: ['2025-02-30'], holiday: [] } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'CALENDAR_INVALID' } });
    const msg = JSON.stringify(bad.body);
    for (const part of ['Mars/Olympus', '2025-02-30', 'holiday']) expect(msg).toContain(part);
    const good = await server.request('/api/sla/calendar', { method: 'PUT', cookie: as('admin'), json: { holidays: [{ date: '2031-03-04', name: '市庆日' }], workdays: ['2031-03-08'], warnFraction: 0.75 } });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ warnFraction: 0.75, workdays: ['2031-03-08'] });
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'sla.calendar.update').execute();
    expect(audit).toHaveLength(1);
  });

  it('shows a month with holidays, make-up days and a warning for years without holiday data', async () => {
    const oct = (await server.request('/api/sla/calendar/2025-10', { cookie: as('dept') })).body as { workingDays: number; coverage: string; warnings: string[]; days: Array<{ date: string; working: boolean }> };
    expect(oct).toMatchObject({ workingDays: 18, coverage: 'builtin', warnings: [] });
    expect(oct.days.find((d) => d.date === '2025-10-11')?.working).toBe(true);
    const y2032 = (await server.request('/api/sla/calendar/2032-03', { cookie: as('agent') })).body as { coverage: string; warnings: string[] };
    expect(y2032.coverage).toBe('fallback');
    expect(y2032.warnings[0]).toContain('2032');
    expect((await server.request('/api/sla/calendar/2025-13', { cookie: as('agent') })).status).toBe(400);
  });
});

describe('ticket detail for people', () => {
  interface Detail {
    status: string;
    created: { state: string; actor: string | null; actorName: string | null; at: string };
    linkedCalls: Array<{ id: string; ringingAt: string | null }>;
    transitions: Array<{ action: string; actor: string; actorName: string | null }>;
    actions: Array<{ action: string; requiresSatisfaction: boolean }>;
    createdAt: string;
  }
  const displayName = async (username: string) =>
    (await server.database.db.selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirstOrThrow()).display_name;

  it('starts the history with 受理 by the person who took it, names people by their display name, links the calls and says when 满意度 is required', async () => {
    const { token } = await createConnection(server, as('admin'), 'pbx-detail');
    expect((await postEvents(server, token, callEvents({ callId: 'detail-1', start: new Date(now.getTime() - 600_000) }))).status).toBeLessThan(300);
    const calls = (await server.request('/api/calls?limit=500', { cookie: as('manager') })).body as { items: Array<{ id: string; externalId: string; ringingAt: string }> };
    const call = calls.items.find((c) => c.externalId === 'detail-1')!;
    const t = await create({ ...helpTicket, callIds: [call.id, 'PBX-REF-7', '00000000-0000-4000-8000-000000000000'] });

    const fresh = (await server.request(`/api/tickets/${t.id}`, { cookie: as('agent') })).body as Detail;
    expect(fresh.created).toEqual({ state: 'accepted', actor: 'agent', actorName: await displayName('agent'), at: fresh.createdAt });
    expect(fresh.created.actorName).not.toBe('agent');
    expect(fresh.linkedCalls).toEqual([{ id: call.id, ringingAt: call.ringingAt }]);

    await ok(t.id, 'dispatch', 'agent', { departmentId: water });
    await ok(t.id, 'sign', 'dept');
    await ok(t.id, 'start', 'dept');
    await ok(t.id, 'reply', 'dept', { reason: '已安排抢修' });
    await ok(t.id, 'approve_reply', 'lead');
    const before = await ok(t.id, 'start_callback', 'agent');
    const detail = before as unknown as Detail;
    expect(detail.transitions.map((x) => [x.actor, x.actorName])).toEqual(
      await Promise.all(['agent', 'dept', 'dept', 'dept', 'lead', 'agent'].map(async (u) => [u, await displayName(u)])),
    );
    // 归档 from 回访 needs the callback result: the action says so, and the server refuses without it
    expect(detail.actions.find((a) => a.action === 'archive')?.requiresSatisfaction).toBe(true);
    expect((await act(t.id, 'archive', 'agent')).status).toBe(422);
    const other = (await server.request(`/api/tickets/${(await create()).id}`, { cookie: as('agent') })).body as Detail;
    expect(other.actions.every((a) => !a.requiresSatisfaction)).toBe(true);
  });
});

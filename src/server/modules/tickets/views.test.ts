import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

// Tuesday 30 September 2025 in Shanghai; the clock moves within the day.
let now = new Date('2025-09-30T09:00:00+08:00');
let server: TestServer;
const cookies = new Map<string, string>();
async function as(u: string) {
  const key = `${u}@${now.toISOString()}`;
  if (!cookies.has(key)) cookies.set(key, await server.login(u));
  return cookies.get(key) ?? '';
}

interface Ticket {
  id: string;
  number: string;
  status: string;
  nextDueAt: string | null;
  overdue: boolean;
  overdueSince: string | null;
  tags: string[];
  callIds: string[];
  transitions: Array<{ action: string; details: Record<string, unknown> }>;
}
interface List {
  items: Ticket[];
  total: number;
}

async function create(who: string, json: Record<string, unknown> = {}) {
  const r = await server.request('/api/tickets', {
    method: 'POST',
    cookie: await as(who),
    json: { category: 'help', callerPhone: '13812345678', address: '望江路 8 号', description: '路灯不亮', ...json },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Ticket;
}
const list = async (query: string, who = 'lead') => (await server.request(`/api/tickets?${query}`, { cookie: await as(who) })).body as List;

let early: Ticket;
let late: Ticket;
let byLead: Ticket;

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  // dispatch limit 2bh: due 11:00 for the 09:00 ticket (warning 10:36), 12:30 and 12:31 for the later ones (warnings 12:06, 12:07)
  early = await create('agent', { title: '早上的工单', tags: ['路灯'] });
  now = new Date('2025-09-30T10:30:00+08:00');
  late = await create('agent', { title: '稍晚的工单' });
  now = new Date('2025-09-30T10:31:00+08:00');
  byLead = await create('lead', { title: '班长受理的工单' });
});
afterAll(() => server.close());

describe('hotline views', () => {
  it('due soon: past the warning point and not yet due, most urgent first; overdue: longest overdue first', async () => {
    now = new Date('2025-09-30T10:40:00+08:00');
    const soon = await list('dueSoon=true&sort=due');
    expect(soon.items.map((t) => t.id)).toEqual([early.id]);
    now = new Date('2025-09-30T12:10:00+08:00');
    const soon2 = await list('dueSoon=true&sort=due');
    expect(soon2.items.map((t) => t.id)).toEqual([late.id, byLead.id]);
    const overdue = await list('overdue=true&sort=due');
    expect(overdue.items.map((t) => t.id)).toEqual([early.id]);
    expect(overdue.items[0]).toMatchObject({ overdue: true, overdueSince: '2025-09-30T03:00:00.000Z' });
    now = new Date('2025-09-30T13:00:00+08:00');
    expect((await list('overdue=true&sort=due')).items.map((t) => t.id)).toEqual([early.id, late.id, byLead.id]);
    // newest first stays the default order
    expect((await list('')).items.map((t) => t.id).slice(0, 2)).toEqual([byLead.id, late.id]);
  });

  it('my tickets are the ones I took', async () => {
    const mine = await list('mine=true', 'lead');
    expect(mine.items.map((t) => t.id)).toEqual([byLead.id]);
    expect((await list('mine=true', 'agent')).items.map((t) => t.id).sort()).toEqual([early.id, late.id].sort());
  });

  it('the Excel export follows the same filter as the list', async () => {
    now = new Date('2025-09-30T13:00:00+08:00');
    // agents see the list but may not bulk-export it; a manager's export is the manager's list, row for row
    expect((await fetch(`${server.baseUrl}/api/tickets.xlsx?mine=true&overdue=true&sort=due`, { headers: { cookie: await as('agent') } })).status).toBe(403);
    const manager = await as('manager');
    const res = await fetch(`${server.baseUrl}/api/tickets.xlsx?overdue=true&sort=due`, { headers: { cookie: manager } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工单');
    const numbers = [];
    for (let i = 2; i <= (ws?.rowCount ?? 0); i++) numbers.push(String(ws?.getRow(i).getCell(1).value));
    const listed = (await server.request('/api/tickets?overdue=true&sort=due&limit=200', { cookie: manager })).body as { items: Array<{ number: string }> };
    expect(numbers).toEqual(listed.items.map((t) => t.number));
    expect(numbers).toEqual(expect.arrayContaining([early.number, late.number]));
  });

  it('tells whether this year and the next have holiday data, in the organisation’s time zone', async () => {
    now = new Date('2026-12-31T17:00:00Z'); // already 1 January 2027 in Shanghai
    const r = await server.request('/api/sla/coverage', { cookie: await as('dept') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ timezone: 'Asia/Shanghai', today: '2027-01-01', years: [{ year: 2027, coverage: 'fallback' }, { year: 2028, coverage: 'fallback' }] });
    const before = await server.request('/api/sla/coverage', { cookie: await as('agent') });
    expect((before.body as { years: Array<{ warning: string | null }> }).years[0]?.warning).toContain('2027');
    // overrides for 2027 make it covered
    const put = await server.request('/api/sla/calendar', { method: 'PUT', cookie: await as('admin'), json: { holidays: ['2027-01-01'] } });
    expect(put.status).toBe(200);
    const after = (await server.request('/api/sla/coverage', { cookie: await as('agent') })).body as { years: Array<{ year: number; coverage: string; warning: string | null }> };
    expect(after.years[0]).toEqual({ year: 2027, coverage: 'override', warning: null });
    now = new Date('2025-09-30T13:00:00+08:00');
    expect(((await server.request('/api/sla/coverage', { cookie: await as('agent') })).body as { years: Array<{ coverage: string }> }).years.map((y) => y.coverage)).toEqual([
      'builtin',
      'builtin',
    ]);
  });
});

describe('saved filters', () => {
  it('are per person, normalised, checked like the list, and deleted by their owner only', async () => {
    const empty = await server.request('/api/tickets/filters', { cookie: await as('agent') });
    expect(empty.body).toEqual({ items: [] });
    const created = await server.request('/api/tickets/filters', { method: 'POST', cookie: await as('agent'), json: { name: '超时求助', query: '?sort=due&overdue=true&category=help&limit=5' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const f = created.body as { id: string; name: string; query: string };
    expect(f).toMatchObject({ name: '超时求助', query: 'category=help&overdue=true&sort=due' });
    // applying it: the list with that query
    expect((await list(f.query, 'agent')).items.map((t) => t.id)).toEqual([early.id, late.id, byLead.id]);

    const twice = await server.request('/api/tickets/filters', { method: 'POST', cookie: await as('agent'), json: { name: '超时求助', query: '' } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'TICKET_FILTER_EXISTS' } });
    const bad = await server.request('/api/tickets/filters', { method: 'POST', cookie: await as('agent'), json: { name: '坏的', query: 'overdue=maybe&colour=red' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'TICKET_FILTER_INVALID' } });
    const unknown = await server.request('/api/tickets/filters', { method: 'POST', cookie: await as('agent'), json: { name: '坏的', query: 'colour=red' } });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body)).toContain('colour');

    // the lead has none of the agent's filters and cannot delete them
    expect(((await server.request('/api/tickets/filters', { cookie: await as('lead') })).body as { items: unknown[] }).items).toEqual([]);
    expect((await server.request(`/api/tickets/filters/${f.id}`, { method: 'DELETE', cookie: await as('lead') })).status).toBe(404);
    expect((await server.request(`/api/tickets/filters/${f.id}`, { method: 'DELETE', cookie: await as('agent') })).status).toBe(204);
    expect(((await server.request('/api/tickets/filters', { cookie: await as('agent') })).body as { items: unknown[] }).items).toEqual([]);
    const audit = await server.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', f.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['ticket_filter.create', 'ticket_filter.delete']);
  });
});

describe('合并 (merge)', () => {
  it('copies the duplicate’s call ids and tags into the surviving ticket, with a merge_in transition', async () => {
    const a = await create('agent', { tags: ['停水'], callIds: ['call-1'] });
    const b = await create('agent', { tags: ['停水', '重复来电'], callIds: ['call-2', 'call-1'] });
    const r = await server.request(`/api/tickets/${b.id}/actions/merge`, { method: 'POST', cookie: await as('agent'), json: { reason: '同一诉求重复来电', intoTicketId: a.id } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const survivor = (await server.request(`/api/tickets/${a.id}`, { cookie: await as('agent') })).body as Ticket;
    expect(survivor.callIds).toEqual(['call-1', 'call-2']);
    expect(survivor.tags).toEqual(['停水', '重复来电']);
    const mergeIn = survivor.transitions.find((x) => x.action === 'merge_in');
    expect(mergeIn?.details).toMatchObject({ fromTicketId: b.id, addedCallIds: ['call-2'], addedTags: ['重复来电'] });
    const audit = await server.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).orderBy('id').execute();
    expect(audit.map((x) => x.action)).toContain('ticket.merge_in');
  });
});

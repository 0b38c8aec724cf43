import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { helpTicket } from '../../../test/helpers/tickets.js';
import { roles, rolesSeeingPersonalData, type Role } from '../../shared/roles.js';
import { demoUsers } from '../demo.js';
import { getScorecard } from '../modules/qa/qa.service.js';

/**
 * A caller's mobile number goes into a call (through the CTI webhook; an inbound call from it and an agent's
 * call back to it), a ticket dispatched to the
 * department, and a QA transcript (spoken in the talk too). Every GET route a role may call —
 * lists, details, exports — is then read as each role that may not see personal data: the number
 * must not appear anywhere in full. The roles that may see it do see it (so the probe finds it). Bulk export is
 * granted to every role here, so the Excel files are read as every role as well.
 */
const MOBILE = '13912345678';
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const usernameOf = (role: Role) => demoUsers.find((u) => u.role === role)?.username ?? role;

let server: TestServer;
const cookies = {} as Record<Role, string>;
const ids = { call: '', ticket: '', qa: '' };

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const role of roles) cookies[role] = await server.login(usernameOf(role));
  // bulk export granted to every role, so the exports are read as each role too (masked for those who may not see)
  expect((await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.admin, json: { roles } })).status).toBe(200);
  const { token } = await createConnection(server, cookies.admin, 'masking-pbx');
  const start = new Date(Date.now() - 10 * 60_000);
  const posted = await postEvents(server, token, callEvents({ callId: 'masking-call', from: MOBILE, start, transcript: false }));
  expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
  // an agent calls the caller back: the number is the one called (`to`)
  const iso = (ms: number) => new Date(start.getTime() + ms).toISOString();
  const out = await postEvents(server, token, [
    { eventId: 'masking-out-0', callId: 'masking-out', seq: 0, type: 'call.ringing', at: iso(120_000), direction: 'out', from: '12345', to: MOBILE, agentId: '1024' },
    { eventId: 'masking-out-1', callId: 'masking-out', seq: 1, type: 'call.answered', at: iso(125_000), agentId: '1024' },
    { eventId: 'masking-out-2', callId: 'masking-out', seq: 2, type: 'call.ended', at: iso(150_000), endedBy: 'agent' },
  ]);
  expect(out.status, JSON.stringify(out.body)).toBeLessThan(300);
  ids.call = (await server.database.db.selectFrom('calls').select('id').where('external_id', '=', 'masking-call').executeTakeFirstOrThrow()).id;

  const ticket = await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, callerPhone: MOBILE } });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  ids.ticket = (ticket.body as { id: string }).id;
  const departments = (await server.request('/api/departments', { cookie: cookies.agent })).body as { items: Array<{ id: string; name: string }> };
  const water = departments.items.find((d) => d.name === '市水务局')?.id;
  const dispatched = await server.request(`/api/tickets/${ids.ticket}/actions/dispatch`, { method: 'POST', cookie: cookies.agent, json: { departmentId: water } });
  expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);

  // filed by a person, so of the real call above (answered by 1024)
  const transcript = {
    id: 'masking-call',
    agent: { id: '1024', name: '李娜' },
    caller: MOBILE,
    startedAt: start.toISOString(),
    segments: [
      { speaker: 'agent', start: 0, end: 2000, text: '您好，这里是12345热线。' },
      { speaker: 'customer', start: 2000, end: 6000, text: `我的手机是${MOBILE}。` },
    ],
  };
  expect((await server.request('/api/qa/transcripts', { method: 'POST', cookie: cookies.manager, json: transcript })).status).toBe(202);
  ids.qa = (await server.database.db.selectFrom('qa_transcripts').select('id').where('external_id', '=', 'masking-call').executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(() => server?.close());

/** A real id where the route is about one of the records above; something plausible elsewhere. */
function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'id') {
      if (url.startsWith('/api/calls/') || url.startsWith('/api/workbench/calls/')) return ids.call;
      if (url.startsWith('/api/tickets/')) return ids.ticket;
      if (url.startsWith('/api/qa/results/')) return ids.qa;
      return PLACEHOLDER;
    }
    return ({ version: 'active', month: new Date().toISOString().slice(0, 7), agentNo: '1024', slug: 'demo' } as Record<string, string>)[name] ?? 'x';
  });
}

async function textOf(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('spreadsheetml')) return res.text();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
  return cells.join('\n');
}

describe('personal data by role', () => {
  it('no role that may not see personal data gets the full mobile number from any GET route, exports included', async () => {
    const gets = server.app.rexianRoutes.filter((r) => r.method === 'GET' && r.url !== '/api/live' && r.access !== 'token' && r.access !== 'public');
    const leaks: string[] = [];
    const seen: Record<string, number> = {};
    for (const role of roles) {
      for (const route of gets) {
        if (Array.isArray(route.access) && !route.access.includes(role)) continue;
        const url = fill(route.url);
        const res = await fetch(server.baseUrl + url, { headers: { cookie: cookies[role] } });
        const text = await textOf(res);
        if (!text.includes(MOBILE)) continue;
        seen[role] = (seen[role] ?? 0) + 1;
        if (!rolesSeeingPersonalData.includes(role)) leaks.push(`${role}: GET ${url} (${res.status}) shows ${MOBILE}`);
      }
    }
    expect(leaks).toEqual([]);
    // the probe works: those who may see the number do find it (calls, tickets, scorecards)
    expect(seen.admin ?? 0).toBeGreaterThanOrEqual(3);
    expect(seen.agent ?? 0).toBeGreaterThanOrEqual(2);
    // and the others do get the records, masked, not an error that would hide nothing
    const masked = '139****5678';
    const deptTicket = await server.request(`/api/tickets/${ids.ticket}`, { cookie: cookies.department });
    expect(deptTicket.status).toBe(200);
    expect(JSON.stringify(deptTicket.body)).toContain(masked);
    for (const [url, cookie] of [['/api/calls/export.xlsx', cookies.inspector], ['/api/tickets.xlsx', cookies.department]] as const) {
      const res = await fetch(server.baseUrl + url, { headers: { cookie } });
      expect(res.status, url).toBe(200);
      expect(await textOf(res), url).toContain(masked);
    }
    for (const url of [`/api/calls/${ids.call}`, `/api/qa/results/${ids.qa}`, `/api/tickets/${ids.ticket}`]) {
      const r = await server.request(url, { cookie: cookies.inspector });
      expect(r.status, url).toBe(200);
      expect(JSON.stringify(r.body), url).toContain(masked);
    }
  }, 120_000);

  it('the QA service masks the scorecard itself (its route only passes it on), so every caller of the service gets the same', async () => {
    const orgId = (await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const as = (role: Role) => ({ db: server.database.db, orgId, actor: { id: null, name: role, role }, now: () => new Date(), agentNo: null });
    const inspector = await getScorecard(as('inspector'), ids.qa);
    expect(inspector.transcript).toMatchObject({ caller: '139****5678' });
    expect(JSON.stringify(inspector)).not.toContain(MOBILE);
    const manager = await getScorecard(as('manager'), ids.qa);
    expect(manager.transcript).toMatchObject({ caller: MOBILE });
    expect(JSON.stringify(manager.transcript)).toContain(`我的手机是${MOBILE}`);
  });
});

/**
 * The 承办单位 figures count a ticket's 派单 by what its workflow's actions declare (`department: assign | reassign |
 * restore`), not by the built-in action names: an organisation whose pack calls its dispatch 送办 (`send-out`) and its
 * reassignment 转办 (`hand-over`) gets the same department rows as one using 派单 and 改派. Checked against a count
 * over the raw transition rows, for the raw report and the rollup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { defaultWorkflow } from '../../../shared/tickets/workflow.js';
import type { KpiReportDto } from './reports.schema.js';
import { declaredActions, kpiReport } from './reports.service.js';

let server: TestServer;
const cookies: Record<string, string> = {};
let orgId = '';

const ownWorkflow = {
  states: [
    { id: 'new', name: '新建', initial: true },
    { id: 'out', name: '办理中' },
    { id: 'sent-back', name: '被退回' },
    { id: 'done', name: '已办结', final: true },
  ],
  transitions: [
    { action: 'send-out', name: '送办', from: ['new'], to: 'out', roles: ['agent', 'lead', 'admin'], department: 'assign' },
    { action: 'hand-over', name: '转办', from: ['out'], to: 'out', roles: ['agent', 'lead', 'admin'], reason: true, department: 'reassign' },
    { action: 'finish', name: '办结', from: ['out'], to: 'done', roles: ['admin'] },
    // a return of its own (退回, back to the hotline) and its overruling, and resolving on the call (当场解决)
    { action: 'send-back', name: '退回', from: ['out'], to: 'sent-back', roles: ['agent', 'lead', 'admin'], reason: true, department: 'clear' },
    { action: 'overrule', name: '驳回退回', from: ['sent-back'], to: 'out', roles: ['agent', 'lead', 'admin'], reason: true, department: 'restore' },
    { action: 'solve-now', name: '当场解决', from: ['new'], to: 'done', roles: ['agent'], timers: { meet: ['resolution'] } },
  ],
};

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'manager', 'agent']) cookies[u] = await server.login(u);
  orgId = (await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
  const active = (await server.request('/api/standards/versions/active', { cookie: cookies.admin })).body as { content: Record<string, unknown> };
  const r = await server.request('/api/standards/versions', { method: 'POST', cookie: cookies.admin, json: { pack: { ...active.content, workflow: ownWorkflow }, note: '自定义流程：送办、转办', activate: true } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}, 60_000);
afterAll(() => server?.close());

describe('department figures from the declared department effect', () => {
  it('the built-in workflow declares the same handing actions the report counted by name before', () => {
    expect(declaredActions([defaultWorkflow])).toEqual({
      handing: ['accept_return', 'dispatch', 'reassign', 'refuse_return', 'reopen_redispatch'],
      dispatching: ['dispatch', 'reopen_redispatch'],
      extending: ['approve_extension'],
      requesting: ['request_extension'],
      returning: ['return'],
      onCall: ['close_on_call', 'close_on_call_archive'],
    });
  });

  it("a pack's own dispatch and reassignment count as 派单 for the departments they named, raw and rolled up", async () => {
    const deps = (await server.request('/api/departments', { cookie: cookies.agent })).body as { items: Array<{ id: string; name: string }> };
    const water = deps.items.find((d) => d.name === '市水务局')!.id;
    const housing = deps.items.find((d) => d.name === '市住建局')!.id;
    const created = await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, title: '自定义流程的工单' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const act = (action: string, json: Record<string, unknown>) => server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: cookies.agent, json });
    expect((await act('send_out', { departmentId: water })).status).toBe(200);
    expect((await act('hand_over', { departmentId: housing, reason: '属于住建部门' })).status).toBe(200);
    expect((await act('send_back', { reason: '不属于住建部门' })).status).toBe(200);
    expect((await act('overrule', { reason: '属于住建部门' })).status).toBe(200);
    // a second ticket resolved on the call by the pack's own action
    const second = await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, title: '当场解决的工单' } });
    expect((await server.request(`/api/tickets/${(second.body as { id: string }).id}/actions/solve_now`, { method: 'POST', cookie: cookies.agent, json: {} })).status).toBe(200);

    // the oracle: the departments the ticket's transitions name, from the raw rows, by this test's own action list
    const rows = await server.database.db.selectFrom('ticket_transitions').select(['action', 'details']).where('ticket_id', '=', id).orderBy('id').execute();
    const named = rows.filter((r) => ['send_out', 'hand_over'].includes(r.action)).map((r) => (r.details as { departmentId?: string }).departmentId);
    expect(named).toEqual([water, housing]);

    // the oracle for 退单 and 一次办结: tickets with a send-back / solve-now row, by this test's own action names
    const acted = async (action: string) => new Set((await server.database.db.selectFrom('ticket_transitions').select('ticket_id').where('action', '=', action).execute()).map((r) => r.ticket_id)).size;
    const [sentBack, solvedNow] = [await acted('send_back'), await acted('solve_now')];
    expect([sentBack, solvedNow]).toEqual([1, 1]);

    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const q = { from: today, to: today, by: 'department' as const, interval: 15 as const };
    const ctx = { db: server.database.db, orgId, actor: { id: null, name: 'manager', role: 'manager' as const }, now: () => new Date() };
    const raw = await kpiReport(ctx, q, { source: 'raw' });
    const rolled = await kpiReport(ctx, q);
    const row = (r: KpiReportDto, d: string) => r.rows.find((x) => x.key === d)?.tickets;
    for (const r of [raw, rolled]) {
      expect(row(r, water)).toMatchObject({ created: 0, dispatched: 1, returned: 0 });
      expect(row(r, housing)).toMatchObject({ created: 1, dispatched: 1, returned: 1 });
      expect(r.total.tickets).toMatchObject({ returned: sentBack, closedOnCall: solvedNow });
    }
    expect(rolled.rows.map((x) => [x.key, x.tickets])).toEqual(raw.rows.map((x) => [x.key, x.tickets]));
  });
});

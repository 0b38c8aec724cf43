import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';

// An organisation replaces the 12345 workflow in its standard pack with its own (a company 400 line:
// no departments, the team lead closes), over HTTP, and its tickets follow it.
let server: TestServer;
const cookies: Record<string, string> = {};
const as = (u: string) => cookies[u] ?? '';
let firstVersion = 0;

const companyWorkflow = {
  states: [
    { id: 'new', name: '新建', initial: true },
    { id: 'handling', name: '处理中' },
    { id: 'on-hold', name: '等待客户' },
    { id: 'solved', name: '已解决' },
    { id: 'closed', name: '已关闭', final: true },
    { id: 'with-team', name: '专业组处理' },
    { id: 'bounced', name: '专业组退回' },
  ],
  transitions: [
    { action: 'take', name: '受理', from: ['new'], to: 'handling', roles: ['agent', 'lead'] },
    { action: 'wait-customer', name: '等待客户', from: ['handling'], to: 'on-hold', roles: ['agent', 'lead'], reason: true, effect: 'suspend' },
    { action: 'customer-back', name: '继续处理', from: ['on-hold'], to: '$resume', roles: ['agent', 'lead'] },
    { action: 'solve', name: '解决', from: ['handling'], to: 'solved', reason: true, timers: { meet: ['resolution'] } },
    { action: 'close', name: '关闭', from: ['solved', 'with-team'], to: 'closed', roles: ['lead'] },
    // a team of its own (a department) takes some tickets, may send one back; the hotline overrules or sends it elsewhere
    { action: 'escalate', name: '转专业组', from: ['handling'], to: 'with-team', department: 'assign' },
    { action: 'bounce', name: '退回', from: ['with-team'], to: 'bounced', department: 'clear', reason: true },
    { action: 'overrule', name: '驳回退回', from: ['bounced'], to: 'with-team', department: 'restore', reason: true },
    { action: 'send-elsewhere', name: '转其他组', from: ['bounced'], to: 'with-team', department: 'reassign' },
  ],
};

interface Ticket {
  id: string;
  status: string;
  actions: Array<{ action: string; labels: Record<string, string> }>;
  timers: Array<{ kind: string; status: string }>;
  updateEvery: string | null;
  departmentId: string | null;
  returnedBy: { departmentId: string; reason: string | null } | null;
}

const act = (id: string, action: string, who: string, json: Record<string, unknown> = {}) => server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: as(who), json });
const read = async (id: string, who: string) => (await server.request(`/api/tickets/${id}`, { cookie: as(who) })).body as Ticket;

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'lead', 'agent', 'dept']) cookies[u] = await server.login(u);
  const active = (await server.request('/api/standards/versions/active', { cookie: as('admin') })).body as { version: number; content: Record<string, unknown> };
  firstVersion = active.version;
  const r = await server.request('/api/standards/versions', { method: 'POST', cookie: as('admin'), json: { pack: { ...active.content, workflow: companyWorkflow }, note: '400 线工单流程', activate: true } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}, 60_000);
afterAll(() => server?.close());

describe('a workflow of the organisation’s own, from its standard pack', () => {
  let ticket = '';

  it('new tickets start in its initial state and offer its actions, named as the pack names them, to the roles it allows', async () => {
    const r = await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: helpTicket });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ticket = (r.body as Ticket).id;
    const t = await read(ticket, 'agent');
    expect(t.status).toBe('new');
    expect(t.actions.map((a) => [a.action, a.labels['zh-CN']])).toEqual([['take', '受理']]);
    expect((await act(ticket, 'take', 'admin')).status).toBe(403);
    // the 12345 path is not this organisation's
    const dispatch = await act(ticket, 'dispatch', 'agent');
    expect(dispatch.status).toBe(409);
    expect((dispatch.body as { error: { code: string } }).error.code).toBe('TICKET_BAD_TRANSITION');
  });

  it('moves through it: waiting for the customer and back, a reason where it asks one, only the lead closes', async () => {
    expect((await act(ticket, 'take', 'agent')).status).toBe(200);
    const held = await act(ticket, 'wait_customer', 'agent', { reason: '等客户提供购买凭证' });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect((held.body as Ticket).status).toBe('on_hold');
    // an action of the pack's own that suspends stops the clock; the one that resumes starts it again
    const running = (t: Ticket) => t.timers.filter((x) => x.status === 'running').map((x) => x.kind);
    expect(running(held.body as Ticket)).toEqual([]);
    expect((held.body as Ticket).timers.some((x) => x.status === 'paused')).toBe(true);
    const back = (await act(ticket, 'customer_back', 'agent')).body as Ticket;
    expect(back.status).toBe('handling');
    expect(running(back).length).toBeGreaterThan(0);
    expect(back.timers.some((x) => x.status === 'paused')).toBe(false);
    const noReason = await act(ticket, 'solve', 'agent');
    expect(noReason.status).toBe(422);
    expect((noReason.body as { error: { code: string } }).error.code).toBe('TICKET_REASON_REQUIRED');
    expect(((await act(ticket, 'solve', 'agent', { reason: '已上门更换配件' })).body as Ticket).status).toBe('solved');
    expect((await act(ticket, 'close', 'agent')).status).toBe(403);
    const closed = (await act(ticket, 'close', 'lead')).body as Ticket;
    expect(closed.status).toBe('closed');
    // a final state: no more actions, no running time limits, no more edits
    expect(closed.actions).toEqual([]);
    expect(closed.timers.filter((x) => x.status === 'running' || x.status === 'paused')).toEqual([]);
    expect((await server.request(`/api/tickets/${ticket}`, { method: 'PATCH', cookie: as('agent'), json: { title: '改标题' } })).status).toBe(409);
  });

  it('progress reminders run while the resolution limit does: not while waiting for the customer, not once solved', async () => {
    const r = await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: { ...helpTicket, category: 'emergency', subCategory: undefined, priority: 'p1' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (r.body as Ticket).id;
    expect((r.body as Ticket).updateEvery).toBe('30m');
    const every = async (action: string, json: Record<string, unknown> = {}) => {
      const x = await act(id, action, 'agent', json);
      expect(x.status, JSON.stringify(x.body)).toBe(200);
      return (x.body as Ticket).updateEvery;
    };
    expect(await every('take')).toBe('30m');
    expect(await every('wait_customer', { reason: '等客户回电' })).toBeNull();
    expect(await every('customer_back')).toBe('30m');
    // 已解决 is none of the built-in names: quiet because its action meets the resolution limit
    expect(await every('solve', { reason: '已远程处理' })).toBeNull();
    expect((await act(id, 'close', 'lead')).status).toBe(200);
  });

  it('a return of its own (退回): the returning department is known, refused back to it, not reassigned to it', async () => {
    const deps = ((await server.request('/api/departments', { cookie: as('agent') })).body as { items: Array<{ id: string; name: string }> }).items;
    const [water, housing] = ['市水务局', '市住建局'].map((n) => deps.find((d) => d.name === n)?.id ?? '');
    const id = ((await server.request('/api/tickets', { method: 'POST', cookie: as('agent'), json: helpTicket })).body as Ticket).id;
    const ok = async (action: string, json: Record<string, unknown> = {}) => {
      const x = await act(id, action, 'agent', json);
      expect(x.status, JSON.stringify(x.body)).toBe(200);
      return x.body as Ticket;
    };
    await ok('take');
    expect((await ok('escalate', { departmentId: water })).departmentId).toBe(water);
    const bounced = await ok('bounce', { reason: '不属于本组' });
    expect(bounced).toMatchObject({ status: 'bounced', departmentId: null, returnedBy: { departmentId: water, reason: '不属于本组' } });
    // sending it elsewhere means another department than the one that returned it
    const same = await act(id, 'send_elsewhere', 'agent', { departmentId: water });
    expect(same.status).toBe(422);
    expect((same.body as { error: { code: string } }).error.code).toBe('TICKET_ACTION_INVALID');
    const back = await ok('overrule', { reason: '属于本组职责' });
    expect(back).toMatchObject({ status: 'with_team', departmentId: water, returnedBy: null });
    await ok('bounce', { reason: '仍不属于本组' });
    expect((await ok('send_elsewhere', { departmentId: housing })).departmentId).toBe(housing);
    expect((await act(id, 'close', 'lead')).status).toBe(200);
    // the department counts read the same declarations: two returns by the water team, one overruled, one sent elsewhere
    const stats = (await server.request('/api/tickets/department-stats', { cookie: as('lead') })).body as { items: Array<Record<string, unknown>> };
    expect(stats.items.find((x) => x.departmentId === water)).toMatchObject({ returned: 2, returnsRefused: 1, returnsAccepted: 1, reassignedAway: 0, recalled: 0, urged: 0 });
  });

  it('a version whose workflow lacks a state tickets are in is not activated, and says which', async () => {
    const r = await server.request(`/api/standards/versions/${firstVersion}/activate`, { method: 'POST', cookie: as('admin') });
    expect(r.status).toBe(409);
    const err = (r.body as { error: { code: string; message: string; details: { states: Array<{ state: string; tickets: number }> } } }).error;
    expect(err.code).toBe('STANDARD_WORKFLOW_STATE_IN_USE');
    expect(err.details.states).toEqual([{ state: 'closed', tickets: 3 }]);
    expect(err.message).toContain('closed (3)');
    const active = (await server.request('/api/standards/versions/active', { cookie: as('admin') })).body as { version: number };
    expect(active.version).toBe(firstVersion + 1);
  });

  it('a pack whose workflow the engine cannot run is refused when it is saved, with the place', async () => {
    const active = (await server.request('/api/standards/versions/active', { cookie: as('admin') })).body as { content: Record<string, unknown> };
    const broken = { ...companyWorkflow, transitions: [...companyWorkflow.transitions, { action: 'reopen', from: ['closed'], to: 'handling' }] };
    const r = await server.request('/api/standards/versions', { method: 'POST', cookie: as('admin'), json: { pack: { ...active.content, workflow: broken } } });
    expect(r.status).toBe(422);
    expect((r.body as { error: { code: string; details: unknown } }).error).toMatchObject({
      code: 'PACK_INVALID',
      details: { errors: [{ path: 'workflow.transitions[9].from', message: 'transition "reopen" leaves terminal state "closed"' }] },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, openLive, postEvents } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { REPLAY_OVERLAP } from './hub.js';
import { departmentStaff, helpTicket } from '../../../test/helpers/tickets.js';

/**
 * Ticket changes on the live feed (/api/live): whoever may see the ticket is told its id and what changed, so that
 * an open ticket page or list refetches; a department hears only of the tickets it leads or co-handles, and nobody
 * receives the caller's data or the reason typed with the action.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const dep: Record<string, string> = {};
type Feed = Awaited<ReturnType<typeof openLive>>;
const feeds: Feed[] = [];

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'agent', 'lead', 'dept']) cookies[u] = await server.login(u);
  const deps = (await server.request('/api/departments', { cookie: cookies.agent })).body as { items: Array<{ id: string; name: string }> };
  for (const [key, name] of [['water', '市水务局'], ['housing', '市住建局'], ['market', '市市场监管局']] as const) dep[key] = deps.items.find((d) => d.name === name)?.id ?? '';
  for (const key of ['housing', 'market']) cookies[key] = await departmentStaff(server, cookies.admin!, dep[key]!, `live-${key}`, `${key} 经办人`);
}, 60_000);
afterAll(async () => {
  for (const f of feeds) f.close();
  await server?.close();
});

const listen = async (who: string, after?: string) => {
  const f = await openLive(server, cookies[who] ?? '', after);
  feeds.push(f);
  await f.waitFor((m) => m.type === 'hello');
  return f;
};
const ok = async (path: string, who: string, json: Record<string, unknown>, method = 'POST') => {
  const r = await server.request(path, { method, cookie: cookies[who], json });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body as { id: string; status: string };
};
// the ticket's changes; what became of its texts to the caller is checked in live-texts.test.ts
const ticketMessages = (f: Feed, ticketId: string) => f.messages.filter((m) => m.type.startsWith('ticket.') && !m.type.startsWith('ticket.text_') && m.data['ticketId'] === ticketId);
const changes = (f: Feed, ticketId: string) => ticketMessages(f, ticketId).map((m) => `${m.type}:${String(m.data['action'] ?? (m.data['fields'] as string[] | undefined)?.join('+') ?? '')}`);

describe('ticket changes on the live feed', () => {
  it('reach the hotline and the departments on the ticket, not another department; only the id and what changed', async () => {
    const [agent, lead, water, housing, market] = await Promise.all([listen('agent'), listen('lead'), listen('dept'), listen('housing'), listen('market')]);
    // T1: the water bureau leads, the housing bureau co-handles; T2: the market regulator alone
    const t1 = await ok('/api/tickets', 'agent', helpTicket);
    const dispatched = await ok(`/api/tickets/${t1.id}/actions/dispatch`, 'agent', { departmentId: dep.water, coDepartmentIds: [dep.housing], reason: '请水务局主办，住建局协办' });
    const t2 = await ok('/api/tickets', 'agent', { ...helpTicket, callerPhone: '13922223333', title: '市场噪音' });
    await ok(`/api/tickets/${t2.id}/actions/dispatch`, 'agent', { departmentId: dep.market });
    await ok(`/api/tickets/${t1.id}`, 'agent', { title: '望江路小区停水（已派单）' }, 'PATCH');
    const signed = await ok(`/api/tickets/${t1.id}/actions/sign`, 'dept', {});
    await ok(`/api/tickets/${t1.id}/actions/co_sign`, 'housing', {});

    // the other person's page hears of the department's step, with the state it led to (as the API reads it)
    const sign = await agent.waitFor((m) => m.type === 'ticket.transitioned' && m.data['ticketId'] === t1.id && m.data['action'] === 'sign');
    expect(sign.data).toEqual({ ticketId: t1.id, action: 'sign', status: signed.status });
    await lead.waitFor((m) => m.data['ticketId'] === t1.id && m.data['action'] === 'co_sign');
    // the lead department hears of the co-handler's step; the co-handler of the lead's
    await water.waitFor((m) => m.data['ticketId'] === t1.id && m.data['action'] === 'co_sign');
    await housing.waitFor((m) => m.data['ticketId'] === t1.id && m.data['action'] === 'co_sign');
    expect((await water.waitFor((m) => m.data['ticketId'] === t1.id && m.data['action'] === 'dispatch')).data).toEqual({ ticketId: t1.id, action: 'dispatch', status: dispatched.status });
    await market.waitFor((m) => m.data['ticketId'] === t2.id && m.data['action'] === 'dispatch');
    await agent.waitFor((m) => m.data['ticketId'] === t2.id && m.data['action'] === 'dispatch');

    // resuming from the start replays in order, each decided before the next: a complete record of what each may see
    const replay = async (who: string) => {
      const f = await listen(who, '0');
      await f.waitFor((m) => m.type === 'replayed', 15_000);
      return f;
    };
    const [agentR, waterR, housingR, marketR] = await Promise.all([replay('agent'), replay('dept'), replay('housing'), replay('market')]);
    const all = ['ticket.created:', 'ticket.transitioned:dispatch', 'ticket.updated:title', 'ticket.transitioned:sign', 'ticket.transitioned:co_sign'];
    expect(changes(agentR, t1.id)).toEqual(all);
    expect(changes(agentR, t2.id)).toEqual(['ticket.created:', 'ticket.transitioned:dispatch']);
    // who sees a ticket is decided when the change is sent: resuming now, the ticket is the department's, its taking
    // included; live, the taking reached the department only if it was sent after the 派单 committed (a race)
    expect(changes(waterR, t1.id)).toEqual(all);
    expect(changes(housingR, t1.id)).toEqual(all);
    const afterTaking = (f: Feed, id: string) => changes(f, id).filter((c) => c !== 'ticket.created:');
    expect(afterTaking(water, t1.id)).toEqual(all.slice(1));
    expect(afterTaking(housing, t1.id)).toEqual(all.slice(1));
    expect(changes(waterR, t2.id)).toEqual([]);
    expect(changes(housingR, t2.id)).toEqual([]);
    expect(changes(marketR, t1.id)).toEqual([]);
    expect(changes(marketR, t2.id)).toEqual(['ticket.created:', 'ticket.transitioned:dispatch']);
    // live, the same (the hotline hears of everything)
    expect(changes(agent, t1.id)).toEqual(all);
    expect(changes(agent, t2.id)).toEqual(['ticket.created:', 'ticket.transitioned:dispatch']);
    expect(afterTaking(market, t2.id)).toEqual(['ticket.transitioned:dispatch']);
    for (const f of [water, housing]) expect(changes(f, t2.id)).toEqual([]);
    expect(changes(market, t1.id)).toEqual([]);

    // no personal data and no reason: only the id, the action and state, or the names of the fields edited
    for (const f of feeds)
      for (const m of f.messages.filter((x) => x.type === 'ticket.created' || x.type === 'ticket.updated' || x.type === 'ticket.transitioned')) {
        expect(Object.keys(m.data).every((k) => ['ticketId', 'action', 'status', 'fields'].includes(k)), JSON.stringify(m.data)).toBe(true);
        for (const secret of ['13812345678', '13922223333', '张三', '望江路', '水务局主办']) expect(JSON.stringify(m), secret).not.toContain(secret);
      }
  }, 60_000);

  it('a department the hotline takes the ticket from (改派, 收回) is told it left, with its id only; the new one gets the change, others nothing', async () => {
    const [agent, water, housing, market] = await Promise.all([listen('agent'), listen('dept'), listen('housing'), listen('market')]);
    const caller = { ...helpTicket, callerPhone: '13944445555', callerName: '赵六', title: '改派测试 滨河路漏水' };
    const t = await ok('/api/tickets', 'agent', caller);
    await ok(`/api/tickets/${t.id}/actions/dispatch`, 'agent', { departmentId: dep.water });
    await ok(`/api/tickets/${t.id}/actions/sign`, 'dept', {});
    // 改派 from the water bureau (A) to the housing bureau (B)
    await ok(`/api/tickets/${t.id}/actions/reassign`, 'agent', { departmentId: dep.housing, reason: '属住建局职责，改派住建局' });
    const left = await water.waitFor((m) => m.type === 'ticket.left' && m.data['ticketId'] === t.id);
    expect(left.data).toEqual({ ticketId: t.id, action: 'reassign' });
    await housing.waitFor((m) => m.type === 'ticket.transitioned' && m.data['ticketId'] === t.id && m.data['action'] === 'reassign');
    await agent.waitFor((m) => m.type === 'ticket.transitioned' && m.data['ticketId'] === t.id && m.data['action'] === 'reassign');
    // 收回 from B: B is told it left; A, which lost it before, hears nothing more
    await ok(`/api/tickets/${t.id}/actions/recall`, 'agent', { reason: '热线收回重新研判' });
    expect((await housing.waitFor((m) => m.type === 'ticket.left' && m.data['ticketId'] === t.id)).data).toEqual({ ticketId: t.id, action: 'recall' });
    await agent.waitFor((m) => m.data['ticketId'] === t.id && m.data['action'] === 'recall');

    // a ticket with a co-handler: 收回 ends the co-handling part too, so both departments are told
    const co = await ok('/api/tickets', 'agent', { ...caller, title: '改派测试 协办' });
    await ok(`/api/tickets/${co.id}/actions/dispatch`, 'agent', { departmentId: dep.water, coDepartmentIds: [dep.housing] });
    await ok(`/api/tickets/${co.id}/actions/recall`, 'agent', { reason: '热线收回' });
    for (const f of [water, housing]) expect((await f.waitFor((m) => m.type === 'ticket.left' && m.data['ticketId'] === co.id)).data).toEqual({ ticketId: co.id, action: 'recall' });
    await agent.waitFor((m) => m.data['ticketId'] === co.id && m.data['action'] === 'recall');

    // what each received of the two tickets: the hotline every change, A and B the changes while they had it and the
    // leaving, the market regulator nothing (the changes are sent in commit order: the last of each is in by now)
    const created = 'ticket.created:';
    expect(changes(agent, t.id)).toEqual([created, 'ticket.transitioned:dispatch', 'ticket.transitioned:sign', 'ticket.transitioned:reassign', 'ticket.transitioned:recall']);
    expect(changes(water, t.id).filter((c) => c !== created)).toEqual(['ticket.transitioned:dispatch', 'ticket.transitioned:sign', 'ticket.left:reassign']);
    expect(changes(housing, t.id)).toEqual(['ticket.transitioned:reassign', 'ticket.left:recall']);
    expect(changes(water, co.id).filter((c) => c !== created)).toEqual(['ticket.transitioned:dispatch', 'ticket.left:recall']);
    expect(changes(housing, co.id).filter((c) => c !== created)).toEqual(['ticket.transitioned:dispatch', 'ticket.left:recall']);
    expect(changes(market, t.id)).toEqual([]);
    expect(changes(market, co.id)).toEqual([]);
    // nothing of the caller, the reasons or the department it went to
    for (const f of [water, housing, market])
      for (const m of f.messages.filter((x) => x.type === 'ticket.left')) {
        expect(Object.keys(m.data).sort()).toEqual(['action', 'ticketId']);
        for (const secret of ['13944445555', '赵六', '滨河路', '住建局', '收回重新研判', dep.housing!]) expect(JSON.stringify(m), secret).not.toContain(secret);
      }

    // resuming replays the leaving too, decided the same way
    const waterR = await listen('dept', '0');
    await waterR.waitFor((m) => m.type === 'replayed', 15_000);
    expect(changes(waterR, t.id)).toEqual(['ticket.left:reassign']);
    expect(changes(waterR, co.id)).toEqual(['ticket.left:recall']);
  }, 60_000);

  it('reach each client in the order they were committed, ticket changes (decided in the database) among call events', async () => {
    const lead = await listen('lead');
    const { token } = await createConnection(server, cookies.admin!, 'live-order');
    const start = new Date(Date.now() - 60_000);
    // ticket changes and calls committed side by side: a ticket change is sent once the database says who sees it,
    // and the calls' events committed meanwhile must not overtake it (a client resumes after the last id it got)
    const made = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const [t] = await Promise.all([
          ok('/api/tickets', 'agent', { ...helpTicket, title: `顺序 ${i}` }),
          postEvents(server, token, callEvents({ callId: `order-${i}`, start, transcript: false })),
        ]);
        return t.id;
      }),
    );
    for (const id of made) await lead.waitFor((m) => m.type === 'ticket.created' && m.data['ticketId'] === id);
    for (let i = 0; i < 6; i++) await lead.waitFor((m) => m.type === 'call.ended' && m.data['externalId'] === `order-${i}`, 10_000);
    const ids = lead.messages.filter((m) => m.id !== undefined && /^[0-9]+$/.test(m.id)).map((m) => BigInt(m.id!));
    expect(ids.length).toBeGreaterThan(12);
    if (server.database.kind === 'pglite') {
      // one connection: transactions commit one after another, so commit order is id order, and so is the feed's
      const inversions = ids.filter((id, i) => i > 0 && id < ids[i - 1]!);
      expect(inversions, `ids as received: ${ids.join(' ')}`).toEqual([]);
    } else {
      // PostgreSQL hands ids out at insert and concurrent transactions commit in either order, so the feed (in commit
      // order) may bring a smaller id after a larger one; a resuming client is safe as long as each such id is within
      // the overlap the replay goes back over (REPLAY_OVERLAP)
      let top = 0n;
      for (const id of ids) {
        expect(id, `ids as received: ${ids.join(' ')}`).toBeGreaterThan(top - BigInt(REPLAY_OVERLAP));
        if (id > top) top = id;
      }
    }
  }, 60_000);
});

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLive } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { departmentStaff, helpTicket } from '../../../test/helpers/tickets.js';
import { Worker, type JobDefinition } from '../jobs/runner.js';
import type { SmsGateway } from '../modules/notify/sms.channel.js';
import { createCallerTextJob } from '../modules/tickets/texts.service.js';

/**
 * What becomes of a text to the caller (给来电人的短信) goes on the live feed, so that an open ticket page's 短信 card
 * refetches: to whoever may see the ticket (the rule of the other ticket messages), with the ticket's id, the text's
 * id, its kind and its status only — never the number, the text or the gateway's error.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const dep: Record<string, string> = {};
type Feed = Awaited<ReturnType<typeof openLive>>;
const feeds: Feed[] = [];

/** The SMS gateway the text job sends through: a stand-in that takes or fails every text, or none (switched off). */
let gateway: SmsGateway | null = null;
const gatewaySent: string[] = [];
const taking: SmsGateway = { kind: 'test', send: async (_to, text) => void gatewaySent.push(text) };
const failing: SmsGateway = {
  kind: 'test',
  send: async () => {
    throw new Error('gateway down: 13812345678 unreachable');
  },
};
/** The worker's clock, ahead of the server's by this: moved on between tries so that a failing text reaches its last attempt at once. */
let workerAheadMs = 0;
let worker: Worker;

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  worker = new Worker({ db: server.database.db, jobs: [createCallerTextJob(() => gateway) as unknown as JobDefinition], log: pino({ level: 'silent' }), pollMs: 50, now: () => new Date(Date.now() + workerAheadMs), id: 'texts' });
  for (const u of ['admin', 'agent', 'dept']) cookies[u] = await server.login(u);
  const deps = (await server.request('/api/departments', { cookie: cookies.agent })).body as { items: Array<{ id: string; name: string }> };
  for (const [key, name] of [['water', '市水务局'], ['market', '市市场监管局']] as const) dep[key] = deps.items.find((d) => d.name === name)?.id ?? '';
  cookies.market = await departmentStaff(server, cookies.admin!, dep.market!, 'texts-market', '市场监管 经办人');
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
const ok = async (path: string, who: string, json: Record<string, unknown>) => {
  const r = await server.request(path, { method: 'POST', cookie: cookies[who], json });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body as { id: string; status: string };
};
/** The texts as the ticket page reads them (GET /api/tickets/:id/texts). */
const textsOf = async (ticketId: string) => {
  const r = await server.request(`/api/tickets/${ticketId}/texts`, { cookie: cookies.agent });
  expect(r.status).toBe(200);
  return (r.body as { items: Array<{ id: string; kind: string; status: string }> }).items;
};
const textMessages = (f: Feed, ticketId: string) => f.messages.filter((m) => m.type.startsWith('ticket.text_') && m.data['ticketId'] === ticketId);
const told = (f: Feed, ticketId: string) => textMessages(f, ticketId).map((m) => `${m.type}:${String(m.data['status'])}`);

describe('texts to the caller on the live feed', () => {
  it('reach whoever may see the ticket with the text id, kind and status; not another department; no number, no text', async () => {
    const [agent, water, market] = await Promise.all([listen('agent'), listen('dept'), listen('market')]);

    // T1, the water bureau's: its acceptance text is sent
    gateway = taking;
    const t1 = await ok('/api/tickets', 'agent', helpTicket);
    await ok(`/api/tickets/${t1.id}/actions/dispatch`, 'agent', { departmentId: dep.water });
    await worker.drain();
    const [sent] = await textsOf(t1.id);
    expect(sent).toMatchObject({ kind: 'acceptance', status: 'sent' });
    expect(gatewaySent).toHaveLength(1);
    expect((await agent.waitFor((m) => m.type === 'ticket.text_queued' && m.data['ticketId'] === t1.id)).data).toEqual({ ticketId: t1.id, textId: sent!.id, kind: 'acceptance', status: 'queued' });
    expect((await agent.waitFor((m) => m.type === 'ticket.text_sent' && m.data['ticketId'] === t1.id)).data).toEqual({ ticketId: t1.id, textId: sent!.id, kind: 'acceptance', status: 'sent' });
    // the department hears of the sending (the ticket is its own by then)
    expect((await water.waitFor((m) => m.type === 'ticket.text_sent' && m.data['ticketId'] === t1.id)).data).toEqual({ ticketId: t1.id, textId: sent!.id, kind: 'acceptance', status: 'sent' });

    // T2, the hotline's: the gateway fails every try, then it is off for T3's text; a landline on T4 is skipped at once
    gateway = failing;
    const t2 = await ok('/api/tickets', 'agent', { ...helpTicket, callerPhone: '13922223333', title: '路灯不亮' });
    for (let i = 0; i < 10 && (await textsOf(t2.id))[0]?.status === 'queued'; i++) {
      await worker.drain();
      workerAheadMs += 2 * 3_600_000;
    }
    gateway = null;
    const t3 = await ok('/api/tickets', 'agent', { ...helpTicket, callerPhone: '13700001111', title: '井盖松动' });
    await worker.drain();
    const t4 = await ok('/api/tickets', 'agent', { ...helpTicket, callerPhone: '0571-87654321', title: '噪音扰民' });
    const [failed] = await textsOf(t2.id);
    const [offSkipped] = await textsOf(t3.id);
    const [landline] = await textsOf(t4.id);
    expect([failed?.status, offSkipped?.status, landline?.status]).toEqual(['failed', 'skipped', 'skipped']);
    expect((await agent.waitFor((m) => m.type === 'ticket.text_failed' && m.data['ticketId'] === t2.id)).data).toEqual({ ticketId: t2.id, textId: failed!.id, kind: 'acceptance', status: 'failed' });
    expect((await agent.waitFor((m) => m.type === 'ticket.text_skipped' && m.data['ticketId'] === t3.id)).data).toEqual({ ticketId: t3.id, textId: offSkipped!.id, kind: 'acceptance', status: 'skipped' });
    // a text skipped when written is announced by its queued event, with the status it was written with
    expect((await agent.waitFor((m) => m.type === 'ticket.text_queued' && m.data['ticketId'] === t4.id)).data).toEqual({ ticketId: t4.id, textId: landline!.id, kind: 'acceptance', status: 'skipped' });

    // in order, live and resumed: the hotline hears of every text, the department of its ticket's only
    const replay = async (who: string) => {
      const f = await listen(who, '0');
      await f.waitFor((m) => m.type === 'replayed', 15_000);
      return f;
    };
    const [agentR, waterR, marketR] = await Promise.all([replay('agent'), replay('dept'), replay('market')]);
    for (const f of [agent, agentR]) {
      expect(told(f, t1.id)).toEqual(['ticket.text_queued:queued', 'ticket.text_sent:sent']);
      expect(told(f, t2.id)).toEqual(['ticket.text_queued:queued', 'ticket.text_failed:failed']);
      expect(told(f, t3.id)).toEqual(['ticket.text_queued:queued', 'ticket.text_skipped:skipped']);
      expect(told(f, t4.id)).toEqual(['ticket.text_queued:skipped']);
    }
    // resumed now, T1 is the water bureau's: both of its events; none of the hotline's tickets
    expect(told(waterR, t1.id)).toEqual(['ticket.text_queued:queued', 'ticket.text_sent:sent']);
    for (const t of [t2, t3, t4]) for (const f of [water, waterR]) expect(told(f, t.id)).toEqual([]);
    // a department user of another department gets nothing of any of them
    for (const f of [market, marketR]) expect(f.messages.filter((m) => m.type.startsWith('ticket.text_'))).toEqual([]);

    // only the ids, the kind and the status: no number, no text, no gateway error
    const secrets = ['13812345678', '13922223333', '13700001111', '87654321', '张三', 'gateway down', ...gatewaySent];
    let checked = 0;
    for (const f of feeds)
      for (const m of f.messages.filter((x) => x.type.startsWith('ticket.text_'))) {
        checked++;
        expect(Object.keys(m.data).sort(), JSON.stringify(m.data)).toEqual(['kind', 'status', 'textId', 'ticketId']);
        for (const secret of secrets) expect(JSON.stringify(m), secret).not.toContain(secret);
      }
    expect(checked).toBeGreaterThan(14);
  }, 90_000);
});

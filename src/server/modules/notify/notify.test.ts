import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { ConfigError, loadConfig } from '../../config.js';
import { Worker, type JobDefinition } from '../../jobs/runner.js';
import { slaBreachJob, slaWarnJob } from '../tickets/sla.service.js';
import type { OutboundMessage } from './notify.channel.js';
import { channelsFromConfig, createOutboundJobs, smsGatewayFromConfig } from './notify.service.js';
import { logSmsGateway, smsChannel } from './sms.channel.js';
import { verifySignature } from './webhook.channel.js';

const SECRET = 'test-secret-0123456789abcdef';

/** A real HTTP receiver on a loopback port: records every request, answers with the next status of `script` (then 200). */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
const script: Record<string, number[]> = { '/hook': [], '/sms': [] };

let now = new Date('2025-09-30T10:00:00+08:00');
let server: TestServer;
let worker: Worker;
const logLines: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      res.statusCode = script[path]?.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server = await startTestServer({
    clock: () => now,
    demoPack: true,
    env: {
      REXIAN_WEBHOOK_URL: `${receiverUrl}/hook`,
      REXIAN_WEBHOOK_SECRET: SECRET,
      REXIAN_SMS_GATEWAY: 'http',
      REXIAN_SMS_GATEWAY_URL: `${receiverUrl}/sms`,
      REXIAN_SMS_GATEWAY_TOKEN: 'sms-token',
      REXIAN_SMS_TO: '13900000001, 13900000002',
    },
  });
  const outbound = createOutboundJobs(() => channelsFromConfig(server.config.notify));
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    }),
  );
  const jobs = [slaWarnJob, slaBreachJob, outbound.fanout, outbound.deliver] as unknown as JobDefinition[];
  worker = new Worker({ db: server.database.db, jobs, log, pollMs: 50, now: () => now, id: 'notify-test' });
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
});

describe('outbound notifications', () => {
  it('an SLA warning goes to the webhook (signed, retried after a 500) and to the SMS gateway, each delivered once', async () => {
    const cookie = await server.login('agent');
    const r = await server.request('/api/tickets', { method: 'POST', cookie, json: { category: 'help', callerPhone: '13812345678', address: '望江路 8 号', description: '路灯不亮', title: '望江路路灯不亮' } });
    expect(r.status).toBe(201);
    const ticket = r.body as { id: string; number: string };
    script['/hook'] = [500];

    now = new Date('2025-09-30T11:40:00+08:00'); // past the warning of the 2bh dispatch limit (11:36)
    await worker.drain();
    const hooks = () => received.filter((x) => x.path === '/hook');
    const texts = () => received.filter((x) => x.path === '/sms');
    expect(hooks()).toHaveLength(1); // answered 500
    expect(texts()).toHaveLength(1);
    const sms = JSON.parse(texts()[0]?.body ?? '{}') as { to: string[]; text: string };
    expect(texts()[0]?.headers.authorization).toBe('Bearer sms-token');
    expect(sms.to).toEqual(['13900000001', '13900000002']);
    expect(sms.text).toBe(`工单 ${ticket.number}「望江路路灯不亮」派单时限即将到期（2025-09-30 12:00），请尽快处理。`);

    // the webhook delivery is retried after its backoff (15 s), not before
    await worker.drain();
    expect(hooks()).toHaveLength(1);
    now = new Date(now.getTime() + 16_000);
    await worker.drain();
    expect(hooks()).toHaveLength(2);
    await worker.drain();
    expect(hooks()).toHaveLength(2);
    expect(texts()).toHaveLength(1);

    const [first, second] = hooks();
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['x-rexian-delivery']).toBe(first?.headers['x-rexian-delivery']);
    expect(second?.headers['x-rexian-event']).toBe('ticket.sla_warning');
    expect(verifySignature(SECRET, second?.headers['x-rexian-signature'] as string, second?.body ?? '', now.getTime())).toBe(true);
    expect(verifySignature('another-secret-0123456789', second?.headers['x-rexian-signature'] as string, second?.body ?? '', now.getTime())).toBe(false);
    expect(verifySignature(SECRET, second?.headers['x-rexian-signature'] as string, `${second?.body ?? ''} `, now.getTime())).toBe(false);
    const message = JSON.parse(second?.body ?? '{}') as OutboundMessage;
    expect(message).toMatchObject({ kind: 'ticket.sla_warning', org: { slug: 'demo' }, payload: { ticketId: ticket.id, number: ticket.number, kind: 'dispatch', dueAt: '2025-09-30T04:00:00.000Z' } });

    const jobs = await server.database.db.selectFrom('jobs').select(['name', 'status', 'attempts', 'last_error']).where('name', '=', 'notify.deliver').orderBy('id').execute();
    expect(jobs.map((j) => `${j.status}:${j.attempts}`)).toEqual(['done:2', 'done:1']);
    expect(logLines.some((l) => l.includes('notification delivered') && l.includes('webhook'))).toBe(true);

    // the breach goes out too
    now = new Date('2025-09-30T12:01:00+08:00');
    await worker.drain();
    await worker.drain();
    expect(hooks().map((h) => h.headers['x-rexian-event'])).toEqual(['ticket.sla_warning', 'ticket.sla_warning', 'ticket.sla_breached']);
    expect(JSON.parse(texts()[1]?.body ?? '{}').text).toContain('派单时限已超时');
  });

  it('the log sink of development writes one pino line instead of sending', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    const channel = smsChannel(logSmsGateway, ['13900000003']);
    await channel.send({ id: '1', kind: 'ticket.sla_breached', org: { id: 'o', slug: 'demo', name: '演示' }, createdAt: now.toISOString(), payload: {}, text: '工单 20250930-0001 派单时限已超时' }, { log, now: () => now });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'sms (log sink, not sent)', sms: { to: ['13900000003'], text: '工单 20250930-0001 派单时限已超时' } });
  });
});

describe('configuration', () => {
  it('defaults to the SMS log sink and no webhook', () => {
    const c = loadConfig({});
    expect(c.notify).toEqual({ webhook: null, sms: { gateway: 'log', url: null, token: null, to: [], inboundToken: null } });
    expect(channelsFromConfig(c.notify).map((ch) => ch.name)).toEqual(['sms']);
    expect(channelsFromConfig(loadConfig({ REXIAN_SMS_GATEWAY: 'off' }).notify)).toEqual([]);
  });

  it('refuses a webhook without a secret, an SMS gateway without URL, and bad values, naming each variable', () => {
    let err: unknown;
    try {
      loadConfig({ REXIAN_WEBHOOK_URL: 'https://hooks.example.org/rexian', REXIAN_SMS_GATEWAY: 'http' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.find((p) => p.startsWith('REXIAN_WEBHOOK_SECRET='))).toMatch(/required when REXIAN_WEBHOOK_URL/);
    expect(problems.find((p) => p.startsWith('REXIAN_SMS_GATEWAY_URL='))).toBeDefined();
    // staff numbers are optional: without them the gateway texts callers only (tickets' caller texts)
    expect(problems.find((p) => p.startsWith('REXIAN_SMS_TO='))).toBeUndefined();
    const callersOnly = loadConfig({ REXIAN_SMS_GATEWAY: 'http', REXIAN_SMS_GATEWAY_URL: 'https://sms.example.org/send' }).notify;
    expect(channelsFromConfig(callersOnly)).toEqual([]);
    expect(smsGatewayFromConfig(callersOnly)?.kind).toBe('http');
    expect(() => loadConfig({ REXIAN_SMS_INBOUND_TOKEN: 'short' })).toThrow(/REXIAN_SMS_INBOUND_TOKEN/);
    expect(() => loadConfig({ REXIAN_WEBHOOK_URL: 'ftp://x', REXIAN_WEBHOOK_SECRET: SECRET })).toThrow(/REXIAN_WEBHOOK_URL="ftp:\/\/x": expected an http/);
    expect(() => loadConfig({ REXIAN_SMS_GATEWAY: 'carrier-pigeon' })).toThrow(/REXIAN_SMS_GATEWAY=.*expected off, log or http/);
    expect(() => loadConfig({ REXIAN_SMS_TO: '139x' })).toThrow(/REXIAN_SMS_TO/);
    expect(() => loadConfig({ REXIAN_WEBHOOK_URL: 'https://h.example.org', REXIAN_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16/);
  });
});

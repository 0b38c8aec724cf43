import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { fakeAsterisk, fakeFreeswitch, fixture, type FakeSwitch } from '../../../../test/fixtures/cti/fakes.js';
import { silentLogger } from './common.js';
import { Forwarder } from './forwarder.js';
import { FreeswitchMapper } from './freeswitch.js';
import { AsteriskMapper } from './asterisk.js';
import { runAsteriskClient, runFreeswitchClient } from './connect.js';

/**
 * The whole path against rexian itself: a recorded switch stream over TCP, the adapter, and the
 * real webhook over a real database. What the calls list shows afterwards is what rexian made of
 * the adapter's events.
 */

interface CallDto {
  externalId: string;
  status: string;
  from: string | null;
  queue: string | null;
  agentNo: string | null;
  holdCount: number;
  abandoned: boolean;
  endedBy: string | null;
  recordingUrl: string | null;
}

let server: TestServer;
let admin = '';

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
}, 60_000);
afterAll(async () => server?.close());

async function calls(): Promise<CallDto[]> {
  const r = await server.request('/api/calls?limit=500', { cookie: admin });
  expect(r.status).toBe(200);
  return (r.body as { items: CallDto[] }).items;
}

/** Runs one adapter session against the real webhook until `n` events went out, then stops it. */
async function deliver(token: string, n: number, sw: FakeSwitch, start: (forwarder: Forwarder, signal: AbortSignal) => Promise<void>): Promise<Forwarder> {
  const controller = new AbortController();
  const forwarder = new Forwarder({ url: `${server.baseUrl}/api/cti/events`, token, flushMs: 20, retryBaseMs: 20 });
  const done = start(forwarder, controller.signal);
  const until = Date.now() + 20_000;
  while (forwarder.stats.sent < n && forwarder.error === null && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  await done;
  await forwarder.flush(5000);
  forwarder.close();
  await sw.close();
  return forwarder;
}

describe('adapters into the real CTI webhook', () => {
  it('FreeSWITCH: the queue call with holds and a transfer, and the abandoned call', async () => {
    const token = (await createConnection(server, admin, 'freeswitch-1')).token;
    for (const [name, n] of [['queue-call-hold-transfer', 18], ['abandoned-queue-call', 4]] as const) {
      const sw = await fakeFreeswitch(fixture(`freeswitch/${name}.esl`), 'ClueCon');
      const mapper = new FreeswitchMapper({ recordingBase: 'https://rec.hotline.example/fs/' });
      const f = await deliver(token, n, sw, (forwarder, signal) => runFreeswitchClient({ host: '127.0.0.1', port: sw.port, password: 'ClueCon', mapper, forwarder, log: silentLogger, signal }));
      expect(f.stats).toMatchObject({ sent: n, accepted: n, rejected: 0 });
    }
    const list = await calls();
    const transfer = list.find((c) => c.externalId === '5d0c8f2a-6a54-4c3e-9d59-0f3e6c7a1b01');
    expect(transfer).toMatchObject({ status: 'ended', from: '13812345678', agentNo: '1024', holdCount: 2, abandoned: false, endedBy: 'customer' });
    expect(transfer!.recordingUrl).toMatch(/^https:\/\/rec\.hotline\.example\/fs\//);
    expect(list.find((c) => c.externalId === 'a1b2c3d4-0e1f-4a2b-8c3d-4e5f6a7b8c11')).toMatchObject({ status: 'ended', abandoned: true, endedBy: 'customer' });
  });

  it('Asterisk: the silent call the agent ends, sent twice (an adapter restart) without changing anything', async () => {
    const token = (await createConnection(server, admin, 'asterisk-1')).token;
    for (let run = 0; run < 2; run++) {
      const sw = await fakeAsterisk(fixture('asterisk/silent-call-agent-hangup.ami'), 'rexian', 's3cret');
      const f = await deliver(token, 4, sw, (forwarder, signal) => runAsteriskClient({ host: '127.0.0.1', port: sw.port, username: 'rexian', secret: 's3cret', mapper: new AsteriskMapper(), forwarder, log: silentLogger, signal }));
      expect(f.stats).toMatchObject(run === 0 ? { accepted: 4, duplicates: 0 } : { accepted: 0, duplicates: 4 });
    }
    expect((await calls()).find((c) => c.externalId === '1795396500.71')).toMatchObject({ status: 'ended', agentNo: '1024', endedBy: 'agent', abandoned: false });
  });
});

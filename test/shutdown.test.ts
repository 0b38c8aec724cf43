/**
 * Restarts that lose nothing, with real processes: SIGTERM in the middle of a request (it finishes, the
 * WebSocket is closed with 1012, new connections are refused, the process exits 0); on PostgreSQL, a
 * browser's live feed (the web app's own LiveConnection) moving from a web process that is stopped to
 * another without losing or repeating an event, and a job held by a worker process killed with SIGKILL
 * taken back by another within its lease.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, usingPostgres } from './helpers/db.js';
import { leaseWorker, TEST_LEASE_MS } from './helpers/lease-worker.js';
import { openLive } from './helpers/cti.js';
import { httpClient, startTestServer } from './helpers/server.js';
import { spawnServer } from './helpers/spawn-server.js';

const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-shutdown-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const port = () => 40000 + Math.floor(Math.random() * 20000);
const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

async function login(url: string, username = 'admin') {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('graceful shutdown of a real process', () => {
  it('on SIGTERM finishes the request in flight, closes WebSockets with 1012, refuses new connections and exits 0', { timeout: 240_000 }, async () => {
    const test = usingPostgres() ? await createTestDatabase() : null;
    try {
      const { child, url } = await spawnServer({ dataDir: path.join(tmp, 'one'), port: port(), entry: 'source', env: { REXIAN_DEMO_CALLS: 'false', ...(test?.url ? { DATABASE_URL: test.url } : {}) } });
      let out = '';
      child.stdout?.on('data', (d: string) => (out += d));
      const cookie = await login(url);
      const ws = new WebSocket(`${url.replace('http', 'ws')}/api/live`, { headers: { cookie } });
      await new Promise((r, j) => ws.once('open', r).once('error', j));
      const wsClosed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));

      // a sign-in whose body is half sent when the signal comes
      const body = JSON.stringify({ username: 'lead', password: 'rexian-demo' });
      const u = new URL(url);
      const req = http.request({ host: u.hostname, port: u.port, path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      const answered = new Promise<number>((r, j) => req.once('response', (res) => (res.resume(), r(res.statusCode ?? 0))).once('error', j));
      req.write(body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 200));

      child.kill('SIGTERM');
      expect(await wsClosed).toEqual({ code: 1012, reason: 'service restart' });
      // no new connection is taken once the server stopped listening
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = await fetch(`${url}/healthz`).then(
          () => false,
          () => true,
        );
        if (!refused) await new Promise((r) => setTimeout(r, 100));
      }
      expect(refused).toBe(true);
      // the request in flight is answered
      req.end(body.slice(10));
      expect(await answered).toBe(200);
      expect(await exited(child)).toBe(0);
      expect(out).toContain('stopped');
    } finally {
      await test?.close();
    }
  });
});

describe('resuming after a busy gap', () => {
  it('replays every event missed, over more than one page of the organisation\'s events', { timeout: 180_000 }, async () => {
    const server = await startTestServer();
    try {
      const cookie = await server.login('admin');
      const conn = (await server.request('/api/cti/connections', { method: 'POST', cookie, json: { name: 'pbx' } })).body as { token: string };
      const post = (ids: string[]) =>
        server.request('/api/cti/events', { method: 'POST', headers: { authorization: `Bearer ${conn.token}` }, json: ids.map((id) => ({ eventId: id, callId: id, seq: 0, type: 'call.ringing', at: new Date().toISOString(), from: '13800000000', to: '12345' })) });
      expect((await post(['gap-first'])).status).toBe(200);
      const last = (await server.database.db.selectFrom('domain_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
      // 2500 calls ring while the browser is away: two and a half pages
      for (let b = 0; b < 25; b++) expect((await post(Array.from({ length: 100 }, (_, i) => `gap-${b}-${i}`))).status).toBe(200);
      const live = await openLive(server, cookie, String(last));
      const replayed = await live.waitFor((m) => m.type === 'replayed', 60_000);
      expect(replayed.data['truncated']).toBe(false);
      expect(replayed.data['count']).toBeGreaterThanOrEqual(2500); // and a little overlap before the last id
      const missed = new Set(live.messages.filter((m) => m.type === 'call.ringing' && m.data['externalId'] !== 'gap-first').map((m) => m.data['externalId']));
      expect(missed.size).toBe(2500);
      live.close();
    } finally {
      await server.close();
    }
  });
});

interface LiveClient {
  status: string;
  start(): void;
  stop(): void;
  subscribe(h: (m: { id: string; type: string }) => void): () => void;
}

describe.skipIf(!usingPostgres())('rolling restart of two web processes', () => {
  it("the web app's live connection moves to the other process and resumes: every event once, none lost", { timeout: 300_000 }, async () => {
    const test = await createTestDatabase();
    const children: ChildProcess[] = [];
    try {
      const env = { REXIAN_DEMO_CALLS: 'false', DATABASE_URL: test.url! };
      const web1 = await spawnServer({ dataDir: path.join(tmp, 'w1'), port: port(), entry: 'source', env });
      children.push(web1.child);
      const web2 = await spawnServer({ dataDir: path.join(tmp, 'w2'), port: port(), entry: 'source', env });
      children.push(web2.child);
      const cookie = await login(web2.url);
      const conn = (await (await fetch(`${web2.url}/api/cti/connections`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'pbx' }) })).json()) as { token: string };

      // the browser's own client, with a load balancer's choice: the first process still up
      const g = globalThis as unknown as Record<string, unknown>;
      g['window'] = new EventTarget();
      g['WebSocket'] = class extends WebSocket {
        constructor(address: string) {
          super(address, { headers: { cookie } });
        }
      };
      // the browser module, typed here by what the test uses (the server's tsconfig does not compile JSX)
      const webLive = '../src/web/live.tsx';
      const { LiveConnection } = (await import(webLive)) as { LiveConnection: new (url: (after: string | null) => string) => LiveClient };
      const up = [web1.url, web2.url];
      const opened: string[] = [];
      const live = new LiveConnection((after) => {
        const u = `${up[0]!.replace('http', 'ws')}/api/live${after ? `?after=${after}` : ''}`;
        opened.push(u);
        return u;
      });
      const got: string[] = [];
      live.subscribe((m) => {
        if (m.type === 'call.ringing') got.push(m.id);
      });
      live.start();
      for (let i = 0; i < 100 && live.status !== 'open'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(live.status).toBe('open');

      // A live call's sentences posted to web-2 reach its agent connected to web-1, in order, though none is stored.
      const agent = await openLive(httpClient(web1.url), await login(web1.url, 'agent'));
      const segAt = (i: number) => ({ eventId: `roll-seg-${i + 1}`, callId: 'roll-seg', seq: i + 1, type: 'transcript.segment', at: new Date().toISOString(), segment: { speaker: 'customer', start: i * 1000, end: i * 1000 + 900, text: `第${i + 1}句` } });
      const answer = { eventId: 'roll-seg-0', callId: 'roll-seg', seq: 0, type: 'call.answered', at: new Date().toISOString(), from: '13800000001', to: '12345', agentId: '1024' };
      const toWeb2 = (events: unknown[]) => fetch(`${web2.url}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${conn.token}` }, body: JSON.stringify(events) });
      expect((await toWeb2([answer, segAt(0), segAt(1)])).status).toBe(200);
      for (let i = 2; i < 10; i++) expect((await toWeb2([segAt(i)])).status).toBe(200);
      await agent.waitFor((m) => m.type === 'call.segment' && (m.data['segment'] as { text: string }).text === '第10句');
      expect(agent.messages.filter((m) => m.type === 'call.segment').map((m) => (m.data['segment'] as { text: string }).text)).toEqual(Array.from({ length: 10 }, (_, i) => `第${i + 1}句`));
      expect(await test.db.selectFrom('domain_events').select('id').where('type', '=', 'call.segment').execute()).toHaveLength(0);
      agent.close();

      const calls = 60;
      const post = async (from: number) => {
        const events = Array.from({ length: 5 }, (_, k) => {
          const id = `roll-${from + k}`;
          return { eventId: id, callId: id, seq: 0, type: 'call.ringing', at: new Date().toISOString(), from: '13800000000', to: '12345', queue: 'general' };
        });
        const res = await fetch(`${web2.url}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${conn.token}` }, body: JSON.stringify(events) });
        expect(res.status).toBe(200);
      };
      for (let n = 0; n < calls; n += 5) {
        await post(n);
        if (n === 20) {
          // stop web-1, the process the client is connected to, in the middle of the traffic
          web1.child.kill('SIGTERM');
          up.shift();
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(await exited(web1.child)).toBe(0);
      const expected = (await test.db.selectFrom('domain_events').select('id').where('type', '=', 'call.ringing').orderBy('id').execute()).map((r) => String(r.id));
      expect(expected).toHaveLength(calls);
      for (let i = 0; i < 200 && got.length < calls; i++) await new Promise((r) => setTimeout(r, 100));
      live.stop();
      expect([...got].sort()).toEqual([...expected].sort());
      expect(new Set(got).size).toBe(got.length);
      // it reconnected once, to web-2, resuming after the last id it had seen
      expect(opened).toHaveLength(2);
      expect(opened[1]).toMatch(new RegExp(`^${web2.url.replace('http', 'ws')}/api/live\\?after=\\d+$`));
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await test.close();
    }
  });
});

/** A worker process over the test database that runs one job which never ends by itself, with a 3 s lease. */
function spawnLeaseWorker(databaseUrl: string, id: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lease-worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_ID: id, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('claimed')) resolve(child);
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.once('exit', (code) => reject(new Error(`lease worker exited with ${code}: ${out}`)));
  });
}

describe.skipIf(!usingPostgres())('jobs of a killed worker process', () => {
  it('are taken back by another worker within the lease (seconds), not after minutes', { timeout: 120_000 }, async () => {
    const test = await createTestDatabase();
    try {
      await test.db.insertInto('jobs').values({ name: 'test.forever', payload: '{}', run_at: new Date(), created_at: new Date() }).execute();
      const a = await spawnLeaseWorker(test.url!, 'A');
      // while A is alive it renews its lease: B finds nothing to take for a few leases' time
      const wb = leaseWorker(test.db, 'B');
      await new Promise((r) => setTimeout(r, 7000));
      expect(await wb.runOne()).toBe(false);
      a.kill('SIGKILL');
      await exited(a);
      const killedAt = Date.now();
      let taken = false;
      while (!taken && Date.now() - killedAt < 30_000) {
        taken = await wb.runOne();
        if (!taken) await new Promise((r) => setTimeout(r, 200));
      }
      const after = Date.now() - killedAt;
      expect(taken).toBe(true);
      expect(after).toBeLessThan(TEST_LEASE_MS + 1500); // the lease, and a poll
      const row = await test.db.selectFrom('jobs').select(['status', 'locked_by', 'attempts']).where('name', '=', 'test.forever').executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'done', locked_by: 'B', attempts: 2 });
      process.stdout.write(`job of the killed worker taken back ${after} ms after the kill (lease 3000 ms)\n`);
    } finally {
      await test.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usingPostgres } from './helpers/db.js';
import { spawnServer } from './helpers/spawn-server.js';

// The demo organisation and its logins are enough here; its simulated calls would only slow the starts.
const startServer = (dataDir: string, port: number) => spawnServer({ dataDir, port, entry: 'source', env: { REXIAN_DEMO_CALLS: 'false' } });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-restart-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The embedded database must survive a hard kill; on PostgreSQL that is the server's job.
describe.skipIf(usingPostgres())('embedded database durability', () => {
  it('keeps every user and audit row after SIGKILL and restart', { timeout: 180_000 }, async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    let { child, url } = await startServer(tmp, port);
    const login = async (username: string, password = 'rexian-demo') => {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(res.status).toBe(200);
      return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    const admin = await login('admin');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${url}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin },
        body: JSON.stringify({ username: `kill${i}`, displayName: `坐席${i}`, role: 'agent', password: 'password-123' }),
      });
      expect(res.status).toBe(201);
      created.push(`kill${i}`);
    }
    const auditBefore = ((await (await fetch(`${url}/api/audit?limit=500`, { headers: { cookie: admin } })).json()) as { items: Array<{ id: string }> }).items;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    ({ child, url } = await startServer(tmp, port));
    try {
      const admin2 = await login('admin');
      const users = ((await (await fetch(`${url}/api/users`, { headers: { cookie: admin2 } })).json()) as { items: Array<{ username: string }> }).items;
      for (const u of created) expect(users.map((x) => x.username)).toContain(u);
      await login('kill3', 'password-123');
      const auditAfter = ((await (await fetch(`${url}/api/audit?limit=500`, { headers: { cookie: admin2 } })).json()) as { items: Array<{ id: string }> }).items;
      const after = new Set(auditAfter.map((a) => a.id));
      for (const a of auditBefore) expect(after.has(a.id)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('keeps every CTI event that was acknowledged when killed during a burst', { timeout: 300_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cti-'));
    const port = 40000 + Math.floor(Math.random() * 20000);
    let { child, url } = await startServer(dir, port);
    const login = async () => {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'rexian-demo' }) });
      return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    const admin = await login();
    const conn = (await (await fetch(`${url}/api/cti/connections`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify({ name: 'burst' }) })).json()) as { token: string };
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let sent = 0;
    let stop = false;
    const sender = async (lane: number) => {
      for (let b = 0; !stop; b++) {
        const ids = Array.from({ length: 10 }, (_, i) => `burst-${lane}-${b}-${i}`);
        const events = ids.map((id) => ({ eventId: id, callId: id, seq: 0, type: 'call.ringing', at: new Date().toISOString(), from: '13800000000', to: '12345' }));
        sent += ids.length;
        try {
          const res = await fetch(`${url}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${conn.token}` }, body: JSON.stringify(events) });
          if (res.status === 200) acknowledged.push(...ids);
          else failures.push(`${res.status} ${await res.text()}`);
        } catch {
          return; // the server is gone
        }
      }
    };
    let running = 6;
    const lanes = Array.from({ length: 6 }, (_, i) => sender(i).finally(() => running--));
    // Kill once a few hundred events are in, or after 60 s on a slow machine, whichever comes first.
    const deadline = Date.now() + 60_000;
    while (acknowledged.length < 300 && failures.length === 0 && running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(lanes);
    // A process killed by a signal has signalCode set and exitCode null.
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    expect(sent).toBeGreaterThan(acknowledged.length - 1);

    ({ child, url } = await startServer(dir, port));
    try {
      const admin2 = await login();
      const res = await fetch(`${url}/api/calls?limit=500&offset=0`, { headers: { cookie: admin2 } });
      const first = (await res.json()) as { total: number };
      const all = new Set<string>();
      for (let offset = 0; offset < first.total; offset += 500) {
        const page = (await (await fetch(`${url}/api/calls?limit=500&offset=${offset}`, { headers: { cookie: admin2 } })).json()) as { items: Array<{ externalId: string }> };
        for (const c of page.items) all.add(c.externalId);
      }
      const lost = acknowledged.filter((id) => !all.has(id));
      expect(lost).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usingPostgres } from './helpers/db.js';
import { spawnServer } from './helpers/spawn-server.js';

const startServer = (dataDir: string, port: number) => spawnServer({ dataDir, port, entry: 'source' });

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
});

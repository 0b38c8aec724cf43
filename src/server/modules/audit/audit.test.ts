import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionLabels, auditEntityLabels } from '../../../shared/labels/audit.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  admin = await server.login('admin');
});
afterAll(() => server.close());

interface Entry {
  action: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
}
const entries = async () => ((await server.request('/api/audit?limit=500', { cookie: admin })).body as { items: Entry[] }).items;

describe('audit log', () => {
  it('names what each entry is about: a ticket by its number, a queue, a department and a person by their names', async () => {
    const agent = await server.login('agent');
    const t = await server.request('/api/tickets', { method: 'POST', cookie: agent, json: helpTicket });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    const ticket = t.body as { id: string; number: string };
    const q = await server.request('/api/queues', { method: 'POST', cookie: admin, json: { code: 'audit-east', name: '东区受理组' } });
    expect(q.status).toBe(201);
    const queue = q.body as { id: string };

    const all = await entries();
    const of = (type: string, id: string) => all.find((e) => e.entityType === type && e.entityId === id);
    expect(of('ticket', ticket.id)?.entityName).toBe(ticket.number);
    expect(of('queue', queue.id)?.entityName).toBe('东区受理组');
    // independent: the names as the users and departments lists give them
    const users = ((await server.request('/api/users', { cookie: admin })).body as { items: Array<{ id: string; displayName: string }> }).items;
    const created = all.filter((e) => e.action === 'user.create');
    expect(created.length).toBeGreaterThan(0);
    for (const e of created) expect(e.entityName, e.entityId).toBe(users.find((u) => u.id === e.entityId)?.displayName);
    const login = all.find((e) => e.action === 'auth.login');
    expect(login?.entityName).toBe(users.find((u) => u.id === login?.entityId)?.displayName);
    // a kind without names (a standard's version) says null, not an id
    for (const e of all.filter((x) => x.entityType === 'standard_pack_version')) expect(e.entityName).toBeNull();
  });

  it('every action and kind the server writes has its label (a source scan, so a new one cannot go unnamed)', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const actions = new Set<string>();
    const types = new Set<string>();
    for (const f of files) {
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      if (!src.includes('recordAudit')) continue;
      for (const m of src.matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) actions.add(m[1]!);
      for (const m of src.matchAll(/entityType: '([a-z_]+)'/g)) types.add(m[1]!);
    }
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((a) => !Object.hasOwn(auditActionLabels, a))).toEqual([]);
    expect([...types].filter((x) => !Object.hasOwn(auditEntityLabels, x))).toEqual([]);
  });
});

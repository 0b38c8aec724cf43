import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { systemActor } from '../../context.js';
import { DEMO_PASSWORD } from '../../demo.js';
import { createOrg } from '../orgs/orgs.service.js';
import { createUser } from './users.service.js';

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
});
afterAll(() => server.close());

describe('users', () => {
  it('lets an admin create a user, who can then sign in; the audit log has the after-image without the hash', async () => {
    const r = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'zhangwei', displayName: '张伟', role: 'agent', agentNo: '1025', password: 'a-long-password' },
    });
    expect(r.status).toBe(201);
    const created = r.body as { id: string; agentNo: string };
    expect(created.agentNo).toBe('1025');
    await server.login('zhangwei', 'a-long-password');
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.id).where('action', '=', 'user.create').executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('admin');
    expect(audit.after).toMatchObject({ username: 'zhangwei', role: 'agent' });
    expect(JSON.stringify(audit.after)).not.toContain('argon2');
    const event = await server.database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', created.id).executeTakeFirstOrThrow();
    expect(event.type).toBe('user.created');
  });

  it('refuses a taken username or 工号 with 409 USER_EXISTS and keeps the first', async () => {
    const again = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: 'agent', displayName: 'x', role: 'agent', password: 'a-long-password' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'USER_EXISTS' } });
    const sameNo = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: 'other', displayName: 'x', role: 'agent', agentNo: '1024', password: 'a-long-password' } });
    expect(sameNo.status).toBe(409);
    expect(JSON.stringify(sameNo.body)).toContain('1024');
  });

  it('rejects a short password and an unknown role with 400', async () => {
    const r = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: 'shorty', displayName: 'x', role: 'pilot', password: 'short' } });
    expect(r.status).toBe(400);
    const msg = JSON.stringify(r.body);
    expect(msg).toContain('role');
    expect(msg).toContain('password');
  });

  it('deactivating a user ends their sessions and records before and after', async () => {
    const list = (await server.request('/api/users', { cookie: admin })).body as { items: Array<{ id: string; username: string }> };
    const dept = list.items.find((u) => u.username === 'dept');
    const deptCookie = await server.login('dept');
    const r = await server.request(`/api/users/${dept?.id}`, { method: 'PATCH', cookie: admin, json: { active: false } });
    expect(r.status).toBe(200);
    expect((await server.request('/api/auth/me', { cookie: deptCookie })).status).toBe(401);
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', dept?.id ?? '').where('action', '=', 'user.update').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ active: true });
    expect(audit.after).toMatchObject({ active: false });
  });

  it('answers 404 USER_NOT_FOUND for an unknown id', async () => {
    const r = await server.request('/api/users/00000000-0000-4000-8000-000000000000', { method: 'PATCH', cookie: admin, json: { displayName: 'x' } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });
  });
});

describe('usernames per organisation', () => {
  it('the same username lives in two organisations; sign-in tells them apart by password, or by org when both match', async () => {
    const water = await createOrg(server.database.db, { slug: 'water-line', name: '水务热线' });
    const ctx = { db: server.database.db, orgId: water.id, actor: systemActor, now: () => new Date() };
    // "admin" exists in the demo organisation already
    await createUser(ctx, { username: 'admin', displayName: '水务管理员', role: 'admin', password: 'water-admin-password' });
    const inWater = await server.request('/api/auth/login', { method: 'POST', json: { username: 'admin', password: 'water-admin-password' } });
    expect(inWater.status).toBe(200);
    expect((inWater.body as { org: { slug: string } }).org.slug).toBe('water-line');
    const inDemo = await server.request('/api/auth/login', { method: 'POST', json: { username: 'admin', password: DEMO_PASSWORD } });
    expect((inDemo.body as { org: { slug: string } }).org.slug).not.toBe('water-line');

    // same username and same password in both: the organisation has to be named
    await createUser(ctx, { username: 'lead', displayName: '水务班长', role: 'lead', password: DEMO_PASSWORD });
    const ambiguous = await server.request('/api/auth/login', { method: 'POST', json: { username: 'lead', password: DEMO_PASSWORD } });
    expect(ambiguous.status).toBe(409);
    expect((ambiguous.body as { error: { code: string } }).error.code).toBe('AUTH_ORG_REQUIRED');
    const named = await server.request('/api/auth/login', { method: 'POST', json: { username: 'lead', password: DEMO_PASSWORD, org: 'water-line' } });
    expect(named.status).toBe(200);
    expect((named.body as { displayName: string }).displayName).toBe('水务班长');
    const wrongOrg = await server.request('/api/auth/login', { method: 'POST', json: { username: 'admin', password: 'water-admin-password', org: 'nope-org' } });
    expect(wrongOrg.status).toBe(401);

    // within one organisation a username is still taken
    await expect(createUser(ctx, { username: 'admin', displayName: '重复', role: 'agent', password: 'another-password' })).rejects.toMatchObject({ code: 'USER_EXISTS' });
    const again = await server.request('/api/users', { method: 'POST', cookie: admin, json: { username: 'admin', displayName: '重复', role: 'agent', password: 'another-password' } });
    expect(again.status).toBe(409);
  });
});

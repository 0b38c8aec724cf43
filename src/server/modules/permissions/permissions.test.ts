import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { systemActor } from '../../context.js';
import { createOrg } from '../orgs/orgs.service.js';
import { createUser } from '../users/users.service.js';

let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const u of ['admin', 'manager', 'lead', 'agent', 'inspector', 'dept']) cookies[u] = await server.login(u);
});
afterAll(() => server.close());

const codeOf = (r: { body: unknown }) => (r.body as { error?: { code?: string } }).error?.code;
const mayExport = async (cookie: string) => ((await server.request('/api/auth/me', { cookie })).body as { permissions: { export: boolean } }).permissions.export;
const exportStatus = async (cookie: string) => ({
  calls: (await server.request('/api/calls/export.xlsx', { cookie })).status,
  tickets: (await server.request('/api/tickets.xlsx', { cookie })).status,
});
const grants = () => server.database.db.selectFrom('audit_log').select(['actor_name', 'entity_id', 'before', 'after']).where('action', '=', 'permission.grant').orderBy('id').execute();
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

describe('bulk export is a permission each organisation grants', () => {
  it('is admin and manager by default: the others see the lists, not the export, and are told why', async () => {
    const list = await server.request('/api/permissions', { cookie: cookies.manager! });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [{ permission: 'export', roles: ['admin', 'manager'], defaultRoles: ['admin', 'manager'], isDefault: true }] });
    for (const u of ['admin', 'manager']) {
      expect(await mayExport(cookies[u]!)).toBe(true);
      expect(await exportStatus(cookies[u]!)).toEqual({ calls: 200, tickets: 200 });
    }
    for (const u of ['lead', 'agent', 'inspector']) {
      expect(await mayExport(cookies[u]!), u).toBe(false);
      const r = await server.request('/api/calls/export.xlsx', { cookie: cookies[u]! });
      expect(r.status).toBe(403);
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect((r.body as { error: { details: unknown } }).error.details).toEqual({ permission: 'export' });
      expect((await server.request('/api/calls', { cookie: cookies[u]! })).status).toBe(200);
    }
  });

  it('only an admin changes it; admin keeps it whatever is sent; the change is audited with before and after', async () => {
    const byManager = await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.manager!, json: { roles: ['manager', 'lead'] } });
    expect(byManager.status).toBe(403);
    expect(await grants()).toEqual([]);

    const r = await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.admin!, json: { roles: ['inspector', 'lead', 'manager'] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ permission: 'export', roles: ['admin', 'manager', 'lead', 'inspector'], defaultRoles: ['admin', 'manager'], isDefault: false });
    expect(await mayExport(cookies.lead!)).toBe(true);
    expect(await exportStatus(cookies.lead!)).toEqual({ calls: 200, tickets: 200 });
    expect(await exportStatus(cookies.inspector!)).toEqual({ calls: 200, tickets: 200 });
    expect(await exportStatus(cookies.agent!)).toEqual({ calls: 403, tickets: 403 });
    // the export a granted role makes is audited like anyone's
    const exported = await server.database.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'calls.export').where('actor_name', '=', 'lead').execute();
    expect(exported.length).toBe(1);

    // the same list again writes nothing; an empty list leaves admin alone
    expect((await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.admin!, json: { roles: ['admin', 'manager', 'lead', 'inspector'] } })).status).toBe(200);
    const emptied = await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.admin!, json: { roles: [] } });
    expect((emptied.body as { roles: string[] }).roles).toEqual(['admin']);
    expect(await exportStatus(cookies.manager!)).toEqual({ calls: 403, tickets: 403 });
    expect(await exportStatus(cookies.admin!)).toEqual({ calls: 200, tickets: 200 });

    const rows = await grants();
    expect(rows.map((g) => ({ who: g.actor_name, what: g.entity_id, before: json(g.before), after: json(g.after) }))).toEqual([
      { who: 'admin', what: 'export', before: { roles: ['admin', 'manager'] }, after: { roles: ['admin', 'manager', 'lead', 'inspector'] } },
      { who: 'admin', what: 'export', before: { roles: ['admin', 'manager', 'lead', 'inspector'] }, after: { roles: ['admin'] } },
    ]);
  });

  it('refuses what is no role, and is per organisation: another hotline keeps its default', async () => {
    const bad = await server.request('/api/permissions/export', { method: 'PUT', cookie: cookies.admin!, json: { roles: ['root'] } });
    expect(bad.status).toBe(400);
    expect(codeOf(bad)).toBe('VALIDATION_FAILED');
    expect((await server.request('/api/permissions/delete-everything', { method: 'PUT', cookie: cookies.admin!, json: { roles: [] } })).status).toBe(400);

    const water = await createOrg(server.database.db, { slug: 'water-perm', name: '水务热线' });
    const ctx = { db: server.database.db, orgId: water.id, actor: systemActor, now: () => new Date() };
    await createUser(ctx, { username: 'water_mgr', displayName: '水务主管', role: 'manager', password: 'water-manager-password' });
    const waterManager = await server.login('water_mgr', 'water-manager-password');
    expect(await mayExport(waterManager)).toBe(true);
    expect((await server.request('/api/calls/export.xlsx', { cookie: waterManager })).status).toBe(200);
    // and the demo organisation's manager is still refused (its admin took it away above)
    expect(await mayExport(cookies.manager!)).toBe(false);
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { readPackFiles } from './standards.loader.js';

const packDir = path.resolve(import.meta.dirname, '../../../../standards/general');

let server: TestServer;
let admin: string;
let agent: string;
let files: Array<{ name: string; text: string }>;
beforeAll(async () => {
  server = await startTestServer();
  [admin, agent] = await Promise.all([server.login('admin'), server.login('agent')]);
  files = (await readPackFiles(packDir)).map((f) => ({ name: path.basename(f.name), text: f.text }));
});
afterAll(() => server.close());

interface Saved {
  version: { version: number; active: boolean; name: string };
  unchanged: boolean;
}

describe('standard pack versions', () => {
  it('has no active standard at first, and says so with a code', async () => {
    const r = await server.request('/api/standards/versions/active', { cookie: agent });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'STANDARD_NOT_ACTIVE' } });
  });

  it('imports the YAML files of a pack as version 1 and activates it; agents can read it', async () => {
    const r = await server.request('/api/standards/versions', { method: 'POST', cookie: admin, json: { files, note: 'first import', activate: true } });
    expect(r.status).toBe(201);
    const saved = r.body as Saved;
    expect(saved).toMatchObject({ unchanged: false, version: { version: 1, active: true } });
    const active = await server.request('/api/standards/versions/active', { cookie: agent });
    expect(active.status).toBe(200);
    const body = active.body as { version: number; content: { scenarios: unknown[]; pack: { id: string } } };
    expect(body.version).toBe(1);
    expect(body.content.pack.id).toBe('general');
    expect(body.content.scenarios.length).toBeGreaterThanOrEqual(34);
  });

  it('stores nothing new when the same content is saved again', async () => {
    const r = await server.request('/api/standards/versions', { method: 'POST', cookie: admin, json: { files } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ unchanged: true, version: { version: 1 } });
  });

  it('rejects a pack with mistakes with every error located, and stores nothing', async () => {
    const broken = files.map((f) => (f.name === 'pack.yaml' ? { ...f, text: f.text.replace(/version: .*/, 'version: not-a-version') } : f));
    broken.push({ name: 'zz-extra.yaml', text: 'scenarios:\n  - id: Bad Id\n    name: x\n' });
    const r = await server.request('/api/standards/versions', { method: 'POST', cookie: admin, json: { files: broken } });
    expect(r.status).toBe(422);
    const err = (r.body as { error: { code: string; details: { errors: Array<{ file?: string; line?: number; path: string; message: string }> } } }).error;
    expect(err.code).toBe('PACK_INVALID');
    expect(err.details.errors.length).toBeGreaterThan(0);
    expect(err.details.errors.every((e) => e.message.length > 0)).toBe(true);
    expect(err.details.errors.some((e) => e.file === 'pack.yaml' && (e.line ?? 0) > 0 && e.path.includes('version'))).toBe(true);
    const versions = (await server.request('/api/standards/versions', { cookie: admin })).body as { items: unknown[] };
    expect(versions.items).toHaveLength(1);
  });

  it('saves an edited scenario as a new version, which the diff shows', async () => {
    const active = (await server.request('/api/standards/versions/active', { cookie: admin })).body as { content: { scenarios: Array<{ id: string; steps: Array<{ script?: string }> }> } };
    const pack = structuredClone(active.content);
    const target = pack.scenarios[0]!;
    const stepIndex = target.steps.findIndex((s) => s.script);
    target.steps[stepIndex]!.script = '您好,这是一条修改过的话术,请您放心。';
    const r = await server.request('/api/standards/versions', { method: 'POST', cookie: admin, json: { pack, note: 'reword', activate: true } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ unchanged: false, version: { version: 2, active: true } });

    const diff = await server.request('/api/standards/diff?from=1&to=2', { cookie: agent });
    const changes = (diff.body as { changes: Array<{ kind: string; path: string; after?: unknown }> }).changes;
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'changed', path: expect.stringContaining(target.id), after: '您好,这是一条修改过的话术,请您放心。' }));
  });

  it('activates an older version again, recorded in the audit log with before and after', async () => {
    const r = await server.request('/api/standards/versions/1/activate', { method: 'POST', cookie: admin });
    expect(r.status).toBe(200);
    expect(((await server.request('/api/standards/versions/active', { cookie: agent })).body as { version: number }).version).toBe(1);
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'standards.activate').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ version: 2 });
    expect(audit.after).toMatchObject({ version: 1 });
  });

  it('exports the files a version was imported from', async () => {
    const r = await server.request('/api/standards/versions/1/export', { cookie: admin });
    expect((r.body as { files: typeof files }).files).toEqual(files);
  });

  it('only admin and manager may change the standard; 404 for an unknown version', async () => {
    const byAgent = await server.request('/api/standards/versions', { method: 'POST', cookie: agent, json: { files } });
    expect(byAgent.status).toBe(403);
    const lead = await server.login('lead');
    expect((await server.request('/api/standards/versions/2/activate', { method: 'POST', cookie: lead })).status).toBe(403);
    const manager = await server.login('manager');
    expect((await server.request('/api/standards/versions/2/activate', { method: 'POST', cookie: manager })).status).toBe(200);
    const missing = await server.request('/api/standards/versions/99/activate', { method: 'POST', cookie: manager });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'STANDARD_VERSION_NOT_FOUND' } });
  });

  it('refuses to change a stored version in the database', async () => {
    await expect(server.database.db.updateTable('standard_pack_versions').set({ note: 'forged' }).execute()).rejects.toThrow(/immutable/);
  });
});

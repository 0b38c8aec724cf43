import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

let server: TestServer;
let admin: string;
beforeAll(async () => {
  // the demo pack: government-12345, whose identity.org is "{city} 12345 政务服务便民热线" (default city 江城市)
  server = await startTestServer({ demoPack: true });
  admin = await server.login('admin');
});
afterAll(() => server.close());

const profile = async (cookie: string) => (await server.request('/api/org/profile', { cookie })).body as { name: string; city: string | null; hotline: string | null };

describe('organisation profile (热线信息)', () => {
  it('the demo hotline names its city, so the announced name matches the header (星河市, not the pack’s 江城市)', async () => {
    const p = await profile(await server.login('agent'));
    expect(p).toMatchObject({ name: '星河市12345政务服务便民热线', city: '星河市', hotline: '12345' });
  });

  it('an admin changes the city; the change is audited; other roles may read but not change it', async () => {
    const r = await server.request('/api/org/profile', { method: 'PATCH', cookie: admin, json: { city: '临江市' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ city: '临江市', hotline: '12345' });
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.profile.update').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ city: '星河市' });
    expect(audit.after).toMatchObject({ city: '临江市' });
    const manager = await server.login('manager');
    expect((await server.request('/api/org/profile', { method: 'PATCH', cookie: manager, json: { city: '别处' } })).status).toBe(403);
    expect((await profile(manager)).city).toBe('临江市');
  });

  it('refuses a number with letters and an empty change with 400, and an empty city goes back to the pack’s', async () => {
    const bad = await server.request('/api/org/profile', { method: 'PATCH', cookie: admin, json: { hotline: '12345abc' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('hotline');
    expect((await server.request('/api/org/profile', { method: 'PATCH', cookie: admin, json: {} })).status).toBe(400);
    const cleared = await server.request('/api/org/profile', { method: 'PATCH', cookie: admin, json: { city: '  ' } });
    expect(cleared.body).toMatchObject({ city: null });
    await server.request('/api/org/profile', { method: 'PATCH', cookie: admin, json: { city: '临江市' } });
  });

  it('calls are checked against the name the profile gives: a greeting with 临江市 passes, one with the pack’s 江城市 does not', async () => {
    const conn = await createConnection(server, admin);
    const start = new Date(Date.now() - 3_600_000);
    const rename = (events: ReturnType<typeof callEvents>, city: string) =>
      events.map((e) => {
        const seg = (e as { segment?: { text: string } }).segment;
        return seg ? { ...e, segment: { ...seg, text: seg.text.replace('星河市12345政务服务便民热线', `${city}12345政务服务便民热线`) } } : e;
      });
    expect((await postEvents(server, conn.token, rename(callEvents({ callId: 'PROFILE-OK', start }), '临江市'))).status).toBe(200);
    expect((await postEvents(server, conn.token, rename(callEvents({ callId: 'PROFILE-OLD', start, prefix: 'old' }), '江城市'))).status).toBe(200);
    const stored = await server.database.db.selectFrom('qa_transcripts').select(['external_id', 'transcript']).where('external_id', 'in', ['PROFILE-OK', 'PROFILE-OLD']).execute();
    expect(stored).toHaveLength(2);
    for (const t of stored) expect((t.transcript as { org: string }).org).toBe('临江市 12345 政务服务便民热线');
    // the check itself, as the worker runs it on the stored transcript
    const { checkCall } = await import('../../../shared/qa/engine.js');
    const { qaRulesFor } = await import('../qa/qa.rules.js');
    const org = await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    const { compiled } = await qaRulesFor(server.database.db, org.id);
    const checks = (id: string) => checkCall(stored.find((t) => t.external_id === id)!.transcript as never, compiled).violations.map((v) => v.check);
    expect(checks('PROFILE-OK')).not.toContain('greeting.incomplete');
    expect(checks('PROFILE-OLD')).toContain('greeting.incomplete');
  });
});

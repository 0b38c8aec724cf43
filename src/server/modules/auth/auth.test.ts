import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { REXIAN_LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => server.close());

describe('sign-in', () => {
  it('signs in with the right password and sets an httpOnly, SameSite=Lax session cookie', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent', password: 'rexian-demo' }),
    });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { username: string; role: string; agentNo: string; sections: string[] };
    expect(me).toMatchObject({ username: 'agent', role: 'agent', agentNo: '1024' });
    expect(me.sections).toContain('workbench');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rexian_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers a wrong password and an unknown user alike: 401 AUTH_INVALID_CREDENTIALS', async () => {
    const wrong = await server.request('/api/auth/login', { method: 'POST', json: { username: 'lead', password: 'nope-nope' } });
    const unknown = await server.request('/api/auth/login', { method: 'POST', json: { username: 'ghost', password: 'nope-nope' } });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'wrong username or password' } });
    }
  });

  it('rejects a malformed body with 400 and says which field', async () => {
    const r = await server.request('/api/auth/login', { method: 'POST', json: { username: 'agent' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(r.body)).toContain('password');
  });

  it('rejects a body that is not JSON with 400, not 500', async () => {
    const r = await server.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('throttles a username after repeated failures, even for the right password, with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await server.request('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: `bad-guess-${i}` } });
      expect(r.status).toBe(401);
    }
    const r = await server.request('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'rexian-demo' } });
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ error: { code: 'AUTH_THROTTLED' } });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // other users are not affected
    expect((await server.request('/api/auth/login', { method: 'POST', json: { username: 'manager', password: 'rexian-demo' } })).status).toBe(200);
  });

  it('signs out: the session cookie stops working', async () => {
    const cookie = await server.login('lead');
    expect((await server.request('/api/auth/me', { cookie })).status).toBe(200);
    expect((await server.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    const after = await server.request('/api/auth/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: 'AUTH_SESSION_EXPIRED' } });
  });

  it('asks an anonymous caller to sign in', async () => {
    const r = await server.request('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  });

  it('records sign-in and sign-out in the audit log', async () => {
    const rows = await server.database.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', 'in', ['auth.login', 'auth.logout']).execute();
    expect(rows).toContainEqual({ action: 'auth.login', actor_name: 'agent' });
    expect(rows).toContainEqual({ action: 'auth.logout', actor_name: 'lead' });
  });
});

describe('operational endpoints', () => {
  it('serves /healthz, /readyz, /metrics and the OpenAPI page', async () => {
    expect((await server.request('/healthz')).body).toEqual({ status: 'ok' });
    expect((await server.request('/readyz')).body).toMatchObject({ status: 'ready' });
    const metrics = await fetch(`${server.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('rexian_http_request_duration_seconds');
    const spec = (await server.request('/docs/json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/auth/login');
    expect((await fetch(`${server.baseUrl}/docs`)).status).toBe(200);
  });

  it('answers an unknown API path with 404 ROUTE_NOT_FOUND', async () => {
    const r = await server.request('/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});

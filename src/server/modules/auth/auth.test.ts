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

  it('counts parallel wrong passwords against each other: of 12 at once with a limit of 5, at most 5 are checked', async () => {
    const limited = await startTestServer({ env: { REXIAN_LOGIN_MAX_FAILURES: '5' } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => limited.request('/api/auth/login', { method: 'POST', json: { username: 'dept', password: `parallel-guess-${i}` } })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBe(5);
      expect(statuses.filter((s) => s === 429).length).toBe(7);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      // the refused ones were not counted as guesses: exactly the checked ones are failures in the table
      const failures = await limited.database.db.selectFrom('login_attempts').select('id').where('username', '=', 'dept').where('success', '=', false).execute();
      expect(failures.length).toBe(statuses.filter((s) => s === 401).length);
      // and the right password is locked out too now, until the lock ends
      expect((await limited.request('/api/auth/login', { method: 'POST', json: { username: 'dept', password: 'rexian-demo' } })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('counts parallel wrong passwords from one address against each other too: 20 usernames at once with an address limit of 8', async () => {
    const limited = await startTestServer({ env: { REXIAN_LOGIN_MAX_FAILURES: '5', REXIAN_LOGIN_MAX_FAILURES_PER_ADDRESS: '8' } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => limited.request('/api/auth/login', { method: 'POST', json: { username: `spray${i}`, password: 'sprayed-password' } })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBe(8);
      expect(statuses.filter((s) => s === 429).length).toBe(12);
      const failures = await limited.database.db.selectFrom('login_attempts').select('id').where('username', 'like', 'spray%').where('success', '=', false).execute();
      expect(failures.length).toBe(8);
    } finally {
      await limited.close();
    }
  });

  it('slows an address down past its own, higher limit instead of locking it out: someone else in the office signs in after seconds, not minutes', async () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const office = await startTestServer({ env: { REXIAN_LOGIN_MAX_FAILURES: '5', REXIAN_LOGIN_MAX_FAILURES_PER_ADDRESS: '8' }, clock: () => now });
    try {
      const attempt = (username: string, password: string) => office.request('/api/auth/login', { method: 'POST', json: { username, password } });
      // eight people behind one NAT mistype once each: every one of them still gets an answer
      for (let i = 0; i < 8; i++) expect((await attempt(`typo${i}`, 'wrong-password')).status).toBe(401);
      const slowed = await attempt('agent', 'rexian-demo');
      expect(slowed.status).toBe(429);
      const retry = Number(slowed.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      now = new Date(now.getTime() + retry * 1000);
      expect((await attempt('agent', 'rexian-demo')).status).toBe(200);
      // each further failure doubles the wait, up to a minute
      expect((await attempt('typo-again', 'wrong-password')).status).toBe(401);
      const second = Number((await attempt('agent', 'rexian-demo')).headers.get('retry-after'));
      expect(second).toBeGreaterThan(retry);
      for (let i = 0; i < 10; i++) {
        now = new Date(now.getTime() + 61_000);
        expect((await attempt(`guess${i}`, 'wrong-password')).status).toBe(401);
      }
      const capped = await attempt('agent', 'rexian-demo');
      expect(capped.status).toBe(429);
      expect(Number(capped.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    } finally {
      await office.close();
    }
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

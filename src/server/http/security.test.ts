import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli } from '../../../test/helpers/cli.js';
import { callEvents, createConnection, postEvents, postTranscripts } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { createTestDatabase } from '../../../test/helpers/db.js';
import { loadConfig } from '../config.js';
import { DEMO_PASSWORD, seedDemo } from '../demo.js';
import { buildApp } from './app.js';
import { validatePackFiles } from '../../shared/standards/validate.js';
import { createLogger } from './redact.js';

let server: TestServer;
let manager: string;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  manager = await server.login('manager');
  admin = await server.login('admin');
});
afterAll(() => server.close());

/** 9 levels of 9 aliases each: 341 bytes that ask for 9^9 (387 million) strings. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n');
}

describe('a YAML bomb', () => {
  it('is refused within 2 s by the pack validator itself (what the CLI and the upload thread run)', () => {
    const started = performance.now();
    const r = validatePackFiles([{ name: 'pack.yaml', text: billionLaughs() }]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.ok).toBe(false);
  });

  it('is refused with 422 PACK_INVALID on both upload routes within 2 s of what any upload takes, and the server keeps answering', async () => {
    const text = billionLaughs();
    expect(text.length).toBeLessThan(400);
    for (const url of ['/api/standards/validate', '/api/standards/versions']) {
      // every upload is checked in a thread of its own; starting one takes 1–2 s from the sources on a loaded
      // machine (tsx compiles in the thread), so the bomb is timed against a harmless file on the same route
      let started = performance.now();
      await server.request(url, { method: 'POST', cookie: manager, json: { files: [{ name: 'pack.yaml', text: 'x: 1' }] } });
      const harmless = performance.now() - started;
      started = performance.now();
      const r = await server.request(url, { method: 'POST', cookie: manager, json: { files: [{ name: 'pack.yaml', text }] } });
      const bomb = performance.now() - started;
      expect(bomb, `bomb ${Math.round(bomb)} ms, a harmless file ${Math.round(harmless)} ms`).toBeLessThan(harmless + 2000);
      expect(r.status).toBe(422);
      const body = r.body as { error: { code: string; details: { errors: Array<{ message: string }> } } };
      expect(body.error.code).toBe('PACK_INVALID');
      expect(body.error.details.errors.map((e) => e.message).join('\n')).toMatch(/expands to more than/);
    }
    const alive = await server.request('/api/standards/versions', { cookie: manager });
    expect(alive.status).toBe(200);
  });

  it('is refused when the text is over the size limit, before it is parsed', async () => {
    const text = `pack:\n  name: x\n# ${'x'.repeat(1_000_001)}\n`;
    const r = await server.request('/api/standards/validate', { method: 'POST', cookie: manager, json: { files: [{ name: 'a.yaml', text }, { name: 'b.yaml', text: 'x: 1' }] } });
    expect(r.status).toBe(400);
    expect((r.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const split = 'y'.repeat(600_000);
    const two = await server.request('/api/standards/validate', {
      method: 'POST',
      cookie: manager,
      json: { files: [{ name: 'a.yaml', text: `# ${split}` }, { name: 'b.yaml', text: `# ${split}` }] },
    });
    expect(two.status).toBe(422);
    expect(JSON.stringify(two.body)).toMatch(/at most 1000000 are accepted/);
  });

  it('is refused by `rexian standards check` with an error line, not a crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rexian-bomb-'));
    try {
      await writeFile(path.join(dir, 'pack.yaml'), billionLaughs());
      const started = performance.now();
      const r = await runCli(['standards', 'check', dir]);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/expands to more than 100000 values/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const codeOf = (r: { body: unknown }) => (r.body as { error?: { code?: string } }).error?.code;

describe('cross-site writes', () => {
  const evil = 'http://127.0.0.1:1'; // the same site as the app (another port): SameSite=Lax sends the cookie
  const newUser = (username: string) => ({ username, displayName: '跨站测试', role: 'admin', password: 'Passw0rd-long-enough' });
  const userCount = async () => Number((await server.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it("a page on another origin cannot create a user or a CTI connection with the admin's cookie", async () => {
    const before = await userCount();
    const attempts: Array<Record<string, string>> = [{ origin: evil }, { referer: `${evil}/attack.html` }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of attempts) {
      const u = await server.request('/api/users', { method: 'POST', cookie: admin, headers, json: newUser('csrf_admin') });
      expect(u.status, JSON.stringify(headers)).toBe(403);
      expect(codeOf(u)).toBe('CROSS_ORIGIN_REFUSED');
      const c = await server.request('/api/cti/connections', { method: 'POST', cookie: admin, headers, json: { name: 'csrf-pbx', kind: 'events' } });
      expect(c.status).toBe(403);
      expect(JSON.stringify(c.body)).not.toMatch(/token/);
    }
    expect(await userCount()).toBe(before);
    const connections = await server.request('/api/cti/connections', { cookie: admin });
    expect(JSON.stringify(connections.body)).not.toContain('csrf-pbx');
  });

  it('a form post (what an HTML form on another site sends) is refused on JSON routes with 415, even from the same origin', async () => {
    const before = await userCount();
    const body = new URLSearchParams(newUser('csrf_form') as Record<string, string>).toString();
    const r = await server.request('/api/users', { method: 'POST', cookie: admin, headers: { origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(r.status).toBe(415);
    expect(codeOf(r)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await userCount()).toBe(before);
  });

  it('the same origin works, by Origin, by Referer, and behind a proxy through REXIAN_ALLOWED_ORIGINS', async () => {
    const byOrigin = await server.request('/api/users', { method: 'POST', cookie: admin, headers: { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' }, json: newUser('same_origin') });
    expect(byOrigin.status).toBe(201);
    const byReferer = await server.request('/api/users', { method: 'POST', cookie: admin, headers: { referer: `${server.baseUrl}/settings/users` }, json: newUser('same_referer') });
    expect(byReferer.status).toBe(201);
    const proxied = await startTestServer({ env: { REXIAN_ALLOWED_ORIGINS: 'https://hotline.example.cn' } });
    try {
      const cookie = await proxied.login('admin');
      const ok = await proxied.request('/api/users', { method: 'POST', cookie, headers: { origin: 'https://hotline.example.cn' }, json: newUser('via_proxy') });
      expect(ok.status).toBe(201);
      const other = await proxied.request('/api/users', { method: 'POST', cookie, headers: { origin: 'https://evil.example.cn' }, json: newUser('via_evil') });
      expect(other.status).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('machine clients without Origin keep working: the CTI webhook, the Zammad endpoint with a form body', async () => {
    const events = await createConnection(server, admin, 'origin-pbx', 'events');
    const r = await postEvents(server, events.token, [{ eventId: 'origin-e1', type: 'call.ringing', callId: 'origin-1', seq: 1, at: new Date().toISOString(), from: '13800001111', to: '12345' }]);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    // a PBX with a browser-made request (a web softphone) still authenticates with its token, not a cookie
    const fromPage = await server.request('/api/cti/events', { method: 'POST', headers: { origin: evil, authorization: `Bearer ${events.token}` }, json: [] });
    expect(fromPage.status).not.toBe(403);
    const zammad = await createConnection(server, admin, 'origin-zammad', 'zammad');
    const form = new URLSearchParams({ event: 'newCall', direction: 'in', from: '13800002222', to: '12345', call_id: 'origin-z-1', 'user[]': 'user 1' });
    const z = await fetch(`${server.baseUrl}/api/cti/zammad/${zammad.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(z.status).toBe(200);
    expect(await z.json()).toEqual({});
  });

  it('the live WebSocket refuses a handshake from another origin and accepts its own', async () => {
    const url = `${server.baseUrl.replace('http', 'ws')}/api/live`;
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, { headers: { cookie: admin }, origin });
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy(); // or the refused connection stays open and the server cannot close
        });
        socket.on('error', () => resolve(-1));
      });
    expect(await open(evil)).toBe(403);
    expect(await open(server.baseUrl)).toBe(101);
  });
});

describe('bad text and numbers at the edge', () => {
  const expect400 = (r: { status: number; body: unknown }, code = 'VALIDATION_FAILED') => {
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(codeOf(r)).toBe(code);
  };

  it('a NUL byte or a lone surrogate in any string is 400 VALIDATION_FAILED, signed in or not', async () => {
    expect400(await server.request('/api/auth/login', { method: 'POST', json: { username: 'ad\u0000min', password: 'x' } }));
    expect400(await server.request('/api/auth/login', { method: 'POST', json: { username: 'admin', password: '\uD800' } }));
    expect400(await server.request('/api/tickets?q=a%00b', { cookie: admin }));
    expect400(await server.request('/api/departments', { method: 'POST', cookie: admin, json: { name: 'x\uDC00y' } }));
    expect400(await server.request('/api/departments', { method: 'POST', cookie: admin, json: { name: 'ok', ['k\u0000']: 1 } }));
    expect400(await server.request('/api/tickets/a%00b', { cookie: admin }));
    // a surrogate pair is text: accepted as such
    const pair = await server.request('/api/departments', { method: 'POST', cookie: admin, json: { name: '热线 😀' } });
    expect(pair.status).toBe(201);
  });

  it('the audit filters refuse an id that is no id and a page past any bigint', async () => {
    expect400(await server.request('/api/audit?actorId=abc', { cookie: admin }));
    expect400(await server.request('/api/audit?before=99999999999999999999', { cookie: admin }));
    expect((await server.request('/api/audit?before=999999999999999999', { cookie: admin })).status).toBe(200);
  });

  it('a CTI event dated 9999-12-31 is refused as CTI_EVENT_INVALID', async () => {
    const { token } = await createConnection(server, admin, 'far-future', 'events');
    const r = await postEvents(server, token, [{ eventId: 'far-1', type: 'call.ringing', callId: 'far-1', seq: 1, at: '9999-12-31T23:59:59+00:00', from: '13800003333', to: '12345' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/between the years 2000 and 2099/);
    expect(await server.database.db.selectFrom('calls').select('id').where('external_id', '=', 'far-1').executeTakeFirst()).toBeUndefined();
  });

  it("Fastify's own refusals use the error shape: a bad URL, bad JSON, an unknown media type, an overlong parameter", async () => {
    const bad = await fetch(`${server.baseUrl}/api/tickets/%E0%A4%A`, { headers: { cookie: admin } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const json = await server.request('/api/departments', { method: 'POST', cookie: admin, headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect400(json, 'BAD_REQUEST');
    const media = await server.request('/api/departments', { method: 'POST', cookie: admin, headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(media.status).toBe(415);
    expect(codeOf(media)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const long = await server.request(`/api/tickets/${'x'.repeat(500)}`, { cookie: admin });
    expect(long.status).toBeGreaterThanOrEqual(400);
    expect(long.status).toBeLessThan(500);
    expect(codeOf(long)).toMatch(/^[A-Z_]+$/);
    const proto = await server.request('/api/departments', { method: 'POST', cookie: admin, headers: { 'content-type': 'application/json' }, body: '{"name":"p","__proto__":{"x":1}}' });
    expect400(proto, 'BAD_REQUEST');
  });
});

describe('headers and cookies', () => {
  it('every answer says nosniff, forbids framing and keeps the referrer to the origin', async () => {
    for (const r of [await server.request('/api/version'), await server.request('/api/nope'), await server.request('/api/users', { method: 'POST', json: {} })]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it("media play from the app itself only, unless REXIAN_RECORDING_ORIGINS lists the switch's recording servers", async () => {
    const directives = (r: { headers: Headers }) => (r.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
    const plain = directives(await server.request('/api/version'));
    expect(plain).toContain("media-src 'self'");
    expect(plain).toContain("default-src 'self'");
    const withPbx = await startTestServer({ env: { REXIAN_RECORDING_ORIGINS: 'https://PBX.example.cn, http://10.0.0.5:8080' } });
    try {
      for (const r of [await withPbx.request('/api/version'), await withPbx.request('/calls/x'), await withPbx.request('/api/nope')]) {
        const d = directives(r);
        expect(d).toContain("media-src 'self' https://pbx.example.cn http://10.0.0.5:8080");
        // nothing else widens: scripts, connections and the default stay the app's own
        expect(d).toContain("default-src 'self'");
        expect(d).toContain("script-src 'self'");
        expect(d).toContain("connect-src 'self'");
        expect(d.filter((x) => x.includes('pbx.example.cn'))).toHaveLength(1);
      }
    } finally {
      await withPbx.close();
    }
  });

  const cookieOf = async (s: TestServer, headers: Record<string, string> = {}) => {
    const res = await fetch(`${s.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: 'agent', password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie') ?? '';
  };

  it('the session cookie is Secure over HTTPS through a trusted proxy, or by setting; not over plain HTTP', async () => {
    expect(await cookieOf(server)).not.toMatch(/;\s*Secure/i);
    // an untrusted client cannot claim HTTPS and nothing changes either way
    expect(await cookieOf(server, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
    const proxied = await startTestServer({ env: { REXIAN_TRUST_PROXY: 'true' } });
    try {
      expect(await cookieOf(proxied, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
      expect(await cookieOf(proxied, { 'x-forwarded-proto': 'http' })).not.toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
    const forced = await startTestServer({ env: { REXIAN_COOKIE_SECURE: 'true' } });
    try {
      const c = await cookieOf(forced);
      expect(c).toMatch(/;\s*Secure/i);
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Lax/i);
    } finally {
      await forced.close();
    }
  });

  it('/metrics is open by default and needs the token when REXIAN_METRICS_TOKEN is set', async () => {
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(200);
    const token = 'scrape-me-please-0123456789';
    const guarded = await startTestServer({ env: { REXIAN_METRICS_TOKEN: token } });
    try {
      const none = await guarded.request('/metrics');
      expect(none.status).toBe(401);
      expect(codeOf(none)).toBe('METRICS_TOKEN_REQUIRED');
      expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer wrong-token-of-same-length!' } })).status).toBe(401);
      const ok = await fetch(`${guarded.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# HELP');
    } finally {
      await guarded.close();
    }
  });
});

describe('personal data in logs', () => {
  it('request lines mask phone and ID numbers in the URL', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const database = await createTestDatabase();
    await seedDemo(database.db, { pack: false, calls: false });
    const app = await buildApp({ config: loadConfig({ PORT: '0' }), database, clock: () => new Date() }, { logger });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      await fetch(`http://127.0.0.1:${port}/api/calls?caller=13812345678&idCard=11010519491231002X`);
      const text = lines.join('');
      expect(text).toContain('incoming request');
      expect(text).toContain('caller=138****5678');
      expect(text).toContain('idCard=110***********002X');
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('11010519491231002X');
    } finally {
      await app.close();
      await database.close();
    }
  });

  it("request lines keep only a token's last 4 characters (a Zammad switch's token is in the path)", async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const database = await createTestDatabase();
    await seedDemo(database.db, { pack: false, calls: false });
    const app = await buildApp({ config: loadConfig({ PORT: '0' }), database, clock: () => new Date() }, { logger });
    const token = 'rxc_Secret0Token-_abcdefWXYZ';
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      // the Zammad route itself logs at warn only; a wrong method on its path is an info-level request line
      await fetch(`http://127.0.0.1:${port}/api/cti/zammad/${token}?event=newCall&from=13812345678`, { method: 'GET' });
      await fetch(`http://127.0.0.1:${port}/api/calls?token=plainSecretValue1234&page=1`);
      const text = lines.join('');
      expect(text).toContain('/api/cti/zammad/…WXYZ?event=newCall&from=138****5678');
      expect(text).toContain('token=…1234&page=1');
      expect(text).not.toContain(token);
      expect(text).not.toContain('Secret0Token');
      expect(text).not.toContain('plainSecretValue');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('personal data in error logs', () => {
  it("a logged error's message and stack mask the numbers they quote", () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const err = Object.assign(new Error('invalid input syntax for type uuid: "13812345678"'), { detail: 'Key (caller)=(11010519491231002X) already exists.', code: '22P02' });
    logger.warn({ err }, 'the database refused a value of the request');
    const text = lines.join('');
    expect(text).toContain('138****5678');
    expect(text).toContain('110***********002X');
    expect(text).toContain('22P02');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('11010519491231002X');
  });
});

describe('bulk export', () => {
  it('is a permission of its own (admin, manager) and every export is audited with its filter and row count', async () => {
    const lead = await server.login('lead');
    const agent = await server.login('agent');
    for (const cookie of [lead, agent]) {
      expect((await server.request('/api/calls/export.xlsx', { cookie })).status).toBe(403);
      expect((await server.request('/api/tickets.xlsx', { cookie })).status).toBe(403);
      // the lists themselves stay open to them
      expect((await server.request('/api/calls', { cookie })).status).toBe(200);
    }
    const res = await fetch(`${server.baseUrl}/api/calls/export.xlsx?caller=138&status=ended`, { headers: { cookie: manager } });
    expect(res.status).toBe(200);
    const listed = (await server.request('/api/calls?caller=138&status=ended&limit=200', { cookie: manager })).body as { items: unknown[]; total?: number };
    const rows = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'actor_name', 'after'])
      .where('action', '=', 'calls.export')
      .execute();
    expect(rows).toHaveLength(1);
    const after = (typeof rows[0]!.after === 'string' ? JSON.parse(rows[0]!.after) : rows[0]!.after) as { filter: Record<string, string>; rows: number };
    expect(rows[0]).toMatchObject({ entity_type: 'calls', actor_name: 'manager' });
    expect(after.filter).toEqual({ caller: '138', status: 'ended' });
    expect(after.rows).toBe(listed.items.length);
  });
});

describe('QA scorecards', () => {
  it("mask the caller's number and numbers spoken in the talk for inspectors, as the calls pages do; supervisors see them", async () => {
    const inspector = await server.login('inspector');
    const transcript = {
      id: 'mask-qa-1',
      agent: { id: '1024', name: '李娜' },
      caller: '13812345678',
      startedAt: new Date().toISOString(),
      segments: [
        { speaker: 'agent', start: 0, end: 2000, text: '您好，请问有什么可以帮您？' },
        { speaker: 'customer', start: 2000, end: 6000, text: '我的电话是13812345678，身份证110105194912310021。' },
      ],
    };
    const submitted = await postTranscripts(server, (await createConnection(server, admin, 'mask-asr')).token, transcript);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const row = await server.database.db.selectFrom('qa_transcripts').select('id').where('external_id', '=', 'mask-qa-1').executeTakeFirstOrThrow();
    const asInspector = await server.request(`/api/qa/results/${row.id}`, { cookie: inspector });
    expect(asInspector.status).toBe(200);
    const seen = JSON.stringify(asInspector.body);
    expect(seen).not.toContain('13812345678');
    expect(seen).not.toContain('110105194912310021');
    expect(seen).toContain('138****5678');
    const card = asInspector.body as { transcript: { segments: Array<{ text: string }> } };
    expect(card.transcript.segments[1]!.text.length).toBe(transcript.segments[1]!.text.length);
    const asManager = JSON.stringify((await server.request(`/api/qa/results/${row.id}`, { cookie: manager })).body);
    expect(asManager).toContain('13812345678');
  });
});

describe('QA transcripts filed by people are of real calls; integrations bring theirs with a token', () => {
  const transcriptOf = (id: string, agentNo = '1024') => ({
    id,
    agent: { id: agentNo, name: '李娜' },
    caller: '13800004444',
    startedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    segments: [{ speaker: 'agent', start: 0, end: 2000, text: `您好，12345热线，${agentNo}号为您服务。` }],
  });
  const stored = async (id: string) => (await server.database.db.selectFrom('qa_transcripts').select('id').where('external_id', '=', id).executeTakeFirst()) !== undefined;
  const jobsOf = async () => Number((await server.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('name', '=', 'qa.check').executeTakeFirstOrThrow()).n);

  it('an inspector cannot file a call that never happened, nor pin a real call on another agent: 422 QA_CALL_UNKNOWN, nothing stored', async () => {
    const inspector = await server.login('inspector');
    const { token } = await createConnection(server, admin, 'qa-real-pbx');
    const posted = await postEvents(server, token, callEvents({ callId: 'qa-real-1', start: new Date(Date.now() - 40 * 60_000), agentNo: '1024', transcript: false }));
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    const jobs = await jobsOf();

    const ghost = await server.request('/api/qa/transcripts', { method: 'POST', cookie: inspector, json: transcriptOf('qa-ghost-1') });
    expect(ghost.status, JSON.stringify(ghost.body)).toBe(422);
    expect(codeOf(ghost)).toBe('QA_CALL_UNKNOWN');
    expect(JSON.stringify(ghost.body)).toContain('qa-ghost-1');
    // one ghost in a batch stops the batch: the real call in it is not stored either
    const mixed = await server.request('/api/qa/transcripts', { method: 'POST', cookie: inspector, json: [transcriptOf('qa-real-1'), transcriptOf('qa-ghost-2')] });
    expect(mixed.status).toBe(422);
    expect((mixed.body as { error: { details: { calls: string[] } } }).error.details.calls).toEqual(['qa-ghost-2']);
    const otherAgent = await server.request('/api/qa/transcripts', { method: 'POST', cookie: inspector, json: transcriptOf('qa-real-1', '2001') });
    expect(otherAgent.status).toBe(422);
    expect(codeOf(otherAgent)).toBe('QA_CALL_UNKNOWN');
    for (const id of ['qa-ghost-1', 'qa-ghost-2', 'qa-real-1']) expect(await stored(id), id).toBe(false);
    expect(await jobsOf()).toBe(jobs);

    // the real call, by the agent who answered it: accepted and queued for its check
    const real = await server.request('/api/qa/transcripts', { method: 'POST', cookie: inspector, json: transcriptOf('qa-real-1') });
    expect(real.status, JSON.stringify(real.body)).toBe(202);
    expect(await stored('qa-real-1')).toBe(true);
    expect(await jobsOf()).toBe(jobs + 1);
  });

  it('without a session, only a live CTI connection token of the organisation is accepted (401 with a code otherwise, nothing stored)', async () => {
    const none = await server.request('/api/qa/transcripts', { method: 'POST', json: transcriptOf('qa-anon-1') });
    expect(none.status).toBe(401);
    expect(codeOf(none)).toBe('AUTH_REQUIRED');
    const wrong = await postTranscripts(server, 'rx_not-a-real-token-at-all', transcriptOf('qa-anon-2'));
    expect(wrong.status).toBe(401);
    expect(codeOf(wrong)).toBe('CTI_TOKEN_INVALID');
    const conn = await createConnection(server, admin, 'qa-asr');
    const revoked = await createConnection(server, admin, 'qa-asr-old');
    expect((await server.request(`/api/cti/connections/${revoked.id}`, { method: 'DELETE', cookie: admin })).status).toBe(200);
    const old = await postTranscripts(server, revoked.token, transcriptOf('qa-anon-3'));
    expect(old.status).toBe(401);
    expect(codeOf(old)).toBe('CTI_TOKEN_INVALID');
    for (const id of ['qa-anon-1', 'qa-anon-2', 'qa-anon-3']) expect(await stored(id), id).toBe(false);

    // an integration may bring calls rexian never saw (a QA-only deployment), written to the audit log as the connection
    const ok = await postTranscripts(server, conn.token, transcriptOf('qa-asr-1'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect(await stored('qa-asr-1')).toBe(true);
    const audit = await server.database.db.selectFrom('audit_log').select(['actor_name', 'actor_id']).where('action', '=', 'qa.transcripts.submit').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_name: 'cti:qa-asr', actor_id: null });
  });
});

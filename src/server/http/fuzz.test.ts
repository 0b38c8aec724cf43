import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { roles, type Role } from '../../shared/roles.js';
import { demoUsers } from '../demo.js';

/**
 * Hostile input on every route, derived from the OpenAPI document (/docs/json): for each
 * route, every path parameter, query parameter and top-level body field gets type-confused,
 * oversized, NUL, lone-surrogate, prototype-pollution, far-date and overflowing values, one
 * field at a time on top of a plausible body, as the roles the route admits (in turn).
 * Nothing may answer 5xx, every error must be in the API's error shape, and afterwards the
 * server must still answer and its data be as it was. Deterministic: no randomness.
 */

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  minLength?: number;
  default?: unknown;
};
type Operation = {
  parameters?: Array<{ in: 'path' | 'query' | 'header'; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const now = new Date().toISOString();

/** A plausible value for a schema, so that one hostile field is not the only thing wrong with a body. */
function sample(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return 'x';
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.length) return sample(alt[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return PLACEHOLDER_ID;
      if (s.format === 'date-time') return now;
      if (s.format === 'date') return now.slice(0, 10);
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], depth + 1);
      return out;
    }
    default:
      return 'x';
  }
}

const hostileJson: unknown[] = [
  123,
  1e308,
  true,
  null,
  [],
  { nested: { deeper: 'x' } },
  'x'.repeat(20_000), // over every maxLength of a field (the standard pack's text is checked by size apart)
  'a\u0000b',
  '\uD800',
  'tail\uDFFF',
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  '9999-12-31T23:59:59+00:00',
  '+275760-09-13T00:00:00.000Z',
  '99999999999999999999',
  'abc',
  '',
];

/** Query strings and path segments, written as they appear in a URL. */
const hostileUrl: string[] = ['abc', 'a%00b', '%ED%A0%80', '99999999999999999999', '-1', 'x'.repeat(5000), '__proto__', '9999-12-31T23:59:59Z', '%2E%2E%2F', ''];

/** Bodies the OpenAPI document cannot describe (validated inside the route): a valid one to spoil field by field. */
const bodyBase: Record<string, unknown> = {
  'POST /api/cti/events': [{ eventId: 'fuzz-1', type: 'call.ringing', callId: 'fuzz-call', seq: 1, at: now, from: '13800001234', to: '12345' }],
  'POST /api/cti/zammad/:token': { event: 'newCall', direction: 'in', from: '13800001234', to: '12345', call_id: 'fuzz-z', user: 'fuzz' },
  'POST /api/qa/transcripts': { id: 'fuzz-qa', agent: { id: '1024' }, caller: '13800001234', startedAt: now, segments: [{ speaker: 'agent', start: 0, end: 1000, text: '您好' }] },
};

const pathBase: Record<string, string> = { version: 'active', month: '2026-12', action: 'accept', agentNo: '1024', findingId: 'x' };

interface Probe {
  method: string;
  path: string;
  body?: string;
  as: Role | 'anonymous' | 'token';
  what: string;
}

let server: TestServer;
let cookies: Record<Role, string>;
let tokens: { events: string; zammad: string };

const usernameOf = (role: Role) => demoUsers.find((u) => u.role === role)?.username ?? role;

/** The rows that existed before, as they are now (the fuzz may add rows: a hostile but valid username is still a username). */
async function snapshot(ids?: { users: string[]; versions: string[] }) {
  const db = server.database.db;
  let users = db.selectFrom('users').select(['id', 'username', 'role', 'password_hash', 'active']).orderBy('id');
  if (ids) users = users.where('id', 'in', ids.users);
  let versions = db.selectFrom('standard_pack_versions').select(['id', 'version', 'checksum']).orderBy('id');
  if (ids) versions = versions.where('id', 'in', ids.versions);
  return { users: await users.execute(), versions: await versions.execute() };
}

beforeAll(async () => {
  // the login route gets a few dozen wrong passwords from one address; that is the fuzz, not an attack
  server = await startTestServer({ demoPack: true, env: { REXIAN_LOGIN_MAX_FAILURES: '100' } });
  cookies = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await server.login(usernameOf(r))] as const))) as Record<Role, string>;
  tokens = {
    events: (await createConnection(server, cookies.admin, 'fuzz-events', 'events')).token,
    zammad: (await createConnection(server, cookies.admin, 'fuzz-zammad', 'zammad')).token,
  };
}, 60_000);
afterAll(() => server?.close());

function probesOf(spec: OpenApi): Probe[] {
  const probes: Probe[] = [];
  let turn = 0;
  for (const route of server.app.rexianRoutes) {
    if (route.url === '/api/auth/logout' || route.url === '/api/live') continue; // ends the session / a WebSocket
    const op = spec.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const admitted: Probe['as'][] =
      route.access === 'token' ? ['token'] : route.access === 'public' ? ['anonymous', ...roles] : route.access === 'authenticated' ? [...roles] : [...route.access];
    const nextRole = () => admitted[turn++ % admitted.length]!;
    const params = op?.parameters ?? [];
    const pathParams = Object.fromEntries(
      [...route.url.matchAll(/:(\w+)/g)].map(([, name]) => [name!, name === 'token' ? tokens.zammad : (pathBase[name!] ?? PLACEHOLDER_ID)]),
    );
    const urlOf = (p: Record<string, string>, query = '') => route.url.replace(/:(\w+)/g, (_, n: string) => p[n]!) + query;
    const bodySchema = op?.requestBody?.content?.['application/json']?.schema;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    const base = hasBody ? (bodyBase[`${route.method} ${route.url}`] ?? sample(bodySchema) ?? {}) : undefined;
    const baseText = base === undefined ? undefined : JSON.stringify(base);

    for (const name of Object.keys(pathParams)) {
      if (name === 'token') continue;
      for (const v of hostileUrl.filter(Boolean)) probes.push({ method: route.method, path: urlOf({ ...pathParams, [name]: v }), body: baseText, as: nextRole(), what: `path ${name}=${v.slice(0, 30)}` });
    }
    for (const q of params.filter((p) => p.in === 'query')) {
      for (const v of [...hostileUrl, `${'1'}&${q.name}=2`]) probes.push({ method: route.method, path: urlOf(pathParams, `?${q.name}=${v}`), body: baseText, as: nextRole(), what: `query ${q.name}=${v.slice(0, 30)}` });
    }
    if (!hasBody) continue;
    // a batch (an array of objects) is spoilt in its first item
    const inArray = Array.isArray(base) && base[0] !== null && typeof base[0] === 'object';
    const baseObject = (inArray ? (base as unknown[])[0] : base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(bodySchema?.properties ?? {}), ...Object.keys(baseObject)])];
    for (const field of fields.length ? fields : ['value']) {
      for (const v of hostileJson) {
        const spoilt = { ...baseObject, [field]: v };
        probes.push({ method: route.method, path: urlOf(pathParams), body: JSON.stringify(inArray ? [spoilt] : spoilt), as: nextRole(), what: `body ${field}=${JSON.stringify(v)?.slice(0, 30)}` });
      }
    }
    // the whole body hostile: wrong types, pollution at the top, an array of them
    for (const whole of ['[]', '"x"', '0', 'null', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '[{"a\\u0000":1}]', '{"a":', '\u0000'])
      probes.push({ method: route.method, path: urlOf(pathParams), body: whole, as: nextRole(), what: `body ${whole.slice(0, 30)}` });
  }
  return probes;
}

async function send(p: Probe): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = {};
  if (p.body !== undefined) headers['content-type'] = 'application/json';
  if (p.as === 'token') {
    if (!p.path.startsWith('/api/cti/zammad/')) headers.authorization = `Bearer ${tokens.events}`; // Zammad's token is in the path
  } else if (p.as !== 'anonymous') headers.cookie = cookies[p.as];
  const res = await fetch(server.baseUrl + p.path, { method: p.method, headers, body: p.body });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

function errorShapeProblem(p: Probe, r: { status: number; text: string }): string | null {
  let body: unknown;
  try {
    body = JSON.parse(r.text);
  } catch {
    return 'not JSON';
  }
  const error = (body as { error?: unknown } | null)?.error;
  // Zammad's endpoint answers the way Zammad does: {"error": "<sentence>"}
  if (p.path.startsWith('/api/cti/zammad/') && typeof error === 'string') return null;
  // the CTI webhook answers a batch event by event: {results: [{status, error: {code, message}}]}
  const results = (body as { results?: Array<{ status?: string; error?: { code?: unknown } }> } | null)?.results;
  if (p.path === '/api/cti/events' && Array.isArray(results)) return results.every((x) => x.status !== 'invalid' || typeof x.error?.code === 'string') ? null : 'a rejected event without an error code';
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e && typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code) && typeof e.message === 'string' ? null : `not {error:{code,message}}: ${r.text.slice(0, 120)}`;
}

describe('hostile input on every route', () => {
  it('never answers 5xx, always in the error shape, and leaves the server alive with its data intact', async () => {
    const spec = (await server.request('/docs/json')).body as OpenApi;
    const before = await snapshot();
    const probes = probesOf(spec);
    expect(probes.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    const started = performance.now();
    for (const p of probes) {
      const r = await send(p);
      const where = `${p.method} ${p.path.slice(0, 80)} as ${p.as}, ${p.what}`;
      if (r.status >= 500) failures.push(`${where}: ${r.status} ${r.text.slice(0, 160)}`);
      else if (r.status >= 400) {
        const problem = errorShapeProblem(p, r);
        if (problem) failures.push(`${where}: ${r.status} ${problem}`);
      }
      if (failures.length > 40) break;
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`fuzz: ${probes.length} requests in ${seconds.toFixed(1)} s`);
    expect(failures).toEqual([]);

    // alive, unpolluted, and the data it had is still there, unchanged
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot({ users: before.users.map((u) => u.id), versions: before.versions.map((v) => v.id) })).toEqual(before);
    for (const role of roles) {
      const me = await server.request('/api/auth/me', { cookie: await server.login(usernameOf(role)) });
      expect(me.status).toBe(200);
    }
    expect((await server.request('/api/standards/versions/active', { cookie: cookies.admin })).status).toBe(200);
  }, 120_000);
});

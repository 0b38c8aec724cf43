import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { roles, type Role } from '../../shared/roles.js';
import { demoUsers } from '../demo.js';

/**
 * Hostile input on every route, derived from the OpenAPI document (/docs/json): for each
 * route, every path parameter, query parameter and body field — top-level and nested, inside
 * objects and the items of arrays, down to four levels — gets type-confused, oversized, NUL,
 * lone-surrogate, prototype-pollution, far-date and overflowing values, one field at a time on
 * top of a plausible body. The roles the route admits take turns, so each field is spoilt as
 * every one of them (checked). Nothing may answer 5xx, every error must be in the API's error
 * shape, and afterwards the server must still answer and its data be as it was.
 * Deterministic: no randomness.
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
  additionalProperties?: JsonSchema | boolean;
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
  '0000-01-01T00:00:00Z',
  '99999999999999999999',
  -1,
  2 ** 63,
  'abc',
  '',
  Array.from({ length: 10_000 }, () => 'x'), // an oversized array
  JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) as unknown, // nested deeper than any schema
  { ['k\uD800']: 1 }, // a lone surrogate in a key
];

type Step = string | number;

/** A deep copy of plain JSON data; keeps an own `__proto__` key as a key. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The schema's object or array shape, through anyOf/oneOf/allOf (allOf merged), null when it has none. */
function shape(s: JsonSchema | undefined): JsonSchema | undefined {
  if (!s) return undefined;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(shape).find((a) => a && (a.properties || a.items)) ?? undefined;
  if (s.allOf) return { type: 'object', properties: Object.assign({}, ...s.allOf.map((a) => shape(a)?.properties ?? {})) as Record<string, JsonSchema> };
  return s;
}

/**
 * Every field below the top of a body: object properties (from the schema and from the plausible body) and the
 * first item of arrays, to `maxDepth` steps. With each path, the value the body holds there (or a plausible one).
 */
function nestedPaths(s: JsonSchema | undefined, value: unknown, prefix: Step[], out: Array<{ path: Step[]; template: unknown }>, maxDepth = 4): void {
  if (prefix.length >= maxDepth) return;
  const sh = shape(s);
  const props = sh?.properties ?? {};
  const isObj = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Object.keys(props).length || isObj) {
    const obj = (isObj ? value : {}) as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(props), ...Object.keys(obj)])]) {
      const child = key in obj ? obj[key] : sample(props[key]);
      out.push({ path: [...prefix, key], template: child });
      nestedPaths(props[key], child, [...prefix, key], out, maxDepth);
    }
  } else if (sh?.items || Array.isArray(value)) {
    const first = Array.isArray(value) && value.length ? value[0] : sample(sh?.items);
    out.push({ path: [...prefix, 0], template: first });
    nestedPaths(sh?.items, first, [...prefix, 0], out, maxDepth);
  }
}

/** `base` with `value` at `path`; containers missing on the way are made from the templates of the paths above. */
function withValueAt(base: unknown, path: Step[], value: unknown, templates: Map<string, unknown>): unknown {
  const root = { v: clone(base) as unknown };
  let holder: Record<string | number, unknown> = root as unknown as Record<string, unknown>;
  let key: Step = 'v';
  for (let i = 0; i < path.length; i++) {
    let container = holder[key];
    const step = path[i]!;
    const wantArray = typeof step === 'number';
    if (wantArray ? !Array.isArray(container) : container === null || typeof container !== 'object' || Array.isArray(container)) {
      const t = templates.get(JSON.stringify(path.slice(0, i)));
      container = t !== undefined && (wantArray ? Array.isArray(t) : t !== null && typeof t === 'object' && !Array.isArray(t)) ? clone(t) : wantArray ? [] : {};
      holder[key] = container;
    }
    holder = container as Record<string | number, unknown>;
    key = step;
  }
  holder[key] = value;
  return root.v;
}

/** Query strings and path segments, written as they appear in a URL. */
const hostileUrl: string[] = ['abc', 'a%00b', '%ED%A0%80', '99999999999999999999', '-1', 'x'.repeat(5000), '__proto__', '9999-12-31T23:59:59Z', '%2E%2E%2F', ''];

/** Bodies the OpenAPI document cannot describe (validated inside the route): a valid one to spoil field by field. */
const bodyBase: Record<string, unknown> = {
  'POST /api/cti/events': [
    { eventId: 'fuzz-1', type: 'call.ringing', callId: 'fuzz-call', seq: 1, at: now, from: '13800001234', to: '12345' },
    { eventId: 'fuzz-2', type: 'transcript.segment', callId: 'fuzz-call', seq: 2, at: now, segment: { speaker: 'customer', start: 0, end: 1000, text: '你好' } },
  ],
  'POST /api/cti/zammad/:token': { event: 'newCall', direction: 'in', from: '13800001234', to: '12345', call_id: 'fuzz-z', user: 'fuzz' },
  // validated inside the route (the calendar file as JSON; a Zammad connection's settings)
  'PUT /api/sla/calendar': {
    timezone: 'Asia/Shanghai',
    businessHours: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:00' }],
    holidays: ['2027-12-31', { date: '2027-10-01', name: '国庆节' }],
    workdays: ['2027-09-26'],
    warnFraction: 0.8,
  },
  'PUT /api/cti/connections/:id/settings': {
    settings: { enabled: true, blockedCallers: [{ callerId: '13800000000', note: '骚扰' }], outbound: { routingTable: [{ dest: '0755*', callerId: '075512345' }], defaultCallerId: '12345' } },
  },
  'POST /api/qa/transcripts': { id: 'fuzz-qa', agent: { id: '1024' }, caller: '13800001234', startedAt: now, segments: [{ speaker: 'agent', start: 0, end: 1000, text: '您好' }] },
};

const pathBase: Record<string, string> = { version: 'active', month: '2026-12', action: 'accept', agentNo: '1024', findingId: 'x' };

interface Probe {
  method: string;
  path: string;
  body?: string;
  as: Role | 'anonymous' | 'token';
  what: string;
  /** `METHOD url field` for body fields, to check that each was spoilt as every admitted role */
  field?: string;
}

let server: TestServer;
let cookies: Record<Role, string>;
let tokens: { events: string; zammad: string; zammadId: string };

const usernameOf = (role: Role) => demoUsers.find((u) => u.role === role)?.username ?? role;

/** The rows that existed before, as they are now (the fuzz may add rows: a hostile but valid username is still a username). */
async function snapshot(ids?: { users: string[]; versions: string[]; orgs: string[]; connections: string[] }) {
  const db = server.database.db;
  let users = db.selectFrom('users').select(['id', 'username', 'role', 'password_hash', 'active']).orderBy('id');
  if (ids) users = users.where('id', 'in', ids.users);
  let versions = db.selectFrom('standard_pack_versions').select(['id', 'version', 'checksum']).orderBy('id');
  if (ids) versions = versions.where('id', 'in', ids.versions);
  let orgs = db.selectFrom('orgs').select(['id', 'slug']).orderBy('id'); // the profile route may rename a hotline: that is a valid write
  if (ids) orgs = orgs.where('id', 'in', ids.orgs);
  let connections = db.selectFrom('cti_connections').select(['id', 'name', 'kind', 'token_hash', 'revoked_at']).orderBy('id');
  if (ids) connections = connections.where('id', 'in', ids.connections);
  return { users: await users.execute(), versions: await versions.execute(), orgs: await orgs.execute(), connections: await connections.execute() };
}

beforeAll(async () => {
  // the login route gets a few dozen wrong passwords from one address; that is the fuzz, not an attack
  server = await startTestServer({ demoPack: true, env: { REXIAN_LOGIN_MAX_FAILURES: '100' } });
  cookies = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await server.login(usernameOf(r))] as const))) as Record<Role, string>;
  const zammad = await createConnection(server, cookies.admin, 'fuzz-zammad', 'zammad');
  tokens = { events: (await createConnection(server, cookies.admin, 'fuzz-events', 'events')).token, zammad: zammad.token, zammadId: zammad.id };
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
    // integrations bring QA transcripts with a connection's token instead of a session
    if (route.url === '/api/qa/transcripts') admitted.push('token');
    const nextRole = () => admitted[turn++ % admitted.length]!;
    const params = op?.parameters ?? [];
    const pathParams = Object.fromEntries(
      [...route.url.matchAll(/:(\w+)/g)].map(([, name]) => [
        name!,
        name === 'token' ? tokens.zammad : route.url === '/api/cti/connections/:id/settings' ? tokens.zammadId : (pathBase[name!] ?? PLACEHOLDER_ID),
      ]),
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
        probes.push({ method: route.method, path: urlOf(pathParams), body: JSON.stringify(inArray ? [spoilt] : spoilt), as: nextRole(), what: `body ${field}=${JSON.stringify(v)?.slice(0, 30)}`, field: `${route.method} ${route.url} ${field}` });
      }
    }
    // nested fields: inside objects and array items (every item of a batch), below the top-level fields spoilt above
    const nested: Array<{ path: Step[]; template: unknown }> = [];
    if (inArray) {
      const itemSchema = shape(bodySchema)?.items;
      (base as unknown[]).forEach((item, i) => nestedPaths(itemSchema, item, [i], nested, 5));
    } else nestedPaths(bodySchema, baseObject, [], nested);
    const templates = new Map(nested.map((n) => [JSON.stringify(n.path), n.template]));
    const whole = inArray ? base : baseObject;
    for (const { path } of nested.filter((n) => n.path.length >= (inArray && n.path[0] === 0 ? 3 : 2))) {
      const name = path.join('.');
      for (const v of hostileJson) {
        const spoilt = withValueAt(whole, path, v, templates);
        probes.push({ method: route.method, path: urlOf(pathParams), body: JSON.stringify(spoilt), as: nextRole(), what: `body ${name}=${JSON.stringify(v)?.slice(0, 30)}`, field: `${route.method} ${route.url} ${name}` });
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
    // every body field, top-level or nested, is spoilt as every role its route admits
    const rolesOfField = new Map<string, Set<string>>();
    for (const p of probes) if (p.field) rolesOfField.set(p.field, (rolesOfField.get(p.field) ?? new Set()).add(p.as));
    const admittedOf = (field: string) => {
      const r = server.app.rexianRoutes.find((x) => field.startsWith(`${x.method} ${x.url} `))!;
      const n = r.access === 'token' ? 1 : r.access === 'public' ? roles.length + 1 : r.access === 'authenticated' ? roles.length : r.access.length;
      return r.url === '/api/qa/transcripts' ? n + 1 : n;
    };
    expect([...rolesOfField].filter(([f, set]) => set.size < admittedOf(f)).map(([f]) => f)).toEqual([]);
    const nestedFields = [...rolesOfField.keys()].filter((f) => f.split(' ')[2]!.includes('.')).length;
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
    console.info(`fuzz: ${probes.length} requests on ${server.app.rexianRoutes.length} routes (${rolesOfField.size} body fields, ${nestedFields} of them nested) in ${seconds.toFixed(1)} s`);
    console.info(`nested: ${[...rolesOfField.keys()].filter((f) => f.split(' ')[2]!.includes('.')).join(', ')}`);
    expect(failures).toEqual([]);

    // alive, unpolluted, and the data it had is still there, unchanged
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    expect(await snapshot({ users: idsOf(before.users), versions: idsOf(before.versions), orgs: idsOf(before.orgs), connections: idsOf(before.connections) })).toEqual(before);
    for (const role of roles) {
      const me = await server.request('/api/auth/me', { cookie: await server.login(usernameOf(role)) });
      expect(me.status).toBe(200);
    }
    expect((await server.request('/api/standards/versions/active', { cookie: cookies.admin })).status).toBe(200);
  }, 900_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { looseBodies, webBodies, webContract } from './contract.js';

/**
 * The contract between the server and the browser (src/server/http/contract.ts) is what the routes declare:
 * the browser takes its types from it and does not check answers again, so each entry must be the route's own
 * response schema, and src/web must call the server through it only.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const webDir = path.resolve(import.meta.dirname, '../../web');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
/** Source text without comments (a `//` needs a space or a line start before it, so `ws://` and `}//` stay). */
const code = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
const successOf = (response: Record<string, unknown> | undefined) => Object.entries(response ?? {}).filter(([status]) => /^2\d\d$/.test(status));

describe('browser–server contract', () => {
  it('each entry is the schema its route declares as the success answer (null: the route answers without a body)', () => {
    const problems: string[] = [];
    for (const [key, schema] of Object.entries(webContract)) {
      const [method, url] = key.split(' ');
      const route = server.app.rexianRoutes.find((r) => r.method === method && r.url === url);
      if (!route) {
        problems.push(`${key}: no such route`);
        continue;
      }
      const success = successOf(route.response);
      if (schema === null) {
        if (success.length) problems.push(`${key}: the contract says no body, the route declares ${success.map(([s]) => s).join(', ')}`);
      } else if (success.length !== 1 || success[0]![1] !== schema) {
        problems.push(`${key}: the route's success answer (${success.map(([s]) => s).join(', ') || 'none declared'}) is not the contract's schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the bodies the web sends are typed by the routes’ own body schemas; only the listed loose ones are not', () => {
    const problems: string[] = [];
    const loose = new Set<string>(looseBodies);
    for (const [key, schema] of Object.entries(webBodies)) {
      const [method, url] = key.split(' ');
      const route = server.app.rexianRoutes.find((r) => r.method === method && r.url === url);
      if (route?.body !== schema) problems.push(`${key}: not the route's body schema`);
      if (loose.has(key)) problems.push(`${key}: both typed and loose`);
    }
    for (const key of Object.keys(webContract)) {
      const [method, url] = key.split(' ');
      const route = server.app.rexianRoutes.find((r) => r.method === method && r.url === url);
      if (route?.body && !(key in webBodies) && !loose.has(key)) problems.push(`${key}: the route declares a body; add it to webBodies`);
      if (!route?.body && loose.has(key)) problems.push(`${key}: listed as loose but the route declares no body`);
    }
    expect(problems).toEqual([]);
  });

  it('each answer is plain JSON as declared (its output has a JSON Schema: no Date, no transform), so the type the browser takes is what arrives', () => {
    // the standard pack in a version is declared z.custom<Pack>() (the service parsed it from YAML: plain data)
    const customPack = new Set(['GET /api/standards/versions/:version']);
    const notJson: string[] = [];
    for (const [key, schema] of Object.entries(webContract)) {
      if (!schema || customPack.has(key)) continue;
      try {
        z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' });
      } catch (err) {
        notJson.push(`${key}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    expect(notJson).toEqual([]);
  });

  it('no answer field is left untyped (a JSON Schema of `{}`) unless it is listed here with its reason', () => {
    // free-form by nature: a record of what changed (audit, pack diff, a transition's details), a pack's own fields
    const freeForm = new Set([
      'GET /api/audit items[].before: a snapshot of whatever the action changed',
      'GET /api/audit items[].after: a snapshot of whatever the action changed',
      'GET /api/standards/diff changes[].before: a value of any part of a pack',
      'GET /api/standards/diff changes[].after: a value of any part of a pack',
    ]);
    // not typed yet (issue 18): their columns are parsed on read (tickets.repo, sla.repo) but the answer does not say so
    const ticketAnswers = ['GET /api/tickets/:id', 'PATCH /api/tickets/:id', 'POST /api/tickets', 'POST /api/tickets/:id/actions/:action'];
    for (const k of ticketAnswers) freeForm.add(`${k} extensionRequest: not typed yet`).add(`${k} transitions[].details: not typed yet`);
    freeForm.add('GET /api/tickets items[].extensionRequest: not typed yet');
    freeForm.add('POST /api/workbench/calls/:id/wrap-up ticket.extensionRequest: not typed yet').add('POST /api/workbench/calls/:id/wrap-up ticket.transitions[].details: not typed yet');
    for (const k of ['GET /api/sla/calendar', 'PUT /api/sla/calendar']) freeForm.add(`${k} holidays[]: not typed yet`).add(`${k} workdays[]: not typed yet`);
    const reasons = new Map([...freeForm].map((e) => [e.slice(0, e.indexOf(': ')), e]));
    const untyped: string[] = [];
    const listed = new Set<string>();
    const walk = (node: unknown, at: string, key: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (at && Object.keys(n).every((k) => k === 'description')) {
        if (reasons.has(`${key} ${at}`)) listed.add(`${key} ${at}`);
        else untyped.push(`${key} ${at}`);
        return;
      }
      for (const [name, child] of Object.entries((n.properties as Record<string, unknown> | undefined) ?? {})) walk(child, at ? `${at}.${name}` : name, key);
      if (n.items) walk(n.items, `${at}[]`, key);
      for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const option of (n[k] as unknown[] | undefined) ?? []) walk(option, at, key);
    };
    for (const [key, schema] of Object.entries(webContract)) {
      if (!schema || key === 'GET /api/standards/versions/:version') continue;
      walk(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }), '', key);
    }
    expect([...new Set(untyped)].sort()).toEqual([]);
    // the list only shrinks: a field typed since is taken off it
    expect([...reasons.keys()].filter((k) => !listed.has(k))).toEqual([]);
  });

  it('every GET route declares its answer, so the server checks what it sends (downloads and the live feed excepted)', () => {
    const undeclared = server.app.rexianRoutes
      .filter((r) => r.method === 'GET' && !/\.xlsx$|\/export$|^\/api\/live$/.test(r.url) && successOf(r.response).length === 0)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('src/web calls the server only through the contract, and uses every entry of it', () => {
    const files = sources(webDir);
    expect(files.length).toBeGreaterThan(20);
    const used = new Set<string>();
    const stray: string[] = [];
    for (const file of files) {
      const text = code(file);
      for (const m of text.matchAll(/\bapi\(\s*'((?:GET|POST|PUT|PATCH|DELETE) \/api\/[^']*)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/(?:(GET|POST|PUT|PATCH|DELETE) )?(\/api\/[\w./:${}-]*)/g)) {
        if (m[1]) continue; // a route of the contract (the type checker holds it to the contract's keys)
        if (/\.xlsx\b|\/export\b|^\/api\/live\b/.test(m[2]!)) continue; // downloads (ExportButton, links) and the live feed's socket
        if (text.slice(0, m.index).endsWith('${origin}')) continue; // an address shown to an admin for the switch to call (CTI webhooks)
        stray.push(`${path.relative(webDir, file)}: ${m[2]}`);
      }
    }
    expect(stray).toEqual([]);
    expect([...used].filter((k) => !(k in webContract))).toEqual([]);
    expect(Object.keys(webContract).filter((k) => !used.has(k))).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { webContract } from './contract.js';

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

  it('every GET route declares its answer, so the server checks what it sends (downloads and the live feed excepted)', () => {
    const undeclared = server.app.rexianRoutes
      .filter((r) => r.method === 'GET' && !/\.xlsx$|\/export$|^\/api\/live$/.test(r.url) && successOf(r.response).length === 0)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissionRoles, roles, type Role } from '../../shared/roles.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { demoUsers } from '../demo.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const usernameOf = (role: Role) => demoUsers.find((u) => u.role === role)?.username ?? role;
const fillParams = (url: string) => url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');

/**
 * Every API route against every role: a role the route does not list gets 403,
 * a listed role gets past authorisation (whatever the route then says about
 * the placeholder input), and an anonymous caller gets 401 unless the route is public.
 * Token routes (CTI webhooks) take no session at all: without their token everyone gets 401. A route that needs a
 * permission the organisation grants (bulk export) admits only the roles that have it (the default here).
 */
describe('route access', () => {
  it('every /api route declares who may call it, and the server enforces it for every role', async () => {
    // sign-out ends the session it is called with, so it goes last
    const routes = [...server.app.rexianRoutes].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    expect(routes.length).toBeGreaterThan(3);
    const cookies = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await server.login(usernameOf(r))] as const)));
    const failures: string[] = [];
    for (const route of routes) {
      const path = fillParams(route.url);
      const init = route.method === 'GET' || route.method === 'DELETE' ? { method: route.method } : { method: route.method, json: {} };
      const anon = await server.request(path, init);
      if (route.access === 'token') {
        for (const role of [null, ...roles]) {
          const r = role ? await server.request(path, { ...init, cookie: cookies[role] }) : anon;
          if (r.status !== 401) failures.push(`${route.method} ${route.url}: a token route answered ${role ?? 'anonymous'} without a token with ${r.status}, expected 401`);
        }
        continue;
      }
      if (route.access === 'public') {
        if (anon.status === 401 || anon.status === 403) failures.push(`${route.method} ${route.url} is public but anonymous got ${anon.status}`);
      } else if (anon.status !== 401) failures.push(`${route.method} ${route.url}: anonymous got ${anon.status}, expected 401`);
      for (const role of roles) {
        const r = await server.request(path, { ...init, cookie: cookies[role] });
        // a permission the organisation grants (bulk export) is needed besides the route's roles; the demo keeps the default
        const allowed = (route.access === 'public' || route.access === 'authenticated' || route.access.includes(role)) && (!route.permission || defaultPermissionRoles[route.permission].includes(role));
        if (allowed && (r.status === 401 || r.status === 403)) failures.push(`${route.method} ${route.url}: ${role} is allowed but got ${r.status}`);
        if (!allowed && r.status !== 403) failures.push(`${route.method} ${route.url}: ${role} is not allowed but got ${r.status}`);
        if (r.status >= 500) failures.push(`${route.method} ${route.url}: ${role} got ${r.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

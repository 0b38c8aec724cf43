import { sectionsByRole } from '../../../shared/roles.js';
import { SESSION_COOKIE } from '../../http/app.js';
import { fail } from '../../http/errors.js';
import type { App, AppDeps } from '../../http/types.js';
import type { Db } from '../../db/database.js';
import { roleHasPermission } from '../permissions/permissions.service.js';
import { login, logout, type SessionUser } from './auth.service.js';
import { loginBody, meSchema } from './auth.schema.js';

const toMe = async (db: Db, u: SessionUser) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  agentNo: u.agentNo,
  org: { id: u.orgId, slug: u.orgSlug, name: u.orgName },
  sections: [...sectionsByRole[u.role]],
  permissions: { export: await roleHasPermission(db, u.orgId, u.role, 'export') },
});

export async function authRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        description: 'Checks the username and password and sets an httpOnly session cookie. Repeated failures are throttled (429 AUTH_THROTTLED).',
        body: loginBody,
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { token, user, expiresAt } = await login(
        deps.database.db,
        deps.config,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id },
        deps.clock(),
      );
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        // HTTPS to this server, or to a trusted proxy in front of it (X-Forwarded-Proto), makes the cookie HTTPS-only by itself
        secure: deps.config.cookieSecure || request.protocol === 'https',
        expires: expiresAt,
      });
      return toMe(deps.database.db, user);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out (ends this session)' } },
    async (request, reply) => {
      const user = request.user ?? fail('AUTH_REQUIRED', 'please sign in');
      await logout(deps.database.db, user, { ip: request.ip, requestId: request.id }, deps.clock());
      void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure || request.protocol === 'https' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in user, organisation and menu', response: { 200: meSchema } } },
    async (request) => toMe(deps.database.db, request.user ?? fail('AUTH_REQUIRED', 'please sign in')),
  );
}

import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ping } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';
import { fail } from '../../http/errors.js';
import type { App, AppDeps } from '../../http/types.js';
import type { ModuleExtras } from '../index.js';

export async function systemRoutes(app: App, deps: AppDeps, { metrics }: ModuleExtras) {
  // Liveness: the process answers. Never touches the database, so a slow DB does not get us restarted.
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  // Readiness: the database answers and every migration has run.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ping(deps.database.db);
      const pending = await pendingMigrations(deps.database.db);
      if (pending.length) return reply.status(503).send({ status: 'not ready', reason: `pending migrations: ${pending.join(', ')}` });
      return { status: 'ready', database: deps.database.kind };
    } catch (err) {
      return reply.status(503).send({ status: 'not ready', reason: `database: ${(err as Error).message}` });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // With REXIAN_METRICS_TOKEN set, only a scraper holding it reads the figures.
    if (deps.config.metricsToken && !bearerMatches(request.headers.authorization, deps.config.metricsToken))
      fail('METRICS_TOKEN_REQUIRED', 'send the metrics token as Authorization: Bearer <REXIAN_METRICS_TOKEN>');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get(
    '/api/version',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'Server version', response: { 200: z.object({ name: z.string(), version: z.string(), database: z.string() }) } },
    },
    async () => ({ name: 'rexian', version: '0.1.0', database: deps.database.kind }),
  );
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

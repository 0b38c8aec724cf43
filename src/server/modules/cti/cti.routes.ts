import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import type { App, AppDeps } from '../../http/types.js';
import type { LiveHub } from '../../ws/hub.js';
import { connectionListSchema, connectionParam, connectionSchema, createConnectionBody, createdConnectionSchema, eventsBody, ingestResultSchema, settingsBody } from './cti.schema.js';
import { authenticate, createConnection, ingest, listConnections, revokeConnection, updateConnectionSettings, type IngestOptions } from './cti.service.js';
import { handleZammad } from './zammad.service.js';

const admins = ['admin'] as const;
const tags = ['cti'];

export async function ctiRoutes(app: App, deps: AppDeps, live: Pick<LiveHub, 'preview'>) {
  // how both endpoints store events: in short turns on embedded PGlite, with the screen pop pushed ahead
  const intake: IngestOptions = { embedded: deps.database.kind === 'pglite', preview: (e) => live.preview(e) };
  app.post(
    '/api/cti/events',
    {
      config: { access: 'token' },
      schema: {
        tags,
        summary: 'Receive call and agent events from a switch (normalised webhook). Accepted means durable; a resent eventId changes nothing.',
        security: [{ ctiToken: [] }],
        body: eventsBody,
        response: { 200: ingestResultSchema, 400: ingestResultSchema.or(z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })) },
      },
    },
    async (request, reply) => {
      const auth = request.headers.authorization;
      const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const conn = await authenticate(deps.database.db, token);
      if (conn.kind !== 'events') throw new AppError('CTI_WRONG_ENDPOINT', 'this token belongs to a Zammad-compatible connection; post to /api/cti/zammad/<token> instead');
      const body = request.body;
      const single = !Array.isArray(body);
      const result = await ingest(deps.database.db, conn, single ? [body] : body, deps.clock, intake);
      if (result.rejected > 0 && result.accepted + result.duplicates === 0) {
        if (single) {
          const e = result.results[0]!.error!;
          throw new AppError('CTI_EVENT_INVALID', e.message, { field: e.field });
        }
        return reply.status(400).send(result);
      }
      return result;
    },
  );

  app.post(
    '/api/cti/zammad/:token',
    {
      config: { access: 'token', formBody: true },
      logLevel: 'warn',
      schema: {
        tags,
        summary: "Zammad-compatible generic CTI endpoint: newCall / answer / hangup as form fields or JSON, answered the way Zammad answers",
        params: z.object({ token: z.string().min(1).max(200) }),
        body: z.record(z.string(), z.unknown()).nullish(),
      },
    },
    async (request, reply) => {
      const params = { ...((request.query as Record<string, unknown> | undefined) ?? {}), ...(request.body ?? {}) };
      const r = await handleZammad(deps.database.db, request.params.token, params, deps.clock, intake);
      return reply.status(r.status).send(r.body);
    },
  );

  app.get('/api/cti/connections', { config: { access: admins }, schema: { tags, summary: 'CTI connections (tokens are never shown again)', response: { 200: connectionListSchema } } }, async (request) =>
    listConnections(ctxOf(deps, request)),
  );
  app.post(
    '/api/cti/connections',
    { config: { access: admins }, schema: { tags, summary: 'Create a connection; the answer holds its token, shown this once', body: createConnectionBody, response: { 201: createdConnectionSchema } } },
    async (request, reply) => reply.status(201).send(await createConnection(ctxOf(deps, request), request.body)),
  );
  app.put(
    '/api/cti/connections/:id/settings',
    { config: { access: admins }, schema: { tags, summary: 'Zammad-compatible connection settings: enabled, blockedCallers, outbound routing table and default caller id', params: connectionParam, body: settingsBody, response: { 200: connectionSchema } } },
    async (request) => updateConnectionSettings(ctxOf(deps, request), request.params.id, request.body.settings),
  );
  app.delete(
    '/api/cti/connections/:id',
    { config: { access: admins }, schema: { tags, summary: 'Revoke a connection: its token stops working at once', params: connectionParam, response: { 200: connectionSchema } } },
    async (request) => revokeConnection(ctxOf(deps, request), request.params.id),
  );
}

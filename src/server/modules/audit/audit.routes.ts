import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { listAudit } from './audit.repo.js';

const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

export async function auditRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/audit',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit log of my organisation, newest first',
        querystring: z.object({
          entityType: z.string().max(100).optional(),
          entityId: z.string().max(200).optional(),
          actorId: z.uuid({ message: 'actorId: expected the id of a user' }).optional(),
          // ids are bigints: 18 digits always fit
          before: z.string().regex(/^\d{1,18}$/, { message: 'before: expected the id of an entry' }).optional().describe('page: entries with an id below this'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(auditEntrySchema) }) },
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      const q = request.query;
      const rows = await listAudit(ctx.db, ctx.orgId, { entityType: q.entityType, entityId: q.entityId, actorId: q.actorId, beforeId: q.before, limit: q.limit });
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          requestId: r.request_id,
        })),
      };
    },
  );
}

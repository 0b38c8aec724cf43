import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { auditListSchema } from './audit.schema.js';
import { listAuditEntries } from './audit.service.js';

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
        response: { 200: auditListSchema },
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      const q = request.query;
      return { items: await listAuditEntries(ctx, { entityType: q.entityType, entityId: q.entityId, actorId: q.actorId, beforeId: q.before, limit: q.limit }) };
    },
  );
}

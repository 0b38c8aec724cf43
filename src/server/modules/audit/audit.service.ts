import type { Ctx } from '../../context.js';
import { entityNames, listAudit, type AuditQuery } from './audit.repo.js';

/** The organisation's audit log, newest first, each entry with the name of what it is about. */
export async function listAuditEntries(ctx: Ctx, q: AuditQuery) {
  const rows = await listAudit(ctx.db, ctx.orgId, q);
  const names = await entityNames(ctx.db, ctx.orgId, rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id })));
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityName: names.get(`${r.entity_type}:${r.entity_id}`) ?? null,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  }));
}

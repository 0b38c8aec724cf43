import type { Db } from '../../db/database.js';
import type { Ctx } from '../../context.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log inside the caller's transaction. The table refuses updates and deletes. */
export async function recordAudit(tx: Db, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      org_id: ctx.orgId,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
      at: ctx.now(),
    })
    .execute();
}

export interface AuditQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
}

export async function listAudit(db: Db, orgId: string, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

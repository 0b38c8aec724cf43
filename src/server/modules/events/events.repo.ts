import type { Db } from '../../db/database.js';
import type { Ctx } from '../../context.js';

/**
 * Records a domain event. Call it with the transaction that makes the change,
 * so the event exists if and only if the change does.
 */
export async function recordEvent(
  tx: Db,
  ctx: Ctx,
  type: string,
  aggregate: { type: string; id: string },
  payload: Record<string, unknown> = {},
): Promise<void> {
  await tx
    .insertInto('domain_events')
    .values({
      org_id: ctx.orgId,
      type,
      aggregate_type: aggregate.type,
      aggregate_id: aggregate.id,
      payload: JSON.stringify(payload),
      actor_id: ctx.actor.id,
      occurred_at: ctx.now(),
    })
    .execute();
}

export async function listEvents(db: Db, orgId: string, opts: { afterId?: string; limit?: number } = {}) {
  let q = db.selectFrom('domain_events').selectAll().where('org_id', '=', orgId);
  if (opts.afterId) q = q.where('id', '>', opts.afterId);
  return q.orderBy('id', 'asc').limit(opts.limit ?? 100).execute();
}

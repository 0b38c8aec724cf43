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

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What each audited thing is called, so the log names it (工单 12345-20261205-0003, 坐席 张敏 1024) instead of an id:
 * `type:id` → name, for the kinds that have one; a thing deleted since keeps no name.
 */
export async function entityNames(db: Db, orgId: string, refs: ReadonlyArray<{ entityType: string; entityId: string }>): Promise<Map<string, string>> {
  const idsOf = (type: string, uuids = true) => [...new Set(refs.filter((r) => r.entityType === type && (!uuids || uuidLike.test(r.entityId))).map((r) => r.entityId))];
  const out = new Map<string, string>();
  const put = (type: string, rows: Array<{ id: string; name: string | null }>) => {
    for (const r of rows) if (r.name) out.set(`${type}:${r.id}`, r.name);
  };
  const tickets = idsOf('ticket');
  if (tickets.length) put('ticket', await db.selectFrom('tickets').select(['id', 'number as name']).where('org_id', '=', orgId).where('id', 'in', tickets).execute());
  const users = [...idsOf('user'), ...idsOf('session')];
  if (users.length) {
    const rows = await db.selectFrom('users').select(['id', 'display_name as name']).where('org_id', '=', orgId).where('id', 'in', users).execute();
    put('user', rows);
    put('session', rows);
  }
  const agents = idsOf('agent', false);
  if (agents.length) {
    const rows = await db.selectFrom('users').select(['agent_no', 'display_name']).where('org_id', '=', orgId).where('agent_no', 'in', agents).execute();
    put('agent', rows.map((r) => ({ id: r.agent_no!, name: `${r.display_name} ${r.agent_no}` })));
  }
  const queues = idsOf('queue');
  if (queues.length) put('queue', await db.selectFrom('queues').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', queues).execute());
  const departments = idsOf('department');
  if (departments.length) put('department', await db.selectFrom('departments').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', departments).execute());
  const articles = idsOf('knowledge_article');
  if (articles.length) put('knowledge_article', await db.selectFrom('knowledge_articles').select(['id', 'title as name']).where('org_id', '=', orgId).where('id', 'in', articles).execute());
  const connections = idsOf('cti_connection');
  if (connections.length) put('cti_connection', await db.selectFrom('cti_connections').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', connections).execute());
  const calls = idsOf('call');
  if (calls.length) put('call', await db.selectFrom('calls').select(['id', 'from_number as name']).where('org_id', '=', orgId).where('id', 'in', calls).execute());
  const filters = idsOf('ticket_filter');
  if (filters.length) put('ticket_filter', await db.selectFrom('ticket_saved_filters').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', filters).execute());
  const orgs = idsOf('org').filter((id) => id === orgId);
  if (orgs.length) put('org', await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgs).execute());
  return out;
}

import type { Db } from '../../db/database.js';

export function lockStatus(tx: Db, orgId: string, agentNo: string) {
  return tx.selectFrom('agent_status').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).forUpdate().executeTakeFirst();
}

export function getStatus(db: Db, orgId: string, agentNo: string) {
  return db.selectFrom('agent_status').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).executeTakeFirst();
}

export async function upsertStatus(
  tx: Db,
  row: { orgId: string; agentNo: string; userId: string | null; state: string; reason: string | null; since: Date; callId: string | null; source: 'cti' | 'workbench' | 'system' },
) {
  const values = { user_id: row.userId, state: row.state, reason: row.reason, since: row.since, call_id: row.callId, source: row.source };
  await tx
    .insertInto('agent_status')
    .values({ org_id: row.orgId, agent_no: row.agentNo, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'agent_no']).doUpdateSet(values))
    .execute();
}

/** The entry in force at an instant (the latest starting at or before it), locked. */
export function entryAt(tx: Db, orgId: string, agentNo: string, at: Date) {
  return tx
    .selectFrom('agent_state_log')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agent_no', '=', agentNo)
    .where('started_at', '<=', at)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** The first entry starting after an instant. */
export function entryAfter(tx: Db, orgId: string, agentNo: string, at: Date) {
  return tx
    .selectFrom('agent_state_log')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agent_no', '=', agentNo)
    .where('started_at', '>', at)
    .orderBy('started_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
}

export async function endEntry(tx: Db, id: string, startedAt: Date, endedAt: Date) {
  await tx
    .updateTable('agent_state_log')
    .set({ ended_at: endedAt, duration_ms: Math.max(0, endedAt.getTime() - startedAt.getTime()) })
    .where('id', '=', id)
    .execute();
}

export async function insertLog(
  tx: Db,
  row: { orgId: string; agentNo: string; userId: string | null; state: string; reason: string | null; callId: string | null; source: string; at: Date; endedAt: Date | null },
) {
  await tx
    .insertInto('agent_state_log')
    .values({
      org_id: row.orgId,
      agent_no: row.agentNo,
      user_id: row.userId,
      state: row.state,
      reason: row.reason,
      call_id: row.callId,
      source: row.source,
      started_at: row.at,
      ended_at: row.endedAt,
      duration_ms: row.endedAt ? Math.max(0, row.endedAt.getTime() - row.at.getTime()) : null,
    })
    .execute();
}

export function userByAgentNo(db: Db, orgId: string, agentNo: string) {
  return db.selectFrom('users').select(['id', 'display_name', 'role']).where('org_id', '=', orgId).where('agent_no', '=', agentNo).executeTakeFirst();
}

/** Everyone with an agent number, their current state and the call they are on. */
export function board(db: Db, orgId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('agent_status as s', (j) => j.onRef('s.org_id', '=', 'u.org_id').onRef('s.agent_no', '=', 'u.agent_no'))
    .leftJoin('calls as c', 'c.id', 's.call_id')
    .select(['u.id as user_id', 'u.display_name', 'u.agent_no', 'u.role', 's.state', 's.reason', 's.since', 's.source', 'c.id as call_id', 'c.from_number', 'c.queue as call_queue'])
    .where('u.org_id', '=', orgId)
    .where('u.agent_no', 'is not', null)
    .where('u.active', '=', true)
    .orderBy('u.agent_no')
    .execute();
}

export function memberships(db: Db, orgId: string) {
  return db
    .selectFrom('queue_members as m')
    .innerJoin('queues as q', 'q.id', 'm.queue_id')
    .select(['m.user_id', 'q.code', 'q.name', 'q.kind'])
    .where('m.org_id', '=', orgId)
    .execute();
}

export function stateLog(db: Db, orgId: string, agentNo: string, limit: number) {
  return db.selectFrom('agent_state_log').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).orderBy('started_at', 'desc').limit(limit).execute();
}

export function listQueues(db: Db, orgId: string) {
  return db.selectFrom('queues').selectAll().where('org_id', '=', orgId).orderBy('code').execute();
}

export function insertQueue(db: Db, orgId: string, q: { code: string; name: string; kind: 'day' | 'night' | 'expert' }, now: Date) {
  return db
    .insertInto('queues')
    .values({ org_id: orgId, code: q.code, name: q.name, kind: q.kind, created_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findQueue(db: Db, orgId: string, id: string) {
  return db.selectFrom('queues').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function setMembers(tx: Db, orgId: string, queueId: string, userIds: string[]) {
  await tx.deleteFrom('queue_members').where('queue_id', '=', queueId).execute();
  if (userIds.length) await tx.insertInto('queue_members').values(userIds.map((u) => ({ queue_id: queueId, user_id: u, org_id: orgId }))).execute();
}

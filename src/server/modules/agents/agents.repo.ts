import type { Db } from '../../db/database.js';

export function getStatus(db: Db, orgId: string, agentNo: string) {
  return db.selectFrom('agent_status').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).executeTakeFirst();
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

/** Who is in which queue (queue id, user id), for every queue of the organisation. */
export function queueMembers(db: Db, orgId: string) {
  return db.selectFrom('queue_members').select(['queue_id', 'user_id']).where('org_id', '=', orgId).execute();
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

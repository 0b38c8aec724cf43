import type { Db } from '../../db/database.js';
import type { NewUser, User } from '../../db/schema.js';

export function findByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findById(db: Db, orgId: string, id: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findByAgentNo(db: Db, orgId: string, agentNo: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).executeTakeFirst();
}

export function listByOrg(db: Db, orgId: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('username').execute();
}

export function insert(db: Db, values: NewUser) {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export function update(db: Db, orgId: string, id: string, values: Partial<Pick<User, 'display_name' | 'role' | 'active' | 'password_hash'>>, now: Date) {
  return db
    .updateTable('users')
    .set({ ...values, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

import type { Db } from '../../db/database.js';
import type { NewUser, User } from '../../db/schema.js';

/** A username within one organisation (usernames are unique per organisation). */
export function findByUsername(db: Db, orgId: string, username: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('username', '=', username).executeTakeFirst();
}

/** Everyone signing in with this username, in every organisation or in the one with slug `orgSlug`. */
export function findForSignIn(db: Db, username: string, orgSlug?: string) {
  let q = db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').selectAll('users').where('users.username', '=', username);
  if (orgSlug) q = q.where('orgs.slug', '=', orgSlug);
  return q.orderBy('users.created_at').limit(20).execute();
}

export function findById(db: Db, orgId: string, id: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findByAgentNo(db: Db, orgId: string, agentNo: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('agent_no', '=', agentNo).executeTakeFirst();
}

/** Some users of one organisation by id (those that exist): enough to check a list of members. */
export function findByIds(db: Db, orgId: string, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'username', 'role']).where('org_id', '=', orgId).where('id', 'in', [...ids]).execute();
}

/** The ids of some users of one organisation, by username (those that exist). */
export function idsByUsernames(db: Db, orgId: string, usernames: readonly string[]) {
  if (!usernames.length) return Promise.resolve([]);
  return db.selectFrom('users').select('id').where('org_id', '=', orgId).where('username', 'in', [...usernames]).execute();
}

/** The agent named `name`: by agent number, username or display name (someone without an agent number is nobody here). */
export function findAgentByName(db: Db, orgId: string, name: string) {
  return db
    .selectFrom('users')
    .select('agent_no')
    .where('org_id', '=', orgId)
    .where('agent_no', 'is not', null)
    .where((eb) => eb.or([eb('agent_no', '=', name), eb('username', '=', name), eb('display_name', '=', name)]))
    .executeTakeFirst();
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

/** Signs a user out everywhere (deactivated, or a new password). */
export async function deleteSessionsOf(tx: Db, userId: string) {
  await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** Failed sign-ins since `since` (for a username: since its last good sign-in too). */
export async function countRecentFailures(db: Db, by: { username?: string; ip?: string }, since: Date): Promise<{ count: number; last: Date | null }> {
  let from = since;
  if (by.username) {
    // a good sign-in clears the slate for that username
    const ok = await db
      .selectFrom('login_attempts')
      .select(sql<Date | null>`max(at)`.as('at'))
      .where('username', '=', by.username)
      .where('success', '=', true)
      .executeTakeFirst();
    if (ok?.at && new Date(ok.at) > from) from = new Date(ok.at);
  }
  let q = db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(at)`.as('last')])
    .where('success', '=', false)
    .where('at', '>', from);
  if (by.username) q = q.where('username', '=', by.username);
  if (by.ip) q = q.where('ip', '=', by.ip);
  const row = await q.executeTakeFirstOrThrow();
  return { count: row.count, last: row.last ? new Date(row.last) : null };
}

/**
 * Serialises sign-in attempts for one username and for one address until the transaction
 * ends, so counting the failures and writing this attempt are one step (always username
 * first, then address: no two attempts can wait for each other in a circle).
 */
export async function lockAttempts(tx: Db, username: string, ip: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`rexian.login.user:${username}`}))`.execute(tx);
  await sql`select pg_advisory_xact_lock(hashtext(${`rexian.login.ip:${ip}`}))`.execute(tx);
}

/** Writes an attempt (a failure until it is marked a success) and returns its id. */
export async function recordAttempt(db: Db, a: { username: string; ip: string; success: boolean; at: Date }): Promise<string> {
  const row = await db.insertInto('login_attempts').values(a).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function markAttemptSucceeded(db: Db, id: string) {
  await db.updateTable('login_attempts').set({ success: true }).where('id', '=', id).execute();
}

export async function insertSession(
  db: Db,
  s: { id: string; orgId: string; userId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      org_id: s.orgId,
      user_id: s.userId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export function findSessionWithUser(db: Db, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.org_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.agent_no',
      'users.active',
      'orgs.name as org_name',
      'orgs.slug as org_slug',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).returning(['user_id', 'org_id']).executeTakeFirst();
}

/** Whether a user has a session that is still valid at `now` (another browser, another tab's sign-in). */
export async function hasLiveSession(db: Db, userId: string, now: Date): Promise<boolean> {
  const row = await db.selectFrom('sessions').select('id').where('user_id', '=', userId).where('expires_at', '>', now).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Agents (users with a 工号) whose every session has expired by `now`, with the instant the last one expired. */
export function agentsSignedOutBy(db: Db, now: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.org_id', 'u.agent_no', (eb) => eb.fn.max('s.expires_at').as('expired_at')])
    .where('u.agent_no', 'is not', null)
    .groupBy(['u.org_id', 'u.agent_no'])
    .having((eb) => eb.fn.max('s.expires_at'), '<=', now)
    .execute();
}

export async function purgeExpired(db: Db, now: Date, attemptsBefore: Date) {
  const s = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const a = await db.deleteFrom('login_attempts').where('at', '<', attemptsBefore).executeTakeFirst();
  return { sessions: Number(s.numDeletedRows), attempts: Number(a.numDeletedRows) };
}

import type { Db } from '../../db/database.js';

export function insertConnection(db: Db, row: { orgId: string; name: string; kind: 'events' | 'zammad'; tokenHash: string; tokenHint: string; settings: unknown; createdBy: string | null; now: Date }) {
  return db
    .insertInto('cti_connections')
    .values({
      org_id: row.orgId,
      name: row.name,
      kind: row.kind,
      token_hash: row.tokenHash,
      token_hint: row.tokenHint,
      settings: JSON.stringify(row.settings ?? {}),
      created_by: row.createdBy,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function listConnections(db: Db, orgId: string) {
  return db.selectFrom('cti_connections').selectAll().where('org_id', '=', orgId).where('kind', '<>', 'manual').orderBy('created_at', 'asc').execute(); // the workbench's built-in connection is not listed
}

export function findConnection(db: Db, orgId: string, id: string) {
  return db.selectFrom('cti_connections').selectAll().where('org_id', '=', orgId).where('id', '=', id).where('kind', '<>', 'manual').executeTakeFirst(); // nor revocable
}

export function findConnectionByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('cti_connections').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeConnection(db: Db, orgId: string, id: string, now: Date) {
  return db.updateTable('cti_connections').set({ revoked_at: now }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

export async function updateConnectionSettings(db: Db, orgId: string, id: string, settings: unknown) {
  return db.updateTable('cti_connections').set({ settings: JSON.stringify(settings) }).where('org_id', '=', orgId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function touchConnection(db: Db, id: string, now: Date) {
  await db.updateTable('cti_connections').set({ last_used_at: now }).where('id', '=', id).execute();
}

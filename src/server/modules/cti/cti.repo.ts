import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { readJsonb, toJsonb } from '../../db/jsonb.js';
import type { CtiConnection } from '../../db/schema.js';
import { zammadSettingsSchema } from './cti.schema.js';

/**
 * cti_connections.settings (JSONB): `{}` for a connection without settings (events, the workbench's manual one, a Zammad
 * one whose settings were emptied: it answers as an unconfigured Zammad), else a Zammad connection's settings. Parsed
 * where connections are listed and changed; the Zammad endpoint reads its own connection's with zammadSettingsSchema
 * and answers "not configured" to settings it cannot use, as Zammad does (zammad.service.ts).
 */
export const connectionSettingsColumn = z.union([z.strictObject({}), zammadSettingsSchema]);
export type ConnectionSettings = z.input<typeof connectionSettingsColumn>;

export type ConnectionRow = Omit<CtiConnection, 'settings'> & { settings: z.infer<typeof connectionSettingsColumn> };
const connectionRow = (c: CtiConnection): ConnectionRow => ({ ...c, settings: readJsonb(connectionSettingsColumn, c.settings ?? {}, { table: 'cti_connections', column: 'settings', id: c.id }) });

export function insertConnection(db: Db, row: { orgId: string; name: string; kind: 'events' | 'zammad'; tokenHash: string; tokenHint: string; settings: ConnectionSettings; createdBy: string | null; now: Date }) {
  return db
    .insertInto('cti_connections')
    .values({
      org_id: row.orgId,
      name: row.name,
      kind: row.kind,
      token_hash: row.tokenHash,
      token_hint: row.tokenHint,
      settings: toJsonb(connectionSettingsColumn, row.settings),
      created_by: row.createdBy,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst()
    .then((c) => c && connectionRow(c));
}

export async function listConnections(db: Db, orgId: string) {
  // the workbench's built-in connection is not listed
  return (await db.selectFrom('cti_connections').selectAll().where('org_id', '=', orgId).where('kind', '<>', 'manual').orderBy('created_at', 'asc').execute()).map(connectionRow);
}

/** A connection to change: found without reading its settings, so that damaged ones can still be replaced (PUT …/settings). */
export function findConnection(db: Db, orgId: string, id: string) {
  return db.selectFrom('cti_connections').selectAll().where('org_id', '=', orgId).where('id', '=', id).where('kind', '<>', 'manual').executeTakeFirst(); // nor revocable
}

export function findConnectionByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('cti_connections').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeConnection(db: Db, orgId: string, id: string, now: Date) {
  const c = await db.updateTable('cti_connections').set({ revoked_at: now }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
  return c && connectionRow(c);
}

export async function updateConnectionSettings(db: Db, orgId: string, id: string, settings: ConnectionSettings) {
  const c = await db.updateTable('cti_connections').set({ settings: toJsonb(connectionSettingsColumn, settings) }).where('org_id', '=', orgId).where('id', '=', id).returningAll().executeTakeFirst();
  return c && connectionRow(c);
}

export async function touchConnection(db: Db, id: string, now: Date) {
  await db.updateTable('cti_connections').set({ last_used_at: now }).where('id', '=', id).execute();
}

import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CallerTextsTable } from '../../db/schema.js';

export function insertText(db: Db, values: Insertable<CallerTextsTable>) {
  return db.insertInto('caller_texts').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findText(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.selectFrom('caller_texts').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** Changes a text only while it is still in the state the caller read (`queued`): a late or repeated run writes nothing. */
export async function updateQueuedText(db: Db, id: string, values: Updateable<CallerTextsTable>): Promise<boolean> {
  const r = await db.updateTable('caller_texts').set(values).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function listTexts(db: Db, orgId: string, ticketId: string) {
  return db.selectFrom('caller_texts').selectAll().where('org_id', '=', orgId).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export function ticketForText(db: Db, ticketId: string) {
  return db.selectFrom('tickets').select(['id', 'number', 'texts_opt_out', 'caller_phone']).where('id', '=', ticketId).executeTakeFirst();
}

export async function isOptedOut(db: Db, orgId: string, phone: string): Promise<boolean> {
  return (await db.selectFrom('caller_text_opt_outs').select('phone').where('org_id', '=', orgId).where('phone', '=', phone).executeTakeFirst()) !== undefined;
}

export function listOptOuts(db: Db, orgId: string) {
  return db.selectFrom('caller_text_opt_outs').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
}

/** Adds a number to the list; true when it was not on it yet. */
export async function addOptOut(db: Db, values: { org_id: string; phone: string; source: string; created_at: Date }): Promise<boolean> {
  const rows = await db.insertInto('caller_text_opt_outs').values(values).onConflict((oc) => oc.columns(['org_id', 'phone']).doNothing()).returning('phone').execute();
  return rows.length > 0;
}

export async function removeOptOut(db: Db, orgId: string, phone: string): Promise<boolean> {
  const r = await db.deleteFrom('caller_text_opt_outs').where('org_id', '=', orgId).where('phone', '=', phone).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

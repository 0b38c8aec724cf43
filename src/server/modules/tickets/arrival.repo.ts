import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TicketArrivalsTable } from '../../db/schema.js';

export function insertArrival(db: Db, values: Insertable<TicketArrivalsTable>) {
  return db.insertInto('ticket_arrivals').values(values).onConflict((oc) => oc.column('ticket_id').doNothing()).returningAll().executeTakeFirst();
}

export function findArrival(db: Db, orgId: string, ticketId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.selectFrom('ticket_arrivals').selectAll().where('org_id', '=', orgId).where('ticket_id', '=', ticketId);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** A ticket's arrival limit, locked for this transaction (the overdue job, which knows the ticket only). */
export function lockArrivalOfTicket(tx: Db, ticketId: string) {
  return tx.selectFrom('ticket_arrivals').selectAll().where('ticket_id', '=', ticketId).forUpdate().executeTakeFirst();
}

export function updateArrival(db: Db, ticketId: string, values: Updateable<TicketArrivalsTable>) {
  return db.updateTable('ticket_arrivals').set(values).where('ticket_id', '=', ticketId).returningAll().executeTakeFirstOrThrow();
}

export function deleteArrival(db: Db, ticketId: string) {
  return db.deleteFrom('ticket_arrivals').where('ticket_id', '=', ticketId).execute();
}

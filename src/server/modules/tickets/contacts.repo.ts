import type { Db } from '../../db/database.js';
import type { TicketContactsTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

export function insertContact(db: Db, values: Insertable<TicketContactsTable>) {
  return db.insertInto('ticket_contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

export function listContacts(db: Db, orgId: string, ticketId: string) {
  return db.selectFrom('ticket_contacts').selectAll().where('org_id', '=', orgId).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

/** The ticket's latest first-contact timer (a restarted one replaces the earlier). */
export function firstContactTimer(db: Db, ticketId: string) {
  return db
    .selectFrom('ticket_timers')
    .select(['status', 'due_at', 'met_at'])
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'first_contact')
    .where('part_id', 'is', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

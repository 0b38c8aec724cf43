import type { Db } from '../../db/database.js';
import { readJsonb } from '../../db/jsonb.js';
import { notificationPayloadColumn } from './notify.channel.js';

/** A notification with what an outbound message needs about its organisation (name, calendar time zone). */
export async function findOutbound(db: Db, id: string) {
  const n = await db
    .selectFrom('notifications as n')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .leftJoin('sla_calendars as c', 'c.org_id', 'n.org_id')
    .select(['n.id', 'n.org_id', 'n.kind', 'n.payload', 'n.created_at', 'o.slug as org_slug', 'o.name as org_name', 'c.timezone'])
    .where('n.id', '=', id)
    .executeTakeFirst();
  return n && { ...n, payload: readJsonb(notificationPayloadColumn, n.payload ?? {}, { table: 'notifications', column: 'payload', id: n.id }) };
}

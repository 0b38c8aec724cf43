import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export async function timeZoneOf(db: Db, orgId: string): Promise<string | null> {
  const row = await db.selectFrom('sla_calendars').select('timezone').where('org_id', '=', orgId).executeTakeFirst();
  return row?.timezone ?? null;
}

export interface SlotRow {
  date: string;
  slot: number;
  offered: number;
  handled: number;
  handleMs: number;
}

/**
 * Inbound calls per local date and interval of the day, by ringing time in the organisation's zone: how many rang,
 * how many were answered and finished, and their handle time (talk + hold + wrap-up).
 */
export async function slotHistory(db: Db, v: { orgId: string; start: Date; end: Date; timeZone: string; intervalMin: number }): Promise<SlotRow[]> {
  const local = sql`(c.ringing_at at time zone ${v.timeZone})`;
  const done = sql`c.answered_at is not null and c.talk_ms is not null`;
  const rows = await db
    .selectFrom('calls as c')
    .select([
      sql<string>`to_char(${local}, 'YYYY-MM-DD')`.as('date'),
      sql<number>`floor((extract(hour from ${local}) * 60 + extract(minute from ${local})) / ${v.intervalMin})::int`.as('slot'),
      sql<number>`count(*)::int`.as('offered'),
      sql<number>`(count(*) filter (where ${done}))::int`.as('handled'),
      sql<string>`coalesce(sum(c.talk_ms + c.hold_ms + coalesce(c.wrapup_ms, 0)) filter (where ${done}), 0)::bigint`.as('handle_ms'),
    ])
    .where('c.org_id', '=', v.orgId)
    .where('c.direction', '=', 'in')
    .where('c.ringing_at', '>=', v.start)
    .where('c.ringing_at', '<', v.end)
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows.map((r) => ({ date: r.date, slot: Number(r.slot), offered: Number(r.offered), handled: Number(r.handled), handleMs: Number(r.handle_ms) }));
}

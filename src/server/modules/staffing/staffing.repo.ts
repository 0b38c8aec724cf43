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

/** Inbound calls answered since `since` (their mean wait) and the calls ringing now: the line's current wait. */
export async function recentWaits(db: Db, orgId: string, since: Date, now: Date): Promise<{ answered: number; waitMs: number; waiting: number }> {
  const row = await db
    .selectFrom('calls')
    .select([
      sql<number>`(count(*) filter (where answered_at >= ${since} and answered_at <= ${now} and wait_ms is not null))::int`.as('answered'),
      sql<string>`coalesce(sum(wait_ms) filter (where answered_at >= ${since} and answered_at <= ${now} and wait_ms is not null), 0)::bigint`.as('wait_ms'),
      sql<number>`(count(*) filter (where status = 'ringing' and ringing_at >= ${new Date(now.getTime() - 3_600_000)}))::int`.as('waiting'),
    ])
    .where('org_id', '=', orgId)
    .where('direction', '=', 'in')
    .where('ringing_at', '>=', new Date(since.getTime() - 3_600_000))
    .executeTakeFirstOrThrow();
  return { answered: Number(row.answered), waitMs: Number(row.wait_ms), waiting: Number(row.waiting) };
}

/** Offered inbound calls per local ISO weekday (1 = Monday) and hour between `start` and `end`. */
export async function hourlyTraffic(db: Db, v: { orgId: string; start: Date; end: Date; timeZone: string }): Promise<Array<{ weekday: number; hour: number; offered: number }>> {
  const local = sql`(ringing_at at time zone ${v.timeZone})`;
  const rows = await db
    .selectFrom('calls')
    .select([sql<number>`extract(isodow from ${local})::int`.as('weekday'), sql<number>`extract(hour from ${local})::int`.as('hour'), sql<number>`count(*)::int`.as('offered')])
    .where('org_id', '=', v.orgId)
    .where('direction', '=', 'in')
    .where('ringing_at', '>=', v.start)
    .where('ringing_at', '<', v.end)
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), offered: Number(r.offered) }));
}

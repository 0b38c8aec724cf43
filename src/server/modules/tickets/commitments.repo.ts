/**
 * The counts behind 承诺兑现 (commitments.service.ts): first contacts and arrivals of the tickets taken in
 * [lo, hi), met in time, late, missed or still open, counted from the timers and arrivals themselves.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export async function commitmentCounts(db: Db, orgId: string, lo: Date, hi: Date) {
  const fc = await sql<{ on_time: number; late: number; missed: number; open: number }>`
    select count(*) filter (where x.met_at is not null and x.met_at <= x.due_at)::int as on_time,
           count(*) filter (where x.met_at is not null and x.met_at > x.due_at)::int as late,
           count(*) filter (where x.status = 'breached' and x.met_at is null)::int as missed,
           count(*) filter (where x.status in ('running', 'paused'))::int as open
    from ticket_timers x join tickets t on t.id = x.ticket_id
    where t.org_id = ${orgId} and t.created_at >= ${lo} and t.created_at < ${hi} and x.kind = 'first_contact' and x.part_id is null`.execute(db);
  const ar = await sql<{ on_time: number; late: number; missed: number; open: number }>`
    select count(*) filter (where a.arrived_at is not null and a.arrived_at <= a.due_at)::int as on_time,
           count(*) filter (where a.arrived_at is not null and a.arrived_at > a.due_at)::int as late,
           count(*) filter (where a.arrived_at is null and a.breached_at is not null)::int as missed,
           count(*) filter (where a.arrived_at is null and a.breached_at is null)::int as open
    from ticket_arrivals a join tickets t on t.id = a.ticket_id
    where a.org_id = ${orgId} and t.created_at >= ${lo} and t.created_at < ${hi}`.execute(db);
  const shape = (r: { on_time: number; late: number; missed: number; open: number } | undefined) => ({ onTime: r?.on_time ?? 0, late: r?.late ?? 0, missed: r?.missed ?? 0, open: r?.open ?? 0 });
  return { firstContact: shape(fc.rows[0]), arrival: shape(ar.rows[0]) };
}

/**
 * How the hotline kept its promises over a period (reports → 承办单位 tab): the first contact of tickets
 * (首次联系: met in time, met late, missed, still open) and the repair crew's arrival (到达现场), for tickets
 * taken in the period, days in the organisation's time zone, inclusive. Counted in SQL from the timers and
 * arrivals themselves (a cancelled limit — a merged ticket — counts nowhere).
 */
import { sql } from 'kysely';
import { formatInstant, parseInstant } from '../../../shared/calendar/index.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import type { CommitmentStatsDto } from './commitments.schema.js';
import { orgCalendar } from './sla.service.js';

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

async function counts(db: Db, orgId: string, lo: Date, hi: Date) {
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

export async function commitmentStats(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<CommitmentStatsDto> {
  const cal = await orgCalendar(ctx.db, ctx.orgId);
  const zone = cal.cal.timeZone;
  const to = q.to ?? formatInstant(ctx.now(), zone).slice(0, 10);
  const from = q.from ?? `${to.slice(0, 8)}01`;
  if (from > to) fail('BAD_REQUEST', `from (${from}) is after to (${to})`);
  return { from, to, timezone: zone, ...(await counts(ctx.db, ctx.orgId, parseInstant(from, zone), parseInstant(nextDay(to), zone))) };
}

/**
 * How the hotline kept its promises over a period (reports → 承办单位 tab): the first contact of tickets
 * (首次联系: met in time, met late, missed, still open) and the repair crew's arrival (到达现场), for tickets
 * taken in the period, days in the organisation's time zone, inclusive. Counted in SQL from the timers and
 * arrivals themselves (a cancelled limit — a merged ticket — counts nowhere).
 */
import { formatInstant, parseInstant } from '../../../shared/calendar/index.js';
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { commitmentCounts } from './commitments.repo.js';
import type { CommitmentStatsDto } from './commitments.schema.js';
import { orgCalendar } from './sla.service.js';

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export async function commitmentStats(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<CommitmentStatsDto> {
  const cal = await orgCalendar(ctx.db, ctx.orgId);
  const zone = cal.cal.timeZone;
  const to = q.to ?? formatInstant(ctx.now(), zone).slice(0, 10);
  const from = q.from ?? `${to.slice(0, 8)}01`;
  if (from > to) fail('BAD_REQUEST', `from (${from}) is after to (${to})`);
  return { from, to, timezone: zone, ...(await commitmentCounts(ctx.db, ctx.orgId, parseInstant(from, zone), parseInstant(nextDay(to), zone))) };
}

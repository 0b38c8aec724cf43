import type { Db } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import { DEFAULT_TIME_ZONE, formatInstant, localDayAndTime, zonedToInstant } from '../../../shared/calendar/zone.js';
import { inDayService, quietWindows, rankWeekHours } from '../../../shared/staffing/quiet-hours.js';
import { findOrg } from '../orgs/orgs.service.js';
import { activePackCached } from '../standards/active-pack.js';
import * as repo from './staffing.repo.js';
import type { PublicHotline } from './hotline.schema.js';

const WEEKS = 4;

/**
 * What a caller may know about a hotline before dialling (no sign-in): its hours, the wait right now, and the
 * quieter hours of the week from the last four complete weeks of calls. Only counts and means, never a call.
 */
export async function publicHotline(db: Db, now: Date, slug: string): Promise<PublicHotline> {
  const org = (await findOrg(db, slug)) ?? fail('ORG_NOT_FOUND', `no hotline "${slug}"`);
  const timeZone = (await repo.timeZoneOf(db, org.id)) ?? DEFAULT_TIME_ZONE;
  const pack = (await activePackCached(db, org.id))?.pack ?? null;
  const night = pack?.nightMode?.enabled ? pack.nightMode : null;
  const window = night ? { from: night.from, to: night.to } : null;
  const today = localDayAndTime(now.getTime(), timeZone);
  const recent = await repo.recentWaits(db, org.id, new Date(now.getTime() - 30 * 60_000), now);
  const traffic = await repo.hourlyTraffic(db, {
    orgId: org.id,
    start: new Date(zonedToInstant(today.day - 7 * WEEKS, 0, timeZone)),
    end: new Date(zonedToInstant(today.day, 0, timeZone)),
    timeZone,
  });
  const hours = rankWeekHours(traffic, WEEKS, window);
  return {
    name: org.name,
    number: pack?.identity.hotline ?? null,
    timeZone,
    serviceHours: { allDay: true, dayFrom: night?.to ?? null, dayTo: night?.from ?? null, nightHandled: night?.handled ?? [] },
    now: {
      at: formatInstant(now, timeZone),
      inDayService: inDayService(Math.floor(today.msOfDay / 3_600_000), window),
      expectedWaitSec: recent.answered > 0 ? recent.waitMs / recent.answered / 1000 : recent.waiting === 0 ? 0 : null,
      answeredLast30Min: recent.answered,
      waiting: recent.waiting,
    },
    weeks: WEEKS,
    hours,
    quietWindows: quietWindows(hours),
  };
}

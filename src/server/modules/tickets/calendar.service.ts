/** The organisation's SLA calendar (overrides of the built-in working days) and the notifications of SLA jobs. */
import { CalendarError, calendarOverridesSchema, coverageWarnings, DEFAULT_TIME_ZONE, formatInstant } from '../../../shared/calendar/index.js';
import type { Ctx } from '../../context.js';
import { readJsonb } from '../../db/jsonb.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as slaRepo from './sla.repo.js';
import { noticeSchemaOf, type NotificationDto } from './tickets.schema.js';
import { DEFAULT_WARN_FRACTION, orgCalendar, replanTimers } from './sla.service.js';

export async function getCalendar(ctx: Ctx) {
  const c = await orgCalendar(ctx.db, ctx.orgId);
  return {
    timezone: c.overrides.timezone ?? DEFAULT_TIME_ZONE,
    // always a list of windows: a stored single { start, end } (or none: the default 09:00–18:00) reads as one window
    businessHours: c.cal.businessHours.map((w) => ({ ...w })),
    holidays: c.overrides.holidays ?? [],
    workdays: c.overrides.workdays ?? [],
    warnFraction: c.warnFraction,
    updatedAt: c.updatedAt?.toISOString() ?? null,
  };
}

/** `businessHours[1].start`, as the calendar file's messages write it. */
const pathOf = (path: readonly PropertyKey[]): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/**
 * Replaces the calendar; every problem in it is reported at once (422 CALENDAR_INVALID). Running and paused time
 * limits are planned again on the new calendar (except those an approved extension set), in the same transaction;
 * their old warning and breach jobs become no-ops and new ones are queued.
 */
export async function putCalendar(ctx: Ctx, body: Record<string, unknown>) {
  const { warnFraction, ...file } = body;
  const parsed = calendarOverridesSchema.safeParse(file);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${pathOf(i.path) || 'calendar'}: ${i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.join(', ')} (allowed: timezone, businessHours, holidays, workdays, warnFraction)` : i.message}`);
    fail('CALENDAR_INVALID', `the calendar has ${problems.length} error(s): ${problems.join('; ')}`, { problems });
  }
  const o = parsed.data;
  const replanned = await ctx.db.transaction().execute(async (tx) => {
    const before = await slaRepo.storedCalendar(tx, ctx.orgId);
    const after = await slaRepo.saveCalendar(tx, {
      orgId: ctx.orgId,
      timezone: o.timezone ?? null,
      businessHours: o.businessHours ?? null,
      holidays: o.holidays ?? [],
      workdays: o.workdays ?? [],
      warnFraction: typeof warnFraction === 'number' ? warnFraction : (before?.warn_fraction ?? DEFAULT_WARN_FRACTION),
      by: ctx.actor.id,
      now: ctx.now(),
    });
    const tctx = { ...ctx, db: tx };
    const moved = await replanTimers(tx, await orgCalendar(tx, ctx.orgId), await slaRepo.openTimersOfOrg(tx, ctx.orgId), (t) => t.duration, ctx.now());
    await recordAudit(tx, tctx, { action: 'sla.calendar.update', entityType: 'sla_calendar', entityId: ctx.orgId, before: before ?? null, after: { ...after, replanned: moved.length } });
    await recordEvent(tx, tctx, 'sla.calendar_updated', { type: 'sla_calendar', id: ctx.orgId }, { replanned: moved.length });
    return moved.length;
  });
  return { ...(await getCalendar(ctx)), replanned };
}

/** This year and the next in the organisation's time zone, and whether built-in holiday data (or overrides) cover them. */
export async function coverage(ctx: Ctx) {
  const { cal } = await orgCalendar(ctx.db, ctx.orgId);
  const today = formatInstant(ctx.now(), cal.timeZone).slice(0, 10);
  const year = Number(today.slice(0, 4));
  return {
    timezone: cal.timeZone,
    businessHours: cal.businessHours.map((w) => ({ ...w })),
    today,
    years: [year, year + 1].map((y) => ({ year: y, coverage: cal.coverage(y), warning: cal.coverageWarning(y) ?? null })),
  };
}

export async function monthView(ctx: Ctx, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const { cal } = await orgCalendar(ctx.db, ctx.orgId);
  let view;
  try {
    view = cal.month(y, m);
  } catch (err) {
    if (err instanceof CalendarError) fail('VALIDATION_FAILED', err.message);
    throw err;
  }
  return { ...view, month, timezone: cal.timeZone, warnings: coverageWarnings(cal, [y]) };
}

export async function listNotifications(ctx: Ctx, unread: boolean) {
  if (ctx.actor.id === null || ctx.actor.role === 'system') return [];
  const rows = await slaRepo.listNotifications(ctx.db, ctx.orgId, ctx.actor.id, ctx.actor.role, { unread, limit: 200 });
  return rows.map(toNotificationDto);
}

/** A notice as the bell shows it, read with its kind's schema: a payload without what its kind carries is STORED_DATA_INVALID naming the row. */
function toNotificationDto(n: { id: string | number; kind: string; payload: Record<string, unknown>; created_at: Date | string; read_at: Date | string | null }): NotificationDto {
  const dto = { id: String(n.id), kind: n.kind, payload: n.payload, createdAt: new Date(n.created_at).toISOString(), readAt: n.read_at ? new Date(n.read_at).toISOString() : null };
  return readJsonb(noticeSchemaOf(n.kind), dto, { table: 'notifications', column: 'payload', id: n.id });
}

export async function readNotification(ctx: Ctx, id: string) {
  if (ctx.actor.id === null || ctx.actor.role === 'system') fail('NOTIFICATION_NOT_FOUND', `no notification ${id}`);
  const n = (await slaRepo.markRead(ctx.db, ctx.orgId, ctx.actor.id, ctx.actor.role, id, ctx.now())) ?? fail('NOTIFICATION_NOT_FOUND', `no notification ${id}`);
  return toNotificationDto(n);
}

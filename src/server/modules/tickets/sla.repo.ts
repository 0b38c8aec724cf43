import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { businessHoursSchema, calendarOverridesSchema } from '../../../shared/calendar/schema.js';
import type { Db } from '../../db/database.js';
import { readJsonb, toJsonb } from '../../db/jsonb.js';
import { notificationPayloadColumn, type NotificationPayload } from '../notify/notify.channel.js';
import type { TicketTimersTable, TimerKind } from '../../db/schema.js';

export const openStatuses = ['running', 'paused'] as const;

export function insertTimer(
  db: Db,
  v: { orgId: string; ticketId: string; kind: TimerKind; duration: string; startedAt: Date; dueAt: Date; warnAt: Date | null; now: Date; partId?: string | null },
) {
  return db
    .insertInto('ticket_timers')
    .values({
      org_id: v.orgId,
      ticket_id: v.ticketId,
      kind: v.kind,
      duration: v.duration,
      started_at: v.startedAt,
      due_at: v.dueAt,
      warn_at: v.warnAt,
      status: 'running',
      created_at: v.now,
      part_id: v.partId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listTimers(db: Db, ticketId: string) {
  return db.selectFrom('ticket_timers').selectAll().where('ticket_id', '=', ticketId).orderBy('seq').execute();
}

/**
 * Open timers of a ticket. Asked by kind, they are the ticket's and its lead department's (no part), or a co-handling
 * part's when `partId` is given; without kinds, every open timer of the ticket, the parts' included (挂起, 归档).
 */
export function openTimers(db: Db, ticketId: string, kinds?: readonly TimerKind[], partId?: string | null) {
  let q = db.selectFrom('ticket_timers').selectAll().where('ticket_id', '=', ticketId).where('status', 'in', openStatuses);
  if (kinds) q = q.where('kind', 'in', kinds).where('part_id', partId ? '=' : 'is', partId ?? null);
  return q.orderBy('seq').execute();
}

/** The open timers of a co-handling part (its part ends: cancelled or lapsed). */
export function openTimersOfPart(db: Db, partId: string) {
  return db.selectFrom('ticket_timers').selectAll().where('part_id', '=', partId).where('status', 'in', openStatuses).orderBy('seq').execute();
}

/** Every running or paused timer of an organisation (re-planned when its calendar changes). */
export function openTimersOfOrg(db: Db, orgId: string) {
  return db.selectFrom('ticket_timers').selectAll().where('org_id', '=', orgId).where('status', 'in', openStatuses).orderBy('seq').execute();
}

export function findTimerForUpdate(db: Db, id: string) {
  return db.selectFrom('ticket_timers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateTimer(db: Db, id: string, values: Updateable<TicketTimersTable>) {
  return db.updateTable('ticket_timers').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Breached timers whose work got done later: they stay breached, the met time is kept. */
export function meetBreached(db: Db, ticketId: string, kinds: readonly TimerKind[], now: Date, partId?: string | null) {
  return db
    .updateTable('ticket_timers')
    .set({ met_at: now })
    .where('ticket_id', '=', ticketId)
    .where('kind', 'in', kinds)
    .where('part_id', partId ? '=' : 'is', partId ?? null)
    .where('status', '=', 'breached')
    .where('met_at', 'is', null)
    .execute();
}

export async function isOverdue(db: Db, ticketId: string, now: Date): Promise<boolean> {
  const r = await db
    .selectFrom('ticket_timers')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'running'), eb('due_at', '<', now)]), eb.and([eb('status', '=', 'breached'), eb('met_at', 'is', null)])]))
    .limit(1)
    .executeTakeFirst();
  return Boolean(r);
}

// ---------------------------------------------------------------- calendar

/**
 * sla_calendars' JSONB columns, each with the calendar file's own schema (shared/calendar): business hours (one
 * window, or a list; read as a list), the extra holidays and the 调休 workdays. Parsed on read (db/jsonb.ts).
 */
export const calendarColumns = {
  business_hours: businessHoursSchema,
  holidays: calendarOverridesSchema.shape.holidays.unwrap(),
  workdays: calendarOverridesSchema.shape.workdays.unwrap(),
};

/** The stored row as it is (the audit's `before` of a change): replacing a damaged calendar must not need to read it. */
export function storedCalendar(db: Db, orgId: string) {
  return db.selectFrom('sla_calendars').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function findCalendar(db: Db, orgId: string) {
  const row = await storedCalendar(db, orgId);
  if (!row) return undefined;
  const at = (column: string) => ({ table: 'sla_calendars', column, id: orgId });
  return {
    ...row,
    business_hours: row.business_hours === null ? null : readJsonb(calendarColumns.business_hours, row.business_hours, at('business_hours')),
    holidays: readJsonb(calendarColumns.holidays, row.holidays ?? [], at('holidays')),
    workdays: readJsonb(calendarColumns.workdays, row.workdays ?? [], at('workdays')),
  };
}

export async function saveCalendar(
  db: Db,
  v: {
    orgId: string;
    timezone: string | null;
    businessHours: z.input<typeof calendarColumns.business_hours> | null;
    holidays: z.input<typeof calendarColumns.holidays>;
    workdays: z.input<typeof calendarColumns.workdays>;
    warnFraction: number;
    by: string | null;
    now: Date;
  },
) {
  const values = {
    timezone: v.timezone,
    business_hours: v.businessHours === null ? null : toJsonb(calendarColumns.business_hours, v.businessHours),
    holidays: toJsonb(calendarColumns.holidays, v.holidays),
    workdays: toJsonb(calendarColumns.workdays, v.workdays),
    warn_fraction: v.warnFraction,
    updated_by: v.by,
    updated_at: v.now,
  };
  return db
    .insertInto('sla_calendars')
    .values({ org_id: v.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- notifications

export function insertNotification(db: Db, v: { orgId: string; userId?: string | null; role?: string | null; kind: string; payload: NotificationPayload; now: Date }) {
  return db
    .insertInto('notifications')
    .values({ org_id: v.orgId, user_id: v.userId ?? null, role: v.role ?? null, kind: v.kind, payload: toJsonb(notificationPayloadColumn, v.payload), created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const notificationRow = <R extends { id: string | number | bigint; payload: unknown }>(n: R): Omit<R, 'payload'> & { payload: NotificationPayload } => ({
  ...n,
  payload: readJsonb(notificationPayloadColumn, n.payload ?? {}, { table: 'notifications', column: 'payload', id: n.id }),
});

export async function listNotifications(db: Db, orgId: string, userId: string, role: string, opts: { unread?: boolean; limit: number }) {
  let q = db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb.and([eb('user_id', 'is', null), eb('role', '=', role)])]));
  if (opts.unread) q = q.where('read_at', 'is', null);
  return (await q.orderBy('id', 'desc').limit(opts.limit).execute()).map(notificationRow);
}

export async function markRead(db: Db, orgId: string, userId: string, role: string, id: string, now: Date) {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb.and([eb('user_id', 'is', null), eb('role', '=', role)])]))
    .returningAll()
    .executeTakeFirst()
    .then((n) => n && notificationRow(n));
}

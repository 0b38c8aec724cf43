/**
 * SLA timers of tickets (see docs/tickets.md): started, met, cancelled, paused and resumed by the workflow,
 * re-planned when the classification or the calendar changes, due instants on the organisation's working-day
 * calendar, and the `sla.warn` / `sla.breach` jobs that fire once per timer and due instant.
 */
import { z } from 'zod';
import {
  addBusinessMinutes,
  addDuration,
  businessTimeBetween,
  createCalendar,
  isBusinessUnit,
  parseDuration,
  parseInstant,
  type CalendarOverrides,
  type WorkCalendar,
} from '../../../shared/calendar/index.js';
import type { SlaLimits } from '../../../shared/tickets/sla-policy.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { TicketTimer, TimerKind } from '../../db/schema.js';
import { defineJob, enqueue } from '../../jobs/runner.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { queueOutbound } from '../notify/notify.service.js';
import * as slaRepo from './sla.repo.js';
import * as ticketsRepo from './tickets.repo.js';
import type { TimerDto } from './tickets.schema.js';

export const DEFAULT_WARN_FRACTION = 0.8;

/** The pack policy's limit each timer kind follows. */
export const limitOf: Record<TimerKind, keyof SlaLimits> = {
  first_contact: 'firstContact',
  dispatch: 'dispatch',
  department_sign_in: 'departmentSignIn',
  reply: 'reply',
  resolution: 'resolution',
  callback: 'callback',
};
/** Who is notified of warnings and breaches. */
export const SLA_NOTIFY_ROLE = 'lead';

export interface OrgCalendar {
  cal: WorkCalendar;
  overrides: CalendarOverrides;
  warnFraction: number;
  updatedAt: Date | null;
}

/** The organisation's calendar: its stored overrides on top of the built-in Chinese working days. */
export async function orgCalendar(db: Db, orgId: string): Promise<OrgCalendar> {
  const row = await slaRepo.findCalendar(db, orgId);
  const overrides: CalendarOverrides = {
    ...(row?.timezone ? { timezone: row.timezone } : {}),
    // stored as a list of windows, or (before several windows a day) as one { start, end }: both are read
    ...(row?.business_hours ? { businessHours: row.business_hours } : {}),
    holidays: row?.holidays ?? [],
    workdays: row?.workdays ?? [],
  };
  return { cal: createCalendar(overrides), overrides, warnFraction: row ? Number(row.warn_fraction) : DEFAULT_WARN_FRACTION, updatedAt: row ? new Date(row.updated_at) : null };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const basisOf = (duration: string): 'business' | 'wall' => (isBusinessUnit(parseDuration(duration).unit) ? 'business' : 'wall');

export function toTimerDto(t: TicketTimer): TimerDto {
  return {
    id: t.id,
    kind: t.kind,
    partId: t.part_id ?? null,
    duration: t.duration,
    startedAt: new Date(t.started_at).toISOString(),
    dueAt: new Date(t.due_at).toISOString(),
    warnAt: iso(t.warn_at),
    status: t.status,
    pausedAt: iso(t.paused_at),
    warnedAt: iso(t.warned_at),
    breachedAt: iso(t.breached_at),
    metAt: iso(t.met_at),
  };
}

/** The warning instant: `fraction` of the time between start and due, counted the way the duration counts. */
function warnInstant(c: OrgCalendar, start: Date, due: Date, basis: 'business' | 'wall'): Date | null {
  if (basis === 'wall') {
    const span = due.getTime() - start.getTime();
    return span > 0 ? new Date(start.getTime() + Math.round(span * c.warnFraction)) : null;
  }
  const total = businessTimeBetween(c.cal, start, due);
  return total > 0 ? addBusinessMinutes(c.cal, start, total * c.warnFraction).due : null;
}

/** Moves an instant that lay ahead of a pause by the time the pause took (business or wall time). */
function shiftAfterPause(c: OrgCalendar, at: Date, pausedAt: Date, resumedAt: Date, basis: 'business' | 'wall'): Date {
  if (basis === 'wall') return new Date(at.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
  const left = Math.max(0, businessTimeBetween(c.cal, pausedAt, at));
  return addBusinessMinutes(c.cal, resumedAt, left).due;
}

/** Timer, instant and plan: a due that moves away and back later gets a job of its own (the old one ran as a no-op). */
const jobKey = (t: TicketTimer, kind: 'warn' | 'breach') =>
  `sla.${kind}:${t.id}:${new Date(kind === 'warn' ? (t.warn_at ?? t.due_at) : t.due_at).toISOString()}:${t.plan}`;

/** Enqueues the warning and the breach of a running timer; the keys make each fire at most once per due instant and plan. */
async function schedule(db: Db, t: TicketTimer): Promise<void> {
  if (t.status !== 'running') return;
  if (t.warn_at && !t.warned_at)
    await enqueue(db, slaWarnJob, { timerId: t.id, at: new Date(t.warn_at).toISOString() }, { orgId: t.org_id, runAt: new Date(t.warn_at), dedupeKey: jobKey(t, 'warn') });
  await enqueue(db, slaBreachJob, { timerId: t.id, due: new Date(t.due_at).toISOString() }, { orgId: t.org_id, runAt: new Date(t.due_at), dedupeKey: jobKey(t, 'breach') });
}

/**
 * Starts a timer (replacing an open one of the same kind, of the same co-handling part if `partId`) and schedules its
 * jobs. Returns null when the policy has no such limit.
 */
export async function startTimer(tx: Db, ctx: Ctx, c: OrgCalendar, ticketId: string, kind: TimerKind, duration: string | undefined, start: Date, partId?: string | null) {
  if (!duration) return null;
  await cancelTimers(tx, ticketId, [kind], start, partId);
  const { due } = addDuration(c.cal, start, duration);
  const timer = await slaRepo.insertTimer(tx, { orgId: ctx.orgId, ticketId, kind, duration, startedAt: start, dueAt: due, warnAt: warnInstant(c, start, due, basisOf(duration)), now: ctx.now(), partId });
  await schedule(tx, timer);
  return timer;
}

/** Kinds name the ticket's and the lead's timers, or a co-handling part's with `partId`; 'all' is every open timer. */
export async function meetTimers(tx: Db, ticketId: string, kinds: readonly TimerKind[], now: Date, partId?: string | null): Promise<void> {
  if (!kinds.length) return;
  for (const t of await slaRepo.openTimers(tx, ticketId, kinds, partId)) await slaRepo.updateTimer(tx, t.id, { status: 'met', met_at: now, ended_at: now, paused_at: null });
  await slaRepo.meetBreached(tx, ticketId, kinds, now, partId);
}

export async function cancelTimers(tx: Db, ticketId: string, kinds: readonly TimerKind[] | 'all', now: Date, partId?: string | null): Promise<void> {
  const open = await slaRepo.openTimers(tx, ticketId, kinds === 'all' ? undefined : kinds, partId);
  for (const t of open) await slaRepo.updateTimer(tx, t.id, { status: 'cancelled', ended_at: now, paused_at: null });
}

/** A co-handling part ends (收回, or the lead replied after its time ran out): its open timers stop. */
export async function cancelPartTimers(tx: Db, partId: string, now: Date): Promise<void> {
  for (const t of await slaRepo.openTimersOfPart(tx, partId)) await slaRepo.updateTimer(tx, t.id, { status: 'cancelled', ended_at: now, paused_at: null });
}

/** 挂起: running timers stop counting. */
export async function pauseTimers(tx: Db, ticketId: string, now: Date): Promise<void> {
  for (const t of await slaRepo.openTimers(tx, ticketId)) if (t.status === 'running') await slaRepo.updateTimer(tx, t.id, { status: 'paused', paused_at: now });
}

/** 恢复: paused timers run again; their due (and warning) move by the paused business time, or wall time for m/h/d. */
export async function resumeTimers(tx: Db, c: OrgCalendar, ticketId: string, now: Date): Promise<void> {
  for (const t of await slaRepo.openTimers(tx, ticketId)) {
    if (t.status !== 'paused' || !t.paused_at) continue;
    const pausedAt = new Date(t.paused_at);
    const basis = basisOf(t.duration);
    const due = shiftAfterPause(c, new Date(t.due_at), pausedAt, now, basis);
    const warnAt = t.warn_at && !t.warned_at ? shiftAfterPause(c, new Date(t.warn_at), pausedAt, now, basis) : t.warn_at;
    const pausedMs = Number(t.paused_ms) + Math.max(0, now.getTime() - pausedAt.getTime());
    const pausedBusinessMs = Number(t.paused_business_ms) + Math.max(0, Math.round(businessTimeBetween(c.cal, pausedAt, now) * 60_000));
    const updated = await slaRepo.updateTimer(tx, t.id, {
      status: 'running',
      paused_at: null,
      paused_ms: pausedMs,
      paused_business_ms: pausedBusinessMs,
      due_at: due,
      warn_at: warnAt,
      plan: t.plan + 1,
    });
    await schedule(tx, updated);
  }
}

/**
 * 延期 approved: the open reply and resolution timers get a new due — `extensionDays` working days after
 * the current due, or closing time of the `until` day (or the `until` instant).
 */
export async function extendTimers(
  tx: Db,
  c: OrgCalendar,
  ticketId: string,
  ext: { extensionDays?: number | undefined; until?: string | undefined },
  now: Date,
): Promise<Array<{ kind: TimerKind; from: string; to: string }>> {
  const moved: Array<{ kind: TimerKind; from: string; to: string }> = [];
  for (const t of await slaRepo.openTimers(tx, ticketId, ['reply', 'resolution'])) {
    const current = new Date(t.due_at);
    let due: Date;
    if (ext.until) {
      const at = parseInstant(ext.until, c.cal.timeZone);
      due = /^\d{4}-\d{2}-\d{2}$/.test(ext.until) ? addDuration(c.cal, at, '0wd').due : at;
    } else due = addDuration(c.cal, current, `${ext.extensionDays ?? 0}wd`).due;
    if (due.getTime() <= current.getTime()) continue;
    const warnAt = t.warned_at ? t.warn_at : warnInstant(c, new Date(t.started_at), due, basisOf(t.duration));
    const updated = await slaRepo.updateTimer(tx, t.id, { due_at: due, warn_at: warnAt, extended_at: now, plan: t.plan + 1 });
    moved.push({ kind: t.kind, from: current.toISOString(), to: due.toISOString() });
    await schedule(tx, updated);
  }
  return moved;
}

// ---------------------------------------------------------------- re-planning

/** Moves an instant planned without pauses by the time the timer spent suspended so far (as resume moved it). */
function withPauses(c: OrgCalendar, t: TicketTimer, at: Date, basis: 'business' | 'wall'): Date {
  if (basis === 'wall') return new Date(at.getTime() + Number(t.paused_ms));
  const minutes = Number(t.paused_business_ms) / 60_000;
  return minutes > 0 ? addBusinessMinutes(c.cal, at, minutes).due : at;
}

export interface Replanned {
  kind: TimerKind;
  from: { duration: string; dueAt: string };
  /** null: the new policy has no such limit, the timer was cancelled */
  to: { duration: string; dueAt: string } | null;
}

const sameInstant = (a: Date | string | null, b: Date | string | null) => (a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime());

/**
 * Plans open timers again from their start — with a new duration (the ticket's classification changed) or on a new
 * calendar — keeping the time they spent suspended. A timer whose due an approved extension set keeps it (延期 is a
 * decision about a date). A warning already given stays given; a new due already past breaches at the next worker run.
 * `durationOf` returning undefined means the policy has no such limit any more: the timer is cancelled.
 */
export async function replanTimers(tx: Db, c: OrgCalendar, timers: readonly TicketTimer[], durationOf: (t: TicketTimer) => string | undefined, now: Date): Promise<Replanned[]> {
  const out: Replanned[] = [];
  for (const t of timers) {
    if ((t.status !== 'running' && t.status !== 'paused') || t.extended_at) continue;
    const from = { duration: t.duration, dueAt: new Date(t.due_at).toISOString() };
    const duration = durationOf(t);
    if (!duration) {
      await slaRepo.updateTimer(tx, t.id, { status: 'cancelled', ended_at: now, paused_at: null, plan: t.plan + 1 });
      out.push({ kind: t.kind, from, to: null });
      continue;
    }
    const start = new Date(t.started_at);
    const basis = basisOf(duration);
    const base = addDuration(c.cal, start, duration).due;
    const due = withPauses(c, t, base, basis);
    const baseWarn = warnInstant(c, start, base, basis);
    const warnAt = t.warned_at ? t.warn_at : baseWarn && withPauses(c, t, baseWarn, basis);
    if (duration === t.duration && sameInstant(due, t.due_at) && sameInstant(warnAt, t.warn_at)) continue;
    const updated = await slaRepo.updateTimer(tx, t.id, { duration, due_at: due, warn_at: warnAt, plan: t.plan + 1 });
    await schedule(tx, updated);
    out.push({ kind: t.kind, from, to: { duration, dueAt: due.toISOString() } });
  }
  return out;
}

// ---------------------------------------------------------------- jobs

const workerActor = { id: null, name: 'sla-worker', role: 'system' as const };

async function fire(db: Db, now: Date, timerId: string, kind: 'warn' | 'breach', expected: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const t = await slaRepo.findTimerForUpdate(tx, timerId);
    // Nothing to do if the timer ended, is paused, or its due (or warning) moved since this job was scheduled.
    if (!t || t.status !== 'running') return;
    if (kind === 'warn' && (t.warned_at || iso(t.warn_at) !== expected)) return;
    // A warning run after the due itself (the worker was down, or a backlog is caught up) would tell the leads that a
    // limit which has already passed is about to: the breach says it, so the warning is not sent.
    if (kind === 'warn' && now.getTime() >= new Date(t.due_at).getTime()) return;
    if (kind === 'breach' && iso(t.due_at) !== expected) return;
    const ticket = await ticketsRepo.findTicket(tx, t.org_id, t.ticket_id, { forUpdate: true });
    if (!ticket) return;
    const ctx: Ctx = { db: tx, orgId: t.org_id, actor: workerActor, now: () => now };
    const payload = { ticketId: ticket.id, number: ticket.number, title: ticket.title, timerId: t.id, kind: t.kind, duration: t.duration, dueAt: iso(t.due_at) };
    if (kind === 'warn') {
      await slaRepo.updateTimer(tx, t.id, { warned_at: now });
      await recordEvent(tx, ctx, 'ticket.sla_warning', { type: 'ticket', id: ticket.id }, payload);
      const n = await slaRepo.insertNotification(tx, { orgId: t.org_id, role: SLA_NOTIFY_ROLE, kind: 'ticket.sla_warning', payload, now });
      await queueOutbound(tx, { id: n.id, orgId: t.org_id }, now);
      return;
    }
    await slaRepo.updateTimer(tx, t.id, { status: 'breached', breached_at: now });
    await recordEvent(tx, ctx, 'ticket.sla_breached', { type: 'ticket', id: ticket.id }, payload);
    const n = await slaRepo.insertNotification(tx, { orgId: t.org_id, role: SLA_NOTIFY_ROLE, kind: 'ticket.sla_breached', payload, now });
    await queueOutbound(tx, { id: n.id, orgId: t.org_id }, now);
    if (!ticket.supervised) {
      // 督办: an overdue ticket is put under supervision automatically, recorded like any transition.
      const after = await ticketsRepo.updateTicket(tx, t.org_id, ticket.id, { supervised: true, updated_at: now });
      const reason = `time limit ${t.kind} (${t.duration}) passed`;
      await ticketsRepo.insertTransition(tx, { orgId: t.org_id, ticketId: ticket.id, action: 'supervise', from: ticket.status, to: ticket.status, reason, details: { auto: true, timerId: t.id, kind: t.kind, duration: t.duration }, actorId: null, actorName: workerActor.name, at: now });
      await recordAudit(tx, ctx, { action: 'ticket.supervise', entityType: 'ticket', entityId: ticket.id, before: { supervised: false }, after: { supervised: after.supervised, reason } });
      await recordEvent(tx, ctx, 'ticket.transitioned', { type: 'ticket', id: ticket.id }, { action: 'supervise', from: ticket.status, to: ticket.status, auto: true });
    }
  });
}

export const slaWarnJob = defineJob({
  name: 'sla.warn',
  payload: z.object({ timerId: z.string(), at: z.string() }),
  handler: async ({ timerId, at }, { db, now }) => fire(db, now(), timerId, 'warn', at),
});

export const slaBreachJob = defineJob({
  name: 'sla.breach',
  payload: z.object({ timerId: z.string(), due: z.string() }),
  handler: async ({ timerId, due }, { db, now }) => fire(db, now(), timerId, 'breach', due),
});

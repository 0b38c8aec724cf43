/**
 * 到达现场 (95598 repair arrival): a repair ticket whose pack times arrival (commitments with
 * `measure: arrival`, chosen by the ticket's 区域类型) gets its limit when it is taken — 城区 45 分钟,
 * 农村 90 分钟, 特殊边远地区 2 小时 from the acceptance — and it runs until someone records the crew's
 * arrival on the ticket. Past the limit the worker marks it missed and tells the team leads (the SLA
 * breach notification, kind `arrival`); an arrival after that is recorded as late.
 */
import { z } from 'zod';
import { addDuration } from '../../../shared/calendar/index.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { arrivalLimitOf } from '../../../shared/tickets/arrival.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { TicketArrival } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { defineJob, enqueue } from '../../jobs/runner.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { queueOutbound } from '../notify/notify.service.js';
import * as repo from './arrival.repo.js';
import { actorDisplayName } from './contacts.service.js';
import type { ArrivalDto } from './arrival.schema.js';
import type { OrgCalendar } from './sla.service.js';
import * as slaRepo from './sla.repo.js';
import * as ticketsRepo from './tickets.repo.js';
import { activePackOrNull, viewerOf, visibleTicket } from './tickets.service.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toDto(a: TicketArrival, name: string): NonNullable<ArrivalDto['arrival']> {
  const due = new Date(a.due_at);
  const arrived = a.arrived_at ? new Date(a.arrived_at) : null;
  const verdict = arrived ? (arrived <= due ? 'met' : 'late') : a.breached_at ? 'missed' : 'running';
  return {
    commitmentId: a.commitment_id,
    name,
    area: a.area,
    within: a.within,
    startedAt: iso(a.started_at)!,
    dueAt: due.toISOString(),
    arrivedAt: iso(a.arrived_at),
    arrivedBy: a.arrived_by,
    breachedAt: iso(a.breached_at),
    verdict,
  };
}

/** In the ticket's creating transaction: the arrival limit its category and 区域类型 give, if any. */
export async function startArrivalClock(tx: Db, ctx: Ctx, cal: OrgCalendar, pack: Pack, ticket: ticketsRepo.TicketRow, now: Date): Promise<void> {
  const limit = arrivalLimitOf(pack, { category: ticket.category, fields: ticket.fields });
  if (!limit) return;
  const due = addDuration(cal.cal, now, limit.commitment.within).due;
  const row = await repo.insertArrival(tx, {
    ticket_id: ticket.id,
    org_id: ctx.orgId,
    commitment_id: limit.commitment.id,
    area: limit.field?.value ?? null,
    within: limit.commitment.within,
    started_at: now,
    due_at: due,
  });
  if (row) await enqueue(tx, arrivalDueJob, { ticketId: ticket.id, due: due.toISOString() }, { orgId: ctx.orgId, runAt: due, dedupeKey: `arrival:${ticket.id}:${due.toISOString()}` });
}

/** An arrival limit as the edit's audit row and event record it. */
export interface ArrivalPlan {
  commitmentId: string;
  area: string | null;
  within: string;
  dueAt: string;
  breachedAt: string | null;
}
const planOf = (a: TicketArrival): ArrivalPlan => ({ commitmentId: a.commitment_id, area: a.area, within: a.within, dueAt: iso(a.due_at)!, breachedAt: iso(a.breached_at) });

/**
 * In an edit's transaction (the 区域类型 corrected, the category changed): the arrival limit the pack gives the ticket
 * now, counted from the original start (the acceptance), replaces the one it had — a limit that now ends later runs
 * again if it was marked missed, one that ended already is judged at once by the worker. Once the crew's arrival is
 * recorded, its verdict stands and nothing changes. Null when nothing changed.
 */
export async function replanArrival(tx: Db, ctx: Ctx, cal: OrgCalendar, pack: Pack, ticket: ticketsRepo.TicketRow, now: Date): Promise<{ from: ArrivalPlan | null; to: ArrivalPlan | null } | null> {
  const a = await repo.findArrival(tx, ctx.orgId, ticket.id, { forUpdate: true });
  if (a?.arrived_at) return null;
  const limit = arrivalLimitOf(pack, { category: ticket.category, fields: ticket.fields });
  if (!limit) {
    if (!a) return null;
    await repo.deleteArrival(tx, ticket.id);
    return { from: planOf(a), to: null };
  }
  const area = limit.field?.value ?? null;
  if (a && a.commitment_id === limit.commitment.id && a.within === limit.commitment.within && a.area === area) return null;
  const start = a ? new Date(a.started_at) : new Date(ticket.created_at);
  const due = addDuration(cal.cal, start, limit.commitment.within).due;
  const values = { commitment_id: limit.commitment.id, area, within: limit.commitment.within, due_at: due, breached_at: a?.breached_at && due <= now ? a.breached_at : null };
  const row = a ? await repo.updateArrival(tx, ticket.id, values) : await repo.insertArrival(tx, { ticket_id: ticket.id, org_id: ctx.orgId, started_at: start, ...values });
  if (!row) return null;
  // the job of the old due finds another due and does nothing; the key names this plan, so a due that moves away and
  // back after its first job ran gets a job again
  if (!row.breached_at) await enqueue(tx, arrivalDueJob, { ticketId: ticket.id, due: due.toISOString() }, { orgId: ctx.orgId, runAt: due, dedupeKey: `arrival:${ticket.id}:${due.toISOString()}:plan:${now.toISOString()}` });
  return { from: a ? planOf(a) : null, to: planOf(row) };
}

async function commitmentName(db: Db, orgId: string, id: string): Promise<string> {
  return (await activePackOrNull(db, orgId))?.commitments.find((c) => c.id === id)?.name ?? id;
}

export async function getArrival(ctx: Ctx, ticketId: string): Promise<ArrivalDto> {
  const t = await visibleTicket(ctx.db, ctx, await viewerOf(ctx), ticketId);
  const a = await repo.findArrival(ctx.db, ctx.orgId, t.id);
  return { arrival: a ? toDto(a, await commitmentName(ctx.db, ctx.orgId, a.commitment_id)) : null };
}

/** 记录到达: the crew is on site (once; the hotline or the handling department records it). */
export async function recordArrival(ctx: Ctx, ticketId: string): Promise<ArrivalDto> {
  const v = await viewerOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const t = await visibleTicket(tx, ctx, v, ticketId, { forUpdate: true });
    const a = (await repo.findArrival(tx, ctx.orgId, t.id, { forUpdate: true })) ?? fail('TICKET_BAD_TRANSITION', `ticket ${t.number} has no arrival limit to record`);
    if (a.arrived_at) fail('TICKET_BAD_TRANSITION', `the arrival on ticket ${t.number} was recorded already`);
    const now = ctx.now();
    const after = await repo.updateArrival(tx, t.id, { arrived_at: now, arrived_by: await actorDisplayName(tx, ctx) });
    const tctx = { ...ctx, db: tx };
    const dto = toDto(after, a.commitment_id);
    await recordAudit(tx, tctx, { action: 'ticket.arrival', entityType: 'ticket', entityId: t.id, before: { arrivedAt: null }, after: { arrivedAt: dto.arrivedAt, verdict: dto.verdict } });
    await recordEvent(tx, tctx, 'ticket.arrived', { type: 'ticket', id: t.id }, { number: t.number, dueAt: dto.dueAt, verdict: dto.verdict });
  });
  return getArrival(ctx, ticketId);
}

const workerActor = { id: null, name: 'sla-worker', role: 'system' as const };

/** Past the arrival limit with nobody on site: missed, and the team leads are told. */
export const arrivalDueJob = defineJob({
  name: 'ticket.arrival_due',
  payload: z.object({ ticketId: z.string(), due: z.string() }),
  handler: async ({ ticketId, due }, { db, now }) => {
    await db.transaction().execute(async (tx) => {
      const a = await repo.lockArrivalOfTicket(tx, ticketId);
      if (!a || a.arrived_at || a.breached_at || iso(a.due_at) !== due) return;
      const t = await ticketsRepo.findTicket(tx, a.org_id, ticketId);
      if (!t) return;
      const at = now();
      await repo.updateArrival(tx, ticketId, { breached_at: at });
      const ctx: Ctx = { db: tx, orgId: a.org_id, actor: workerActor, now: () => at };
      const payload = { ticketId, number: t.number, title: t.title, kind: 'arrival', duration: a.within, dueAt: due };
      await recordEvent(tx, ctx, 'ticket.arrival_overdue', { type: 'ticket', id: ticketId }, payload);
      const n = await slaRepo.insertNotification(tx, { orgId: a.org_id, role: 'lead', kind: 'ticket.sla_breached', payload, now: at });
      await queueOutbound(tx, { id: n.id, orgId: a.org_id }, at);
    });
  },
});

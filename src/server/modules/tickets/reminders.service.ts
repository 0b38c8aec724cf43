/**
 * 进展通报: a policy's `updateEvery` (e.g. every 30 minutes for 一级 emergencies) reminds the people working on a
 * ticket to report progress, and texts the caller (texts.service.ts), once per period, until the department has replied (or the ticket is suspended,
 * closed or merged). Reminders go to the ticket's owner (who took it) and the staff of its department; a ticket
 * with neither reminds the leads.
 *
 * Exactly once per period, with any number of workers and after restarts: the period's job has the dedupe key
 * `sla.update:<ticket>:<seq>`, and its handler locks the ticket row and acts only while the ticket's
 * `update_seq` is still that period's. A chain that is restarted or stopped (classification changed, reply,
 * suspension) bumps `update_seq`, which turns every job already queued into a no-op.
 */
import { z } from 'zod';
import { addDuration, parseDuration } from '../../../shared/calendar/index.js';
import type { SlaLimits } from '../../../shared/tickets/sla-policy.js';
import { quietStates, type WorkflowDefinition } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Ticket } from '../../db/schema.js';
import { defineJob, enqueue } from '../../jobs/runner.js';
import { recordEvent } from '../events/events.repo.js';
import * as slaRepo from './sla.repo.js';
import { queueCallerText } from './texts.service.js';
import { orgCalendar, SLA_NOTIFY_ROLE, type OrgCalendar } from './sla.service.js';
import * as ticketsRepo from './tickets.repo.js';

/** The states of a workflow in which nobody owes the caller a progress report (answered, waiting, or closed), once per workflow. */
const quietOf = new WeakMap<WorkflowDefinition, Set<string>>();
function quiet(def: WorkflowDefinition, state: string): boolean {
  let q = quietOf.get(def);
  if (!q) quietOf.set(def, (q = quietStates(def)));
  return q.has(state);
}

/** A usable period: a valid duration above zero (a 0m period would remind without end). */
function period(every: string | undefined): string | null {
  if (!every) return null;
  try {
    return parseDuration(every).amount > 0 ? every : null;
  } catch {
    return null;
  }
}

const keyOf = (ticketId: string, seq: number) => `sla.update:${ticketId}:${seq}`;

/**
 * Starts, restarts or stops the reminder chain to match the ticket's state and policy. Call it in the transaction
 * that changed the ticket (created, classified, moved). An unchanged running chain is left alone.
 */
export async function syncUpdateReminders(tx: Db, ctx: Ctx, def: WorkflowDefinition, c: OrgCalendar, t: Ticket, limits: SlaLimits, now: Date): Promise<void> {
  // a ticket suspended (resume_to set) waits as 挂起 does
  const isQuiet = quiet(def, t.status) || t.resume_to !== null;
  const every = isQuiet ? null : period(limits.updateEvery);
  if (every === t.update_every && (every === null || t.next_update_at !== null)) return;
  const seq = t.update_seq + 1;
  if (!every) {
    await ticketsRepo.updateTicket(tx, ctx.orgId, t.id, { update_every: null, next_update_at: null, update_seq: seq });
    return;
  }
  const next = addDuration(c.cal, now, every).due;
  await ticketsRepo.updateTicket(tx, ctx.orgId, t.id, { update_every: every, next_update_at: next, update_seq: seq });
  await enqueue(tx, updateReminderJob, { ticketId: t.id, seq }, { orgId: ctx.orgId, runAt: next, dedupeKey: keyOf(t.id, seq) });
}

const workerActor = { id: null, name: 'sla-worker', role: 'system' as const };

async function remind(db: Db, now: Date, ticketId: string, seq: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const orgId = await ticketsRepo.orgOfTicket(tx, ticketId);
    if (!orgId) return;
    const t = await ticketsRepo.findTicket(tx, orgId, ticketId, { forUpdate: true });
    // A restarted or stopped chain, or a period another run already handled: nothing to do.
    if (!t || t.update_seq !== seq || !t.update_every || !t.next_update_at) return;
    const ctx: Ctx = { db: tx, orgId: t.org_id, actor: workerActor, now: () => now };
    const payload = { ticketId: t.id, number: t.number, title: t.title, every: t.update_every, dueAt: new Date(t.next_update_at).toISOString() };
    const members = t.department_id ? await ticketsRepo.departmentMemberIds(tx, t.org_id, t.department_id) : [];
    const to = [...new Set([...(t.created_by ? [t.created_by] : []), ...members])];
    if (to.length) for (const userId of to) await slaRepo.insertNotification(tx, { orgId: t.org_id, userId, kind: 'ticket.update_due', payload, now });
    else await slaRepo.insertNotification(tx, { orgId: t.org_id, role: SLA_NOTIFY_ROLE, kind: 'ticket.update_due', payload, now });
    await recordEvent(tx, ctx, 'ticket.update_reminder', { type: 'ticket', id: t.id }, { ...payload, seq, recipients: to.length || SLA_NOTIFY_ROLE });
    // the caller hears of it too (进展短信, the pack's callerTexts.progress), once per period as the reminder
    await queueCallerText(tx, ctx, t, 'progress', now);
    // The next period after this one that is still ahead: a worker that was down sends one reminder, not a burst.
    const { cal } = await orgCalendar(tx, t.org_id);
    let next = addDuration(cal, new Date(t.next_update_at), t.update_every).due;
    for (let i = 0; next.getTime() <= now.getTime() && i < 100_000; i++) next = addDuration(cal, next, t.update_every).due;
    await ticketsRepo.updateTicket(tx, t.org_id, t.id, { next_update_at: next, update_seq: seq + 1 });
    await enqueue(tx, updateReminderJob, { ticketId: t.id, seq: seq + 1 }, { orgId: t.org_id, runAt: next, dedupeKey: keyOf(t.id, seq + 1) });
  });
}

export const updateReminderJob = defineJob({
  name: 'sla.update',
  payload: z.object({ ticketId: z.string(), seq: z.number().int() }),
  handler: async ({ ticketId, seq }, { db, now }) => remind(db, now(), ticketId, seq),
});

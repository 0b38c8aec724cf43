/**
 * 联系记录: contacts with the caller logged on a ticket. A contact that reached the caller meets
 * the ticket's first-contact limit (首次联系) — the call-back a phone ticket promised (2 h / 24 h,
 * 1 working day …, shared/tickets/first-contact.ts); one past the limit leaves it breached, met late.
 */
import { firstContactState } from '../../../shared/tickets/first-contact.js';
import type { Ctx } from '../../context.js';
import type { TicketContact } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as repo from './contacts.repo.js';
import type { ContactDto, ContactsDto, LogContactInput } from './contacts.schema.js';
import { meetTimers } from './sla.service.js';
import { viewerOf, visibleTicket } from './tickets.service.js';
import { userNames } from './tickets.repo.js';

/** The name people see for who did it: the person's display name (李娜), not the sign-in name. */
export async function actorDisplayName(db: Ctx['db'], ctx: Ctx): Promise<string> {
  return (ctx.actor.id ? (await userNames(db, ctx.actor.id))?.display_name : undefined) ?? ctx.actor.name;
}

const toDto = (c: TicketContact): ContactDto => ({ id: String(c.id), channel: c.channel, reached: c.reached, note: c.note, actorName: c.actor_name, at: new Date(c.at).toISOString() });

export async function listTicketContacts(ctx: Ctx, ticketId: string): Promise<ContactsDto> {
  const t = await visibleTicket(ctx.db, ctx, await viewerOf(ctx), ticketId);
  const [rows, timer] = await Promise.all([repo.listContacts(ctx.db, ctx.orgId, t.id), repo.firstContactTimer(ctx.db, t.id)]);
  return {
    items: rows.map(toDto),
    firstContact: timer
      ? {
          status: timer.status,
          dueAt: new Date(timer.due_at).toISOString(),
          metAt: timer.met_at ? new Date(timer.met_at).toISOString() : null,
          ...firstContactState({ status: timer.status, dueAt: timer.due_at, metAt: timer.met_at }, t.channel, rows),
        }
      : null,
  };
}

export async function logTicketContact(ctx: Ctx, ticketId: string, input: LogContactInput): Promise<ContactsDto> {
  const v = await viewerOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const t = await visibleTicket(tx, ctx, v, ticketId, { forUpdate: true });
    const now = ctx.now();
    const row = await repo.insertContact(tx, {
      org_id: ctx.orgId,
      ticket_id: t.id,
      channel: input.channel,
      reached: input.reached,
      note: input.note || null,
      actor_id: ctx.actor.id,
      actor_name: await actorDisplayName(tx, ctx),
      at: now,
    });
    // the first contact that reached the caller keeps the promise (a breached limit records when it came)
    if (input.reached) await meetTimers(tx, t.id, ['first_contact'], now);
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'ticket.contact', entityType: 'ticket', entityId: t.id, after: toDto(row) });
    await recordEvent(tx, tctx, 'ticket.contacted', { type: 'ticket', id: t.id }, { number: t.number, channel: input.channel, reached: input.reached });
  });
  return listTicketContacts(ctx, ticketId);
}

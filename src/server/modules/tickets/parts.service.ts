/**
 * 主办/协办: a ticket's lead department is `tickets.department_id`; each co-handling department has a part
 * (`ticket_parts`) that signs in and replies on its own clock (timers carrying the part's id). A co-handling
 * department's staff see the ticket and act only on their part; the lead's 答复 waits until every part has replied
 * or run out of time. The workflow (src/shared/tickets/workflow.ts) says which steps touch parts; this module does it.
 */
import type { PartStatus, TicketFacts } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Ticket, TicketPart } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import * as slaRepo from './sla.repo.js';
import { cancelPartTimers, toTimerDto } from './sla.service.js';
import * as repo from './tickets.repo.js';
import type { TicketDetailDto } from './tickets.schema.js';
import type { Viewer } from './tickets.service.js';

export interface Acting {
  actingAs?: 'lead' | 'co';
  /** the acting co-handling department's part */
  part?: TicketPart;
}

/** Who acts on the ticket: its lead department's staff, a co-handling department's staff (with its part), or the hotline. */
export async function actingOf(db: Db, v: Viewer, t: Ticket, opts: { forUpdate?: boolean } = {}): Promise<Acting> {
  if (v.role !== 'department' || !v.department) return {};
  if (t.department_id === v.department) return { actingAs: 'lead' };
  const part = await repo.partOf(db, t.id, v.department, opts);
  return part ? { actingAs: 'co', part } : {};
}

/** The facts the workflow decides co-handling steps by. */
export async function partFacts(db: Db, t: Ticket, acting: Acting, now: Date): Promise<Pick<TicketFacts, 'actingAs' | 'part' | 'partsPending'>> {
  const working = await repo.workingParts(db, t.id, now);
  return {
    ...(acting.actingAs && { actingAs: acting.actingAs }),
    part: acting.part?.status ?? null,
    partsPending: working.filter((p) => !p.out_of_time).length,
  };
}

/** Checks the co-handling departments named with a dispatch: existing, active, not the lead, not named twice, not already working on it. */
export async function checkCoDepartments(db: Db, ctx: Ctx, t: Ticket, leadId: string | null, ids: readonly string[]) {
  if (new Set(ids).size !== ids.length) fail('TICKET_ACTION_INVALID', 'coDepartmentIds: a co-handling department is named twice');
  const out: Array<{ id: string; name: string }> = [];
  for (const id of ids) {
    const d = (await repo.findDepartment(db, ctx.orgId, id)) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
    if (!d.active) fail('TICKET_ACTION_INVALID', `department ${d.name} is inactive`);
    if (id === leadId) fail('TICKET_ACTION_INVALID', `${d.name} is the lead department (主办单位); a co-handling department (协办单位) is another one`);
    const part = await repo.partOf(db, t.id, id);
    if (part && part.status !== 'lapsed') fail('TICKET_ACTION_INVALID', `${d.name} already co-handles this ticket`);
    out.push({ id: d.id, name: d.name });
  }
  return out;
}

/** Moves the acting part to its next status (协办签收, 协办答复). */
export async function stepPart(db: Db, part: TicketPart, to: PartStatus, reply: string | null, now: Date): Promise<TicketPart> {
  return repo.updatePart(db, part.id, {
    status: to,
    ...(to === 'signed' && { signed_at: now }),
    ...(to === 'replied' && { replied_at: now, reply, ended_at: now }),
  });
}

/** Ends parts still at work: `lapsed` when the lead replied after their time ran out, `cancelled` (and replied ones too) when the hotline takes the ticket back. */
export async function endParts(db: Db, ticketId: string, as: 'lapsed' | 'cancelled', now: Date): Promise<string[]> {
  const parts = (await repo.listParts(db, ticketId)).filter((p) => p.status === 'dispatched' || p.status === 'signed' || (as === 'cancelled' && p.status === 'replied'));
  for (const p of parts) {
    await repo.updatePart(db, p.id, { status: as, ended_at: now });
    await cancelPartTimers(db, p.id, now);
  }
  return parts.map((p) => p.department_id);
}

/** Each department's part for the ticket page: the lead (the ticket itself, with its timers without a part) first. */
export async function partsDto(db: Db, t: Ticket, v: Viewer, leadName: string | null): Promise<TicketDetailDto['parts']> {
  const [parts, timers, transitions] = await Promise.all([repo.listParts(db, t.id), slaRepo.listTimers(db, t.id), repo.listTransitions(db, t.id)]);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const out: TicketDetailDto['parts'] = [];
  if (t.department_id) {
    const last = (action: string) => [...transitions].reverse().find((x) => x.action === action);
    const dispatched = [...transitions].reverse().find((x) => ['dispatch', 'reassign', 'accept_return', 'refuse_return', 'reopen_redispatch'].includes(x.action));
    // the current lead's own limits: those started since it was given the ticket
    const since = dispatched ? new Date(dispatched.at).getTime() : 0;
    const leadTimers = timers.filter((x) => !x.part_id && (x.kind === 'department_sign_in' || x.kind === 'reply') && new Date(x.started_at).getTime() >= since);
    const signed = last('sign');
    const replied = last('reply');
    out.push({
      id: null,
      role: 'lead',
      departmentId: t.department_id,
      departmentName: leadName ?? '',
      status: t.status,
      dispatchedAt: iso(dispatched?.at ?? null),
      signedAt: signed && dispatched && signed.id > dispatched.id ? iso(signed.at) : null,
      repliedAt: replied && dispatched && replied.id > dispatched.id ? iso(replied.at) : null,
      reply: replied && dispatched && replied.id > dispatched.id ? replied.reason : null,
      satisfaction: t.department_satisfaction,
      timers: leadTimers.map(toTimerDto),
      mine: v.role === 'department' && v.department === t.department_id,
    });
  }
  for (const p of parts) {
    if (p.status === 'cancelled') continue;
    out.push({
      id: p.id,
      role: 'co',
      departmentId: p.department_id,
      departmentName: p.department_name,
      status: p.status,
      dispatchedAt: iso(p.dispatched_at),
      signedAt: iso(p.signed_at),
      repliedAt: iso(p.replied_at),
      reply: p.reply,
      satisfaction: p.satisfaction,
      timers: timers.filter((x) => x.part_id === p.id).map(toTimerDto),
      mine: v.role === 'department' && v.department === p.department_id,
    });
  }
  return out;
}

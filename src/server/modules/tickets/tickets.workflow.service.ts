/**
 * Ticket transitions: `POST /api/tickets/:id/actions/:action`. The shared workflow decides whether the action may
 * be taken; this service adds what the action needs (a department, an extension, a callback result, the ticket
 * merged into), stores the new state, the transition row, the audit row, the domain event and the SLA timer
 * changes — all in one transaction.
 */
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { resolveSlaLimits, type SlaLimits } from '../../../shared/tickets/sla-policy.js';
import { applyTransition, isTerminal, RESUME, type WorkflowDefinition, type WorkflowTransition } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Ticket, TimerKind } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { isOverdue } from './sla.repo.js';
import { syncUpdateReminders } from './reminders.service.js';
import { cancelTimers, extendTimers, limitOf, meetTimers, orgCalendar, pauseTimers, resumeTimers, startTimer, type OrgCalendar } from './sla.service.js';
import * as repo from './tickets.repo.js';
import type { ActionInput, TicketDetailDto } from './tickets.schema.js';
import { activePackOrNull, getTicket, viewerOf, visibleTicket, workflowStateOf } from './tickets.service.js';

/** What each action does to the SLA timers (docs/tickets.md). Every action also meets the first-contact timer. */
const timerPlan: Record<string, { meet?: TimerKind[]; cancel?: TimerKind[]; start?: TimerKind[] }> = {
  dispatch: { meet: ['dispatch'], start: ['department_sign_in'] },
  close_on_call: { meet: ['dispatch', 'reply', 'resolution'], start: ['callback'] },
  close_on_call_archive: { meet: ['dispatch', 'reply', 'resolution'] },
  sign: { meet: ['department_sign_in'], start: ['reply'] },
  return: { cancel: ['department_sign_in', 'reply'], start: ['dispatch'] },
  reply: { meet: ['reply', 'resolution'], start: ['callback'] },
  reject_reply: { cancel: ['callback'], start: ['reply'] },
  archive: { meet: ['callback'] },
  reopen: { meet: ['callback'], start: ['reply', 'resolution'] },
  reopen_redispatch: { meet: ['callback'], start: ['department_sign_in', 'resolution'] },
};

/** What an action changes besides the workflow state. */
type Changes = Partial<Pick<Ticket, 'department_id' | 'satisfaction' | 'merged_into'>> & { extension_request?: unknown };

async function department(tx: Db, ctx: Ctx, id: string | undefined, action: string) {
  if (!id) fail('TICKET_ACTION_INVALID', `${action} needs departmentId: the department (承办单位) that handles the ticket`);
  const d = (await repo.findDepartment(tx, ctx.orgId, id)) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
  if (!d.active) fail('TICKET_ACTION_INVALID', `department ${d.name} is inactive`);
  return d;
}

/** Checks and extra changes per action, before anything is written. */
async function prepare(tx: Db, ctx: Ctx, def: WorkflowDefinition, t: Ticket, action: string, input: ActionInput): Promise<{ changes: Changes; details: Record<string, unknown> }> {
  switch (action) {
    case 'dispatch':
    case 'reopen_redispatch': {
      const d = await department(tx, ctx, input.departmentId, action);
      return { changes: { department_id: d.id, ...(action === 'reopen_redispatch' && { satisfaction: input.satisfaction ?? 'unsatisfied' }) }, details: { departmentId: d.id, department: d.name } };
    }
    case 'return':
      return { changes: { department_id: null }, details: { departmentId: t.department_id } };
    case 'request_extension': {
      if (!input.extensionDays && !input.until) fail('TICKET_ACTION_INVALID', 'request_extension needs extensionDays (working days) or until (the new due)');
      const request = { extensionDays: input.extensionDays ?? null, until: input.until ?? null, reason: input.reason ?? null, by: ctx.actor.name, at: ctx.now().toISOString() };
      return { changes: { extension_request: request }, details: request };
    }
    case 'approve_extension': {
      const req = (t.extension_request ?? {}) as { extensionDays?: number | null; until?: string | null };
      const ext = input.extensionDays || input.until ? { extensionDays: input.extensionDays, until: input.until } : { extensionDays: req.extensionDays ?? undefined, until: req.until ?? undefined };
      return { changes: {}, details: { extension: ext } };
    }
    case 'archive':
      if (t.status === 'callback') {
        if (!input.satisfaction) fail('TICKET_ACTION_INVALID', 'archive after a callback needs satisfaction: the callback result (satisfied, basically_satisfied, unsatisfied)');
        if (input.satisfaction === 'unsatisfied' && !input.reason?.trim())
          fail('TICKET_BAD_TRANSITION', 'the caller is not satisfied: reopen the ticket (reopen / reopen_redispatch), or give a reason to archive it anyway');
      }
      return { changes: input.satisfaction ? { satisfaction: input.satisfaction } : {}, details: input.satisfaction ? { satisfaction: input.satisfaction } : {} };
    case 'reopen':
      return { changes: { satisfaction: input.satisfaction ?? 'unsatisfied' }, details: { satisfaction: input.satisfaction ?? 'unsatisfied' } };
    case 'merge': {
      if (!input.intoTicketId) fail('TICKET_ACTION_INVALID', 'merge needs intoTicketId: the ticket this one duplicates');
      if (input.intoTicketId === t.id) fail('TICKET_ACTION_INVALID', 'a ticket cannot be merged into itself');
      const into = (await repo.findTicket(tx, ctx.orgId, input.intoTicketId)) ?? fail('TICKET_NOT_FOUND', `no ticket with id ${input.intoTicketId}`);
      if (isTerminal(def, into.status)) fail('TICKET_ACTION_INVALID', `ticket ${into.number} is ${into.status}; merge into an open ticket`);
      return { changes: { merged_into: into.id }, details: { intoTicketId: into.id, intoNumber: into.number } };
    }
    default:
      return { changes: {}, details: {} };
  }
}

/**
 * 合并: the surviving ticket takes the duplicate's call ids and tags (so its history answers "who else called about
 * this"), with a `merge_in` transition, its audit row and event on the survivor.
 */
async function absorbDuplicate(tx: Db, ctx: Ctx, intoId: string, dup: Ticket, reason: string | null): Promise<void> {
  const into = (await repo.findTicket(tx, ctx.orgId, intoId, { forUpdate: true })) ?? fail('TICKET_NOT_FOUND', `no ticket with id ${intoId}`);
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  const callIds = union(into.call_ids ?? [], dup.call_ids ?? []);
  const tags = union(into.tags ?? [], dup.tags ?? []).slice(0, 30);
  const now = ctx.now();
  const after = await repo.updateTicket(tx, ctx.orgId, into.id, { call_ids: callIds, tags, updated_at: now });
  const details = { fromTicketId: dup.id, fromNumber: dup.number, addedCallIds: callIds.filter((c) => !(into.call_ids ?? []).includes(c)), addedTags: tags.filter((x) => !(into.tags ?? []).includes(x)) };
  await repo.insertTransition(tx, { orgId: ctx.orgId, ticketId: into.id, action: 'merge_in', from: into.status, to: into.status, reason, details, actorId: ctx.actor.id, actorName: ctx.actor.name, at: now });
  await recordAudit(tx, ctx, { action: 'ticket.merge_in', entityType: 'ticket', entityId: into.id, before: { callIds: into.call_ids, tags: into.tags }, after: { callIds: after.call_ids, tags: after.tags, from: dup.number } });
  await recordEvent(tx, ctx, 'ticket.updated', { type: 'ticket', id: into.id }, { fields: ['callIds', 'tags'], mergedFrom: dup.id });
}

async function applyTimers(tx: Db, ctx: Ctx, def: WorkflowDefinition, transition: WorkflowTransition, cal: OrgCalendar, limits: SlaLimits, after: Ticket, details: Record<string, unknown>) {
  const action = transition.action;
  const now = ctx.now();
  await meetTimers(tx, after.id, ['first_contact'], now);
  if (isTerminal(def, after.status)) {
    const plan = timerPlan[action];
    if (plan?.meet) await meetTimers(tx, after.id, plan.meet, now);
    await cancelTimers(tx, after.id, 'all', now);
    return;
  }
  // by what the action does, so that a pack's own actions that suspend and resume stop the clock too
  if (transition.effect === 'suspend') return pauseTimers(tx, after.id, now);
  if (transition.to === RESUME) return resumeTimers(tx, cal, after.id, now);
  if (transition.effect === 'extension_approve') {
    details.moved = await extendTimers(tx, cal, after.id, details.extension as { extensionDays?: number; until?: string }, now);
    return;
  }
  const plan = timerPlan[action];
  if (!plan) return;
  if (plan.meet) await meetTimers(tx, after.id, plan.meet, now);
  if (plan.cancel) await cancelTimers(tx, after.id, plan.cancel, now);
  for (const kind of plan.start ?? []) await startTimer(tx, ctx, cal, after.id, kind, limits[limitOf[kind]], now);
}

export async function act(ctx: Ctx, id: string, action: string, input: ActionInput): Promise<TicketDetailDto> {
  await ctx.db.transaction().execute((tx) => actTx(tx, ctx, id, action, input));
  return getTicket(ctx, id, { afterAction: true });
}

/** Takes a workflow action inside the caller's transaction (the workbench's wrap-up closes a ticket on the call this way). */
export async function actTx(tx: Db, ctx: Ctx, id: string, action: string, input: ActionInput): Promise<void> {
  if (ctx.actor.role === 'system') fail('FORBIDDEN', 'the system does not take ticket actions through this path');
  const role = ctx.actor.role;
  const tctx: Ctx = { ...ctx, db: tx };
  const viewer = await viewerOf(tctx);
  const before = await visibleTicket(tx, ctx, viewer, id, { forUpdate: true });
  const now = ctx.now();
  const pack = await activePackOrNull(tx, ctx.orgId);
  const def = ticketWorkflow(pack);
  const facts = { overdue: await isOverdue(tx, before.id, now), complained: before.complained };
  const r = applyTransition(def, workflowStateOf(before), action, role, input.reason, facts);
  if (!r.ok) fail(r.error.code, r.error.message);
  const { changes, details } = await prepare(tx, ctx, def, before, action, input);
  const next = r.next;
  const after = await repo.updateTicket(tx, ctx.orgId, before.id, {
    ...(changes.department_id !== undefined && { department_id: changes.department_id }),
    ...(changes.satisfaction !== undefined && { satisfaction: changes.satisfaction }),
    ...(changes.merged_into !== undefined && { merged_into: changes.merged_into }),
    ...(changes.extension_request !== undefined && { extension_request: JSON.stringify(changes.extension_request) }),
    status: next.state,
    resume_to: next.resumeTo ?? null,
    extension: next.extension,
    supervised: next.supervised,
    closed_at: isTerminal(def, next.state) ? now : null,
    updated_at: now,
  });
  const limits = pack ? resolveSlaLimits(pack, after.category, after.sub_category, after.priority) : {};
  const cal = await orgCalendar(tx, ctx.orgId);
  await applyTimers(tx, tctx, def, r.transition, cal, limits, after, details);
  await syncUpdateReminders(tx, tctx, cal, after, limits, now);
  const reason = input.reason?.trim() || null;
  if (action === 'merge' && after.merged_into) await absorbDuplicate(tx, tctx, after.merged_into, after, reason);
  await repo.insertTransition(tx, { orgId: ctx.orgId, ticketId: after.id, action, from: before.status, to: after.status, reason, details, actorId: ctx.actor.id, actorName: ctx.actor.name, at: now });
  await recordAudit(tx, tctx, { action: `ticket.${action}`, entityType: 'ticket', entityId: after.id, before, after: { ...after, reason } });
  await recordEvent(tx, tctx, 'ticket.transitioned', { type: 'ticket', id: after.id }, { action, from: before.status, to: after.status, number: after.number, reason, ...details });
}

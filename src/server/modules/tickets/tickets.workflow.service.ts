/**
 * Ticket transitions: `POST /api/tickets/:id/actions/:action`. The shared workflow decides whether the action may
 * be taken and declares what it needs and does (a department, co-handling departments, the callback result, the
 * time limits it meets, cancels and starts, a notice to the department); this service checks the inputs, stores the
 * new state, the parts, the transition row, the audit row, the domain event and the SLA timer changes — all in one
 * transaction.
 */
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { resolveSlaLimits, type SlaLimits } from '../../../shared/tickets/sla-policy.js';
import { applyTransition, isTerminal, RESUME, returnSteps, satisfactionRequired, STAY, type WorkflowDefinition, type WorkflowTransition } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { toJsonb } from '../../db/jsonb.js';
import type { Ticket } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { actingOf, checkCoDepartments, endParts, partFacts, stepPart, type Acting } from './parts.service.js';
import * as slaRepo from './sla.repo.js';
import { isOverdue } from './sla.repo.js';
import { syncUpdateReminders } from './reminders.service.js';
import { queueCallerText } from './texts.service.js';
import { cancelTimers, extendTimers, limitOf, meetTimers, orgCalendar, pauseTimers, resumeTimers, startTimer, type OrgCalendar } from './sla.service.js';
import * as repo from './tickets.repo.js';
import type { ActionInput, TicketDetailDto } from './tickets.schema.js';
import { activePackOrNull, getTicket, viewerOf, visibleTicket, workflowStateOf } from './tickets.service.js';

/** What an action changes besides the workflow state. */
type Changes = Partial<Pick<Ticket, 'department_id' | 'satisfaction' | 'merged_into' | 'department_satisfaction'>> & { extension_request?: repo.ExtensionRequest };
interface Prepared {
  changes: Changes;
  details: Record<string, unknown>;
  coDepartments: Array<{ id: string; name: string }>;
  partSatisfaction: Array<{ partId: string; satisfaction: Satisfaction }>;
  notify: { departmentId: string; name: string } | null;
}
type Satisfaction = NonNullable<Ticket['satisfaction']>;

async function department(tx: Db, ctx: Ctx, id: string | undefined, action: string) {
  if (!id) fail('TICKET_ACTION_INVALID', `${action} needs departmentId: the department (承办单位) that handles the ticket`);
  const d = (await repo.findDepartment(tx, ctx.orgId, id)) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
  if (!d.active) fail('TICKET_ACTION_INVALID', `department ${d.name} is inactive`);
  return d;
}

/**
 * Checks and extra changes, before anything is written — by what the transition declares (its department effect,
 * co-handling departments, satisfaction, notice), plus the actions with inputs of their own (延期, 合并).
 */
async function prepare(tx: Db, ctx: Ctx, def: WorkflowDefinition, t: repo.TicketRow, tr: WorkflowTransition, input: ActionInput, acting: Acting): Promise<Prepared> {
  const action = tr.action;
  const changes: Changes = {};
  const details: Record<string, unknown> = {};
  const out: Prepared = { changes, details, coDepartments: [], partSatisfaction: [], notify: null };
  // 退单: where a department's return leaves a ticket, and the actions that do it, as the workflow declares them
  const returns = returnSteps(def);
  switch (tr.department) {
    case 'assign':
    case 'reassign': {
      const d = await department(tx, ctx, input.departmentId, action);
      // 改派 away from the department working on it, or from the one that returned it (同意退单)
      const from = tr.department === 'reassign' ? (returns.states.includes(t.status) ? ((await repo.lastReturn(tx, t.id, returns.actions))?.departmentId ?? null) : t.department_id) : null;
      if (tr.department === 'reassign' && d.id === (from ?? t.department_id)) fail('TICKET_ACTION_INVALID', `${action}: choose another department than ${d.name}`);
      if (await repo.partOf(tx, t.id, d.id).then((p) => p && p.status !== 'lapsed')) fail('TICKET_ACTION_INVALID', `${d.name} co-handles this ticket; choose another lead department`);
      changes.department_id = d.id;
      Object.assign(details, { departmentId: d.id, department: d.name }, from && { fromDepartmentId: from, aboutDepartmentId: from });
      break;
    }
    case 'clear':
      changes.department_id = null;
      Object.assign(details, { departmentId: t.department_id, aboutDepartmentId: t.department_id });
      break;
    case 'restore': {
      const last = await repo.lastReturn(tx, t.id, returns.actions);
      if (!last?.departmentId) fail('TICKET_BAD_TRANSITION', `${action}: no department returned this ticket`);
      const d = await department(tx, ctx, last.departmentId, action);
      changes.department_id = d.id;
      Object.assign(details, { departmentId: d.id, department: d.name, aboutDepartmentId: d.id, returnReason: last.reason });
      break;
    }
    case undefined:
      break;
  }
  if (input.coDepartmentIds?.length) {
    if (!tr.coDepartments) fail('TICKET_ACTION_INVALID', `${action} does not take co-handling departments (coDepartmentIds)`);
    out.coDepartments = await checkCoDepartments(tx, ctx, t, changes.department_id ?? t.department_id, input.coDepartmentIds);
    details.coDepartments = out.coDepartments;
  }
  if (tr.notify === 'department') {
    const target = input.departmentId ?? t.department_id;
    if (!target) fail('TICKET_BAD_TRANSITION', `${action}: no department is working on this ticket`);
    const d = (await repo.findDepartment(tx, ctx.orgId, target)) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${target}`);
    const part = target === t.department_id ? null : await repo.partOf(tx, t.id, target);
    if (target !== t.department_id && !(part && (part.status === 'dispatched' || part.status === 'signed'))) fail('TICKET_ACTION_INVALID', `${action}: ${d.name} is not working on this ticket`);
    out.notify = { departmentId: d.id, name: d.name };
    Object.assign(details, { departmentId: d.id, department: d.name, aboutDepartmentId: d.id, ...(part && { partId: part.id }) });
  }
  if (tr.part && acting.part) {
    const d = await repo.findDepartment(tx, ctx.orgId, acting.part.department_id);
    Object.assign(details, { partId: acting.part.id, departmentId: acting.part.department_id, department: d?.name ?? null, aboutDepartmentId: acting.part.department_id });
  }
  // 评价: the callback result, and the caller's satisfaction with each department where given
  if (tr.satisfaction) {
    if (satisfactionRequired(tr, t.status) && !input.satisfaction)
      fail('TICKET_ACTION_INVALID', `${action} needs satisfaction: the callback result (satisfied, basically_satisfied, unsatisfied)`);
    if (satisfactionRequired(tr, t.status) && input.satisfaction === 'unsatisfied' && tr.to !== STAY && isTerminal(def, tr.to) && !input.reason?.trim())
      fail('TICKET_BAD_TRANSITION', 'the caller is not satisfied: reopen the ticket (reopen / reopen_redispatch), or give a reason to archive it anyway');
    const value = input.satisfaction ?? tr.satisfaction.default;
    if (value) changes.satisfaction = details.satisfaction = value;
    if (input.departmentSatisfaction?.length) {
      const parts = await repo.listParts(tx, t.id);
      const seen = new Set<string>();
      for (const r of input.departmentSatisfaction) {
        if (seen.has(r.departmentId)) fail('TICKET_ACTION_INVALID', 'departmentSatisfaction: a department is rated twice');
        seen.add(r.departmentId);
        const part = parts.find((p) => p.department_id === r.departmentId && p.status !== 'cancelled');
        if (r.departmentId === t.department_id) changes.department_satisfaction = r.satisfaction;
        else if (part) out.partSatisfaction.push({ partId: part.id, satisfaction: r.satisfaction });
        else fail('TICKET_ACTION_INVALID', `departmentSatisfaction: department ${r.departmentId} did not handle this ticket`);
      }
      details.departmentSatisfaction = input.departmentSatisfaction;
    }
  } else if (input.departmentSatisfaction?.length) fail('TICKET_ACTION_INVALID', `${action} does not take the caller’s satisfaction`);
  if (tr.effect === 'extension_request') {
    if (!input.extensionDays && !input.until) fail('TICKET_ACTION_INVALID', `${action} needs extensionDays (working days) or until (the new due)`);
    const request = { extensionDays: input.extensionDays ?? null, until: input.until ?? null, reason: input.reason ?? null, by: ctx.actor.name, at: ctx.now().toISOString() };
    changes.extension_request = request;
    Object.assign(details, request);
    // the department asking (the lead one: co-handling departments act on their own parts only); reports credit an
    // approved extension to it, even after the ticket is reassigned (reports.repo ticketTransitionFlags)
    if (t.department_id && details.departmentId === undefined) {
      const d = await repo.findDepartment(tx, ctx.orgId, t.department_id);
      Object.assign(details, { departmentId: t.department_id, department: d?.name ?? null, aboutDepartmentId: t.department_id });
    }
  }
  if (tr.effect === 'extension_approve') {
    const req = t.extension_request ?? {};
    details.extension = input.extensionDays || input.until ? { extensionDays: input.extensionDays, until: input.until } : { extensionDays: req.extensionDays ?? undefined, until: req.until ?? undefined };
  }
  if (action === 'merge') {
    if (!input.intoTicketId) fail('TICKET_ACTION_INVALID', 'merge needs intoTicketId: the ticket this one duplicates');
    if (input.intoTicketId === t.id) fail('TICKET_ACTION_INVALID', 'a ticket cannot be merged into itself');
    const into = (await repo.findTicket(tx, ctx.orgId, input.intoTicketId)) ?? fail('TICKET_NOT_FOUND', `no ticket with id ${input.intoTicketId}`);
    if (isTerminal(def, into.status)) fail('TICKET_ACTION_INVALID', `ticket ${into.number} is ${into.status}; merge into an open ticket`);
    changes.merged_into = into.id;
    Object.assign(details, { intoTicketId: into.id, intoNumber: into.number });
  }
  return out;
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

/** The time limits the transition declares: on the acting co-handling part for a part step, else on the ticket and its lead. */
async function applyTimers(tx: Db, ctx: Ctx, def: WorkflowDefinition, transition: WorkflowTransition, cal: OrgCalendar, limits: SlaLimits, after: Ticket, details: Record<string, unknown>, partId: string | null) {
  const now = ctx.now();
  const plan = transition.timers;
  // handling a ticket from the web or a letter is its first contact; a phone ticket's promised call-back is met
  // only by a logged contact (contacts.service.ts) or by resolving it on the call (the action's timers.meet)
  if (after.channel !== 'phone') await meetTimers(tx, after.id, ['first_contact'], now);
  if (isTerminal(def, after.status)) {
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
  if (!plan) return;
  if (plan.meet) await meetTimers(tx, after.id, plan.meet, now, partId);
  if (plan.cancel) await cancelTimers(tx, after.id, plan.cancel, now, partId);
  for (const kind of plan.start ?? []) await startTimer(tx, ctx, cal, after.id, kind, limits[limitOf[kind]], now, partId);
}

/** 催办: each active staff member of the department gets a reminder. */
async function notifyDepartment(tx: Db, ctx: Ctx, t: Ticket, to: { departmentId: string; name: string }, action: string, reason: string | null, now: Date): Promise<number> {
  const staff = await repo.departmentMemberIds(tx, ctx.orgId, to.departmentId);
  const payload = { ticketId: t.id, number: t.number, title: t.title, action, reason, by: ctx.actor.name, departmentId: to.departmentId, department: to.name };
  for (const userId of staff) await slaRepo.insertNotification(tx, { orgId: ctx.orgId, userId, kind: `ticket.${action}`, payload, now });
  return staff.length;
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
  const acting = await actingOf(tx, viewer, before, { forUpdate: true });
  const seeingBefore = await departmentsSeeing(tx, before);
  const facts = { overdue: await isOverdue(tx, before.id, now), complained: before.complained, ...(await partFacts(tx, before, acting, now)) };
  const r = applyTransition(def, workflowStateOf(before), action, role, input.reason, facts);
  if (!r.ok) fail(r.error.code, r.error.message);
  const tr = r.transition;
  const prepared = await prepare(tx, ctx, def, before, tr, input, acting);
  const { changes, details } = prepared;
  const next = r.next;
  const after = await repo.updateTicket(tx, ctx.orgId, before.id, {
    ...(changes.department_id !== undefined && { department_id: changes.department_id }),
    ...(changes.satisfaction !== undefined && { satisfaction: changes.satisfaction }),
    ...(changes.department_satisfaction !== undefined && { department_satisfaction: changes.department_satisfaction }),
    ...(changes.merged_into !== undefined && { merged_into: changes.merged_into }),
    ...(changes.extension_request !== undefined && { extension_request: toJsonb(repo.extensionRequestColumn, changes.extension_request) }),
    status: next.state,
    resume_to: next.resumeTo ?? null,
    extension: next.extension,
    supervised: next.supervised,
    closed_at: isTerminal(def, next.state) ? now : null,
    updated_at: now,
  });
  const limits = pack ? resolveSlaLimits(pack, after.category, after.sub_category, after.priority) : {};
  const cal = await orgCalendar(tx, ctx.orgId);
  const reason = input.reason?.trim() || null;
  // co-handling parts: a part's own step, the lead's reply ending parts out of time, 收回 ending them all, new ones
  let partId: string | null = null;
  if (tr.part && acting.part) partId = (await stepPart(tx, acting.part, tr.part.to, reason, now)).id;
  if (tr.waitsForParts) {
    const lapsed = await endParts(tx, after.id, 'lapsed', now);
    if (lapsed.length) details.lapsedDepartmentIds = lapsed;
  }
  if (tr.cancelParts) {
    const cancelled = await endParts(tx, after.id, 'cancelled', now);
    if (cancelled.length) details.cancelledDepartmentIds = cancelled;
  }
  await applyTimers(tx, tctx, def, tr, cal, limits, after, details, partId);
  for (const d of prepared.coDepartments) {
    const part = await repo.insertPart(tx, { orgId: ctx.orgId, ticketId: after.id, departmentId: d.id, now });
    await startTimer(tx, tctx, cal, after.id, 'department_sign_in', limits.departmentSignIn, now, part.id);
  }
  for (const p of prepared.partSatisfaction) await repo.updatePart(tx, p.partId, { satisfaction: p.satisfaction });
  if (prepared.notify) details.notified = await notifyDepartment(tx, tctx, after, prepared.notify, action, reason, now);
  await syncUpdateReminders(tx, tctx, def, cal, after, limits, now);
  // 办结短信: the action that meets the resolution limit tells the caller (the pack's callerTexts.reply)
  if (tr.timers?.meet?.includes('resolution')) await queueCallerText(tx, tctx, after, 'reply', now, pack);
  if (action === 'merge' && after.merged_into) await absorbDuplicate(tx, tctx, after.merged_into, after, reason);
  await repo.insertTransition(tx, { orgId: ctx.orgId, ticketId: after.id, action, from: before.status, to: after.status, reason, details, actorId: ctx.actor.id, actorName: ctx.actor.name, at: now });
  await recordAudit(tx, tctx, { action: `ticket.${action}`, entityType: 'ticket', entityId: after.id, before, after: { ...after, reason, ...(Object.keys(details).length > 0 && { details }) } });
  // 改派, 收回, 退单 …: the departments this very step took the ticket from, so that their open pages are told it left
  // them (src/server/ws/hub.ts) although they may no longer see it when the change is sent
  const seeingAfter = await departmentsSeeing(tx, after);
  const leftDepartmentIds = seeingBefore.filter((d) => !seeingAfter.includes(d));
  await recordEvent(tx, tctx, 'ticket.transitioned', { type: 'ticket', id: after.id }, { action, from: before.status, to: after.status, number: after.number, reason, ...details, ...(leftDepartmentIds.length > 0 && { leftDepartmentIds }) });
}

/** The departments whose staff see a ticket by tickets.service canSee: the lead, and each co-handler whose part is not cancelled. */
async function departmentsSeeing(tx: Db, t: Ticket): Promise<string[]> {
  const parts = (await repo.listParts(tx, t.id)).filter((p) => p.status !== 'cancelled').map((p) => p.department_id);
  return [...new Set([...(t.department_id ? [t.department_id] : []), ...parts])];
}

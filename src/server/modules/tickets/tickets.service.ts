/** Tickets (工单): create, read, list and change the fields. Transitions are in tickets.workflow.service.ts. */
import { formatInstant } from '../../../shared/calendar/index.js';
import { rolesSeeingPersonalData, type Role } from '../../../shared/roles.js';
import { isComplaintCategory, type Category, type Pack } from '../../../shared/standards/schema.js';
import { maskName, maskPhone } from '../../../shared/tickets/mask.js';
import { firstContactOnTheCall } from '../../../shared/tickets/first-contact.js';
import { resolveSlaLimits } from '../../../shared/tickets/sla-policy.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { availableActions, initialTicketState, inWorkflowOrder, returnSteps, type TicketWorkflowState } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { toJsonb } from '../../db/jsonb.js';
import type { Ticket } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { recheckCallsOfTicket } from '../qa/qa.service.js';
import { activePackCached } from '../standards/active-pack.js';
import { replanArrival, startArrivalClock } from './arrival.service.js';
import { suggestedDepartment } from './catalogue.service.js';
import { actingOf, partFacts, partsDto } from './parts.service.js';
import * as slaRepo from './sla.repo.js';
import { syncUpdateReminders } from './reminders.service.js';
import { queueCallerText } from './texts.service.js';
import { limitOf, meetTimers, orgCalendar, replanTimers, startTimer, toTimerDto, type Replanned } from './sla.service.js';
import * as repo from './tickets.repo.js';
import type { CreateTicketInput, ListTicketsQuery, TicketDetailDto, TicketDto, UpdateTicketInput } from './tickets.schema.js';

/** The active pack, or null when none is (reading a ticket does not need one). */
export const activePackOrNull = async (db: Db, orgId: string): Promise<Pack | null> => (await activePackCached(db, orgId))?.pack ?? null;

export async function activePack(db: Db, orgId: string): Promise<Pack> {
  return (await activePackOrNull(db, orgId)) ?? fail('STANDARD_NOT_ACTIVE', 'no standard pack is active: tickets take their categories, priorities and time limits from it');
}

export const workflowStateOf = (t: Ticket): TicketWorkflowState => ({ state: t.status, resumeTo: t.resume_to, extension: t.extension, supervised: t.supervised });

/** Who may see what: department staff only their department's tickets; masked personal data for some roles. */
export interface Viewer {
  role: Role | 'system';
  /** department staff: their department (null if they have none: they see no ticket) */
  department?: string | null;
}

export async function viewerOf(ctx: Ctx): Promise<Viewer> {
  if (ctx.actor.role !== 'department') return { role: ctx.actor.role };
  return { role: 'department', department: await repo.departmentOfUser(ctx.db, ctx.orgId, ctx.actor.id) };
}

/** Department staff see the tickets their department leads or co-handles (协办, a part not cancelled). */
export async function canSee(db: Db, v: Viewer, t: Ticket): Promise<boolean> {
  if (v.role !== 'department') return true;
  if (v.department == null) return false;
  return t.department_id === v.department || (await repo.partOf(db, t.id, v.department)) !== undefined;
}

/** The ticket for this viewer, or 404 — a department never learns that another department's ticket exists. */
export async function visibleTicket(db: Db, ctx: Ctx, v: Viewer, id: string, opts: { forUpdate?: boolean } = {}): Promise<repo.TicketRow> {
  const t = await repo.findTicket(db, ctx.orgId, id, opts);
  if (!t || !(await canSee(db, v, t))) fail('TICKET_NOT_FOUND', `no ticket with id ${id}`);
  return t;
}

const seesPersonalData = (v: Viewer) => v.role === 'system' || rolesSeeingPersonalData.includes(v.role);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toTicketDto(
  t: repo.TicketRow,
  v: Viewer,
  extras: { department_name: string | null; overdue: boolean; next_due_at: Date | string | null; overdue_since: Date | string | null },
): TicketDto {
  const open = seesPersonalData(v);
  const fields = t.fields;
  return {
    id: t.id,
    number: t.number,
    channel: t.channel,
    callerName: open ? t.caller_name : maskName(t.caller_name),
    callerPhone: open ? t.caller_phone : maskPhone(t.caller_phone),
    category: t.category,
    subCategory: t.sub_category,
    priority: t.priority,
    title: t.title,
    description: t.description,
    address: t.address,
    fields,
    departmentId: t.department_id,
    departmentName: extras.department_name,
    status: t.status,
    resumeTo: t.resume_to,
    extension: t.extension,
    extensionRequest: t.extension_request ?? null,
    supervised: t.supervised,
    complained: t.complained,
    satisfaction: t.satisfaction,
    tags: t.tags ?? [],
    callIds: t.call_ids ?? [],
    mergedInto: t.merged_into,
    createdBy: t.created_by,
    createdAt: new Date(t.created_at).toISOString(),
    updatedAt: new Date(t.updated_at).toISOString(),
    closedAt: iso(t.closed_at),
    nextDueAt: iso(extras.next_due_at),
    overdue: Boolean(extras.overdue),
    overdueSince: iso(extras.overdue_since),
    updateEvery: t.update_every,
    nextUpdateAt: iso(t.next_update_at),
    textsOptOut: t.texts_opt_out,
  };
}

/** The value of a pack ticket field on a ticket: some fields are columns, the others live in `fields`. */
function fieldValue(input: { callerName?: string | null | undefined; callerPhone?: string | null | undefined; address?: string | null | undefined; description?: string | undefined; fields?: Record<string, unknown> | undefined }, id: string): unknown {
  switch (id) {
    case 'caller-name':
    case 'customer-name':
      return input.callerName;
    case 'contact-phone':
      return input.callerPhone;
    case 'address':
      return input.address;
    case 'description':
      return input.description;
    default:
      return input.fields?.[id];
  }
}

interface Classification {
  category: Category;
  subCategory: string | null;
  priority: string;
}

/** Checks category, sub-category, priority and the required fields against the pack; lists every problem. */
function classify(pack: Pack, input: Parameters<typeof fieldValue>[0] & { category: string; subCategory?: string | null | undefined; priority?: string | undefined }): Classification {
  const problems: string[] = [];
  const category = pack.categories.find((c) => c.id === input.category);
  if (!category) fail('TICKET_INVALID', `unknown category "${input.category}": use one of ${pack.categories.map((c) => `${c.id} (${c.name})`).join(', ')}`, { problems: ['category'] });
  const sub = input.subCategory ? category.subCategories.find((s) => s.id === input.subCategory) : undefined;
  if (input.subCategory && !sub)
    problems.push(`subCategory: "${input.subCategory}" is not a sub-category of ${category.id}${category.subCategories.length ? ` (use ${category.subCategories.map((s) => s.id).join(', ')})` : ''}`);
  const priority = input.priority ?? sub?.defaultPriority ?? category.defaultPriority;
  if (!pack.priorities.some((p) => p.id === priority)) problems.push(`priority: unknown priority "${priority}" (use ${pack.priorities.map((p) => p.id).join(', ')})`);
  const names = new Map(pack.ticketFields.map((f) => [f.id, f.name]));
  for (const id of [...category.requiredFields, ...(sub?.requiredFields ?? [])]) {
    const v = fieldValue(input, id);
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) problems.push(`${id}: ${names.get(id) ?? id} is required for ${category.name}`);
  }
  // a choice is one of its options: a 区域类型 the pack does not know would give the repair no arrival limit at all
  for (const f of pack.ticketFields) {
    const v = input.fields?.[f.id];
    if (f.type === 'choice' && f.options?.length && v !== undefined && v !== null && v !== '' && !f.options.includes(String(v))) problems.push(`${f.id}: "${String(v)}" is not one of ${f.name}'s options (${f.options.join(', ')})`);
  }
  if (problems.length) fail('TICKET_INVALID', `the ticket is incomplete: ${problems.join('; ')}`, { problems });
  return { category, subCategory: sub?.id ?? null, priority };
}

export async function createTicket(ctx: Ctx, input: CreateTicketInput): Promise<TicketDetailDto> {
  const id = await ctx.db.transaction().execute((tx) => createTicketTx(tx, ctx, input));
  return getTicket(ctx, id);
}

/**
 * Takes a ticket inside the caller's transaction (the workbench's wrap-up creates one with the call's
 * other records): checks it against the active pack, stores it, starts its time limits, audits and
 * records the event. Returns the ticket's id; a problem throws before anything is written.
 */
export async function createTicketTx(tx: Db, ctx: Ctx, input: CreateTicketInput, opts: { resolvedOnTheCall?: boolean } = {}): Promise<string> {
  const pack = await activePack(tx, ctx.orgId);
  const c = classify(pack, input);
  const now = ctx.now();
  const tctx = { ...ctx, db: tx };
  const cal = await orgCalendar(tx, ctx.orgId);
  const number = await repo.allocateNumber(tx, ctx.orgId, formatInstant(now, cal.cal.timeZone).slice(0, 10).replace(/-/g, ''));
  const title = input.title || input.description.slice(0, 40) || `${c.category.name}`;
  const ticket = await repo.insertTicket(tx, {
    org_id: ctx.orgId,
    number,
    channel: input.channel,
    caller_name: input.callerName ?? null,
    caller_phone: input.callerPhone ?? null,
    category: c.category.id,
    sub_category: c.subCategory,
    priority: c.priority,
    title,
    description: input.description,
    address: input.address ?? null,
    fields: toJsonb(repo.ticketFieldsColumn, input.fields),
    department_id: null,
    status: initialTicketState(ticketWorkflow(pack)).state,
    resume_to: null,
    extension_request: null,
    complained: input.complained || isComplaintCategory(c.category),
    texts_opt_out: input.textsOptOut ?? false,
    satisfaction: null,
    tags: input.tags,
    call_ids: input.callIds,
    merged_into: null,
    created_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  });
  const limits = resolveSlaLimits(pack, ticket.category, ticket.sub_category, ticket.priority);
  await startTimer(tx, tctx, cal, ticket.id, 'first_contact', limits.firstContact, now);
  // The caller is on the line (or at the counter): a first contact due at once (0m) happens as the ticket is
  // taken. A longer limit promises a contact after the call (seed 003: 2 h / 24 h; 95598: 1 working day): it
  // runs until someone logs a contact that reached the caller (contacts.service.ts, shared/tickets/first-contact.ts).
  if ((input.channel === 'phone' || input.channel === 'visit') && firstContactOnTheCall(limits.firstContact)) await meetTimers(tx, ticket.id, ['first_contact'], now);
  await startTimer(tx, tctx, cal, ticket.id, 'dispatch', limits.dispatch, now);
  await startTimer(tx, tctx, cal, ticket.id, 'resolution', limits.resolution, now);
  // 到达现场 (95598): the repair crew's limit by the ticket's 区域类型, when the pack times it
  await startArrivalClock(tx, tctx, cal, pack, ticket, now);
  await syncUpdateReminders(tx, tctx, ticketWorkflow(pack), cal, ticket, limits, now);
  // 受理短信: the number and the deadline just planned (the pack's callerTexts.acceptance); a ticket resolved on the
  // call it was taken on gets the 办结 text only, which names the number too
  if (!opts.resolvedOnTheCall) await queueCallerText(tx, tctx, ticket, 'acceptance', now, pack);
  await recordAudit(tx, tctx, { action: 'ticket.create', entityType: 'ticket', entityId: ticket.id, after: ticket });
  await recordEvent(tx, tctx, 'ticket.created', { type: 'ticket', id: ticket.id }, { number, category: ticket.category, priority: ticket.priority, channel: ticket.channel });
  // the calls' QA checks ran before this ticket existed: a request is registered now
  if (input.callIds?.length) await recheckCallsOfTicket(tx, ctx.orgId, input.callIds);
  return ticket.id;
}

/** `afterAction`: the caller just acted on it, and sees the result even if the action took it out of their view (退单). */
export async function getTicket(ctx: Ctx, id: string, opts: { afterAction?: boolean } = {}): Promise<TicketDetailDto> {
  const v = await viewerOf(ctx);
  const t = opts.afterAction ? ((await repo.findTicket(ctx.db, ctx.orgId, id)) ?? fail('TICKET_NOT_FOUND', `no ticket with id ${id}`)) : await visibleTicket(ctx.db, ctx, v, id);
  const now = ctx.now();
  const [extras, transitions, timers, pack, creator, calls] = await Promise.all([
    repo.ticketExtras(ctx.db, t.id, now),
    repo.listTransitions(ctx.db, t.id),
    slaRepo.listTimers(ctx.db, t.id),
    activePackOrNull(ctx.db, ctx.orgId),
    t.created_by ? repo.userNames(ctx.db, t.created_by) : undefined,
    repo.linkedCalls(ctx.db, ctx.orgId, t.call_ids ?? []),
  ]);
  const acting = await actingOf(ctx.db, v, t);
  const facts = { overdue: Boolean(extras.overdue), complained: t.complained, ...(await partFacts(ctx.db, t, acting, now)) };
  const returns = returnSteps(ticketWorkflow(pack));
  const [parts, returned] = await Promise.all([partsDto(ctx.db, t, v, extras.department_name), returns.states.includes(t.status) ? repo.lastReturn(ctx.db, t.id, returns.actions) : undefined]);
  const suggested = pack ? await suggestedDepartment(ctx.db, ctx.orgId, pack, t) : null;
  const actions =
    ctx.actor.role === 'system'
      ? []
      : availableActions(ticketWorkflow(pack), workflowStateOf(t), ctx.actor.role, facts).map((a) => ({
          ...a,
          labels: { ...a.labels },
          suggestedDepartmentId: a.department ? suggested : null,
        }));
  const returnedBy = returned?.departmentId ? { departmentId: returned.departmentId, departmentName: (await repo.findDepartment(ctx.db, ctx.orgId, returned.departmentId))?.name ?? null, reason: returned.reason } : null;
  return {
    ...toTicketDto(t, v, extras),
    created: {
      state: transitions[0]?.from_state ?? t.status,
      actor: creator?.username ?? null,
      actorName: creator?.display_name ?? null,
      at: new Date(t.created_at).toISOString(),
    },
    linkedCalls: (t.call_ids ?? []).flatMap((callId) => {
      const c = calls.find((x) => x.id === callId);
      return c ? [{ id: c.id, ringingAt: c.ringing_at ? new Date(c.ringing_at).toISOString() : null }] : [];
    }),
    transitions: transitions.map((r) => ({
      id: String(r.id),
      action: r.action,
      from: r.from_state,
      to: r.to_state,
      reason: r.reason,
      details: r.details,
      actor: r.actor_name,
      actorName: r.actor_id ? (r.actor_display_name ?? r.actor_name) : null,
      at: new Date(r.at).toISOString(),
    })),
    timers: inWorkflowOrder(timers.filter((x) => !x.part_id)).map(toTimerDto),
    actions,
    parts,
    returnedBy,
  };
}

/** How many tickets are overdue now and how many are in a limit's warning period (the wallboard). */
export async function urgentTicketCounts(ctx: Ctx): Promise<{ overdue: number; dueSoon: number }> {
  return repo.urgentCounts(ctx.db, ctx.orgId, ctx.now());
}

export async function listTickets(ctx: Ctx, q: ListTicketsQuery, page = { limit: q.limit, offset: q.offset }): Promise<{ items: TicketDto[]; total: number }> {
  const v = await viewerOf(ctx);
  const { rows, total } = await repo.listTickets(
    ctx.db,
    ctx.orgId,
    {
      statuses: q.status?.split(',').map((s) => s.trim()).filter(Boolean),
      category: q.category,
      priority: q.priority,
      departmentId: q.departmentId,
      onlyDepartment: v.role === 'department' ? (v.department ?? null) : undefined,
      createdBy: q.mine ? (ctx.actor.id ?? undefined) : undefined,
      overdue: q.overdue,
      dueSoon: q.dueSoon,
      supervised: q.supervised,
      q: q.q,
      sort: q.sort,
    },
    ctx.now(),
    page,
  );
  return { items: rows.map((r) => toTicketDto(r, v, r)), total };
}

export async function updateTicket(ctx: Ctx, id: string, input: UpdateTicketInput): Promise<TicketDetailDto> {
  const v = await viewerOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await visibleTicket(tx, ctx, v, id, { forUpdate: true });
    if (ticketWorkflow(await activePackOrNull(tx, ctx.orgId)).states.find((s) => s.id === before.status)?.terminal) fail('TICKET_BAD_TRANSITION', `ticket ${before.number} is ${before.status}; it can no longer be changed`);
    const merged = {
      callerName: input.callerName !== undefined ? input.callerName : before.caller_name,
      callerPhone: input.callerPhone !== undefined ? input.callerPhone : before.caller_phone,
      address: input.address !== undefined ? input.address : before.address,
      description: input.description ?? before.description,
      fields: input.fields ?? before.fields,
      category: input.category ?? before.category,
      subCategory: input.subCategory !== undefined ? input.subCategory : input.category ? null : before.sub_category,
      priority: input.priority ?? (input.category || input.subCategory !== undefined ? undefined : before.priority),
    };
    // the fields are checked again too: a repair's 区域类型 sets its arrival limit
    const pack = input.category || input.subCategory !== undefined || input.priority || input.fields ? await activePack(tx, ctx.orgId) : null;
    const c = pack ? classify(pack, merged) : null;
    const now = ctx.now();
    const after = await repo.updateTicket(tx, ctx.orgId, id, {
      ...(input.callerName !== undefined && { caller_name: input.callerName }),
      ...(input.callerPhone !== undefined && { caller_phone: input.callerPhone }),
      ...(input.address !== undefined && { address: input.address }),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.fields !== undefined && { fields: toJsonb(repo.ticketFieldsColumn, input.fields) }),
      ...(input.tags !== undefined && { tags: input.tags }),
      ...(input.callIds !== undefined && { call_ids: input.callIds }),
      ...(input.complained !== undefined && { complained: input.complained }),
      ...(input.textsOptOut !== undefined && { texts_opt_out: input.textsOptOut }),
      ...(c && { category: c.category.id, sub_category: c.subCategory, priority: c.priority }),
      updated_at: now,
    });
    const tctx = { ...ctx, db: tx };
    // A new classification can mean other time limits: the running ones are planned again from their start.
    const reclassified = c !== null && (after.category !== before.category || after.sub_category !== before.sub_category || after.priority !== before.priority);
    let replanned: Replanned[] = [];
    if (pack && reclassified) {
      const limits = resolveSlaLimits(pack, after.category, after.sub_category, after.priority);
      const cal = await orgCalendar(tx, ctx.orgId);
      replanned = await replanTimers(tx, cal, await slaRepo.openTimers(tx, id), (t) => limits[limitOf[t.kind]], now);
      await syncUpdateReminders(tx, tctx, ticketWorkflow(pack), cal, after, limits, now);
    }
    // 到达现场: a corrected 区域类型 (or category) gives the running arrival limit anew, from the acceptance
    const arrival = pack && (input.fields || after.category !== before.category) ? await replanArrival(tx, tctx, await orgCalendar(tx, ctx.orgId), pack, after, now) : null;
    await recordAudit(tx, tctx, { action: 'ticket.update', entityType: 'ticket', entityId: id, before, after: { ...after, ...(reclassified && { replanned }), ...(arrival && { arrival }) } });
    await recordEvent(tx, tctx, 'ticket.updated', { type: 'ticket', id }, { fields: Object.keys(input), ...(reclassified && { replanned }), ...(arrival && { arrival }) });
  });
  return getTicket(ctx, id);
}

/**
 * The agent workbench (坐席工作台) on the server: calls registered by hand on lines without CTI
 * (手工来电登记), the wrap-up of a call (话后整理: ticket, summary, state back to available), the
 * call to restore after a reload, and reporting an abusive caller to the team leads.
 *
 * Manual calls go through the CTI intake (`ingest`) as events of a built-in connection, so the
 * call record, the agent's state, the screen pop and QA come out exactly as for a switch's call.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CtiEventInput } from '../../../shared/cti/events.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { resolveOnTheCall } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import type { CtiConnection } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { changeState, getState } from '../agents/agents.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { toCallDto } from '../calls/calls.service.js';
import { openPromisedCallback } from '../calls/corrections.service.js';
import { hashToken, ingest } from '../cti/cti.service.js';
import { recordEvent } from '../events/events.repo.js';
import { activePackCached } from '../standards/active-pack.js';
import { createTicketTx, getTicket } from '../tickets/tickets.service.js';
import { actTx } from '../tickets/tickets.workflow.service.js';
import * as repo from './workbench.repo.js';
import type { CallEventInput, ManualCallInput, ReportInput, WrapUpDto, WrapUpInput } from './workbench.schema.js';

/** The name of the built-in connection; never shown in the connection list. */
export const MANUAL_CONNECTION_NAME = '手工登记 (workbench)';
/** An ended call without a wrap-up is offered again after a reload for this long. */
export const RESUME_WINDOW_MS = 2 * 3_600_000;
/** Supervisors whose roles see call reports live and get their notifications. */
export const REPORT_NOTIFY_ROLES = ['lead', 'manager'] as const;

export function requireAgentNo(agentNo: string | null): string {
  return agentNo ?? fail('AGENT_NO_MISSING', 'your account has no agent number (工号), so it cannot take calls; ask an administrator to set one');
}

/** The shape of /api/agents/me/state for someone without an agent number. */
export const offlineState = { agentNo: '', state: 'offline' as const, reason: null, since: null, callId: null };

type CallRow = NonNullable<Awaited<ReturnType<typeof repo.getCall>>>;

/** The agent answered the call or took it over by a transfer. */
function isMine(c: CallRow, agentNo: string): boolean {
  const s = c.state;
  return c.agent_no === agentNo || s.agentNo === agentNo || s.currentAgentNo === agentNo || s.transfers.some((t) => t.agentNo === agentNo);
}

function assertMine(c: CallRow, agentNo: string | null, what: string): string {
  const mine = requireAgentNo(agentNo);
  if (!isMine(c, mine)) fail('CALL_NOT_YOURS', `this call was taken by ${c.agent_no ? `agent ${c.agent_no}` : 'nobody'}; only the agent on the call can ${what}`);
  return mine;
}

/**
 * The organisation's manual connection, created on first use. Its token is random and thrown away:
 * nothing can post to the webhook as this connection, only the workbench writes its events.
 */
export async function manualConnection(ctx: Ctx): Promise<CtiConnection> {
  const existing = await repo.findManualConnection(ctx.db, ctx.orgId);
  if (existing) return existing;
  // A connection of the switch may carry the name already; then the built-in one takes a suffix.
  for (const name of [MANUAL_CONNECTION_NAME, `${MANUAL_CONNECTION_NAME} ${randomBytes(3).toString('hex')}`]) {
    const token = randomBytes(24).toString('base64url');
    await ctx.db.transaction().execute(async (tx) => {
      const row = await repo.insertManualConnection(tx, { orgId: ctx.orgId, name, tokenHash: hashToken(token), tokenHint: token.slice(-4), now: ctx.now() });
      if (row) await recordAudit(tx, { ...ctx, db: tx }, { action: 'cti.connection.create', entityType: 'cti_connection', entityId: row.id, after: { name: row.name, kind: 'manual' } });
    });
    const conn = await repo.findManualConnection(ctx.db, ctx.orgId);
    if (conn) return conn;
  }
  throw new Error('the manual CTI connection could not be created');
}

// ---------------------------------------------------------------- manual calls

/** 手工来电登记: a call the agent has on a line without CTI, answered by them now. */
export async function startManualCall(ctx: Ctx, agentNo: string | null, input: ManualCallInput): Promise<{ callId: string }> {
  const me = requireAgentNo(agentNo);
  const state = await getState(ctx.db, ctx.orgId, me);
  if (state.state === 'on_call') fail('AGENT_ON_CALL', 'you are on a call already; end it before registering another');
  const conn = await manualConnection(ctx);
  const hotline = (await activePackCached(ctx.db, ctx.orgId))?.pack.identity.hotline ?? 'hotline';
  const key = `wb-${randomUUID()}`;
  const at = ctx.now().toISOString();
  const [from, to] = input.direction === 'out' ? [hotline, input.from] : [input.from, hotline];
  const events: CtiEventInput[] = [
    { eventId: `${key}:0`, callId: key, seq: 0, type: 'call.ringing', at, direction: input.direction, from, to, ...(input.queue ? { queue: input.queue } : {}), agentId: me },
    { eventId: `${key}:1`, callId: key, seq: 1, type: 'call.answered', at, agentId: me },
  ];
  const r = await ingest(ctx.db, conn, events, ctx.now);
  const bad = r.results.find((x) => x.status === 'invalid');
  if (bad) fail('VALIDATION_FAILED', bad.error?.message ?? 'the call could not be registered');
  const call = (await repo.getCallByKey(ctx.db, conn.id, key)) ?? fail('CALL_NOT_FOUND', 'the call was not recorded');
  await recordAudit(ctx.db, ctx, { action: 'call.manual', entityType: 'call', entityId: call.id, after: { direction: input.direction, from, to, queue: input.queue ?? null, agentNo: me } });
  return { callId: call.id };
}

const eventMessages = {
  ended: 'the call has already ended; nothing more can happen on it',
  held: 'the call is already on hold; resume it first',
  notHeld: 'the call is not on hold, so there is nothing to resume',
};

/** Hold (保持), resume (取回) or end (挂机) of a manual call, as the next event of the call. */
export async function manualCallEvent(ctx: Ctx, agentNo: string | null, callId: string, input: CallEventInput) {
  // Two requests at once compute the same next seq; the second one's event is then a duplicate
  // of the first (same event id), so it looks at the call again and decides anew.
  for (let attempt = 0; attempt < 4; attempt++) {
    const c = (await repo.getCall(ctx.db, ctx.orgId, callId)) ?? fail('CALL_NOT_FOUND', 'no such call');
    if (c.connection_kind !== 'manual') fail('CALL_NOT_MANUAL', 'this call came through the switch (CTI): its hold, resume and end are reported by the switch');
    const me = assertMine(c, agentNo, 'hold, resume or end it');
    const s = c.state;
    const held = s.holds.some((h) => h.end === null);
    if (s.endedAt) fail('CALL_BAD_EVENT', eventMessages.ended);
    if (input.type === 'hold' && held) fail('CALL_BAD_EVENT', eventMessages.held);
    if (input.type === 'resume' && !held) fail('CALL_BAD_EVENT', eventMessages.notHeld);
    const seq = (s.last?.[0] ?? (await repo.lastSeq(ctx.db, c.connection_id, c.external_id))) + 1;
    const base = { eventId: `${c.external_id}:${seq}`, callId: c.external_id, seq, at: ctx.now().toISOString() };
    const event: CtiEventInput =
      input.type === 'end' ? { ...base, type: 'call.ended', endedBy: input.endedBy ?? 'customer', cause: 'normalClearing' } : { ...base, type: input.type === 'hold' ? 'call.hold' : 'call.resume' };
    const conn = (await repo.findManualConnection(ctx.db, ctx.orgId)) ?? fail('CALL_NOT_MANUAL', 'this organisation has no manual calls');
    const r = await ingest(ctx.db, conn, [event], ctx.now);
    if (r.accepted === 1) {
      if (input.type === 'end') await recordAudit(ctx.db, ctx, { action: 'call.manual.end', entityType: 'call', entityId: c.id, after: { endedBy: input.endedBy ?? 'customer', agentNo: me } });
      const after = (await repo.getCall(ctx.db, ctx.orgId, callId))!;
      return { call: toCallDto(after, ctx.actor.role) };
    }
  }
  fail('CONFLICT', 'the call changed while this was being saved; try again');
}

// ---------------------------------------------------------------- wrap-up

export function toWrapUpDto(w: repo.WrapUpRow & { ticket_number?: string | null }): WrapUpDto {
  return {
    callId: w.call_id,
    outcome: w.outcome,
    ticketId: w.ticket_id,
    ticketNumber: w.ticket_number ?? null,
    scenarioId: w.scenario_id,
    customerTypeId: w.customer_type_id,
    summary: w.summary,
    recap: w.recap,
    createdAt: new Date(w.created_at).toISOString(),
    agentNo: w.agent_no,
  };
}

/**
 * 话后整理, in one transaction: the ticket linked to the call (its time limits start as any
 * ticket's), closed on the call for `resolved`, the wrap-up row, the event and the audit, and the
 * agent back to available when ready. A problem with the ticket stores nothing at all.
 */
export async function wrapUp(ctx: Ctx, agentNo: string | null, callId: string, input: WrapUpInput) {
  const me = requireAgentNo(agentNo);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const tctx: Ctx = { ...ctx, db: tx };
    if (!(await repo.lockCall(tx, ctx.orgId, callId))) fail('CALL_NOT_FOUND', 'no such call');
    const c = (await repo.getCall(tx, ctx.orgId, callId))!;
    assertMine(c, me, 'wrap it up');
    if (!c.ended_at) fail('CALL_STILL_ACTIVE', 'the call is still going; end it first — a ticket can be created during the call from the ticket form');
    if (await repo.findWrapUp(tx, ctx.orgId, callId)) fail('CALL_ALREADY_WRAPPED_UP', 'this call has been wrapped up already');

    const pack = (await activePackCached(tx, ctx.orgId))?.pack ?? null;
    if (input.scenarioId && !pack?.scenarios.some((s) => s.id === input.scenarioId))
      fail('WRAPUP_UNKNOWN_SCENARIO', `the active standard has no scenario "${input.scenarioId}"`);
    if (input.customerTypeId && !pack?.customerTypes.some((t) => t.id === input.customerTypeId))
      fail('WRAPUP_UNKNOWN_CUSTOMER_TYPE', `the active standard has no customer type "${input.customerTypeId}"`);

    let ticketId: string | null = null;
    if (input.outcome !== 'no_ticket' && input.ticket) {
      ticketId = await createTicketTx(tx, tctx, { ...input.ticket, callIds: [c.id] }, { resolvedOnTheCall: input.outcome === 'resolved' });
      if (input.outcome === 'resolved') {
        // the workflow's 直接办结 actions (a workflow without one refuses the action as any unknown one)
        const closing = resolveOnTheCall(ticketWorkflow(pack));
        const action = input.closeAs === 'archive' ? (closing.archive ?? 'close_on_call_archive') : (closing.callback ?? 'close_on_call');
        await actTx(tx, tctx, ticketId, action, {});
      }
    }
    const row = await repo.insertWrapUp(tx, {
      callId: c.id,
      orgId: ctx.orgId,
      agentNo: me,
      userId: ctx.actor.id,
      outcome: input.outcome,
      ticketId,
      scenarioId: input.scenarioId ?? null,
      customerTypeId: input.customerTypeId ?? null,
      summary: input.summary,
      recap: input.recap,
      now: ctx.now(),
    });
    // 夜间模式: a night call ended with a call-back promised for the day is a callback task
    const followUp = input.followUpPromised ? await openPromisedCallback(tx, tctx, c, input.summary) : null;
    const saved = (await repo.findWrapUp(tx, ctx.orgId, c.id)) ?? row;
    const dto = toWrapUpDto(saved);
    await recordEvent(tx, tctx, 'call.wrapped_up', { type: 'call', id: c.id }, { callId: c.id, agentNo: me, outcome: dto.outcome, ticketId: dto.ticketId, ticketNumber: dto.ticketNumber });

    // Ready (示闲): back to available, unless another call has started meanwhile.
    const before = await getState(tx, ctx.orgId, me);
    const readied = input.ready && before.state !== 'on_call' ? await changeState(tx, tctx, { agentNo: me, state: 'available', at: ctx.now(), source: 'workbench' }) : false;
    await recordAudit(tx, tctx, { action: 'call.wrap_up', entityType: 'call', entityId: c.id, after: { ...dto, ...(readied && { state: { from: before.state, to: 'available' } }), ...(followUp && { followUp }) } });
    return { dto, followUp };
  });
  const ticket = result.dto.ticketId ? await getTicket(ctx, result.dto.ticketId, { afterAction: true }) : null;
  return { wrapUp: result.dto, ticket, state: await getState(ctx.db, ctx.orgId, me), followUp: result.followUp };
}

/** A call's wrap-up: agents see their own calls', supervisors and QA everyone's. */
export async function getWrapUp(ctx: Ctx, agentNo: string | null, callId: string): Promise<WrapUpDto> {
  const c = (await repo.getCall(ctx.db, ctx.orgId, callId)) ?? fail('CALL_NOT_FOUND', 'no such call');
  const notFound = () => fail('WRAPUP_NOT_FOUND', 'this call has no wrap-up yet');
  if (ctx.actor.role === 'agent' && !(agentNo && isMine(c, agentNo))) notFound();
  const w = (await repo.findWrapUp(ctx.db, ctx.orgId, callId)) ?? notFound();
  return toWrapUpDto(w);
}

/**
 * The call the agent is working on: the call of their on-call or wrap-up state, else their latest
 * answered call that ended within the last two hours without a wrap-up, else none. Someone without
 * an agent number has none and is offline.
 */
export async function current(ctx: Ctx, agentNo: string | null) {
  if (!agentNo) return { call: null, wrapUp: null, state: offlineState };
  const state = await getState(ctx.db, ctx.orgId, agentNo);
  let c: CallRow | undefined;
  if ((state.state === 'on_call' || state.state === 'wrap_up') && state.callId) c = await repo.getCall(ctx.db, ctx.orgId, state.callId);
  if (!c) {
    const now = ctx.now().getTime();
    // Calls ring at most a day before they end; the bound lets the ringing-time index do the work.
    c = await repo.latestUnwrapped(ctx.db, ctx.orgId, agentNo, new Date(now - RESUME_WINDOW_MS), new Date(now - RESUME_WINDOW_MS - 24 * 3_600_000));
  }
  const w = c ? await repo.findWrapUp(ctx.db, ctx.orgId, c.id) : undefined;
  return { call: c ? toCallDto(c, ctx.actor.role) : null, wrapUp: w ? toWrapUpDto(w) : null, state };
}

// ---------------------------------------------------------------- report

/** 骚扰/辱骂来电上报: every team lead and manager is notified (and sees it live); the caller's number is masked. */
export async function reportCall(ctx: Ctx, agentNo: string | null, callId: string, input: ReportInput): Promise<{ reportedTo: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const tctx: Ctx = { ...ctx, db: tx };
    const c = (await repo.getCall(tx, ctx.orgId, callId)) ?? fail('CALL_NOT_FOUND', 'no such call');
    const me = assertMine(c, agentNo, 'report it');
    const caller = c.direction === 'out' ? c.to_number : c.from_number;
    const payload = {
      callId: c.id,
      agentNo: me,
      agentName: c.agent_name ?? null,
      kind: input.kind,
      note: input.note || null,
      caller: maskPhone(caller),
      at: ctx.now().toISOString(),
    };
    const recipients = (await repo.usersWithRoles(tx, ctx.orgId, REPORT_NOTIFY_ROLES)).filter((u) => u.id !== ctx.actor.id).map((u) => u.id);
    const reportedTo = await repo.insertNotifications(tx, ctx.orgId, recipients, 'call.reported', payload, ctx.now());
    await recordEvent(tx, tctx, 'call.reported', { type: 'call', id: c.id }, payload);
    await recordAudit(tx, tctx, { action: 'call.report', entityType: 'call', entityId: c.id, after: { ...payload, reportedTo } });
    return { reportedTo };
  });
}

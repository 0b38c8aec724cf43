import { addDuration } from '../../../shared/calendar/index.js';
import { localParts } from '../../../shared/calendar/zone.js';
import { applyCallEvent, callFigures, compareKeys, emptyCallState, foldCallEvents, sortKey, type CallState } from '../../../shared/cti/call-state.js';
import type { CallEvent } from '../../../shared/cti/events.js';
import { toQaTranscript } from '../../../shared/cti/transcript.js';
import { rolesSeeingPersonalData, type Role } from '../../../shared/roles.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { txMemo } from '../../db/tx-memo.js';
import type { Call } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { applyStateChanges, preloadAgents, userOfAgent, type StateChange } from '../agents/agents.service.js';
import * as intakeRepo from '../cti/intake.repo.js';
import type { PendingEvent } from '../events/events.repo.js';
import { qaCheckJob } from '../qa/qa.service.js';
import { activePackCached } from '../standards/active-pack.js';
import { orgCalendar } from '../tickets/sla.service.js';
import * as ctiRepo from '../cti/cti.repo.js';
import * as callbacksRepo from './callbacks.repo.js';
import * as repo from './calls.repo.js';
import type { CallDto, CallListQuery } from './calls.schema.js';

/** Missed daytime calls are called back within this time unless the pack says otherwise. */
export const DEFAULT_CALLBACK_WITHIN = '2bh';

/**
 * Applies newly accepted events of one call inside the intake transaction (applyIntake with one call).
 */
export async function applyCallEvents(tx: Db, ctx: Ctx, connectionId: string, callKey: string, fresh: readonly CallEvent[]): Promise<void> {
  await applyIntake(tx, ctx, connectionId, new Map([[callKey, fresh]]));
}

/** A place in the ordered list of a batch's domain events, filled once its content is known. */
interface Slot {
  event: PendingEvent | null;
}

interface CallPlan {
  key: string;
  row: Call;
  prev: CallState;
  /** The new events, in fold order. */
  sorted: CallEvent[];
  next: CallState;
  /** A late event: the state was folded again from every stored event. */
  refolded: boolean;
}

const missed = (s: CallState) => s.direction === 'in' && s.endedAt !== null && s.answeredAt === null && s.from !== null;
/** QA: an answered call with a transcript is checked when it ends, and again if segments come late. */
const needsQa = (prev: CallState, next: CallState, refolded: boolean) =>
  next.endedAt !== null && next.answeredAt !== null && next.segments > 0 && (next.segments !== prev.segments || !prev.endedAt || refolded);

/**
 * Applies the newly accepted events of a batch inside the intake transaction: folds each call's
 * events into its record and carries out what the change means — the screen pop and live updates
 * (domain events), agents' states, a callback task for a missed call, the QA check when a call with
 * a transcript has ended — then the batch's agent.state changes. A call whose new events sort
 * before what it has folded already is refolded from every stored event, so the record ends the
 * same whatever the order; side effects are keyed so repeats do nothing.
 *
 * The batch costs a fixed number of statements, whatever its size: the calls come locked (by the
 * statement that stored the events, cti/intake.repo openBatch; locked here otherwise), the agents'
 * states are placed together (applyStateChanges), and everything the batch changed — calls, agent
 * states, QA transcripts, jobs and the domain events, in the order the changes happened — is
 * written by one statement (writeBatch).
 */
export async function applyIntake(
  tx: Db,
  ctx: Ctx,
  connectionId: string,
  byCall: ReadonlyMap<string, readonly CallEvent[]>,
  agentChanges: readonly StateChange[] = [],
  locked?: ReadonlyMap<string, Call>,
): Promise<void> {
  if (!byCall.size && !agentChanges.length) return;
  const keys = [...byCall.keys()].sort();
  const rows = locked ?? (await repo.lockCalls(tx, ctx.orgId, connectionId, keys.map((k) => ({ externalId: k, empty: emptyCallState(k) })), ctx.now()));

  // Fold. Events that sort after everything folded so far extend the stored state.
  const plans: CallPlan[] = keys.map((key) => {
    const row = rows.get(key)!;
    const prev = row.state as CallState;
    const sorted = [...byCall.get(key)!].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
    const inOrder = prev.last === null || compareKeys(sortKey(sorted[0]!), prev.last) > 0;
    return { key, row, prev, sorted, next: inOrder ? sorted.reduce(applyCallEvent, prev) : prev, refolded: !inOrder };
  });
  // The stored events of a call: to refold it, and for QA when it ended with events from before
  // this batch (a call whose events all came in this batch has them at hand).
  const stored = await intakeRepo.eventsOfCalls(
    tx,
    connectionId,
    plans.filter((p) => p.refolded || (p.prev.last !== null && needsQa(p.prev, p.next, false))).map((p) => p.key),
  );
  for (const p of plans) if (p.refolded) p.next = foldCallEvents(p.key, stored.get(p.key)!);

  const active = await txMemo(tx, `pack:${ctx.orgId}`, () => activePackCached(tx, ctx.orgId));
  const pack = active?.pack ?? null;
  const agentNos = new Set<string>(agentChanges.map((c) => c.agentNo));
  for (const { next } of plans) for (const n of [next.agentNo, next.ringAgentNo, next.currentAgentNo, ...next.transfers.map((t) => t.agentNo)]) if (n) agentNos.add(n);
  await preloadAgents(tx, ctx.orgId, agentNos);

  // The calls as this batch leaves them.
  const calls = new Map<string, Call>();
  const agentUser = new Map<string, Awaited<ReturnType<typeof userOfAgent>>>();
  for (const { key, row, next } of plans) {
    const night = next.ringingAt ? await isNight(tx, ctx.orgId, pack, new Date(next.ringingAt)) : false;
    const agentNo = next.agentNo ?? next.ringAgentNo;
    const user = agentNo ? await userOfAgent(tx, ctx.orgId, agentNo) : undefined;
    agentUser.set(key, user);
    calls.set(key, callRow(row, next, { agentUserId: user?.id ?? null, night, now: ctx.now() }));
  }

  // QA transcripts of the calls that ended (or got late segments); each is stored with its check.
  const transcripts: intakeRepo.TranscriptRow[] = [];
  for (const p of plans) {
    if (!needsQa(p.prev, p.next, p.refolded)) continue;
    const events = p.prev.last === null && !p.refolded ? p.sorted : stored.get(p.key)!;
    // Agents announce the organisation as the standard words it (identity.org); the org's own name otherwise.
    const org = pack?.identity.org ?? (await orgName(tx, ctx.orgId));
    const user = agentUser.get(p.key);
    const t = toQaTranscript(events, { id: p.key, org, ...(user ? { agentName: user.display_name } : {}) });
    if (t) transcripts.push({ externalId: t.id, agentNo: t.agent.id, agentName: t.agent.name ?? null, caller: t.caller ?? null, startedAt: new Date(t.startedAt), transcript: t });
  }

  // What the changes mean, in the order they happened; agents' states and callbacks fill their slots below.
  const slots: Slot[] = [];
  const changes: StateChange[] = [];
  const changeSlots: Slot[] = [];
  const callbacks: Array<{ call: Call; open: boolean; night: boolean; slot: Slot }> = [];
  const emit = (type: string, aggregate: { type: string; id: string }, payload: Record<string, unknown>) => slots.push({ event: { type, aggregate, payload } });
  const change = (c: StateChange) => {
    const slot: Slot = { event: null };
    slots.push(slot);
    changes.push(c);
    changeSlots.push(slot);
  };
  for (const { key, prev, next, sorted } of plans) {
    const call = calls.get(key)!;
    const live = liveSummary(call, next);
    const agg = { type: 'call', id: call.id };
    if (!prev.ringingAt && next.ringingAt && !next.endedAt && !next.answeredAt) emit('call.ringing', agg, live);
    // Agent states are applied even when the events come late: a change older than the agent's
    // current state takes its place in the timeline, so the last word is the same whatever the order.
    if (!prev.answeredAt && next.answeredAt) {
      if (!next.endedAt) emit('call.answered', agg, live);
      if (next.agentNo) change({ agentNo: next.agentNo, state: 'on_call', at: new Date(next.answeredAt), source: 'cti', callId: call.id });
    }
    for (const t of next.transfers.slice(prev.transfers.length)) {
      if (next.endedAt) break;
      emit('call.transferred', agg, { ...live, target: t.target, transferAgentNo: t.agentNo });
      if (t.agentNo) change({ agentNo: t.agentNo, state: 'on_call', at: new Date(t.at), source: 'cti', callId: call.id });
    }
    if (!next.endedAt && (next.holds.length !== prev.holds.length || next.holds.some((h, i) => h.end !== prev.holds[i]?.end))) emit('call.updated', agg, live);
    if (!next.endedAt) for (const e of sorted) if (e.type === 'transcript.segment') emit('call.segment', agg, { callId: call.id, agentNo: live.agentNo, segment: e.segment });

    const handler = next.currentAgentNo ?? next.agentNo;
    if (next.endedAt && next.answeredAt && handler && (!prev.endedAt || !prev.answeredAt)) change({ agentNo: handler, state: 'wrap_up', at: new Date(next.endedAt), source: 'cti', callId: call.id });
    if (!prev.endedAt && next.endedAt) emit('call.ended', agg, live);
    // A missed inbound call (known caller) needs a callback; late events may make it one or unmake it.
    if (missed(prev) !== missed(next)) {
      const slot: Slot = { event: null };
      slots.push(slot);
      callbacks.push({ call, open: missed(next), night: call.night, slot });
    }
  }
  for (const c of agentChanges) change(c);

  const states = await applyStateChanges(tx, ctx, changes);
  states.events.forEach((payload, i) => (changeSlots[i]!.event = payload && { type: 'agent.state', aggregate: { type: 'agent', id: changes[i]!.agentNo }, payload }));
  // One open task per caller: tasks are taken in caller order, as the calls were.
  callbacks.sort((a, b) => ((a.call.from_number ?? '') < (b.call.from_number ?? '') ? -1 : (a.call.from_number ?? '') > (b.call.from_number ?? '') ? 1 : 0));
  for (const cb of callbacks) {
    if (cb.open) cb.slot.event = await openCallback(tx, ctx, cb.call, pack, cb.night);
    else await callbacksRepo.retractCall(tx, ctx.orgId, cb.call.id, ctx.now());
  }

  // A call saved here carries its after-call work time; other calls get theirs on their own.
  const byId = new Map([...calls.values()].map((c) => [c.id, c]));
  const wrapUps: Array<{ callId: string; ms: number }> = [];
  for (const [callId, ms] of states.wrapUps) {
    const c = byId.get(callId);
    if (c) c.wrapup_ms = ms;
    else wrapUps.push({ callId, ms });
  }
  await intakeRepo.writeBatch(tx, {
    orgId: ctx.orgId,
    actorId: ctx.actor.id,
    now: ctx.now(),
    transcripts,
    transcriptJob: qaCheckJob.name,
    calls: [...calls.values()].map(callSave),
    logEnds: states.logEnds,
    logs: states.logs,
    statuses: states.statuses,
    wrapUps,
    jobs: states.jobs,
    events: slots.flatMap((s) => (s.event ? [s.event] : [])),
  });
}

/** A call row with the columns the fold decides, as it will be saved. */
function callRow(row: Call, s: CallState, extra: { agentUserId: string | null; night: boolean; now: Date }): Call {
  const f = callFigures(s);
  return {
    ...row,
    direction: s.direction,
    from_number: s.from,
    to_number: s.to,
    queue: s.queue,
    agent_no: s.agentNo ?? s.ringAgentNo,
    agent_user_id: extra.agentUserId,
    status: f.status,
    ringing_at: s.ringingAt ? new Date(s.ringingAt) : null,
    answered_at: s.answeredAt ? new Date(s.answeredAt) : null,
    ended_at: s.endedAt ? new Date(s.endedAt) : null,
    ended_by: s.endedBy,
    cause: s.cause,
    rings: f.rings,
    wait_ms: f.waitMs,
    talk_ms: f.talkMs,
    hold_ms: f.holdMs,
    hold_count: f.holdCount,
    abandoned: f.abandoned,
    night: extra.night,
    recording_url: s.recordingUrl,
    segments: s.segments,
    state: s,
    wrapup_ms: null,
    updated_at: extra.now,
  };
}

/** What writeBatch saves of a call: the folded columns, and the after-call work time when it ended in this batch. */
function callSave(c: Call): intakeRepo.CallSave {
  const { org_id: _o, connection_id: _c, external_id: _e, qa_transcript_id: _q, created_at: _ca, updated_at: _u, ...save } = c;
  return save;
}

async function openCallback(tx: Db, ctx: Ctx, call: Call, pack: Pack | null, night: boolean): Promise<PendingEvent | null> {
  const nightCallback = pack?.nightMode?.enabled ? pack.nightMode.callback : null;
  if (night && nightCallback && !nightCallback.createTask) return null;
  const within = night && nightCallback ? nightCallback.within : DEFAULT_CALLBACK_WITHIN;
  const { cal } = await txMemo(tx, `calendar:${ctx.orgId}`, () => orgCalendar(tx, ctx.orgId));
  const endedAt = call.ended_at ? new Date(call.ended_at) : ctx.now();
  const due = addDuration(cal, endedAt, within).due;
  const reason = night ? 'night' : call.abandoned ? 'abandoned' : 'unanswered';
  const task = await callbacksRepo.upsertOpenTask(tx, { orgId: ctx.orgId, caller: call.from_number!, callId: call.id, reason, dueAt: due, now: ctx.now() });
  return {
    type: task.created ? 'callback.opened' : 'callback.updated',
    aggregate: { type: 'callback', id: task.id },
    payload: { taskId: task.id, caller: call.from_number, callId: call.id, reason, dueAt: due.toISOString() },
  };
}

/** Whether an instant falls in the pack's night service hours (夜间模式), in the organisation's time zone. */
export async function isNight(db: Db, orgId: string, pack: Pack | null, at: Date): Promise<boolean> {
  const n = pack?.nightMode;
  if (!n?.enabled) return false;
  const { cal } = await txMemo(db, `calendar:${orgId}`, () => orgCalendar(db, orgId));
  return inNightWindow(n.from, n.to, at, cal.timeZone);
}

export function inNightWindow(from: string, to: string, at: Date, timeZone: string): boolean {
  const p = localParts(at.getTime(), timeZone);
  const minute = p.hour * 60 + p.minute;
  const [fh, fm] = from.split(':').map(Number) as [number, number];
  const [th, tm] = to.split(':').map(Number) as [number, number];
  const a = fh * 60 + fm;
  const b = th * 60 + tm;
  return a < b ? minute >= a && minute < b : minute >= a || minute < b;
}

const orgNames = new Map<string, string>();
async function orgName(db: Db, orgId: string): Promise<string> {
  let name = orgNames.get(orgId);
  if (name === undefined) {
    name = (await db.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirstOrThrow()).name;
    orgNames.set(orgId, name);
  }
  return name;
}

/** What live messages carry about a call; the hub masks the number per role before sending. */
export function liveSummary(call: Call, s: CallState) {
  return {
    callId: call.id,
    externalId: call.external_id,
    status: call.status,
    direction: call.direction,
    from: call.from_number,
    to: call.to_number,
    queue: call.queue,
    agentNo: s.currentAgentNo ?? s.agentNo ?? s.ringAgentNo,
    ringingAt: s.ringingAt,
    answeredAt: s.answeredAt,
    endedAt: s.endedAt,
    onHold: s.holds.some((h) => h.end === null),
    night: call.night,
  };
}
export type LiveCallSummary = ReturnType<typeof liveSummary>;

const seesPersonalData = (role: Role | 'system') => role === 'system' || rolesSeeingPersonalData.includes(role);
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function toCallDto(c: Call & { qa_score?: number | null; qa_fatal?: boolean | null; agent_name?: string | null }, role: Role | 'system'): CallDto {
  const s = c.state as CallState;
  const show = seesPersonalData(role);
  return {
    id: c.id,
    externalId: c.external_id,
    direction: c.direction,
    from: show ? c.from_number : maskPhone(c.from_number),
    to: c.to_number,
    queue: c.queue,
    agentNo: c.agent_no,
    agentName: c.agent_name ?? null,
    status: c.status,
    ringingAt: iso(c.ringing_at),
    answeredAt: iso(c.answered_at),
    endedAt: iso(c.ended_at),
    endedBy: c.ended_by,
    cause: c.cause,
    rings: c.rings,
    waitMs: c.wait_ms,
    talkMs: c.talk_ms,
    holdMs: c.hold_ms,
    holdCount: c.hold_count,
    wrapUpMs: c.wrapup_ms,
    abandoned: c.abandoned,
    night: c.night,
    recordingUrl: c.recording_url,
    segments: c.segments,
    holds: s.holds,
    transfers: s.transfers,
    qaTranscriptId: c.qa_transcript_id,
    qaScore: c.qa_score ?? null,
    qaFatal: c.qa_fatal ?? null,
  };
}

export async function listCalls(ctx: Ctx, q: CallListQuery) {
  const { rows, total } = await repo.listCalls(
    ctx.db,
    ctx.orgId,
    { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, status: q.status, outcome: q.outcome, agentNo: q.agentNo, queue: q.queue, caller: q.caller, night: q.night },
    { limit: q.limit, offset: q.offset },
  );
  return { total, items: rows.map((r) => toCallDto(r, ctx.actor.role)) };
}

export async function getCall(ctx: Ctx, id: string) {
  const c = (await repo.getCall(ctx.db, ctx.orgId, id)) ?? fail('CALL_NOT_FOUND', 'no such call');
  const events = (await ctiRepo.callEvents(ctx.db, c.connection_id, c.external_id)) as CallEvent[];
  const segments = events
    .filter((e): e is Extract<CallEvent, { type: 'transcript.segment' }> => e.type === 'transcript.segment')
    .map((e) => e.segment)
    .sort((a, b) => a.start - b.start);
  const timeline = events
    .filter((e) => e.type !== 'transcript.segment')
    .map((e) => ({ type: e.type, at: e.at, seq: e.seq, ...('target' in e ? { target: e.target } : {}), ...('agentId' in e && e.agentId ? { agentNo: e.agentId } : {}), ...('endedBy' in e ? { endedBy: e.endedBy } : {}) }));
  return { ...toCallDto(c, ctx.actor.role), timeline, transcript: segments };
}

/** The screen pop: who is calling, what they called about before, their open tickets and how those stand. */
export async function screenPop(ctx: Ctx, id: string) {
  const c = (await repo.getCall(ctx.db, ctx.orgId, id)) ?? fail('CALL_NOT_FOUND', 'no such call');
  const caller = c.from_number;
  const [previous, tickets] = caller ? await Promise.all([repo.previousCalls(ctx.db, ctx.orgId, caller, c.id), repo.callerTickets(ctx.db, ctx.orgId, caller)]) : [[], []];
  const open = tickets.filter((t) => !t.closed_at);
  const timers = await repo.runningTimers(
    ctx.db,
    open.map((t) => t.id),
  );
  return {
    call: toCallDto(c, ctx.actor.role),
    previousCalls: previous.map((p) => ({ id: p.id, ringingAt: iso(p.ringing_at), agentNo: p.agent_no, abandoned: p.abandoned, status: p.status, queue: p.queue, talkMs: p.talk_ms })),
    tickets: tickets.map((t) => {
      const timer = timers.find((x) => x.ticket_id === t.id);
      return {
        id: t.id,
        number: t.number,
        title: t.title,
        status: t.status,
        category: t.category,
        priority: t.priority,
        createdAt: iso(t.created_at)!,
        open: !t.closed_at,
        satisfaction: t.satisfaction,
        nextDue: timer ? { kind: timer.kind, dueAt: iso(timer.due_at)!, warnAt: iso(timer.warn_at), status: timer.status } : null,
      };
    }),
    satisfaction: tickets.filter((t) => t.satisfaction).map((t) => ({ ticketId: t.id, number: t.number, satisfaction: t.satisfaction!, at: iso(t.closed_at ?? t.created_at)! })),
  };
}

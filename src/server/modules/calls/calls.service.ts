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
import { changeState, userOfAgent } from '../agents/agents.service.js';
import { recordEvent } from '../events/events.repo.js';
import { storeTranscript } from '../qa/qa.service.js';
import { activePackCached } from '../standards/active-pack.js';
import { orgCalendar } from '../tickets/sla.service.js';
import * as ctiRepo from '../cti/cti.repo.js';
import * as callbacksRepo from './callbacks.repo.js';
import * as repo from './calls.repo.js';
import type { CallDto, CallListQuery } from './calls.schema.js';

/** Missed daytime calls are called back within this time unless the pack says otherwise. */
export const DEFAULT_CALLBACK_WITHIN = '2bh';

/**
 * Applies newly accepted events of one call inside the intake transaction: folds them into the
 * call record and carries out what the change means — the screen pop and live updates (domain
 * events), the agent's state, a callback task for a missed call, the QA check when a call with a
 * transcript has ended. A batch that arrives out of order is refolded from every stored event,
 * so the record ends the same whatever the order; side effects are keyed so repeats do nothing.
 */
export async function applyCallEvents(tx: Db, ctx: Ctx, connectionId: string, callKey: string, fresh: readonly CallEvent[]): Promise<void> {
  const row = await repo.lockCall(tx, ctx.orgId, connectionId, callKey, emptyCallState(callKey), ctx.now());
  const prev = row.state as CallState;
  const sorted = [...fresh].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  let next: CallState;
  let allEvents: CallEvent[] | null = null;
  if (prev.last === null || compareKeys(sortKey(sorted[0]!), prev.last) > 0) next = sorted.reduce(applyCallEvent, prev);
  else {
    allEvents = (await ctiRepo.callEvents(tx, connectionId, callKey)) as CallEvent[];
    next = foldCallEvents(callKey, allEvents);
  }
  const after = callFigures(next);
  const active = await txMemo(tx, `pack:${ctx.orgId}`, () => activePackCached(tx, ctx.orgId));
  const night = next.ringingAt ? await isNight(tx, ctx.orgId, active?.pack ?? null, new Date(next.ringingAt)) : false;
  const agentNo = next.agentNo ?? next.ringAgentNo;
  const agentUser = agentNo ? await userOfAgent(tx, ctx.orgId, agentNo) : undefined;
  const call = await repo.saveCall(tx, row.id, next, after, { agentUserId: agentUser?.id ?? null, night, now: ctx.now() });
  const live = liveSummary(call, next);
  const agg = { type: 'call', id: call.id };

  if (!prev.ringingAt && next.ringingAt && !next.endedAt && !next.answeredAt) await recordEvent(tx, ctx, 'call.ringing', agg, live);
  // Agent states are applied even when the events come late: changeState ignores anything older
  // than the agent's current state, so the last word is the same whatever the order.
  if (!prev.answeredAt && next.answeredAt) {
    if (!next.endedAt) await recordEvent(tx, ctx, 'call.answered', agg, live);
    if (next.agentNo) await changeState(tx, ctx, { agentNo: next.agentNo, state: 'on_call', at: new Date(next.answeredAt), source: 'cti', callId: call.id });
  }
  for (const t of next.transfers.slice(prev.transfers.length)) {
    if (next.endedAt) break;
    await recordEvent(tx, ctx, 'call.transferred', agg, { ...live, target: t.target, transferAgentNo: t.agentNo });
    if (t.agentNo) await changeState(tx, ctx, { agentNo: t.agentNo, state: 'on_call', at: new Date(t.at), source: 'cti', callId: call.id });
  }
  if (!next.endedAt && (next.holds.length !== prev.holds.length || next.holds.some((h, i) => h.end !== prev.holds[i]?.end)))
    await recordEvent(tx, ctx, 'call.updated', agg, live);
  if (!next.endedAt)
    for (const e of sorted)
      if (e.type === 'transcript.segment') await recordEvent(tx, ctx, 'call.segment', agg, { callId: call.id, agentNo: live.agentNo, segment: e.segment });

  const handler = next.currentAgentNo ?? next.agentNo;
  if (next.endedAt && next.answeredAt && handler && (!prev.endedAt || !prev.answeredAt))
    await changeState(tx, ctx, { agentNo: handler, state: 'wrap_up', at: new Date(next.endedAt), source: 'cti', callId: call.id });
  if (!prev.endedAt && next.endedAt) await recordEvent(tx, ctx, 'call.ended', agg, live);
  // A missed inbound call (known caller) needs a callback; late events may make it one or unmake it.
  const missed = (s: CallState) => s.direction === 'in' && s.endedAt !== null && s.answeredAt === null && s.from !== null;
  if (!missed(prev) && missed(next)) await openCallback(tx, ctx, call, active?.pack ?? null, night);
  if (missed(prev) && !missed(next)) await callbacksRepo.retractCall(tx, ctx.orgId, call.id, ctx.now());

  // QA: an answered call with a transcript is checked when it ends, and again if segments come late.
  const transcriptChanged = next.segments !== prev.segments || !prev.endedAt || allEvents !== null;
  if (next.endedAt && next.answeredAt && next.segments > 0 && transcriptChanged) {
    const events = allEvents ?? ((await ctiRepo.callEvents(tx, connectionId, callKey)) as CallEvent[]);
    // Agents announce the organisation as the standard words it (identity.org); the org's own name otherwise.
    const org = active?.pack.identity.org ?? (await orgName(tx, ctx.orgId));
    const t = toQaTranscript(events, { id: `${callKey}`, org, ...(agentUser ? { agentName: agentUser.display_name } : {}) });
    if (t) {
      const transcriptId = await storeTranscript(tx, ctx, t, 'cti');
      if (call.qa_transcript_id !== transcriptId) await repo.setQaTranscript(tx, call.id, transcriptId);
    }
  }
}

async function openCallback(tx: Db, ctx: Ctx, call: Call, pack: Pack | null, night: boolean): Promise<void> {
  const nightCallback = pack?.nightMode?.enabled ? pack.nightMode.callback : null;
  if (night && nightCallback && !nightCallback.createTask) return;
  const within = night && nightCallback ? nightCallback.within : DEFAULT_CALLBACK_WITHIN;
  const { cal } = await txMemo(tx, `calendar:${ctx.orgId}`, () => orgCalendar(tx, ctx.orgId));
  const endedAt = call.ended_at ? new Date(call.ended_at) : ctx.now();
  const due = addDuration(cal, endedAt, within).due;
  const reason = night ? 'night' : call.abandoned ? 'abandoned' : 'unanswered';
  const task = await callbacksRepo.upsertOpenTask(tx, { orgId: ctx.orgId, caller: call.from_number!, callId: call.id, reason, dueAt: due, now: ctx.now() });
  await recordEvent(tx, ctx, task.created ? 'callback.opened' : 'callback.updated', { type: 'callback', id: task.id }, { taskId: task.id, caller: call.from_number, callId: call.id, reason, dueAt: due.toISOString() });
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

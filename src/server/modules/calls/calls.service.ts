import { addDuration } from '../../../shared/calendar/index.js';
import { localParts } from '../../../shared/calendar/zone.js';
import { z } from 'zod';
import { callFigures, type CallState } from '../../../shared/cti/call-state.js';
import type { CallEvent } from '../../../shared/cti/events.js';
import { rolesSeeingPersonalData, type Role } from '../../../shared/roles.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import { systemActor, type Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { txMemo } from '../../db/tx-memo.js';
import type { Call } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { defineJob, jobRow, type JobRow } from '../../jobs/runner.js';
import { recordEvent, type PendingEvent } from '../events/events.repo.js';
import { getOrgProfile } from '../orgs/orgs.service.js';
import { activePackCached } from '../standards/active-pack.js';
import { orgCalendar } from '../tickets/sla.service.js';
import type { WithCallState } from './call-columns.js';
import * as callbacksRepo from './callbacks.repo.js';
import * as repo from './calls.repo.js';
import type { CallDto, CallListQuery } from './calls.schema.js';

/** Missed daytime calls are called back within this time unless the pack says otherwise. */
export const DEFAULT_CALLBACK_WITHIN = '2bh';

const missed = (s: CallState) => s.direction === 'in' && s.endedAt !== null && s.answeredAt === null && s.from !== null;

/** How long after a call is seen missed the callback decision waits for its late events. */
export const CALLBACK_SETTLE_MS = 5_000;

/**
 * What a batch of a call's events means for callbacks (回拨): a call that became missed is looked
 * at again a few seconds later (callbackCheckJob), once any late event of it (an answer sent after
 * the hangup) has had time to arrive, so no task is opened — and no live message pushed — for a
 * call that turns out answered. The job is keyed by the call, so resends and refolds add nothing.
 */
export function callbackFollowUp(ctx: Ctx, call: Call, prev: CallState, next: CallState): JobRow | null {
  if (!missed(next) || missed(prev)) return null;
  return jobRow(callbackCheckJob, { callId: call.id }, { orgId: ctx.orgId, runAt: new Date(Date.now() + CALLBACK_SETTLE_MS), dedupeKey: `callback:${call.id}` });
}

/**
 * Opens (or joins) the caller's callback task for a call that is missed now; takes an answered call
 * back out of the task it was put in, removing a task that is left with no call and was never worked.
 */
export const callbackCheckJob = defineJob({
  name: 'calls.callback-check',
  payload: z.object({ callId: z.string() }),
  handler: async ({ callId }, env) => {
    if (!env.orgId) return;
    const orgId = env.orgId;
    await env.db.transaction().execute(async (tx) => {
      const ctx: Ctx = { db: tx, orgId, actor: systemActor, now: env.now };
      const call = await repo.lockCall(tx, orgId, callId);
      if (!call) return;
      const inTask = await callbacksRepo.taskOfCall(tx, orgId, call.id);
      if (missed(call.state)) {
        if (inTask) return;
        const pack = (await activePackCached(tx, orgId))?.pack ?? null;
        const event = await openCallback(tx, ctx, call, pack, call.night);
        if (event) await recordEvent(tx, ctx, event.type, event.aggregate, event.payload);
      } else if (inTask) await callbacksRepo.retractCall(tx, orgId, call.id, env.now());
    });
  },
});

/** A call row with the columns the fold decides, as it will be saved (its after-call work time as stored). */
export function callRow(row: Call, s: CallState, extra: { agentUserId: string | null; night: boolean; now: Date }): Call {
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
    updated_at: extra.now,
  };
}

/** What writeBatch saves of a call: the folded columns, and the after-call work time when it ended in this batch. */
export function callSave(c: Call): repo.CallSave {
  const { org_id: _o, connection_id: _c, external_id: _e, qa_transcript_id: _q, created_at: _ca, updated_at: _u, ...save } = c;
  return save;
}

/**
 * The statement parts that save a batch's calls (the CTI intake); `transcriptId` gives the id of a
 * QA transcript stored in the same statement (qa.service transcriptIdInStatement).
 */
export const callsWriteParts = (now: Date, saves: readonly repo.CallSave[], wrapUps: ReadonlyArray<{ callId: string; ms: number | null }>, transcriptId: Parameters<typeof repo.callsParts>[3]) =>
  repo.callsParts(now, saves, wrapUps, transcriptId);

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
export async function orgName(db: Db, orgId: string): Promise<string> {
  let name = orgNames.get(orgId);
  if (name === undefined) {
    name = (await getOrgProfile({ db, orgId })).name;
    orgNames.set(orgId, name);
  }
  return name;
}

/** A call of a connection by the switch's id for it (id, status and its parsed state), if the switch told of it. */
export function callOfConnection(db: Db, connectionId: string, externalId: string) {
  return repo.findByExternalId(db, connectionId, externalId);
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
/** A bigint of milliseconds: a string from node-postgres, a number from PGlite. */
const ms = (v: number | string | null) => (v === null ? null : Number(v));

export function toCallDto(c: WithCallState<Call> & { qa_score?: number | null; qa_fatal?: boolean | null; agent_name?: string | null }, role: Role | 'system'): CallDto {
  const s = c.state;
  const show = seesPersonalData(role);
  return {
    id: c.id,
    externalId: c.external_id,
    direction: c.direction,
    from: show ? c.from_number : maskPhone(c.from_number),
    // an outbound call's `to` is the person called (a callback): as personal as an inbound caller's number
    to: show || c.direction !== 'out' ? c.to_number : maskPhone(c.to_number),
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
    waitMs: ms(c.wait_ms),
    talkMs: ms(c.talk_ms),
    holdMs: Number(c.hold_ms),
    holdCount: c.hold_count,
    wrapUpMs: ms(c.wrapup_ms),
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
  const events = await repo.callEvents(ctx.db, c.connection_id, c.external_id);
  const segments = events
    .filter((e): e is Extract<CallEvent, { type: 'transcript.segment' }> => e.type === 'transcript.segment')
    .map((e) => e.segment)
    .sort((a, b) => a.start - b.start);
  const timeline = events
    .filter((e) => e.type !== 'transcript.segment')
    .map((e) => ({ type: e.type, at: e.at, ...(e.seq === undefined ? {} : { seq: e.seq }), ...('target' in e ? { target: e.target } : {}), ...('agentId' in e && e.agentId ? { agentNo: e.agentId } : {}), ...('endedBy' in e ? { endedBy: e.endedBy } : {}) }));
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
    previousCalls: previous.map((p) => ({ id: p.id, ringingAt: iso(p.ringing_at), agentNo: p.agent_no, abandoned: p.abandoned, status: p.status, queue: p.queue, talkMs: ms(p.talk_ms) })),
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

import { addFacts, callFacts, diffFacts, emptyChanges, type AgentFact } from '../../../shared/cti/agent-timeline.js';
import { applyCallEvent, compareKeys, foldCallEvents, sortKey, type CallState } from '../../../shared/cti/call-state.js';
import { isCallEvent, type CallEvent, type CtiEvent } from '../../../shared/cti/events.js';
import { toQaTranscript } from '../../../shared/cti/transcript.js';
import { packIdentity } from '../../../shared/standards/identity.js';
import type { Ctx } from '../../context.js';
import { writeTogether } from '../../db/compose.js';
import type { Db } from '../../db/database.js';
import { txMemo } from '../../db/tx-memo.js';
import type { Call, CtiConnection } from '../../db/schema.js';
import { jobsPart } from '../../jobs/runner.js';
import { planTimelines, preloadAgents, timelineWriteParts, userOfAgent } from '../agents/agents.service.js';
import type { WithCallState } from '../calls/call-columns.js';
import { callbackFollowUp, callRow, callSave, callsWriteParts, isNight, liveSummary, orgName } from '../calls/calls.service.js';
import { eventsPart, type PendingEvent } from '../events/events.repo.js';
import { orgProfileOf } from '../orgs/orgs.service.js';
import type { TranscriptRow } from '../qa/qa.repo.js';
import { transcriptIdInStatement, transcriptWriteParts } from '../qa/qa.service.js';
import { activePackCached } from '../standards/active-pack.js';
import { callIdOf } from './call-id.js';
import * as intakeRepo from './intake.repo.js';

interface CallPlan {
  key: string;
  row: WithCallState<Call>;
  prev: CallState;
  /** The new events, in fold order. */
  sorted: CallEvent[];
  next: CallState;
  /** A late event: the state was folded again from every stored event. */
  refolded: boolean;
}

/** QA: an answered call with a transcript is checked when it ends, and again if segments come late. */
const needsQa = (prev: CallState, next: CallState, refolded: boolean) =>
  next.endedAt !== null && next.answeredAt !== null && next.segments > 0 && (next.segments !== prev.segments || !prev.endedAt || refolded);

/** The fact an agent.state event from a switch states. */
export function eventFact(connectionId: string, e: Extract<CtiEvent, { type: 'agent.state' }>): AgentFact {
  return {
    key: `ev:${connectionId}:${e.eventId}`,
    agentNo: e.agentId,
    at: Date.parse(e.at),
    state: e.state,
    reason: e.reason ?? null,
    callId: e.callId ? callIdOf(connectionId, e.callId) : null,
    source: 'cti',
    onlyIf: null,
  };
}

/**
 * Applies the newly accepted events of a batch inside the intake transaction. Each module decides
 * its part and owns its writes; this composes them into one statement:
 * - calls: each call's events are folded into its record (refolded from every stored event when
 *   one arrives late, so the record ends the same whatever the order); the call's live updates;
 * - agents: the facts the calls and the agent.state events state (src/shared/cti/agent-timeline.ts),
 *   from which the agents' logs, current states and the calls' after-call work times are derived;
 * - QA: an ended call with a transcript is stored with its check;
 * - callbacks: a missed call is looked at again after a short while (calls.service callbackFollowUp),
 *   when its late events have had time to come, so a shuffled batch does not open a task for a call
 *   that was answered.
 * The calls come locked and the agents' locks taken by the statement that stored the events
 * (intake.repo openBatch). The batch costs a fixed number of statements whatever its size.
 */
export async function applyIntake(tx: Db, ctx: Ctx, conn: CtiConnection, events: readonly CtiEvent[], locked: ReadonlyMap<string, WithCallState<Call>>): Promise<void> {
  const byCall = new Map<string, CallEvent[]>();
  const changes = emptyChanges();
  for (const e of events) {
    if (!isCallEvent(e)) addFacts(changes, [eventFact(conn.id, e)]);
    else if (byCall.has(e.callId)) byCall.get(e.callId)!.push(e);
    else byCall.set(e.callId, [e]);
  }
  const keys = [...byCall.keys()].sort();

  // Fold. Events that sort after everything folded so far extend the stored state.
  const plans: CallPlan[] = keys.map((key) => {
    const row = locked.get(key)!;
    const prev = row.state;
    const sorted = [...byCall.get(key)!].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
    const inOrder = prev.last === null || compareKeys(sortKey(sorted[0]!), prev.last) > 0;
    return { key, row, prev, sorted, next: inOrder ? sorted.reduce(applyCallEvent, prev) : prev, refolded: !inOrder };
  });
  // The stored events of a call: to refold it, and for QA when it ended with events from before
  // this batch (a call whose events all came in this batch has them at hand).
  const stored = await intakeRepo.eventsOfCalls(
    tx,
    conn.id,
    plans.filter((p) => p.refolded || (p.prev.last !== null && needsQa(p.prev, p.next, false))).map((p) => p.key),
  );
  for (const p of plans) if (p.refolded) p.next = foldCallEvents(p.key, stored.get(p.key)!);

  const active = await txMemo(tx, `pack:${ctx.orgId}`, () => activePackCached(tx, ctx.orgId));
  const pack = active?.pack ?? null;
  const agentNos = new Set<string>(changes.touched.keys());
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
  const transcripts: Array<Omit<TranscriptRow, 'source'>> = [];
  for (const p of plans) {
    if (!needsQa(p.prev, p.next, p.refolded)) continue;
    const callEvents = p.prev.last === null && !p.refolded ? p.sorted : stored.get(p.key)!;
    // Agents announce the organisation as the standard words it (identity.org, its {city} from the profile); the org's own name otherwise.
    const org = pack ? packIdentity(pack, await txMemo(tx, `profile:${ctx.orgId}`, () => orgProfileOf(tx, ctx.orgId))).org : await orgName(tx, ctx.orgId);
    const user = agentUser.get(p.key);
    const t = toQaTranscript(callEvents, { id: p.key, org, ...(user ? { agentName: user.display_name } : {}) });
    if (t) transcripts.push({ externalId: t.id, agentNo: t.agent.id, agentName: t.agent.name ?? null, caller: t.caller ?? null, startedAt: new Date(t.startedAt), transcript: t });
  }

  // The calls' live updates, in the order they happened; what the calls state about agents.
  const domainEvents: PendingEvent[] = [];
  const callbackJobs = [];
  for (const { key, prev, next, sorted } of plans) {
    const call = calls.get(key)!;
    const live = liveSummary(call, next);
    const agg = { type: 'call', id: call.id };
    const emit = (type: string, payload: Record<string, unknown>) => domainEvents.push({ type, aggregate: agg, payload });
    if (!prev.ringingAt && next.ringingAt && !next.endedAt && !next.answeredAt) emit('call.ringing', live);
    if (!prev.answeredAt && next.answeredAt && !next.endedAt) emit('call.answered', live);
    if (!next.endedAt) for (const t of next.transfers.slice(prev.transfers.length)) emit('call.transferred', { ...live, target: t.target, transferAgentNo: t.agentNo });
    if (!next.endedAt && (next.holds.length !== prev.holds.length || next.holds.some((h, i) => h.end !== prev.holds[i]?.end))) emit('call.updated', live);
    // A live call's sentences reach its agent at once but are not stored as domain events (the call's CTI events keep them).
    if (!next.endedAt) for (const e of sorted) if (e.type === 'transcript.segment') domainEvents.push({ type: 'call.segment', aggregate: agg, payload: { callId: call.id, agentNo: live.agentNo, segment: e.segment }, unstored: true });
    if (!prev.endedAt && next.endedAt) emit('call.ended', live);
    diffFacts(changes, callFacts(call.id, prev), callFacts(call.id, next));
    const followUp = callbackFollowUp(ctx, call, prev, next);
    if (followUp) callbackJobs.push(followUp);
  }

  const agents = await planTimelines(tx, ctx, changes);
  // A call saved here carries its after-call work time; other calls get theirs on their own.
  const byId = new Map([...calls.values()].map((c) => [c.id, c]));
  const wrapUps: Array<{ callId: string; ms: number | null }> = [];
  for (const [callId, ms] of agents.wrapUps) {
    const c = byId.get(callId);
    if (c) c.wrapup_ms = ms;
    else wrapUps.push({ callId, ms });
  }

  const now = ctx.now();
  const announced = eventsPart(ctx.orgId, ctx.actor.id, now, [...domainEvents, ...agents.events]);
  const jobs = jobsPart([...agents.jobs, ...callbackJobs]);
  await writeTogether(
    tx,
    [
      ...transcriptWriteParts(ctx.orgId, now, transcripts),
      ...callsWriteParts(now, [...calls.values()].map(callSave), wrapUps, transcripts.length ? transcriptIdInStatement : null),
      ...timelineWriteParts(ctx.orgId, agents),
      ...(jobs ? [jobs] : []),
      ...(announced?.part ? [announced.part] : []),
    ],
    announced?.announce,
  );
}

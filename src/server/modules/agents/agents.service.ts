import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { addFacts, deriveTimeline, emptyChanges, type AgentFact, type FactChanges, type TimelineEntry } from '../../../shared/cti/agent-timeline.js';
import { agentStates, type AgentState } from '../../../shared/cti/events.js';
import type { Ctx } from '../../context.js';
import { systemActor } from '../../context.js';
import type { Db } from '../../db/database.js';
import { txMemo, txMemoHas, txMemoPrime } from '../../db/tx-memo.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { callsWriteParts } from '../calls/calls.service.js';
import { eventsPart, type PendingEvent } from '../events/events.repo.js';
import { writeTogether } from '../../db/compose.js';
import { defineJob, jobRow, jobsPart, type JobRow } from '../../jobs/runner.js';
import { activePackCached } from '../standards/active-pack.js';
import { usersByIds } from '../users/users.service.js';
import * as statesRepo from './agent-states.repo.js';
import * as repo from './agents.repo.js';

const agentKey = (orgId: string, agentNo: string) => `agent:${orgId}:${agentNo}`;
type AgentUser = Awaited<ReturnType<typeof repo.userByAgentNo>>;

/** The user who has an agent number (工号), read once per transaction. */
export function userOfAgent(tx: Db, orgId: string, agentNo: string): Promise<AgentUser> {
  return txMemo(tx, agentKey(orgId, agentNo), () => repo.userByAgentNo(tx, orgId, agentNo));
}

/** Reads the users of many agent numbers in one query, for userOfAgent in the same transaction. */
export async function preloadAgents(tx: Db, orgId: string, agentNos: Iterable<string>): Promise<void> {
  const missing = [...new Set(agentNos)].filter((n) => !txMemoHas(tx, agentKey(orgId, n)));
  if (!missing.length) return;
  const rows = await statesRepo.usersByAgentNos(tx, orgId, missing);
  const byNo = new Map(rows.map((r) => [r.agent_no, r]));
  for (const n of missing) {
    const r = byNo.get(n);
    txMemoPrime<AgentUser>(tx, agentKey(orgId, n), r ? { id: r.id, display_name: r.display_name, role: r.role } : undefined);
  }
}

/** Remembers users already read with something else (cti/intake.repo openBatch) for userOfAgent in the same transaction. */
export function primeAgents(tx: Db, orgId: string, users: ReadonlyMap<string, AgentUser>): void {
  for (const [n, u] of users) txMemoPrime<AgentUser>(tx, agentKey(orgId, n), u);
}

/** States an agent may choose; on_call is set by the call itself. */
export const selectableStates = ['available', 'busy', 'break', 'wrap_up', 'training', 'offline'] as const satisfies readonly AgentState[];
export const DEFAULT_WRAP_UP_SECONDS = 60;

export interface StateChange {
  agentNo: string;
  state: AgentState;
  reason?: string | null | undefined;
  at: Date;
  source: 'cti' | 'workbench' | 'system';
  callId?: string | null | undefined;
}

/** What a derivation of some agents' timelines writes, announces and schedules. */
export interface TimelinePlan {
  writes: statesRepo.TimelineWrites;
  /** agent.state domain events, one per agent whose current state changed. */
  events: PendingEvent[];
  /** Wrap-up timeouts to schedule. */
  jobs: JobRow[];
  /** After-call work time of each call whose wrap-up entries were derived again (null: not over, or no longer one). */
  wrapUps: Map<string, number | null>;
}

async function wrapUpLimitMs(tx: Db, orgId: string): Promise<number> {
  const pack = await txMemo(tx, `pack:${orgId}`, () => activePackCached(tx, orgId));
  return (pack?.pack.callRules.wrapUp.maxSeconds ?? DEFAULT_WRAP_UP_SECONDS) * 1000;
}

const sameStatus = (s: statesRepo.StoredStatus, e: TimelineEntry) =>
  s.state === e.state && s.reason === e.reason && s.call_id === e.callId && s.since.getTime() === e.startedAt && s.source === e.source;

/**
 * Derives the state logs of the agents a set of fact changes touches, from the earliest instant a
 * change touches onwards, and returns what to write, announce and schedule — for the caller to write
 * with the rest of its batch (the CTI intake), or at once (applyFacts). The caller holds the agents'
 * locks (agents.repo lockAgents, or cti/intake.repo openBatch for a batch).
 */
export async function planTimelines(tx: Db, ctx: Ctx, changes: FactChanges): Promise<TimelinePlan> {
  const plan: TimelinePlan = { writes: statesRepo.noTimelineWrites(), events: [], jobs: [], wrapUps: new Map() };
  if (!changes.touched.size) return plan;
  const agents = [...changes.touched.keys()].sort();
  await preloadAgents(tx, ctx.orgId, agents);
  const stored = await statesRepo.readTimelines(
    tx,
    ctx.orgId,
    agents.map((agentNo) => ({ agentNo, since: new Date(changes.touched.get(agentNo)!) })),
  );
  const replaced = new Set([...changes.upsert.map((f) => f.key), ...changes.remove]);
  const added = new Map<string, AgentFact[]>();
  for (const f of changes.upsert) added.set(f.agentNo, [...(added.get(f.agentNo) ?? []), f]);
  plan.writes.factUpserts = changes.upsert;
  plan.writes.factRemovals = changes.remove.filter((k) => !changes.upsert.some((f) => f.key === k));
  const wrapLimit = await wrapUpLimitMs(tx, ctx.orgId);

  for (const st of stored) {
    // From the instant the changes touch, or the retention horizon: a fact before it (a very late event) is
    // stored but changes nothing in the final part of the log.
    const since = st.since;
    const facts = [...st.facts.filter((f) => !replaced.has(f.key)), ...(added.get(st.agentNo) ?? []).filter((f) => f.at >= since)];
    const { carryEndedAt, entries } = deriveTimeline(st.carry, facts);
    const user = await userOfAgent(tx, ctx.orgId, st.agentNo);
    const userId = user?.id ?? null;
    plan.writes.logCuts.push({ agentNo: st.agentNo, since: new Date(since) });
    const carry = st.carry ? { ...st.carry, endedAt: carryEndedAt } : null;
    if (st.carry) plan.writes.carryEnds.push({ id: st.carry.id, startedAt: st.carry.startedAt, endedAt: carryEndedAt });
    for (const entry of entries) plan.writes.logs.push({ agentNo: st.agentNo, userId, entry });

    const current = entries.at(-1) ?? carry;
    if (current && (!st.status || !sameStatus(st.status, current))) {
      const now = { ...current, endedAt: null };
      plan.writes.statuses.push({ agentNo: st.agentNo, userId, entry: now });
      plan.events.push({
        type: 'agent.state',
        aggregate: { type: 'agent', id: st.agentNo },
        payload: {
          agentNo: st.agentNo,
          userId,
          name: user?.display_name ?? null,
          state: current.state,
          reason: current.reason,
          callId: current.callId,
          since: new Date(current.startedAt).toISOString(),
          previous: st.status ? { state: st.status.state, since: st.status.since.toISOString() } : null,
          source: current.source,
        },
      });
    }

    // After-call work times of the calls whose wrap-up entries were derived again.
    const totals = new Map<string, number | null>();
    for (const e of carry ? [carry, ...entries] : entries) {
      if (e.state !== 'wrap_up' || !e.callId) continue;
      const prev = totals.get(e.callId) ?? null;
      totals.set(e.callId, e.endedAt === null ? prev : (prev ?? 0) + Math.max(0, e.endedAt - e.startedAt));
    }
    for (const id of st.wrapUpCalls) if (!totals.has(id)) totals.set(id, null);
    for (const [id, ms] of totals) plan.wrapUps.set(id, ms);

    // A wrap-up that is still on, or went on past its limit, ends by itself at the limit.
    for (const e of entries)
      if (e.state === 'wrap_up' && (e.endedAt === null || e.endedAt - e.startedAt > wrapLimit)) {
        const sinceIso = new Date(e.startedAt).toISOString();
        plan.jobs.push(
          jobRow(
            wrapUpTimeoutJob,
            { agentNo: st.agentNo, since: sinceIso, callId: e.callId, at: new Date(e.startedAt + wrapLimit).toISOString() },
            { orgId: ctx.orgId, runAt: new Date(e.startedAt + wrapLimit), dedupeKey: `wrapup:${ctx.orgId}:${st.agentNo}:${sinceIso}` },
          ),
        );
      }
  }
  return plan;
}

/** Serialises the writers of some agents' states: a statement part for a caller's own statement (the CTI intake's first). */
export const agentLocksPart = statesRepo.agentLocksPart;

/** The statement parts that write a plan's logs and states (its events and jobs are the caller's to write). */
export const timelineWriteParts = (orgId: string, plan: TimelinePlan) => statesRepo.timelineParts(orgId, plan.writes);

/** Writes a plan in one statement (with its announcements and jobs). */
async function writePlan(tx: Db, ctx: Ctx, plan: TimelinePlan): Promise<void> {
  const events = eventsPart(ctx.orgId, ctx.actor.id, ctx.now(), plan.events);
  const jobs = jobsPart(plan.jobs);
  // the calls' after-call work times are the calls module's to write, in the same statement
  const wrapUps = callsWriteParts(ctx.now(), [], [...plan.wrapUps].map(([callId, ms]) => ({ callId, ms })), null);
  const parts = [...statesRepo.timelineParts(ctx.orgId, plan.writes), ...wrapUps, ...(jobs ? [jobs] : []), ...(events?.part ? [events.part] : [])];
  await writeTogether(tx, parts, events?.announce);
}

/**
 * Adds facts about agents inside the caller's transaction (the workbench, the wrap-up timeout) and
 * derives their logs again; returns the agents whose current state changed.
 */
export async function applyFacts(tx: Db, ctx: Ctx, facts: readonly AgentFact[]): Promise<Set<string>> {
  await statesRepo.lockAgents(tx, ctx.orgId, [...new Set(facts.map((f) => f.agentNo))].sort());
  const plan = await planTimelines(tx, ctx, addFacts(emptyChanges(), facts));
  await writePlan(tx, ctx, plan);
  return new Set(plan.events.map((e) => e.aggregate.id));
}

let arrivals = 0;
/**
 * The key of a fact someone states now (the workbench, the system): facts of the same instant are
 * taken in key order, so these keys sort by arrival — a person who picks 示忙 and then, in the same
 * second, finishes a wrap-up with 示闲 ends available — and after the switch's (`ev:…`) and the
 * calls' (`call:…`) facts of that instant.
 */
function arrivalKey(source: string): string {
  arrivals = (arrivals + 1) % 1_679_616; // 36^4
  return `${source}:${Date.now().toString(36).padStart(9, '0')}${arrivals.toString(36).padStart(4, '0')}:${randomUUID().slice(0, 8)}`;
}

/**
 * Records that an agent entered a state at an instant (a fact of its own), inside the caller's
 * transaction. Returns whether it changed the agent's current state.
 */
export async function changeState(tx: Db, ctx: Ctx, c: StateChange): Promise<boolean> {
  const fact: AgentFact = { key: arrivalKey(c.source), agentNo: c.agentNo, at: c.at.getTime(), state: c.state, reason: c.reason ?? null, callId: c.callId ?? null, source: c.source, onlyIf: null };
  return (await applyFacts(tx, ctx, [fact])).has(c.agentNo);
}

/**
 * After-call work ends by itself after the pack's wrap-up time (话后处理时长): at that instant of
 * event time — not when the job happens to run, which after a backlog may be much later — the
 * agent is available again, if that wrap-up is still the state in force then.
 */
export const wrapUpTimeoutJob = defineJob({
  name: 'agents.wrap-up-timeout',
  payload: z.object({ agentNo: z.string(), since: z.string(), callId: z.string().nullable().optional(), at: z.string().optional() }),
  handler: async ({ agentNo, since, callId, at }, env) => {
    if (!env.orgId) return;
    const ctx: Ctx = { db: env.db, orgId: env.orgId, actor: systemActor, now: env.now };
    const sinceMs = Date.parse(since);
    const atMs = at ? Date.parse(at) : env.now().getTime();
    await env.db.transaction().execute(async (tx) => {
      await applyFacts(tx, { ...ctx, db: tx }, [
        { key: `timeout:${agentNo}:${since}`, agentNo, at: atMs, state: 'available', reason: null, callId: null, source: 'system', onlyIf: { state: 'wrap_up', callId: callId ?? null, since: sinceMs } },
      ]);
    });
  },
});

/**
 * An agent left: offline from `at` (which also ends any open wrap-up). With `unlessFromSwitch`, an agent whose
 * current state the switch reported is left alone: the switch says itself when they leave. Returns whether the
 * agent's state changed.
 */
export async function signOff(tx: Db, ctx: Ctx, agentNo: string, at: Date, source: 'workbench' | 'system', opts: { unlessFromSwitch?: boolean } = {}): Promise<boolean> {
  const current = await repo.getStatus(tx, ctx.orgId, agentNo);
  if (!current || current.state === 'offline') return false;
  if (opts.unlessFromSwitch && current.source === 'cti') return false;
  if (new Date(current.since).getTime() > at.getTime()) return false;
  return changeState(tx, ctx, { agentNo, state: 'offline', at, source });
}

/** The signed-in agent sets their own state from the workbench header. */
export async function setOwnState(ctx: Ctx, agentNo: string | null, input: { state: (typeof selectableStates)[number]; reason?: string | undefined }) {
  if (!agentNo) fail('AGENT_NO_MISSING', 'your account has no agent number (工号); ask an administrator to set one');
  return ctx.db.transaction().execute(async (tx) => {
    const current = await repo.getStatus(tx, ctx.orgId, agentNo);
    if (current?.state === 'on_call' && input.state !== 'offline')
      fail('AGENT_ON_CALL', 'you are on a call; the state changes by itself when the call ends');
    const changed = await changeState(tx, { ...ctx, db: tx }, { agentNo, state: input.state, reason: input.reason, at: ctx.now(), source: 'workbench' });
    if (changed) await recordAudit(tx, { ...ctx, db: tx }, { action: 'agent.state', entityType: 'agent', entityId: agentNo, before: current ? { state: current.state } : null, after: { state: input.state, reason: input.reason ?? null } });
    return getState(tx, ctx.orgId, agentNo);
  });
}

export async function getState(db: Db, orgId: string, agentNo: string) {
  const s = await repo.getStatus(db, orgId, agentNo);
  return { agentNo, state: (s?.state ?? 'offline') as AgentState, reason: s?.reason ?? null, since: s ? new Date(s.since).toISOString() : null, callId: s?.call_id ?? null };
}

/** The team board: every agent, their state and since when, their call and queues. */
export async function board(ctx: Ctx) {
  const [rows, members] = await Promise.all([repo.board(ctx.db, ctx.orgId), repo.memberships(ctx.db, ctx.orgId)]);
  const queuesOf = new Map<string, string[]>();
  for (const m of members) queuesOf.set(m.user_id, [...(queuesOf.get(m.user_id) ?? []), m.code]);
  const agents = rows.map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    agentNo: r.agent_no!,
    role: r.role,
    state: (r.state ?? 'offline') as AgentState,
    reason: r.reason,
    since: r.since ? new Date(r.since).toISOString() : null,
    callId: r.call_id,
    queues: queuesOf.get(r.user_id) ?? [],
  }));
  const counts = Object.fromEntries(agentStates.map((s) => [s, agents.filter((a) => a.state === s).length])) as Record<AgentState, number>;
  return { agents, counts };
}

export async function stateLog(ctx: Ctx, agentNo: string, limit: number) {
  const rows = await repo.stateLog(ctx.db, ctx.orgId, agentNo, limit);
  return rows.map((r) => ({
    state: r.state,
    reason: r.reason,
    source: r.source,
    callId: r.call_id,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    // bigint: a string from node-postgres, a number from PGlite
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  }));
}

export async function listQueues(ctx: Ctx) {
  const [queues, members] = await Promise.all([repo.listQueues(ctx.db, ctx.orgId), repo.queueMembers(ctx.db, ctx.orgId)]);
  return queues.map((q) => ({ id: q.id, code: q.code, name: q.name, kind: q.kind, members: members.filter((m) => m.queue_id === q.id).map((m) => m.user_id) }));
}

export async function createQueue(ctx: Ctx, input: { code: string; name: string; kind: 'day' | 'night' | 'expert'; members?: string[] | undefined }) {
  return ctx.db.transaction().execute(async (tx) => {
    const q = (await repo.insertQueue(tx, ctx.orgId, input, ctx.now())) ?? fail('QUEUE_EXISTS', `a queue with the code "${input.code}" already exists`);
    if (input.members?.length) await setMembersIn(tx, ctx, q.id, input.members);
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'queue.create', entityType: 'queue', entityId: q.id, after: input });
    return { id: q.id, code: q.code, name: q.name, kind: q.kind, members: input.members ?? [] };
  });
}

export async function setMembers(ctx: Ctx, queueId: string, userIds: string[]) {
  return ctx.db.transaction().execute(async (tx) => {
    const q = (await repo.findQueue(tx, ctx.orgId, queueId)) ?? fail('QUEUE_NOT_FOUND', 'no such queue');
    await setMembersIn(tx, ctx, q.id, userIds);
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'queue.members', entityType: 'queue', entityId: q.id, after: { members: userIds } });
    return { id: q.id, code: q.code, name: q.name, kind: q.kind, members: userIds };
  });
}

async function setMembersIn(tx: Db, ctx: Ctx, queueId: string, userIds: string[]) {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    const found = await usersByIds(tx, ctx.orgId, unique);
    if (found.length !== unique.length) fail('USER_NOT_FOUND', 'some members are not users of this organisation');
  }
  await repo.setMembers(tx, ctx.orgId, queueId, unique);
}

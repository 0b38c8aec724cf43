import { z } from 'zod';
import { agentStates, type AgentState } from '../../../shared/cti/events.js';
import type { Ctx } from '../../context.js';
import { systemActor } from '../../context.js';
import type { Db } from '../../db/database.js';
import { txMemo, txMemoHas, txMemoPrime } from '../../db/tx-memo.js';
import { fail } from '../../http/errors.js';
import { defineJob } from '../../jobs/runner.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { enqueueJobs, jobRow, type BatchWrites, type JobRow } from '../cti/intake.repo.js';
import { activePackCached } from '../standards/active-pack.js';
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

/** What a change that became the current state announces (the agent.state domain event) and schedules. */
interface Outcome {
  event: Record<string, unknown> | null;
  job: JobRow | null;
}

const reasonOf = (c: StateChange) => (c.state === 'break' || c.state === 'busy' ? (c.reason ?? null) : null);
const callOf = (c: StateChange) => (c.state === 'on_call' || c.state === 'wrap_up' ? (c.callId ?? null) : null);

function announce(c: StateChange, user: AgentUser, previous: { state: string; since: Date } | null): Record<string, unknown> {
  return {
    agentNo: c.agentNo,
    userId: user?.id ?? null,
    name: user?.display_name ?? null,
    state: c.state,
    reason: reasonOf(c),
    callId: callOf(c),
    since: c.at.toISOString(),
    previous: previous ? { state: previous.state, since: previous.since.toISOString() } : null,
    source: c.source,
  };
}

/** After-call work ends by itself after the pack's wrap-up time: the job that ends it. */
async function wrapUpTimeout(tx: Db, ctx: Ctx, agentNo: string, at: Date): Promise<JobRow> {
  const pack = await txMemo(tx, `pack:${ctx.orgId}`, () => activePackCached(tx, ctx.orgId));
  const seconds = pack?.pack.callRules.wrapUp.maxSeconds ?? DEFAULT_WRAP_UP_SECONDS;
  return jobRow(wrapUpTimeoutJob, { agentNo, since: at.toISOString() }, { orgId: ctx.orgId, runAt: new Date(at.getTime() + seconds * 1000), dedupeKey: `wrapup:${ctx.orgId}:${agentNo}:${at.toISOString()}` });
}

/**
 * Records that an agent entered a state at an instant, inside the caller's transaction. The state
 * log is a timeline ordered by time: a change that arrives late is put in its place and the
 * durations around it are corrected, so the log, the wrap-up times and the current state come out
 * the same whatever order the events arrived in. Only a change at or after the current state
 * becomes the current state and is announced live.
 */
export async function changeState(tx: Db, ctx: Ctx, c: StateChange): Promise<boolean> {
  const r = await placeChange(tx, ctx, c);
  if (r.event) await recordEvent(tx, ctx, 'agent.state', { type: 'agent', id: c.agentNo }, r.event);
  if (r.job) await enqueueJobs(tx, [r.job]);
  return r.event !== null;
}

/** changeState without its announcement and job, which it returns for the caller to record. */
async function placeChange(tx: Db, ctx: Ctx, c: StateChange): Promise<Outcome> {
  const current = await repo.lockStatus(tx, ctx.orgId, c.agentNo);
  const reason = reasonOf(c);
  const callId = callOf(c);
  const isCurrent = !current || c.at.getTime() >= new Date(current.since).getTime();
  if (current && isCurrent && current.state === c.state && current.reason === reason && current.call_id === callId) return { event: null, job: null };

  const user = await userOfAgent(tx, ctx.orgId, c.agentNo);
  const before = await repo.entryAt(tx, ctx.orgId, c.agentNo, c.at);
  const after = isCurrent ? undefined : await repo.entryAfter(tx, ctx.orgId, c.agentNo, c.at);
  if (before) {
    await repo.endEntry(tx, before.id, new Date(before.started_at), c.at);
    if (before.state === 'wrap_up' && before.call_id) await setWrapUp(tx, before.call_id, new Date(before.started_at), c.at);
  }
  const endedAt = after ? new Date(after.started_at) : null;
  await repo.insertLog(tx, { orgId: ctx.orgId, agentNo: c.agentNo, userId: user?.id ?? null, state: c.state, reason, callId, source: c.source, at: c.at, endedAt });
  if (c.state === 'wrap_up' && callId && endedAt) await setWrapUp(tx, callId, c.at, endedAt);
  if (!isCurrent) return { event: null, job: null };

  await repo.upsertStatus(tx, { orgId: ctx.orgId, agentNo: c.agentNo, userId: user?.id ?? null, state: c.state, reason, since: c.at, callId, source: c.source });
  return {
    event: announce(c, user, current ? { state: current.state, since: new Date(current.since) } : null),
    job: c.state === 'wrap_up' ? await wrapUpTimeout(tx, ctx, c.agentNo, c.at) : null,
  };
}

/** What applyStateChanges leaves for the caller to write (intake.repo writeBatch), with everything else of its batch. */
export interface StateWrites {
  /** For each change, the payload of its agent.state event; null when it did not become the current state. */
  events: Array<Record<string, unknown> | null>;
  jobs: JobRow[];
  logEnds: BatchWrites['logEnds'];
  logs: BatchWrites['logs'];
  statuses: BatchWrites['statuses'];
  /** After-call work times by call id. */
  wrapUps: Map<string, number>;
}

/**
 * changeState for many changes at once (a CTI batch) with a fixed number of statements: the
 * agents' states are locked together (in agent-number order, so concurrent batches cannot
 * deadlock on them), each agent's changes are placed in memory, and what they write is returned
 * for the caller to write with the rest of its batch. It ends exactly as calling changeState for
 * each change in the order given would, announcements included. An agent seen for the first time,
 * or one with a change older than the state before it (a late event, which goes into the middle
 * of the timeline), takes changeState's own path, writing as it goes.
 */
export async function applyStateChanges(tx: Db, ctx: Ctx, changes: readonly StateChange[]): Promise<StateWrites> {
  const out: StateWrites = { events: changes.map(() => null), jobs: [], logEnds: [], logs: [], statuses: [], wrapUps: new Map() };
  if (!changes.length) return out;
  const byAgent = new Map<string, number[]>();
  changes.forEach((c, i) => byAgent.set(c.agentNo, [...(byAgent.get(c.agentNo) ?? []), i]));
  const agents = [...byAgent.keys()].sort();
  await preloadAgents(tx, ctx.orgId, agents);
  const locked = new Map((await statesRepo.lockStatuses(tx, ctx.orgId, agents)).map((s) => [s.agent_no, s]));

  for (const agentNo of agents) {
    // Each agent's changes in the order changeState would take them.
    const order = byAgent.get(agentNo)!;
    const cur = locked.get(agentNo);
    const mine = cur ? await placeInOrder(tx, ctx, agentNo, cur, order.map((i) => changes[i]!)) : null;
    if (!mine) {
      // A first state, or a change older than the state before it: changeState's own path.
      for (const i of order) {
        const r = await placeChange(tx, ctx, changes[i]!);
        out.events[i] = r.event;
        if (r.job) out.jobs.push(r.job);
      }
      continue;
    }
    mine.events.forEach((e, k) => (out.events[order[k]!] = e));
    out.jobs.push(...mine.jobs);
    out.logEnds.push(...mine.logEnds);
    out.logs.push(...mine.logs);
    if (mine.status) out.statuses.push(mine.status);
    for (const [callId, ms] of mine.wrapUps) out.wrapUps.set(callId, ms);
  }
  return out;
}

/**
 * One agent's changes, each at or after the one before it (and the agent's current state), as
 * changeState would place them one by one: each becomes the current state in turn, a repeat of
 * the current state changes nothing. Null as soon as one is older: that takes changeState's path.
 */
async function placeInOrder(tx: Db, ctx: Ctx, agentNo: string, cur: statesRepo.LockedStatus, changes: readonly StateChange[]) {
  const mine = {
    events: changes.map((): Record<string, unknown> | null => null),
    jobs: [] as JobRow[],
    logEnds: [] as StateWrites['logEnds'],
    logs: [] as StateWrites['logs'],
    status: null as StateWrites['statuses'][number] | null,
    wrapUps: new Map<string, number>(),
  };
  let current = { state: cur.state, reason: cur.reason, callId: cur.call_id, since: cur.since };
  // The entry in force: the latest of the log, then each entry placed here.
  let open: { id: string | null; row: StateWrites['logs'][number] | null; startedAt: Date; state: string; callId: string | null } | null = cur.log_id
    ? { id: cur.log_id, row: null, startedAt: cur.log_started_at!, state: cur.log_state!, callId: cur.log_call_id }
    : null;
  for (const [k, c] of changes.entries()) {
    if (c.at.getTime() < current.since.getTime()) return null;
    const reason = reasonOf(c);
    const callId = callOf(c);
    if (current.state === c.state && current.reason === reason && current.callId === callId) continue;
    const user = await userOfAgent(tx, ctx.orgId, agentNo);
    if (open) {
      if (open.row) open.row.endedAt = c.at;
      else mine.logEnds.push({ id: open.id!, startedAt: open.startedAt, endedAt: c.at });
      if (open.state === 'wrap_up' && open.callId) mine.wrapUps.set(open.callId, Math.max(0, c.at.getTime() - open.startedAt.getTime()));
    }
    const row = { agentNo, userId: user?.id ?? null, state: c.state, reason, callId, source: c.source, at: c.at, endedAt: null as Date | null };
    mine.logs.push(row);
    open = { id: null, row, startedAt: c.at, state: c.state, callId };
    mine.status = { agentNo, userId: user?.id ?? null, state: c.state, reason, since: c.at, callId, source: c.source };
    mine.events[k] = announce(c, user, current);
    if (c.state === 'wrap_up') mine.jobs.push(await wrapUpTimeout(tx, ctx, agentNo, c.at));
    current = { state: c.state, reason, callId, since: c.at };
  }
  return mine;
}

async function setWrapUp(tx: Db, callId: string, from: Date, to: Date) {
  await tx.updateTable('calls').set({ wrapup_ms: Math.max(0, to.getTime() - from.getTime()) }).where('id', '=', callId).execute();
}

/** After-call work ends by itself after the pack's wrap-up time (话后处理时长); the agent is available again. */
export const wrapUpTimeoutJob = defineJob({
  name: 'agents.wrap-up-timeout',
  payload: z.object({ agentNo: z.string(), since: z.string() }),
  handler: async ({ agentNo, since }, env) => {
    if (!env.orgId) return;
    const ctx: Ctx = { db: env.db, orgId: env.orgId, actor: systemActor, now: env.now };
    await env.db.transaction().execute(async (tx) => {
      const s = await repo.getStatus(tx, env.orgId!, agentNo);
      if (!s || s.state !== 'wrap_up' || new Date(s.since).toISOString() !== since) return;
      await changeState(tx, { ...ctx, db: tx }, { agentNo, state: 'available', at: env.now(), source: 'system' });
    });
  },
});

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
    durationMs: r.duration_ms,
  }));
}

export async function listQueues(ctx: Ctx) {
  const [queues, members] = await Promise.all([repo.listQueues(ctx.db, ctx.orgId), ctx.db.selectFrom('queue_members').select(['queue_id', 'user_id']).where('org_id', '=', ctx.orgId).execute()]);
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
    const found = await tx.selectFrom('users').select('id').where('org_id', '=', ctx.orgId).where('id', 'in', unique).execute();
    if (found.length !== unique.length) fail('USER_NOT_FOUND', 'some members are not users of this organisation');
  }
  await repo.setMembers(tx, ctx.orgId, queueId, unique);
}

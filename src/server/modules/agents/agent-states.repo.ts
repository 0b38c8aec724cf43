import { sql, type RawBuilder } from 'kysely';
import type { AgentFact, StateSource, TimelineEntry } from '../../../shared/cti/agent-timeline.js';
import type { AgentState } from '../../../shared/cti/events.js';
import type { Db } from '../../db/database.js';

/**
 * The agents' state facts, log and current states (agent_state_facts, agent_state_log,
 * agent_status). The log and the current state are derived from the facts (agents.service,
 * src/shared/cti/agent-timeline.ts); this file reads what a derivation needs and returns the
 * statement parts that write its outcome, for the caller to send with the rest of its batch in
 * one statement (db/compose.ts).
 */

/**
 * Serialises every writer of some agents' states (a CTI batch, the workbench, the wrap-up timeout)
 * until the transaction ends: an advisory lock per agent, taken in agent-number order so two
 * batches that share agents wait for each other instead of deadlocking. Works for agents with no
 * row yet, which a row lock would not.
 */
export function agentLocksPart(orgId: string, agentNos: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select count(pg_advisory_xact_lock(hashtextextended(${orgId}::text || ':' || a.agent_no, 0)))
    from (select distinct agent_no from (${agentNos}) n(agent_no) where agent_no is not null order by agent_no) a`;
}

export async function lockAgents(tx: Db, orgId: string, agentNos: readonly string[]): Promise<void> {
  if (!agentNos.length) return;
  await sql`${agentLocksPart(orgId, sql`select unnest(${[...agentNos]}::text[])`)}`.execute(tx);
}

export interface StoredStatus {
  state: string;
  reason: string | null;
  since: Date;
  call_id: string | null;
  source: string;
}

export interface StoredTimeline {
  agentNo: string;
  /**
   * Where the derivation starts: the instant asked for, or the organisation's retention horizon if that is
   * later (the facts before it were pruned, so the log before it is final and is not derived again).
   */
  since: number;
  status: StoredStatus | null;
  /** The log entry in force just before `since` (its id, to correct its end). */
  carry: (TimelineEntry & { id: string }) | null;
  /** Every fact from `since` on. */
  facts: AgentFact[];
  /** Calls whose after-call work entries start at or after `since` (their wrap-up times are derived again). */
  wrapUpCalls: string[];
}

interface FactJson {
  key: string;
  agent_no: string;
  at: string;
  state: AgentState;
  reason: string | null;
  call_id: string | null;
  source: StateSource;
  only_if_state: AgentState | null;
  only_if_call: string | null;
  only_if_since: string | null;
}

export function factOf(r: FactJson): AgentFact {
  return {
    key: r.key,
    agentNo: r.agent_no,
    at: Date.parse(r.at),
    state: r.state,
    reason: r.reason,
    callId: r.call_id,
    source: r.source,
    onlyIf: r.only_if_state ? { state: r.only_if_state, callId: r.only_if_call, since: r.only_if_since ? Date.parse(r.only_if_since) : null } : null,
  };
}

/**
 * One statement: for each agent, its current state, the log entry in force before `since`, and its facts from `since` on;
 * `since` is moved up to the organisation's retention horizon (retention_horizons) when it is earlier.
 */
export async function readTimelines(tx: Db, orgId: string, from: ReadonlyArray<{ agentNo: string; since: Date }>): Promise<StoredTimeline[]> {
  if (!from.length) return [];
  const input = JSON.stringify(from.map((f) => ({ agent_no: f.agentNo, since: f.since.toISOString() })));
  const r = await sql<{
    agent_no: string;
    since: string;
    status: { state: string; reason: string | null; since: string; call_id: string | null; source: string } | null;
    carry: { id: string; state: AgentState; reason: string | null; call_id: string | null; source: StateSource; started_at: string } | null;
    facts: FactJson[];
    wrapups: string[] | null;
  }>`
    with h as (select coalesce((select agent_facts_before from retention_horizons where org_id = ${orgId}::uuid), '-infinity'::timestamptz) as before),
    a as (select x.agent_no, greatest(x.since, h.before) as since from jsonb_to_recordset(${input}::jsonb) as x(agent_no text, since timestamptz), h)
    select a.agent_no, a.since,
      (select row_to_json(s) from (select state, reason, since, call_id, source from agent_status where org_id = ${orgId}::uuid and agent_no = a.agent_no) s) as status,
      (select row_to_json(l) from (
        select id::text as id, state, reason, call_id, source, started_at from agent_state_log
        where org_id = ${orgId}::uuid and agent_no = a.agent_no and started_at < a.since
        order by started_at desc, id desc limit 1) l) as carry,
      coalesce((select json_agg(f) from (
        select key, agent_no, at, state, reason, call_id, source, only_if_state, only_if_call, only_if_since from agent_state_facts
        where org_id = ${orgId}::uuid and agent_no = a.agent_no and at >= a.since) f), '[]'::json) as facts,
      array(select distinct call_id::text from agent_state_log
        where org_id = ${orgId}::uuid and agent_no = a.agent_no and started_at >= a.since and state = 'wrap_up' and call_id is not null) as wrapups
    from a`.execute(tx);
  return r.rows.map((row) => ({
    agentNo: row.agent_no,
    since: new Date(row.since).getTime(),
    status: row.status ? { ...row.status, since: new Date(row.status.since) } : null,
    carry: row.carry
      ? { id: row.carry.id, state: row.carry.state, reason: row.carry.reason, callId: row.carry.call_id, source: row.carry.source, startedAt: Date.parse(row.carry.started_at), endedAt: null }
      : null,
    facts: row.facts.map(factOf),
    wrapUpCalls: row.wrapups ?? [],
  }));
}

/** What a derivation writes. */
export interface TimelineWrites {
  factUpserts: AgentFact[];
  factRemovals: string[];
  /** Log entries starting at or after `since` are replaced by `logs`. */
  logCuts: Array<{ agentNo: string; since: Date }>;
  /** New ends of the entries in force before the cut. */
  carryEnds: Array<{ id: string; startedAt: number; endedAt: number | null }>;
  logs: Array<{ agentNo: string; userId: string | null; entry: TimelineEntry }>;
  statuses: Array<{ agentNo: string; userId: string | null; entry: TimelineEntry }>;
}

export const noTimelineWrites = (): TimelineWrites => ({ factUpserts: [], factRemovals: [], logCuts: [], carryEnds: [], logs: [], statuses: [] });

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const duration = (from: number, to: number | null) => (to === null ? null : Math.max(0, to - from));

/** The statement parts (CTEs) that write a derivation's outcome; none of them depends on another's effect. */
export function timelineParts(orgId: string, w: TimelineWrites): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  const json = (rows: unknown[]) => JSON.stringify(rows);
  if (w.factUpserts.length) {
    const facts = json(
      [...w.factUpserts]
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((f) => ({
          key: f.key,
          agent_no: f.agentNo,
          at: iso(f.at),
          state: f.state,
          reason: f.reason,
          call_id: f.callId,
          source: f.source,
          only_if_state: f.onlyIf?.state ?? null,
          only_if_call: f.onlyIf?.callId ?? null,
          only_if_since: iso(f.onlyIf?.since ?? null),
        })),
    );
    parts.push(sql`ag_facts as (
      insert into agent_state_facts (org_id, key, agent_no, at, state, reason, call_id, source, only_if_state, only_if_call, only_if_since)
      select ${orgId}::uuid, x.key, x.agent_no, x.at, x.state, x.reason, x.call_id, x.source, x.only_if_state, x.only_if_call, x.only_if_since
      from jsonb_to_recordset(${facts}::jsonb) as x(key text, agent_no text, at timestamptz, state text, reason text, call_id uuid, source text, only_if_state text, only_if_call uuid, only_if_since timestamptz)
      on conflict (org_id, key) do update set agent_no = excluded.agent_no, at = excluded.at, state = excluded.state, reason = excluded.reason, call_id = excluded.call_id,
        source = excluded.source, only_if_state = excluded.only_if_state, only_if_call = excluded.only_if_call, only_if_since = excluded.only_if_since
    )`);
  }
  if (w.factRemovals.length) parts.push(sql`ag_unfacts as (delete from agent_state_facts where org_id = ${orgId}::uuid and key = any(${w.factRemovals}::text[]))`);
  if (w.logCuts.length) {
    const cuts = json(w.logCuts.map((c) => ({ agent_no: c.agentNo, since: c.since.toISOString() })));
    parts.push(sql`ag_cut as (
      delete from agent_state_log l using jsonb_to_recordset(${cuts}::jsonb) as x(agent_no text, since timestamptz)
      where l.org_id = ${orgId}::uuid and l.agent_no = x.agent_no and l.started_at >= x.since
    )`);
  }
  if (w.carryEnds.length) {
    const ends = json(w.carryEnds.map((e) => ({ id: e.id, ended_at: iso(e.endedAt), duration_ms: duration(e.startedAt, e.endedAt) })));
    parts.push(sql`ag_ends as (
      update agent_state_log l set ended_at = x.ended_at, duration_ms = x.duration_ms
      from jsonb_to_recordset(${ends}::jsonb) as x(id bigint, ended_at timestamptz, duration_ms bigint)
      where l.id = x.id
    )`);
  }
  if (w.logs.length) {
    const logs = json(
      w.logs.map(({ agentNo, userId, entry: e }) => ({
        agent_no: agentNo,
        user_id: userId,
        state: e.state,
        reason: e.reason,
        call_id: e.callId,
        source: e.source,
        started_at: iso(e.startedAt),
        ended_at: iso(e.endedAt),
        duration_ms: duration(e.startedAt, e.endedAt),
      })),
    );
    parts.push(sql`ag_log as (
      insert into agent_state_log (org_id, agent_no, user_id, state, reason, call_id, source, started_at, ended_at, duration_ms)
      select ${orgId}::uuid, x.e->>'agent_no', (x.e->>'user_id')::uuid, x.e->>'state', x.e->>'reason', (x.e->>'call_id')::uuid, x.e->>'source',
        (x.e->>'started_at')::timestamptz, (x.e->>'ended_at')::timestamptz, (x.e->>'duration_ms')::bigint
      from jsonb_array_elements(${logs}::jsonb) with ordinality as x(e, n)
      order by x.n
    )`);
  }
  if (w.statuses.length) {
    const statuses = json(
      w.statuses.map(({ agentNo, userId, entry: e }) => ({ agent_no: agentNo, user_id: userId, state: e.state, reason: e.reason, since: iso(e.startedAt), call_id: e.callId, source: e.source })),
    );
    parts.push(sql`ag_status as (
      insert into agent_status (org_id, agent_no, user_id, state, reason, since, call_id, source)
      select ${orgId}::uuid, x.agent_no, x.user_id, x.state, x.reason, x.since, x.call_id, x.source
      from jsonb_to_recordset(${statuses}::jsonb) as x(agent_no text, user_id uuid, state text, reason text, since timestamptz, call_id uuid, source text)
      order by x.agent_no
      on conflict (org_id, agent_no) do update set user_id = excluded.user_id, state = excluded.state, reason = excluded.reason, since = excluded.since, call_id = excluded.call_id, source = excluded.source
    )`);
  }
  return parts;
}

/** Users by agent number (工号): one query for a batch. */
export function usersByAgentNos(db: Db, orgId: string, agentNos: readonly string[]) {
  if (!agentNos.length) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name', 'role', 'agent_no']).where('org_id', '=', orgId).where('agent_no', 'in', [...agentNos]).execute();
}

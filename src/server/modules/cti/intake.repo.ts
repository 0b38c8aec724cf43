import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { CallState } from '../../../shared/cti/call-state.js';
import type { CallEvent, CtiEvent } from '../../../shared/cti/events.js';
import type { Transcript } from '../../../shared/qa/transcript.js';
import type { Db } from '../../db/database.js';
import type { Call, User } from '../../db/schema.js';
import type { JobDefinition } from '../../jobs/runner.js';
import { INLINE_BYTES, LIVE_CHANNEL, type PendingEvent } from '../events/events.repo.js';
import type { TranscriptRow as QaTranscriptRow } from '../qa/qa.repo.js';
import { callIdOf } from './call-id.js';

/**
 * The statements of the CTI intake. A transaction of the intake makes a fixed number of round
 * trips whatever the number of events: one that opens the batch (store the events, lock their
 * calls, read the agents involved) and one that writes everything the batch changed, with a few
 * reads in between. On embedded PGlite every round trip costs about a millisecond and holds the
 * only connection, so this is what keeps the intake fast and a screen pop's wait short.
 *
 * Some writes are batch forms of other modules' single-row writes and must stay equivalent to
 * them: qa.repo upsertTranscript, jobs/runner enqueue, agents.repo insertLog / endEntry /
 * upsertStatus, events.repo recordEvent.
 */

export interface OpenedBatch {
  /** The ids of the events that were new (a resent event id is skipped by the unique key). */
  fresh: Set<string>;
  /** The calls with new events, locked for this transaction, by external id (the switch's call id). */
  calls: Map<string, Call>;
  /** The users of the agent numbers the events and those calls mention (undefined: nobody has it). */
  users: Map<string, Pick<User, 'id' | 'display_name' | 'role'> | undefined>;
}

/**
 * One statement: checks that the connection is still valid (a token revoked a moment ago stores
 * nothing: null), stores the events, then finds or creates the call of every new event and locks
 * it (a new call gets the id callIdOf gives), and reads the users of the agent numbers involved. Events and calls are taken in id order, so
 * concurrent batches that share some wait for each other in one order instead of deadlocking.
 */
export async function openBatch(
  tx: Db,
  b: { orgId: string; connectionId: string; events: readonly CtiEvent[]; empty: CallState; now: Date },
): Promise<OpenedBatch | null> {
  const input = JSON.stringify(b.events.map((e) => ({ event_id: e.eventId, call_key: 'callId' in e ? (e.callId ?? null) : null, type: e.type, seq: e.seq ?? null, at: e.at, body: e })));
  const callIds = JSON.stringify([...new Set(b.events.flatMap((e) => ('callId' in e && e.callId ? [e.callId] : [])))].map((k) => ({ call_key: k, call_id: callIdOf(b.connectionId, k) })));
  const eventAgents = [...new Set(b.events.flatMap((e) => ('agentId' in e && e.agentId ? [e.agentId] : [])))];
  const r = await sql<{ valid: boolean; fresh: string[] | null; calls: Array<Record<string, unknown>>; users: Array<Pick<User, 'id' | 'display_name' | 'role'> & { agent_no: string }> }>`
    with conn as (
      select id from cti_connections where id = ${b.connectionId}::uuid and revoked_at is null
    ), ins as (
      insert into cti_events (org_id, connection_id, event_id, call_key, type, seq, at, body, received_at)
      select ${b.orgId}::uuid, conn.id, x.event_id, x.call_key, x.type, x.seq, x.at, x.body, ${b.now}::timestamptz
      from conn, jsonb_to_recordset(${input}::jsonb) as x(event_id text, call_key text, type text, seq integer, at timestamptz, body jsonb)
      order by x.event_id
      on conflict (connection_id, event_id) do nothing
      returning event_id, call_key
    ), keys as (
      select x.call_key, x.call_id from jsonb_to_recordset(${callIds}::jsonb) as x(call_key text, call_id uuid)
      where x.call_key in (select call_key from ins)
    ), locked as (
      insert into calls (id, org_id, connection_id, external_id, state, created_at, updated_at)
      select k.call_id, ${b.orgId}::uuid, ${b.connectionId}::uuid, k.call_key, jsonb_set(${JSON.stringify(b.empty)}::jsonb, '{callId}', to_jsonb(k.call_key)), ${b.now}::timestamptz, ${b.now}::timestamptz
      from keys k
      order by k.call_key
      on conflict (connection_id, external_id) do update set external_id = excluded.external_id
      returning *
    ), agents as (
      select unnest(${eventAgents}::text[]) as agent_no
      union select l.state->>'agentNo' from locked l
      union select l.state->>'ringAgentNo' from locked l
      union select l.state->>'currentAgentNo' from locked l
      union select t->>'agentNo' from locked l, jsonb_array_elements(l.state->'transfers') t
    )
    select exists (select 1 from conn) as valid,
      array(select event_id from ins) as fresh,
      coalesce((select json_agg(l) from locked l), '[]'::json) as calls,
      coalesce((select json_agg(u) from (select id, display_name, role, agent_no from users where org_id = ${b.orgId}::uuid and agent_no in (select agent_no from agents)) u), '[]'::json) as users`.execute(tx);
  const row = r.rows[0]!;
  if (!row.valid) return null;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const calls = new Map<string, Call>();
  for (const c of row.calls) {
    const call = { ...c, created_at: date(c['created_at']), updated_at: date(c['updated_at']), ringing_at: date(c['ringing_at']), answered_at: date(c['answered_at']), ended_at: date(c['ended_at']) } as Call;
    calls.set(call.external_id, call);
  }
  // Every agent number looked up is remembered, found or not.
  const users: OpenedBatch['users'] = new Map();
  const looked = new Set(eventAgents);
  for (const c of calls.values()) {
    const s = c.state as CallState;
    for (const n of [s.agentNo, s.ringAgentNo, s.currentAgentNo, ...s.transfers.map((t) => t.agentNo)]) if (n) looked.add(n);
  }
  for (const n of looked) users.set(n, undefined);
  for (const u of row.users) users.set(u.agent_no, { id: u.id, display_name: u.display_name, role: u.role });
  return { fresh: new Set(row.fresh ?? []), calls, users };
}

/** Whether a connection exists and is not revoked. */
export async function connectionValid(db: Db, connectionId: string): Promise<boolean> {
  const row = await db.selectFrom('cti_connections').select('id').where('id', '=', connectionId).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/**
 * Every stored call event of some calls of one connection, grouped by call key (in no particular
 * order). An agent.state event that names a call is stored with it but is not one of its events:
 * it must not count in the call's fold, whether or not it came in the same batch.
 */
export async function eventsOfCalls(tx: Db, connectionId: string, callKeys: readonly string[]): Promise<Map<string, CallEvent[]>> {
  const out = new Map<string, CallEvent[]>(callKeys.map((k) => [k, []]));
  if (!callKeys.length) return out;
  const rows = await tx
    .selectFrom('cti_events')
    .select(['call_key', 'body'])
    .where('connection_id', '=', connectionId)
    .where('call_key', 'in', [...callKeys])
    .where('type', '<>', 'agent.state')
    .execute();
  for (const r of rows) out.get(r.call_key!)?.push(r.body as CallEvent);
  return out;
}

/** A call's transcript for QA, as `qa.repo.upsertTranscript` takes it (the intake's source is always 'cti'). */
export type TranscriptRow = Omit<QaTranscriptRow, 'transcript' | 'source'> & { transcript: Transcript };

/** A job to enqueue, its payload checked against its definition. */
export interface JobRow {
  name: string;
  payload: unknown;
  orgId: string | null;
  runAt?: Date | undefined;
  dedupeKey?: string | undefined;
}

export function jobRow<P extends z.ZodType>(def: JobDefinition<P>, payload: z.infer<P>, opts: { orgId: string | null; runAt?: Date; dedupeKey?: string }): JobRow {
  return { name: def.name, payload: def.payload.parse(payload), ...opts };
}

/** Batch form of jobs/runner enqueue: one insert for several jobs; a dedupe key already taken is skipped. */
export async function enqueueJobs(tx: Db, jobs: readonly JobRow[]): Promise<void> {
  if (!jobs.length) return;
  // The runner stamps jobs with the wall clock (it is what its workers compare run_at with); so do we.
  const wall = new Date();
  await tx
    .insertInto('jobs')
    .values(jobs.map((j) => ({ name: j.name, payload: JSON.stringify(j.payload), org_id: j.orgId, run_at: j.runAt ?? wall, dedupe_key: j.dedupeKey ?? null, max_attempts: 5, created_at: wall })))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** A call row as the batch leaves it (every column the fold decides, plus the after-call work time if it ended here). */
export type CallSave = Pick<
  Call,
  | 'id'
  | 'direction'
  | 'from_number'
  | 'to_number'
  | 'queue'
  | 'agent_no'
  | 'agent_user_id'
  | 'status'
  | 'ringing_at'
  | 'answered_at'
  | 'ended_at'
  | 'ended_by'
  | 'cause'
  | 'rings'
  | 'wait_ms'
  | 'talk_ms'
  | 'hold_ms'
  | 'hold_count'
  | 'abandoned'
  | 'night'
  | 'recording_url'
  | 'segments'
  | 'state'
  | 'wrapup_ms'
>;

export interface BatchWrites {
  orgId: string;
  actorId: string | null;
  now: Date;
  /** QA transcripts (source 'cti') to store, each with a job of this name (qa.check); the call of the same key gets its id. */
  transcripts: TranscriptRow[];
  transcriptJob: string;
  calls: CallSave[];
  /** Agent state log entries that end (agents.repo endEntry). */
  logEnds: Array<{ id: string; startedAt: Date; endedAt: Date }>;
  /** New agent state log entries, in order (agents.repo insertLog). */
  logs: Array<{ agentNo: string; userId: string | null; state: string; reason: string | null; callId: string | null; source: string; at: Date; endedAt: Date | null }>;
  /** Current agent states (agents.repo upsertStatus). */
  statuses: Array<{ agentNo: string; userId: string | null; state: string; reason: string | null; since: Date; callId: string | null; source: string }>;
  /** After-call work times of calls not saved in this batch. */
  wrapUps: Array<{ callId: string; ms: number }>;
  jobs: JobRow[];
  /** Domain events, in order, each announced on the live channel (events.repo recordEvent). */
  events: PendingEvent[];
}

const ms = (from: Date, to: Date | null) => (to ? Math.max(0, to.getTime() - from.getTime()) : null);

/**
 * Writes everything a batch changed in one statement, each kind of row from one JSON parameter.
 * Nothing in it depends on another part's effect except the calls' QA transcript ids, which come
 * from the transcripts part's RETURNING; no row is written twice (a call's after-call work time
 * travels with the call when the call is saved here).
 */
export async function writeBatch(tx: Db, w: BatchWrites): Promise<void> {
  const wall = new Date(); // jobs carry the wall clock, as jobs/runner enqueue stamps them
  const json = (rows: unknown[]) => JSON.stringify(rows);
  // Only the parts with rows: every part costs planning time, which on PGlite is most of a statement's cost.
  const parts: RawBuilder<unknown>[] = [];
  if (w.transcripts.length) {
    const transcripts = json(
      w.transcripts.map((t) => ({ external_id: t.externalId, agent_no: t.agentNo, agent_name: t.agentName, caller: t.caller, started_at: t.startedAt.toISOString(), transcript: t.transcript })),
    );
    parts.push(sql`qa as (
      insert into qa_transcripts (org_id, external_id, agent_no, agent_name, caller, started_at, transcript, source, created_at)
      select ${w.orgId}::uuid, x.external_id, x.agent_no, x.agent_name, x.caller, x.started_at, x.transcript, 'cti', ${w.now}::timestamptz
      from jsonb_to_recordset(${transcripts}::jsonb) as x(external_id text, agent_no text, agent_name text, caller text, started_at timestamptz, transcript jsonb)
      order by x.external_id
      on conflict (org_id, external_id) do update set agent_no = excluded.agent_no, agent_name = excluded.agent_name, caller = excluded.caller, started_at = excluded.started_at, transcript = excluded.transcript
      returning id, external_id
    )`);
    parts.push(sql`qa_jobs as (
      insert into jobs (name, payload, org_id, run_at, max_attempts, created_at)
      select ${w.transcriptJob}::text, jsonb_build_object('transcriptId', qa.id::text), ${w.orgId}::uuid, ${wall}::timestamptz, 5, ${wall}::timestamptz from qa
    )`);
  }
  if (w.calls.length) {
    const qaId = w.transcripts.length ? sql`coalesce((select qa.id from qa where qa.external_id = c.external_id), c.qa_transcript_id)` : sql`c.qa_transcript_id`;
    parts.push(sql`saved as (
      update calls c set
        direction = x.direction, from_number = x.from_number, to_number = x.to_number, queue = x.queue, agent_no = x.agent_no,
        agent_user_id = x.agent_user_id, status = x.status, ringing_at = x.ringing_at, answered_at = x.answered_at, ended_at = x.ended_at,
        ended_by = x.ended_by, cause = x.cause, rings = x.rings, wait_ms = x.wait_ms, talk_ms = x.talk_ms, hold_ms = x.hold_ms,
        hold_count = x.hold_count, abandoned = x.abandoned, night = x.night, recording_url = x.recording_url, segments = x.segments,
        state = x.state, wrapup_ms = coalesce(x.wrapup_ms, c.wrapup_ms), qa_transcript_id = ${qaId}, updated_at = ${w.now}::timestamptz
      from jsonb_to_recordset(${json(w.calls)}::jsonb) as x(
        id uuid, direction text, from_number text, to_number text, queue text, agent_no text, agent_user_id uuid, status text,
        ringing_at timestamptz, answered_at timestamptz, ended_at timestamptz, ended_by text, cause text, rings integer, wait_ms integer,
        talk_ms integer, hold_ms integer, hold_count integer, abandoned boolean, night boolean, recording_url text, segments integer,
        state jsonb, wrapup_ms integer)
      where c.id = x.id
    )`);
  }
  if (w.wrapUps.length) {
    const wrapUps = json(w.wrapUps.map((x) => ({ id: x.callId, ms: x.ms })));
    parts.push(sql`wrapped as (update calls c set wrapup_ms = x.ms from jsonb_to_recordset(${wrapUps}::jsonb) as x(id uuid, ms integer) where c.id = x.id)`);
  }
  if (w.logEnds.length) {
    const logEnds = json(w.logEnds.map((e) => ({ id: e.id, ended_at: e.endedAt.toISOString(), duration_ms: ms(e.startedAt, e.endedAt) })));
    parts.push(sql`ended as (
      update agent_state_log l set ended_at = x.ended_at, duration_ms = x.duration_ms
      from jsonb_to_recordset(${logEnds}::jsonb) as x(id bigint, ended_at timestamptz, duration_ms integer)
      where l.id = x.id
    )`);
  }
  if (w.logs.length) {
    const logs = json(
      w.logs.map((l) => ({ agent_no: l.agentNo, user_id: l.userId, state: l.state, reason: l.reason, call_id: l.callId, source: l.source, started_at: l.at.toISOString(), ended_at: l.endedAt?.toISOString() ?? null, duration_ms: ms(l.at, l.endedAt) })),
    );
    parts.push(sql`logged as (
      insert into agent_state_log (org_id, agent_no, user_id, state, reason, call_id, source, started_at, ended_at, duration_ms)
      select ${w.orgId}::uuid, x.e->>'agent_no', (x.e->>'user_id')::uuid, x.e->>'state', x.e->>'reason', (x.e->>'call_id')::uuid, x.e->>'source',
        (x.e->>'started_at')::timestamptz, (x.e->>'ended_at')::timestamptz, (x.e->>'duration_ms')::integer
      from jsonb_array_elements(${logs}::jsonb) with ordinality as x(e, n)
      order by x.n
    )`);
  }
  if (w.statuses.length) {
    const statuses = json(w.statuses.map((s) => ({ agent_no: s.agentNo, user_id: s.userId, state: s.state, reason: s.reason, since: s.since.toISOString(), call_id: s.callId, source: s.source })));
    parts.push(sql`states as (
      insert into agent_status (org_id, agent_no, user_id, state, reason, since, call_id, source)
      select ${w.orgId}::uuid, x.agent_no, x.user_id, x.state, x.reason, x.since, x.call_id, x.source
      from jsonb_to_recordset(${statuses}::jsonb) as x(agent_no text, user_id uuid, state text, reason text, since timestamptz, call_id uuid, source text)
      order by x.agent_no
      on conflict (org_id, agent_no) do update set user_id = excluded.user_id, state = excluded.state, reason = excluded.reason, since = excluded.since, call_id = excluded.call_id, source = excluded.source
    )`);
  }
  if (w.jobs.length) {
    const jobs = json(w.jobs.map((j) => ({ name: j.name, payload: j.payload, org_id: j.orgId, run_at: (j.runAt ?? wall).toISOString(), dedupe_key: j.dedupeKey ?? null })));
    parts.push(sql`queued as (
      insert into jobs (name, payload, org_id, run_at, dedupe_key, max_attempts, created_at)
      select x.name, x.payload, x.org_id, x.run_at, x.dedupe_key, 5, ${wall}::timestamptz
      from jsonb_to_recordset(${jobs}::jsonb) as x(name text, payload jsonb, org_id uuid, run_at timestamptz, dedupe_key text)
      on conflict (dedupe_key) do nothing
    )`);
  }
  if (w.events.length) {
    const events = json(w.events.map((e) => ({ t: e.type, at: e.aggregate.type, ai: e.aggregate.id, p: e.payload })));
    parts.push(sql`e as (
      insert into domain_events (org_id, type, aggregate_type, aggregate_id, payload, actor_id, occurred_at)
      select ${w.orgId}::uuid, x.e->>'t', x.e->>'at', x.e->>'ai', x.e->'p', ${w.actorId}::uuid, ${w.now}::timestamptz
      from jsonb_array_elements(${events}::jsonb) with ordinality as x(e, n)
      order by x.n
      returning id, type, aggregate_type, aggregate_id, payload, occurred_at
    )`);
  }
  if (!parts.length) return;
  // Each new domain event is announced on the live channel exactly as recordEvent announces it.
  const main = w.events.length
    ? sql`select pg_notify(${LIVE_CHANNEL}, json_build_object(
        'id', e.id::text, 'org', ${w.orgId}::text, 'type', e.type,
        'aggregateType', e.aggregate_type, 'aggregateId', e.aggregate_id,
        'at', e.occurred_at, 'payload', case when octet_length(e.payload::text) < ${INLINE_BYTES}::int then e.payload end
      )::text)
      from e order by e.id`
    : sql`select 1`;
  await sql`with ${sql.join(parts, sql`, `)} ${main}`.execute(tx);
}

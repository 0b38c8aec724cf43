import { sql, type RawBuilder } from 'kysely';
import type { CallState } from '../../../shared/cti/call-state.js';
import type { CallEvent, CtiEvent } from '../../../shared/cti/events.js';
import type { Db } from '../../db/database.js';
import type { Call, User } from '../../db/schema.js';
import { withCallState, type WithCallState } from '../calls/call-columns.js';
import { callIdOf } from './call-id.js';
import { readCallEvent } from './event-columns.js';

/**
 * The statements of the CTI intake. A transaction of the intake makes a fixed number of round
 * trips whatever the number of events: one that opens the batch (store the events, lock their
 * calls and agents, read the agents' users) and one that writes everything the batch changed
 * (each module's own parts, composed by intake.service), with a few reads in between. On embedded
 * PGlite every round trip costs about a millisecond and holds the only connection, so this is what
 * keeps the intake fast and a screen pop's wait short.
 */

export interface OpenedBatch {
  /** The ids of the events that were new (a resent event id is skipped by the unique key). */
  fresh: Set<string>;
  /** The calls with new events, locked for this transaction, by external id (the switch's call id); their state parsed. */
  calls: Map<string, WithCallState<Call>>;
  /** The users of the agent numbers the events and those calls mention (undefined: nobody has it). */
  users: Map<string, Pick<User, 'id' | 'display_name' | 'role'> | undefined>;
}

/**
 * One statement: checks that the connection is still valid (a token revoked a moment ago stores
 * nothing: null), stores the events, then finds or creates the call of every new event and locks
 * it (a new call gets the id callIdOf gives), locks every agent the events and those calls name
 * (the agents module's advisory locks; what the batch changes about agents is read after this statement,
 * so it sees every earlier writer's commit), and reads the users of those agent numbers. Events and calls are taken in id order, so
 * concurrent batches that share some wait for each other in one order instead of deadlocking.
 */
export async function openBatch(
  tx: Db,
  b: {
    orgId: string;
    connectionId: string;
    events: readonly CtiEvent[];
    empty: CallState;
    now: Date;
    /** The agents module's lock of some agents (agents.service agentLocksPart), given the query of their numbers. */
    lockAgents: (orgId: string, agentNos: RawBuilder<unknown>) => RawBuilder<unknown>;
  },
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
    ), agent_locks as (
      ${b.lockAgents(b.orgId, sql`select agent_no from agents`)}
    )
    select exists (select 1 from conn) as valid,
      (select count(*) from agent_locks) as agents_locked,
      array(select event_id from ins) as fresh,
      coalesce((select json_agg(l) from locked l), '[]'::json) as calls,
      coalesce((select json_agg(u) from (select id, display_name, role, agent_no from users where org_id = ${b.orgId}::uuid and agent_no in (select agent_no from agents)) u), '[]'::json) as users`.execute(tx);
  const row = r.rows[0]!;
  if (!row.valid) return null;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const calls = new Map<string, WithCallState<Call>>();
  for (const c of row.calls) {
    const call = withCallState({ ...c, created_at: date(c['created_at']), updated_at: date(c['updated_at']), ringing_at: date(c['ringing_at']), answered_at: date(c['answered_at']), ended_at: date(c['ended_at']), events_pruned_at: date(c['events_pruned_at']) } as Call);
    calls.set(call.external_id, call);
  }
  // Every agent number looked up is remembered, found or not.
  const users: OpenedBatch['users'] = new Map();
  const looked = new Set(eventAgents);
  for (const { state: s } of calls.values()) {
    for (const n of [s.agentNo, s.ringAgentNo, s.currentAgentNo, ...s.transfers.map((t) => t.agentNo)]) if (n) looked.add(n);
  }
  for (const n of looked) users.set(n, undefined);
  for (const u of row.users) users.set(u.agent_no, { id: u.id, display_name: u.display_name, role: u.role });
  return { fresh: new Set(row.fresh ?? []), calls, users };
}

/** Deletes some events just stored in this transaction (events of an archived call, refused). */
export async function deleteEvents(tx: Db, connectionId: string, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length) await tx.deleteFrom('cti_events').where('connection_id', '=', connectionId).where('event_id', 'in', [...eventIds]).execute();
}

/** Whether a connection exists and is not revoked. */
export async function connectionValid(db: Db, connectionId: string): Promise<boolean> {
  const row = await db.selectFrom('cti_connections').select('id').where('id', '=', connectionId).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/**
 * Every stored call event of some calls of one connection, grouped by call key (in no particular
 * order). An agent.state event that names a call is stored with it but is not one of its events:
 * it must not count in the call's fold, whether or not it came in the same batch. Each body is parsed
 * (cti_events.body): a damaged one is STORED_DATA_INVALID naming the row, and the batch stores nothing — the call's
 * state is saved from this fold, so one left out would stay wrong for good.
 */
export async function eventsOfCalls(tx: Db, connectionId: string, callKeys: readonly string[]): Promise<Map<string, CallEvent[]>> {
  const out = new Map<string, CallEvent[]>(callKeys.map((k) => [k, []]));
  if (!callKeys.length) return out;
  const rows = await tx
    .selectFrom('cti_events')
    .select(['id', 'call_key', 'body'])
    .where('connection_id', '=', connectionId)
    .where('call_key', 'in', [...callKeys])
    .where('type', '<>', 'agent.state')
    .execute();
  for (const r of rows) out.get(r.call_key!)?.push(readCallEvent(r));
  return out;
}

import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Call, CallsTable } from '../../db/schema.js';
import { readCtiEvent } from '../cti/event-columns.js';
import { withCallState } from './call-columns.js';

export async function setWrapUp(tx: Db, callId: string, wrapupMs: number) {
  await tx.updateTable('calls').set({ wrapup_ms: wrapupMs }).where('id', '=', callId).execute();
}

export interface CallFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  status?: 'ringing' | 'answered' | 'ended' | undefined;
  outcome?: 'answered' | 'abandoned' | undefined;
  agentNo?: string | undefined;
  queue?: string | undefined;
  caller?: string | undefined;
  night?: boolean | undefined;
}

function where(orgId: string, f: CallFilter) {
  return (eb: ExpressionBuilder<{ c: CallsTable }, 'c'>) => {
    const conds: Expression<SqlBool>[] = [eb('c.org_id', '=', orgId)];
    if (f.from) conds.push(eb('c.ringing_at', '>=', f.from));
    if (f.to) conds.push(eb('c.ringing_at', '<', f.to));
    if (f.status) conds.push(eb('c.status', '=', f.status));
    if (f.outcome === 'abandoned') conds.push(eb('c.abandoned', '=', true));
    if (f.outcome === 'answered') conds.push(eb('c.answered_at', 'is not', null));
    if (f.agentNo) conds.push(eb('c.agent_no', '=', f.agentNo));
    if (f.queue) conds.push(eb('c.queue', '=', f.queue));
    if (f.caller) conds.push(eb('c.from_number', 'like', `%${f.caller.replace(/[%_\\]/g, '\\$&')}%`));
    if (f.night !== undefined) conds.push(eb('c.night', '=', f.night));
    return eb.and(conds);
  };
}

export async function listCalls(db: Db, orgId: string, f: CallFilter, page: { limit: number; offset: number }) {
  const base = db.selectFrom('calls as c').where(where(orgId, f));
  const [rows, total] = await Promise.all([
    base
      .leftJoin('qa_results as r', 'r.transcript_id', 'c.qa_transcript_id')
      .leftJoin('users as u', 'u.id', 'c.agent_user_id')
      .selectAll('c')
      .select(['r.score as qa_score', 'r.fatal as qa_fatal', 'u.display_name as agent_name'])
      .orderBy('c.ringing_at', (ob) => ob.desc().nullsLast())
      .orderBy('c.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(withCallState), total: Number(total.n) };
}

/** One call, locked for the transaction; its state parsed (call-columns.ts). */
export async function lockCall(tx: Db, orgId: string, id: string) {
  const row = await tx.selectFrom('calls').selectAll().where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && withCallState(row);
}

/** A call by the switch's id for it on one connection: id, status and its state (parsed, call-columns.ts). */
export async function findByExternalId(db: Db, connectionId: string, externalId: string) {
  const row = await db.selectFrom('calls').select(['id', 'status', 'state']).where('connection_id', '=', connectionId).where('external_id', '=', externalId).executeTakeFirst();
  return row && withCallState(row);
}

/** The call a QA transcript was made from (差错更正 from the QA page). */
export function callOfTranscript(db: Db, orgId: string, transcriptId: string) {
  return db.selectFrom('calls').select('id').where('org_id', '=', orgId).where('qa_transcript_id', '=', transcriptId).executeTakeFirst();
}

/** One call with its QA figures and agent's name; its state parsed (call-columns.ts). */
export async function getCall(db: Db, orgId: string, id: string) {
  const row = await db
    .selectFrom('calls as c')
    .leftJoin('qa_results as r', 'r.transcript_id', 'c.qa_transcript_id')
    .leftJoin('users as u', 'u.id', 'c.agent_user_id')
    .selectAll('c')
    .select(['r.score as qa_score', 'r.fatal as qa_fatal', 'u.display_name as agent_name'])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', id)
    .executeTakeFirst();
  return row && withCallState(row);
}

export function previousCalls(db: Db, orgId: string, caller: string, beforeId: string, limit = 10) {
  return db
    .selectFrom('calls')
    .select(['id', 'ringing_at', 'answered_at', 'ended_at', 'agent_no', 'abandoned', 'status', 'queue', 'talk_ms'])
    .where('org_id', '=', orgId)
    .where('from_number', '=', caller)
    .where('id', '<>', beforeId)
    .orderBy('ringing_at', (ob) => ob.desc().nullsLast())
    .limit(limit)
    .execute();
}

export function callerTickets(db: Db, orgId: string, caller: string, limit = 10) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number', 'title', 'status', 'category', 'priority', 'created_at', 'closed_at', 'satisfaction'])
    .where('org_id', '=', orgId)
    .where('caller_phone', '=', caller)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export function runningTimers(db: Db, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return db
    .selectFrom('ticket_timers')
    .select(['ticket_id', 'kind', 'due_at', 'warn_at', 'status'])
    .where('ticket_id', 'in', ticketIds)
    .where('status', 'in', ['running', 'paused'])
    .orderBy('due_at', 'asc')
    .execute();
}

export function userIdsByAgentNo(db: Db, orgId: string, agentNos: string[]) {
  if (!agentNos.length) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'agent_no', 'display_name']).where('org_id', '=', orgId).where('agent_no', 'in', agentNos).execute();
}

/** Every event of one call in fold order (the switch's log of it, stored by the CTI intake), each body parsed (event-columns.ts). */
export async function callEvents(db: Db, connectionId: string, callKey: string) {
  const rows = await db
    .selectFrom('cti_events')
    .select(['id', 'body'])
    .where('connection_id', '=', connectionId)
    .where('call_key', '=', callKey)
    .orderBy('seq', 'asc')
    .orderBy('at', 'asc')
    .orderBy('event_id', 'asc')
    .execute();
  return rows.map(readCtiEvent);
}

/** A call row as a batch leaves it: every column the fold decides, and the after-call work time. */
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

/**
 * Batch save of calls, as statement parts (db/compose.ts). `saves` carry their after-call work
 * time (wrapup_ms, null when it is not known or no longer holds); `wrapUps` set it on calls not
 * saved in the batch. `qaId` gives the id of a transcript stored in the same statement for a call's
 * external id (qa.repo transcriptIdOf), or nothing.
 */
export function callsParts(now: Date, saves: readonly CallSave[], wrapUps: ReadonlyArray<{ callId: string; ms: number | null }>, qaId: ((externalId: RawBuilder<unknown>) => RawBuilder<unknown>) | null): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (saves.length) {
    const transcript = qaId ? sql`coalesce(${qaId(sql`c.external_id`)}, c.qa_transcript_id)` : sql`c.qa_transcript_id`;
    parts.push(sql`saved as (
      update calls c set
        direction = x.direction, from_number = x.from_number, to_number = x.to_number, queue = x.queue, agent_no = x.agent_no,
        agent_user_id = x.agent_user_id, status = x.status, ringing_at = x.ringing_at, answered_at = x.answered_at, ended_at = x.ended_at,
        ended_by = x.ended_by, cause = x.cause, rings = x.rings, wait_ms = x.wait_ms, talk_ms = x.talk_ms, hold_ms = x.hold_ms,
        hold_count = x.hold_count, abandoned = x.abandoned, night = x.night, recording_url = x.recording_url, segments = x.segments,
        state = x.state, wrapup_ms = x.wrapup_ms, qa_transcript_id = ${transcript}, updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(saves)}::jsonb) as x(
        id uuid, direction text, from_number text, to_number text, queue text, agent_no text, agent_user_id uuid, status text,
        ringing_at timestamptz, answered_at timestamptz, ended_at timestamptz, ended_by text, cause text, rings integer, wait_ms bigint,
        talk_ms bigint, hold_ms bigint, hold_count integer, abandoned boolean, night boolean, recording_url text, segments integer,
        state jsonb, wrapup_ms bigint)
      where c.id = x.id
    )`);
  }
  if (wrapUps.length) {
    const rows = JSON.stringify(wrapUps.map((x) => ({ id: x.callId, ms: x.ms })));
    parts.push(sql`wrapped as (update calls c set wrapup_ms = x.ms from jsonb_to_recordset(${rows}::jsonb) as x(id uuid, ms bigint) where c.id = x.id)`);
  }
  return parts;
}

import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CallState } from '../../../shared/cti/call-state.js';
import type { Db } from '../../db/database.js';
import type { Call, CallsTable } from '../../db/schema.js';

/**
 * Finds or creates calls and locks them for this transaction, so concurrent batches of one call apply
 * one after the other. A new call is inserted, an existing one is "updated" to itself — either way the
 * row comes back locked. Calls are locked in key order, so batches that share calls cannot deadlock.
 */
export async function lockCalls(tx: Db, orgId: string, connectionId: string, rows: ReadonlyArray<{ externalId: string; empty: CallState }>, now: Date): Promise<Map<string, Call>> {
  if (!rows.length) return new Map();
  const sorted = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const locked = await tx
    .insertInto('calls')
    .values(sorted.map((r) => ({ org_id: orgId, connection_id: connectionId, external_id: r.externalId, state: JSON.stringify(r.empty), created_at: now, updated_at: now })))
    .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doUpdateSet({ external_id: (eb) => eb.ref('excluded.external_id') }))
    .returningAll()
    .execute();
  return new Map(locked.map((c) => [c.external_id, c]));
}

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
  return { rows, total: Number(total.n) };
}

export function getCall(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('calls as c')
    .leftJoin('qa_results as r', 'r.transcript_id', 'c.qa_transcript_id')
    .leftJoin('users as u', 'u.id', 'c.agent_user_id')
    .selectAll('c')
    .select(['r.score as qa_score', 'r.fatal as qa_fatal', 'u.display_name as agent_name'])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', id)
    .executeTakeFirst();
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

import { sql } from 'kysely';
import { z } from 'zod';
import type { Role } from '../../../shared/roles.js';
import type { Db } from '../../db/database.js';
import { readJsonb, toJsonb } from '../../db/jsonb.js';
import type { CallWrapup, CtiConnection, WrapUpOutcome } from '../../db/schema.js';
import { withCallState } from '../calls/call-columns.js';
import { notificationPayloadColumn, type NotificationPayload } from '../notify/notify.channel.js';

/** call_wrapups.recap (JSONB): the recap checklist items the agent ticked (复述确认); parsed on read (db/jsonb.ts). */
export const recapColumn = z.array(z.string());

/** A wrap-up row with its recap parsed. */
export type WrapUpRow = Omit<CallWrapup, 'recap'> & { recap: string[] };

function wrapUpRow<R extends CallWrapup>(w: R): Omit<R, 'recap'> & { recap: string[] } {
  return { ...w, recap: readJsonb(recapColumn, w.recap ?? [], { table: 'call_wrapups', column: 'recap', id: w.call_id }) };
}

/** The organisation's built-in connection for calls registered by hand, if it exists. */
export function findManualConnection(db: Db, orgId: string): Promise<CtiConnection | undefined> {
  return db.selectFrom('cti_connections').selectAll().where('org_id', '=', orgId).where('kind', '=', 'manual').executeTakeFirst();
}

/**
 * Inserts the manual connection; nothing (undefined) when the organisation has one already (one
 * per organisation, by a partial unique index) or the name is taken.
 */
export function insertManualConnection(db: Db, row: { orgId: string; name: string; tokenHash: string; tokenHint: string; now: Date }) {
  return db
    .insertInto('cti_connections')
    .values({
      org_id: row.orgId,
      name: row.name,
      // 'manual' is allowed by 0009_workbench.sql; the table type keeps the kinds the CTI API deals in.
      kind: sql<'events'>`'manual'`,
      token_hash: row.tokenHash,
      token_hint: row.tokenHint,
      settings: '{}',
      created_by: null,
      created_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst();
}

const callColumns = (db: Db) =>
  db
    .selectFrom('calls as c')
    .innerJoin('cti_connections as k', 'k.id', 'c.connection_id')
    .leftJoin('qa_results as r', 'r.transcript_id', 'c.qa_transcript_id')
    .leftJoin('users as u', 'u.id', 'c.agent_user_id')
    .selectAll('c')
    .select([sql<string>`k.kind`.as('connection_kind'), 'r.score as qa_score', 'r.fatal as qa_fatal', 'u.display_name as agent_name']);

/** A call with what the call DTO shows and the kind of connection it came through; its state parsed (calls/call-columns.ts). */
export async function getCall(db: Db, orgId: string, id: string) {
  const row = await callColumns(db).where('c.org_id', '=', orgId).where('c.id', '=', id).executeTakeFirst();
  return row && withCallState(row);
}

export async function getCallByKey(db: Db, connectionId: string, externalId: string) {
  const row = await callColumns(db).where('c.connection_id', '=', connectionId).where('c.external_id', '=', externalId).executeTakeFirst();
  return row && withCallState(row);
}

/** Locks the call row for the wrap-up, so two wrap-ups of one call run one after the other. */
export function lockCall(tx: Db, orgId: string, id: string) {
  return tx.selectFrom('calls').select('id').where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The highest seq stored for a call of a connection (the next event takes the one after). */
export async function lastSeq(db: Db, connectionId: string, callKey: string): Promise<number> {
  const row = await db
    .selectFrom('cti_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('connection_id', '=', connectionId)
    .where('call_key', '=', callKey)
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? -1 : Number(row.seq);
}

/**
 * The agent's latest answered call that ended since `since` and has no wrap-up: the call the
 * workbench comes back to after a reload. The agent answered it or took it over by transfer.
 */
export async function latestUnwrapped(db: Db, orgId: string, agentNo: string, since: Date, ringingSince: Date) {
  const row = await callColumns(db)
    .where('c.org_id', '=', orgId)
    .where('c.ringing_at', '>=', ringingSince)
    .where('c.ended_at', '>=', since)
    .where('c.answered_at', 'is not', null)
    .where((eb) => eb.or([eb('c.agent_no', '=', agentNo), eb(sql<string>`c.state->>'currentAgentNo'`, '=', agentNo)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('call_wrapups as w').select('w.call_id').whereRef('w.call_id', '=', 'c.id'))))
    .orderBy('c.ended_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && withCallState(row);
}

export async function findWrapUp(db: Db, orgId: string, callId: string) {
  const w = await db
    .selectFrom('call_wrapups as w')
    .leftJoin('tickets as t', 't.id', 'w.ticket_id')
    .selectAll('w')
    .select('t.number as ticket_number')
    .where('w.org_id', '=', orgId)
    .where('w.call_id', '=', callId)
    .executeTakeFirst();
  return w && wrapUpRow(w);
}

export async function insertWrapUp(
  tx: Db,
  row: { callId: string; orgId: string; agentNo: string; userId: string | null; outcome: WrapUpOutcome; ticketId: string | null; scenarioId: string | null; customerTypeId: string | null; summary: string; recap: string[]; now: Date },
) {
  return tx
    .insertInto('call_wrapups')
    .values({
      call_id: row.callId,
      org_id: row.orgId,
      agent_no: row.agentNo,
      user_id: row.userId,
      outcome: row.outcome,
      ticket_id: row.ticketId,
      scenario_id: row.scenarioId,
      customer_type_id: row.customerTypeId,
      summary: row.summary,
      recap: toJsonb(recapColumn, row.recap),
      created_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .then(wrapUpRow);
}

/** The organisation's active users with one of these roles. */
export function usersWithRoles(db: Db, orgId: string, roles: readonly Role[]) {
  return db.selectFrom('users').select(['id', 'role']).where('org_id', '=', orgId).where('active', '=', true).where('role', 'in', [...roles]).orderBy('username').execute();
}

export async function insertNotifications(tx: Db, orgId: string, userIds: readonly string[], kind: string, payload: NotificationPayload, now: Date): Promise<number> {
  if (!userIds.length) return 0;
  const json = toJsonb(notificationPayloadColumn, payload);
  const rows = await tx
    .insertInto('notifications')
    .values(userIds.map((u) => ({ org_id: orgId, user_id: u, role: null, kind, payload: json, created_at: now })))
    .returning('id')
    .execute();
  return rows.length;
}

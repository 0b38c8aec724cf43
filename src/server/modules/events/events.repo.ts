import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../context.js';

/** domain_events.payload (JSONB): what happened, by key; parsed where the live hub reads events back (ws/hub.ts). */
export const eventPayloadColumn = z.record(z.string(), z.unknown());

/** The notification channel every process LISTENs on to push domain events live (src/server/ws/hub.ts). */
export const LIVE_CHANNEL = 'rexian_live';

/** Payloads up to this size (UTF-8 bytes) travel inside the NOTIFY; larger ones are read by id. */
export const INLINE_BYTES = 6000;

/**
 * Records a domain event and announces it on the live channel. Call it with the transaction that
 * makes the change, so the event exists if and only if the change does; PostgreSQL delivers the
 * announcement at commit, to every rexian process, and never for a rolled-back change.
 * The announcement carries the event itself unless it is too large for NOTIFY, in which case
 * listeners read it by id.
 */
export async function recordEvent(
  tx: Db,
  ctx: Ctx,
  type: string,
  aggregate: { type: string; id: string },
  payload: Record<string, unknown> = {},
): Promise<string> {
  const json = JSON.stringify(payload);
  // NOTIFY payloads must stay under 8000 bytes (not characters: Chinese text is 3 bytes a character).
  const inline = Buffer.byteLength(json) < INLINE_BYTES;
  const row = await sql<{ id: string }>`
    with e as (
      insert into domain_events (org_id, type, aggregate_type, aggregate_id, payload, actor_id, occurred_at)
      values (${ctx.orgId}, ${type}, ${aggregate.type}, ${aggregate.id}, ${json}::jsonb, ${ctx.actor.id}, ${ctx.now()})
      returning id, occurred_at
    )
    select e.id::text as id, pg_notify(${LIVE_CHANNEL}, json_build_object(
      'id', e.id::text, 'org', ${ctx.orgId}::text, 'type', ${type}::text,
      'aggregateType', ${aggregate.type}::text, 'aggregateId', ${aggregate.id}::text,
      'at', e.occurred_at, 'payload', ${inline ? json : null}::jsonb
    )::text) from e`.execute(tx);
  return row.rows[0]!.id;
}

/**
 * Announces something on the live channel that is not a stored event (a screen pop ahead of its
 * commit, ws/hub.ts preview), outside any transaction, so it is delivered at once.
 */
export async function announce(db: Db, payload: string): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(db);
}

/** A domain event to record (the CTI intake records a batch's events in one statement). */
export interface PendingEvent {
  type: string;
  aggregate: { type: string; id: string };
  payload: Record<string, unknown>;
  /**
   * Announced live but not stored (a transcript segment of a live call: one a sentence, kept in the
   * call's own CTI events already). It is delivered to every process at commit like a stored event,
   * with an id that is not a number (`live-…`), so it is never replayed to a resuming client: the
   * client refetches what it shows (the workbench refetches the call's transcript). A payload too
   * large for NOTIFY is stored after all, so that listeners can read it by id.
   */
  unstored?: boolean;
}

const fitsNotify = (payload: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(payload)) < INLINE_BYTES;

/**
 * Batch form of recordEvent, as a statement part (db/compose.ts): inserts the events to store in
 * order and gives the final query that announces each exactly as recordEvent does, then the
 * unstored ones (same message with `stored: false` and a `live-` id), in the order given.
 */
export function eventsPart(orgId: string, actorId: string | null, now: Date, events: readonly PendingEvent[]): { part: RawBuilder<unknown> | null; announce: RawBuilder<unknown> } | null {
  if (!events.length) return null;
  const store = events.filter((e) => !e.unstored || !fitsNotify(e.payload));
  const only = events.filter((e) => e.unstored && fitsNotify(e.payload));
  const rows = (list: readonly PendingEvent[]) => JSON.stringify(list.map((e) => ({ t: e.type, at: e.aggregate.type, ai: e.aggregate.id, p: e.payload })));
  const stored = store.length
    ? sql`select 0 as k, e.id as n, json_build_object(
        'id', e.id::text, 'org', ${orgId}::text, 'type', e.type,
        'aggregateType', e.aggregate_type, 'aggregateId', e.aggregate_id,
        'at', e.occurred_at, 'payload', case when octet_length(e.payload::text) < ${INLINE_BYTES}::int then e.payload end
      )::text as m from e`
    : null;
  const unstored = only.length
    ? sql`select 1 as k, u.n, json_build_object(
        'id', 'live-' || ${randomUUID()}::text || '-' || u.n, 'org', ${orgId}::text, 'type', u.e->>'t',
        'aggregateType', u.e->>'at', 'aggregateId', u.e->>'ai', 'at', ${now}::timestamptz, 'payload', u.e->'p', 'stored', false
      )::text as m from jsonb_array_elements(${rows(only)}::jsonb) with ordinality as u(e, n)`
    : null;
  return {
    part: store.length
      ? sql`e as (
      insert into domain_events (org_id, type, aggregate_type, aggregate_id, payload, actor_id, occurred_at)
      select ${orgId}::uuid, x.e->>'t', x.e->>'at', x.e->>'ai', x.e->'p', ${actorId}::uuid, ${now}::timestamptz
      from jsonb_array_elements(${rows(store)}::jsonb) with ordinality as x(e, n)
      order by x.n
      returning id, type, aggregate_type, aggregate_id, payload, occurred_at
    )`
      : null,
    // pg_notify runs after the sort (a volatile function in the select list), so the order holds
    announce: sql`select pg_notify(${LIVE_CHANNEL}, a.m) from (${sql.join([stored, unstored].filter((q) => q !== null), sql` union all `)}) a order by a.k, a.n`,
  };
}

export async function listEvents(db: Db, orgId: string, opts: { afterId?: string; limit?: number; types?: readonly string[] } = {}) {
  let q = db.selectFrom('domain_events').selectAll().where('org_id', '=', orgId);
  if (opts.afterId) q = q.where('id', '>', opts.afterId);
  if (opts.types?.length) q = q.where('type', 'in', [...opts.types]);
  return q.orderBy('id', 'asc').limit(opts.limit ?? 100).execute();
}

export async function getEvent(db: Db, id: string) {
  return db.selectFrom('domain_events').selectAll().where('id', '=', id).executeTakeFirst();
}

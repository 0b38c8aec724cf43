import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Retention settings and the sweep's deletes. Every delete takes at most `limit` rows, picked by
 * key in a subquery, and commits on its own: the sweep never holds a long lock, and live traffic
 * writing the same tables goes on between batches.
 */

export interface RetentionRow {
  org_id: string;
  jobs_days: number;
  cti_events_days: number;
  domain_events_days: number;
  agent_facts_days: number;
  caller_texts_days: number;
  login_days: number;
  audit_days: number | null;
  updated_at: Date | string;
}

export async function findSettings(db: Db, orgId: string): Promise<RetentionRow | undefined> {
  const r = await sql<RetentionRow>`select * from retention_settings where org_id = ${orgId}`.execute(db);
  return r.rows[0];
}

export async function allSettings(db: Db): Promise<RetentionRow[]> {
  return (await sql<RetentionRow>`select * from retention_settings`.execute(db)).rows;
}

export async function orgIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('orgs').select('id').orderBy('id').execute()).map((r) => r.id);
}

export async function saveSettings(db: Db, orgId: string, s: Omit<RetentionRow, 'org_id' | 'updated_at'>, by: string | null, now: Date): Promise<void> {
  await sql`insert into retention_settings (org_id, jobs_days, cti_events_days, domain_events_days, agent_facts_days, caller_texts_days, login_days, audit_days, updated_by, updated_at)
    values (${orgId}, ${s.jobs_days}, ${s.cti_events_days}, ${s.domain_events_days}, ${s.agent_facts_days}, ${s.caller_texts_days}, ${s.login_days}, ${s.audit_days}, ${by}, ${now})
    on conflict (org_id) do update set jobs_days = excluded.jobs_days, cti_events_days = excluded.cti_events_days,
      domain_events_days = excluded.domain_events_days, agent_facts_days = excluded.agent_facts_days, caller_texts_days = excluded.caller_texts_days, login_days = excluded.login_days,
      audit_days = excluded.audit_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
}

const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

/** Finished jobs of an organisation (null: the deployment's own, such as housekeeping) finished before `before`. */
export async function deleteFinishedJobs(db: Db, orgId: string | null, before: Date, limit: number): Promise<number> {
  const org = orgId === null ? sql`org_id is null` : sql`org_id = ${orgId}`;
  return count(
    await sql`delete from jobs where id in (
      select id from jobs where status in ('done', 'failed') and finished_at < ${before} and ${org} limit ${limit})`.execute(db),
  );
}

/**
 * Raw CTI events received before `before` whose call no longer changes: it ended (or last changed) before
 * `before` too. Agent events without a call go by their own age. In the same statement, every call that
 * lost events is marked (calls.events_pruned_at): its record is final, and the intake refuses a late event
 * of it rather than fold it with only the events that are left (CTI_CALL_ARCHIVED).
 */
export async function deleteCtiEvents(db: Db, orgId: string, before: Date, limit: number, now: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    with gone as (
      delete from cti_events where id in (
        select e.id from cti_events e
        where e.org_id = ${orgId} and e.received_at < ${before}
          and not exists (select 1 from calls c where c.connection_id = e.connection_id and c.external_id = e.call_key
                            and coalesce(c.ended_at, c.updated_at) >= ${before})
        limit ${limit})
      returning connection_id, call_key
    ), marked as (
      update calls c set events_pruned_at = ${now}
      where c.org_id = ${orgId} and c.events_pruned_at is null
        and (c.connection_id, c.external_id) in (select distinct connection_id, call_key from gone where call_key is not null)
      returning 1
    )
    select (select count(*) from gone)::int as n, (select count(*) from marked)::int as marked`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Records that the agent state facts of an organisation before `before` are about to be pruned (never moves back);
 * only if there is such a fact, so an organisation that never had facts that old (a history imported later) has no horizon yet.
 */
export async function advanceAgentFactsHorizon(db: Db, orgId: string, before: Date): Promise<void> {
  await sql`insert into retention_horizons (org_id, agent_facts_before)
    select ${orgId}::uuid, ${before}::timestamptz
    where exists (select 1 from agent_state_facts where org_id = ${orgId}::uuid and at < ${before}::timestamptz)
    on conflict (org_id) do update set agent_facts_before = greatest(retention_horizons.agent_facts_before, excluded.agent_facts_before)`.execute(db);
}

export async function deleteDomainEvents(db: Db, orgId: string, before: Date, limit: number): Promise<number> {
  return count(
    await sql`delete from domain_events where id in (
      select id from domain_events where org_id = ${orgId} and occurred_at < ${before} limit ${limit})`.execute(db),
  );
}

/** Agent state facts before `before`: a derivation reads only the facts at and after the earliest one that changed. */
export async function deleteAgentFacts(db: Db, orgId: string, before: Date, limit: number): Promise<number> {
  return count(
    await sql`delete from agent_state_facts where org_id = ${orgId} and key in (
      select key from agent_state_facts where org_id = ${orgId} and at < ${before} limit ${limit})`.execute(db),
  );
}

/**
 * Texts to callers written before `before` that are no longer queued (sent, failed or skipped): a text the worker may
 * still send stays whatever its age. The list of numbers that declined texts is not touched.
 */
export async function deleteCallerTexts(db: Db, orgId: string, before: Date, limit: number): Promise<number> {
  return count(
    await sql`delete from caller_texts where id in (
      select id from caller_texts where org_id = ${orgId} and created_at < ${before} and status <> 'queued' limit ${limit})`.execute(db),
  );
}

/** Sign-in attempts are counted per username and address across the deployment; they carry no organisation. */
export async function deleteLoginAttempts(db: Db, before: Date, limit: number): Promise<number> {
  return count(await sql`delete from login_attempts where id in (select id from login_attempts where at < ${before} limit ${limit})`.execute(db));
}

/**
 * Audit rows of an organisation before `before`, either only the given actions or all but them. The
 * append-only trigger lets a delete through only in a transaction that declares itself the sweep.
 */
export async function deleteAuditRows(db: Db, orgId: string, before: Date, actions: { only: string[] } | { except: string[] }, limit: number): Promise<number> {
  const which = 'only' in actions ? sql`action = any(${actions.only}::text[])` : sql`not (action = any(${actions.except}::text[]))`;
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('rexian.retention', 'on', true)`.execute(tx);
    return count(
      await sql`delete from audit_log where id in (
        select id from audit_log where org_id = ${orgId} and at < ${before} and ${which} limit ${limit})`.execute(tx),
    );
  });
}

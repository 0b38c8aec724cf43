import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * Copies every table of one rexian database into another, empty, one: the embedded database into a
 * PostgreSQL server when a hotline grows, or back into a data directory for a test copy. The target is
 * migrated first (same schema), then filled in one transaction with triggers and foreign-key checks
 * off (session_replication_role = replica), so rows go in as they are — ids, the audit log, the
 * rollups' markers — and a failure leaves it empty. Both must have the same columns in the same order:
 * the same rexian version's migrations made both. Sequences are set to the source's values. Each
 * table is then compared: row count and an order-independent checksum of the rows' text.
 */

const BATCH = 2000;

export interface TableCheck {
  table: string;
  rows: number;
  sourceSum: string;
  targetSum: string;
  targetRows: number;
}

export class TargetNotEmptyError extends Error {
  override name = 'TargetNotEmptyError';
}

/** The application's tables (public schema), by name. */
export async function tablesOf(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Refuses a target that already holds rexian's or anything else's tables. */
export async function assertEmpty(db: Db, where: string): Promise<void> {
  const tables = await tablesOf(db);
  if (tables.length)
    throw new TargetNotEmptyError(
      `the target ${where} is not empty: it has ${tables.length} table(s) (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}); db copy only fills an empty database — create a new one (createdb) or choose an empty directory`,
    );
}

const ident = (name: string) => sql.id(name);

/** Row count and a checksum that does not depend on row order: the sum of 60 bits of each row's md5. */
async function tableSum(db: Db, table: string): Promise<{ rows: number; sum: string }> {
  // The text of a timestamptz depends on the session's time zone: both sides are read in UTC.
  return db.transaction().execute(async (tx) => {
    await sql`set local timezone = 'UTC'`.execute(tx);
    const r = await sql<{ rows: string; sum: string }>`select count(*)::text as rows,
        coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text as sum from ${ident(table)} t`.execute(tx);
    return { rows: Number(r.rows[0]!.rows), sum: r.rows[0]!.sum };
  });
}

export interface CopyProgress {
  (table: string, rows: number): void;
}

/**
 * Copies `source` into `target` (both migrated to the same schema, the target otherwise empty) and
 * returns the comparison of every table. Throws if the target's tables are not the source's.
 */
export async function copyDatabase(source: Db, target: Db, progress?: CopyProgress): Promise<TableCheck[]> {
  const tables = (await tablesOf(source)).filter((t) => t !== 'schema_migrations');
  const targetTables = new Set(await tablesOf(target));
  const missing = tables.filter((t) => !targetTables.has(t));
  if (missing.length) throw new Error(`the target lacks tables of the source: ${missing.join(', ')} (are both at the same rexian version?)`);

  await target.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx).catch((err: unknown) => {
      throw new Error(
        `the target's role may not turn triggers off during the copy (${(err as Error).message}); run db copy as the database owner with GRANT SET ON PARAMETER session_replication_role TO <role> (PostgreSQL 15+), or as a superuser`,
      );
    });
    // rows a migration may have written into the new database go: the source has its own
    await sql`truncate ${sql.join(tables.map(ident))}`.execute(tx);
    for (const table of tables) {
      let after = '(0,0)';
      let copied = 0;
      for (;;) {
        // Rows travel as their own text form (record out, record in): exact for every type, and a jsonb
        // 'null' stays apart from SQL NULL. Keyset by physical row id: cheap whatever the table's keys.
        const page = await sql<{ last: string | null; rows: string | null; n: number }>`
          with page as (select x.ctid as c, x::text as r from ${ident(table)} x where x.ctid > ${after}::tid order by x.ctid limit ${BATCH})
          select (select max(c)::text from page) as last, (select jsonb_agg(r order by c)::text from page) as rows, (select count(*)::int from page) as n`.execute(source);
        const p = page.rows[0];
        if (!p || !p.n || !p.rows || !p.last) break;
        await sql`insert into ${ident(table)} select (j.r::${ident(table)}).* from jsonb_array_elements_text(${p.rows}::jsonb) as j(r)`.execute(tx);
        copied += p.n;
        after = p.last;
        if (p.n < BATCH) break;
      }
      progress?.(table, copied);
    }
    const seqs = await sql<{ name: string; last: string | null }>`select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public'`.execute(source);
    for (const s of seqs.rows) if (s.last !== null) await sql`select setval(${`public.${s.name}`}::regclass, ${s.last}::bigint, true)`.execute(tx);
  });

  const checks: TableCheck[] = [];
  for (const table of tables) {
    const a = await tableSum(source, table);
    const b = await tableSum(target, table);
    checks.push({ table, rows: a.rows, sourceSum: a.sum, targetRows: b.rows, targetSum: b.sum });
  }
  return checks;
}

/** Whether every sequence of the target stands where the source's does. */
export async function sequencesMatch(source: Db, target: Db): Promise<string[]> {
  const read = async (db: Db) =>
    new Map((await sql<{ name: string; last: string | null }>`select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public'`.execute(db)).rows.map((r) => [r.name, r.last]));
  const a = await read(source);
  const b = await read(target);
  return [...a].filter(([name, last]) => last !== null && b.get(name) !== last).map(([name]) => name);
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.js';

// Resolved from the package root so that it works from src/ (tsx) and from dist/.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const migrationsDir = path.join(packageRoot, 'src', 'server', 'db', 'migrations');

/** A lock number no other application is likely to use; serialises migrations across processes. */
const MIGRATION_LOCK = 746_332_451;

export function listMigrations(dir = migrationsDir): Array<{ name: string; sql: string }> {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Applies the plain-SQL migrations that have not run yet, each in its own
 * transaction, in file-name order. Several processes starting at once wait
 * for each other on an advisory lock, so each migration runs exactly once.
 */
export async function migrate(db: Db, dir = migrationsDir): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set((await conn.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
      for (const m of listMigrations(dir)) {
        if (done.has(m.name)) continue;
        await conn.transaction().execute(async (tx) => {
          await sql.raw(m.sql).execute(tx);
          await tx.insertInto('schema_migrations').values({ name: m.name }).execute();
        });
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}

export async function pendingMigrations(db: Db, dir = migrationsDir): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return listMigrations(dir).map((m) => m.name);
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  return listMigrations(dir)
    .map((m) => m.name)
    .filter((n) => !done.has(n));
}

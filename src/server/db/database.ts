import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a directory or the server URL without password. */
  location: string;
  close(): Promise<void>;
}

// timestamptz and bigint come back as Date and string by default; keep counts numeric where safe.
pg.types.setTypeParser(20, (v: string) => v); // int8: keep as string (ids), callers cast counts with ::int

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway in-memory database (tests). */
  dataDir?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // Surface a wrong URL or a server that is down now, with a message, not on the first request.
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${redact(opts.databaseUrl)}: ${(err as Error).message}`);
    }
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', location: redact(opts.databaseUrl), close: () => db.destroy() };
  }
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.join(dataDir, 'pg');
  if (!inMemory) fs.mkdirSync(dir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : dir);
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: inMemory ? 'memory' : dir,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteThread } from './pglite-thread.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  /** Where reports and exports read: the read replica (REXIAN_REPLICA_URL) if there is one, else `db`. */
  reader: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a directory or the server URL without password. */
  location: string;
  /**
   * Subscribes to a PostgreSQL notification channel (NOTIFY is delivered at commit). With a server
   * this holds one dedicated connection and reconnects by itself; `onResync` runs after a
   * reconnect, when notifications may have been missed.
   */
  listen(channel: string, onMessage: (payload: string) => void, onResync?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// timestamptz and bigint come back as Date and string by default; keep counts numeric where safe.
pg.types.setTypeParser(20, (v: string) => v); // int8: keep as string (ids), callers cast counts with ::int

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** A read replica of that server (streaming replication) for reports and exports. */
  replicaUrl?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway in-memory database (tests). */
  dataDir?: string;
  /** Called when an idle pooled connection fails (server restart, admin kill); the pool replaces it. */
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // Without a listener, an idle connection killed by the server (restart, pg_terminate_backend,
    // DROP DATABASE … WITH (FORCE)) would crash the process; the pool drops it and opens another.
    pool.on('error', (err) => opts.onIdleError?.(err));
    // Surface a wrong URL or a server that is down now, with a message, not on the first request.
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${redact(opts.databaseUrl)}: ${(err as Error).message}`);
    }
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    let reader = db;
    if (opts.replicaUrl) {
      const replica = new pg.Pool({ connectionString: opts.replicaUrl, max: 10 });
      replica.on('error', (err) => opts.onIdleError?.(err));
      try {
        const client = await replica.connect();
        client.release();
      } catch (err) {
        await replica.end().catch(() => {});
        await pool.end().catch(() => {});
        throw new DatabaseUnavailableError(`cannot connect to the read replica at ${redact(opts.replicaUrl)}: ${(err as Error).message}`);
      }
      reader = new Kysely<DB>({ dialect: new PostgresDialect({ pool: replica }) });
    }
    const url = opts.databaseUrl;
    const listeners = new Set<() => Promise<void>>();
    return {
      db,
      reader,
      kind: 'postgres',
      location: redact(url) + (opts.replicaUrl ? `, reports from ${redact(opts.replicaUrl)}` : ''),
      listen: async (channel, onMessage, onResync) => {
        const stop = await listenWithReconnect(url, channel, onMessage, onResync);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      close: async () => {
        for (const stop of [...listeners]) await stop();
        if (reader !== db) await reader.destroy();
        await db.destroy();
      },
    };
  }
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.join(dataDir, 'pg');
  if (!inMemory) fs.mkdirSync(dir, { recursive: true });
  let unlock = () => {};
  if (!inMemory) {
    try {
      unlock = lockDataDir(dataDir);
    } catch (err) {
      if (err instanceof DataDirLockedError) throw new DatabaseUnavailableError(err.message);
      throw err;
    }
  }
  let pglite: PGliteThread;
  try {
    pglite = await PGliteThread.create(inMemory ? undefined : dir);
  } catch (err) {
    unlock();
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    reader: db,
    kind: 'pglite',
    location: inMemory ? 'memory' : dir,
    listen: async (channel, onMessage) => {
      const unlisten = await pglite.listen(channel, onMessage);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

/** A dedicated connection that LISTENs on a channel and comes back after the server or network drops it. */
async function listenWithReconnect(url: string, channel: string, onMessage: (payload: string) => void, onResync?: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 250;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
    });
    c.on('error', () => scheduleReconnect());
    c.on('end', () => scheduleReconnect());
    client = c;
    await c.connect();
    await c.query(`listen ${channel}`);
    delay = 250;
    if (isReconnect) onResync?.();
  };
  const scheduleReconnect = (): void => {
    if (stopped || retry) return;
    const old = client;
    client = null;
    // A dropped connection may still report errors while it closes; they are expected, not crashes.
    old?.removeAllListeners().on('error', () => {});
    void old?.end().catch(() => {});
    retry = setTimeout(() => {
      retry = null;
      connect(true).catch(() => scheduleReconnect());
    }, delay);
    delay = Math.min(delay * 2, 10_000);
  };
  await connect(false);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners().on('error', () => {});
      await c.end().catch(() => {});
    }
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

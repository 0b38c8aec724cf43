import { Worker } from 'node:worker_threads';

/** What the server's thread asks of the database thread. */
export type ToDb =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'listen' | 'unlisten'; channel: string }
  | { id: number; op: 'close' };
/** Its answers (by request id) and the notifications of the channels listened to. */
export type FromDb =
  | { id: number; ok: unknown }
  | { id: number; error: { message: string; code?: string; detail?: string; constraint?: string; [k: string]: unknown } }
  | { notify: string; payload: string };

export interface Results<R> {
  rows: R[];
  affectedRows: number | undefined;
}

/** The database thread's failure, with PostgreSQL's fields (code, constraint …) as the pg driver has them. */
export class EmbeddedDatabaseError extends Error {
  code?: string;
  constructor(fields: Extract<FromDb, { error: unknown }>['error']) {
    super(fields.message);
    this.name = 'DatabaseError';
    Object.assign(this, fields);
  }
}

/**
 * Embedded PGlite in a worker thread of its own. PGlite executes a statement synchronously on the
 * thread that owns it; on the server's thread that stopped every request and every WebSocket
 * message for as long as a statement ran (tens of milliseconds for a batch of CTI events). Here the
 * server's thread only posts the statement and waits, and keeps serving meanwhile.
 *
 * The thread holds the process open only while a statement is under way, as a socket would.
 */
export class PGliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly channels = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private exited: Error | null = null;
  closed = false;

  private constructor(dataDir: string | undefined) {
    const here = import.meta.url;
    // From the TypeScript sources (tsx, vitest) the thread loads through tsx; built, it is plain JS.
    const entry = here.endsWith('.ts') ? new URL('./pglite-worker-dev.mjs', here) : new URL('./pglite-worker.js', here);
    this.worker = new Worker(entry, { workerData: { dataDir } });
    this.worker.unref();
    this.worker.on('message', (m: FromDb) => this.receive(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  static async create(dataDir: string | undefined): Promise<PGliteThread> {
    const t = new PGliteThread(dataDir);
    await t.request<null>(0);
    return t;
  }

  query<R>(sql: string, params: unknown[]): Promise<Results<R>> {
    return this.send({ id: this.nextId++, op: 'query', sql, params });
  }

  /** Statements without parameters, through the simple protocol (several in one string, as migrations have). */
  exec<R>(sql: string): Promise<Results<R>> {
    return this.send({ id: this.nextId++, op: 'exec', sql });
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.channels.get(channel);
    if (!set) {
      this.channels.set(channel, (set = new Set()));
      await this.send({ id: this.nextId++, op: 'listen', channel });
    }
    set.add(onMessage);
    return async () => {
      set.delete(onMessage);
      if (set.size || this.closed) return;
      this.channels.delete(channel);
      await this.send({ id: this.nextId++, op: 'unlisten', channel });
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.send({ id: this.nextId++, op: 'close' });
    this.closed = true;
    await this.worker.terminate();
  }

  private send<T>(m: ToDb): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    if (this.closed) return Promise.reject(new Error('the embedded database is closed'));
    const p = this.request<T>(m.id);
    this.worker.postMessage(m);
    return p;
  }

  private request<T>(id: number): Promise<T> {
    this.worker.ref();
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  private receive(m: FromDb): void {
    if ('notify' in m) {
      for (const h of this.channels.get(m.notify) ?? []) h(m.payload);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!this.pending.size) this.worker.unref();
    if ('error' in m) p.reject(new EmbeddedDatabaseError(m.error));
    else p.resolve(m.ok);
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.exited = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

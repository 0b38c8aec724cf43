import { hostname } from 'node:os';
import { sql, type RawBuilder, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { firstIssue } from '../db/jsonb.js';
import { AppError } from '../http/errors.js';
import type { DB } from '../db/schema.js';

type JobsUpdate = UpdateQueryBuilder<DB, 'jobs', 'jobs', UpdateResult>;

/** A stored payload that its job's schema refuses (jobs.payload is parsed when claimed, not cast). */
class PayloadInvalid extends Error {
  override name = 'PayloadInvalid';
}

/**
 * A background job: a name, the schema of its payload, and a handler. Jobs are
 * rows in the `jobs` table, so they survive restarts; a worker claims one with
 * FOR UPDATE SKIP LOCKED, so each runs once however many workers there are.
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  payload: P;
  handler: (payload: z.infer<P>, env: { db: Db; now: () => Date; orgId: string | null; log: Logger }) => Promise<void>;
  /** Backoff before a retry, by attempt number (1-based). */
  retryDelayMs?: (attempt: number) => number;
}

export function defineJob<P extends z.ZodType>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export interface EnqueueOptions {
  orgId?: string | null;
  runAt?: Date;
  /** At most one job with this key ever exists; enqueuing it again does nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Attempts a job gets unless its enqueuer says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The one statement that inserts jobs, whoever enqueues them (`enqueue`, `jobsPart`, a module's statement part
 * such as QA's transcripts): the rows come from `source`, a select of (name, payload, org_id, run_at,
 * dedupe_key, max_attempts); a dedupe key already taken is skipped; `created_at` is `wall`. Jobs carry the wall
 * clock, not a service's clock: it is what workers compare `run_at` with.
 */
export function insertJobs(source: RawBuilder<unknown>, wall: Date): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`insert into jobs (name, payload, org_id, run_at, dedupe_key, max_attempts, created_at)
    select s.name, s.payload, s.org_id, s.run_at, s.dedupe_key, s.max_attempts, ${wall}::timestamptz
    from (${source}) as s(name, payload, org_id, run_at, dedupe_key, max_attempts)
    on conflict (dedupe_key) do nothing
    returning id`;
}

export async function enqueue<P extends z.ZodType>(db: Db, def: JobDefinition<P>, payload: z.infer<P>, opts: EnqueueOptions = {}): Promise<boolean> {
  const parsed = def.payload.parse(payload);
  const wall = new Date();
  const source = sql`select ${def.name}::text, ${JSON.stringify(parsed)}::jsonb, ${opts.orgId ?? null}::uuid, ${opts.runAt ?? wall}::timestamptz, ${opts.dedupeKey ?? null}::text, ${opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS}::int`;
  const { rows } = await insertJobs(source, wall).execute(db);
  return rows.length > 0;
}

/** A job to enqueue as part of a batch, its payload checked against its definition. */
export interface JobRow {
  name: string;
  payload: unknown;
  orgId: string | null;
  runAt?: Date | undefined;
  dedupeKey?: string | undefined;
}

export function jobRow<P extends z.ZodType>(def: JobDefinition<P>, payload: z.infer<P>, opts: { orgId: string | null; runAt?: Date; dedupeKey?: string }): JobRow {
  return { name: def.name, payload: def.payload.parse(payload), ...opts };
}

/**
 * Batch form of enqueue, as a statement part (db/compose.ts): one insert for several jobs; a
 * dedupe key already taken is skipped. Jobs carry the wall clock, as enqueue stamps them: it is
 * what workers compare run_at with.
 */
export function jobsPart(jobs: readonly JobRow[]): RawBuilder<unknown> | null {
  if (!jobs.length) return null;
  const wall = new Date();
  const rows = JSON.stringify(jobs.map((j) => ({ name: j.name, payload: j.payload, org_id: j.orgId, run_at: (j.runAt ?? wall).toISOString(), dedupe_key: j.dedupeKey ?? null })));
  const source = sql`select x.name, x.payload, x.org_id, x.run_at, x.dedupe_key, ${DEFAULT_MAX_ATTEMPTS}::int
    from jsonb_to_recordset(${rows}::jsonb) as x(name text, payload jsonb, org_id uuid, run_at timestamptz, dedupe_key text)`;
  return sql`queued as (${insertJobs(source, wall)})`;
}

export interface WorkerOptions {
  db: Db;
  jobs: JobDefinition[];
  log: Logger;
  pollMs: number;
  now?: () => Date;
  id?: string;
  /** A claimed job whose worker has not shown signs of life for this long is taken back by another (default 30 s). */
  leaseMs?: number;
  /** How often a worker renews the lease of the job it runs (default a third of the lease). */
  heartbeatMs?: number;
}

/** The default lease of a claimed job: a worker that died is noticed within this, not after minutes. */
export const JOB_LEASE_MS = 30_000;

export class Worker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private stopping = false;
  /** The job this worker runs now, to release it at shutdown. */
  private current: { id: string; name: string; attempt: number } | null = null;
  readonly id: string;
  private readonly defs: Map<string, JobDefinition>;

  constructor(private readonly opts: WorkerOptions) {
    this.id = opts.id ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.defs = new Map(opts.jobs.map((j) => [j.name, j]));
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) => this.opts.log.error({ err }, 'worker tick failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs);
        });
    };
    tick();
  }

  /**
   * Stops taking jobs and waits for the one running to finish. With `graceMs`, a job still running
   * after that is released: put back in the queue at once (its attempt not counted), fenced by this
   * worker's claim, so another worker takes it now instead of after the lease. Its handler may still
   * be running here when the process ends; handlers are idempotent.
   */
  async stop(opts: { graceMs?: number } = {}): Promise<{ released: number }> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return { released: 0 };
    if (opts.graceMs === undefined) {
      await this.running;
      return { released: 0 };
    }
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([this.running.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), opts.graceMs)))]);
    clearTimeout(timer);
    if (finished || !this.current) return { released: 0 };
    const c = this.current;
    const res = await this.opts.db
      .updateTable('jobs')
      .set({ status: 'queued', locked_by: null, locked_at: null, attempts: sql`attempts - 1`, run_at: new Date() })
      .where('id', '=', c.id)
      .where('locked_by', '=', this.id)
      .where('attempts', '=', c.attempt)
      .where('status', '=', 'running')
      .executeTakeFirst();
    const released = Number(res.numUpdatedRows);
    if (released) this.opts.log.warn({ job: c.name, id: c.id, worker: this.id }, 'job still running at shutdown; released for another worker');
    return { released };
  }

  /** Runs due jobs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) {
      n++;
      if (this.stopping) break;
    }
    return n;
  }

  async runOne(): Promise<boolean> {
    const now = this.opts.now?.() ?? new Date();
    const names = [...this.defs.keys()];
    if (names.length === 0) return false;
    const lease = this.opts.leaseMs ?? JOB_LEASE_MS;
    // A job is leased: its worker renews locked_at while it runs (heartbeat). One left 'running' by a
    // worker that died (no renewal for a lease) is taken back by the next worker that looks.
    const claimed = await this.opts.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('jobs')
        .selectAll()
        .where('name', 'in', names)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('locked_at', '<', new Date(now.getTime() - lease))]),
          ]),
        )
        .orderBy('run_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      await tx
        .updateTable('jobs')
        .set({ status: 'running', locked_by: this.id, locked_at: now, attempts: sql`attempts + 1` })
        .where('id', '=', row.id)
        .execute();
      return row;
    });
    if (!claimed) return false;
    const def = this.defs.get(claimed.name);
    if (!def) return true;
    const attempt = claimed.attempts + 1;
    // Only the worker holding this claim may finish it: a worker that was presumed dead and comes back
    // late (a long pause, a network split) finds its claim taken over and writes nothing.
    const mine = (q: JobsUpdate) => q.where('id', '=', claimed.id).where('locked_by', '=', this.id).where('attempts', '=', attempt).where('status', '=', 'running');
    const heartbeat = setInterval(() => {
      const at = this.opts.now?.() ?? new Date();
      void mine(this.opts.db.updateTable('jobs').set({ locked_at: at }))
        .execute()
        .catch((err: unknown) => this.opts.log.warn({ job: claimed.name, id: claimed.id, err: String(err) }, 'job lease not renewed'));
    }, this.opts.heartbeatMs ?? Math.max(1000, Math.floor(lease / 3)));
    heartbeat.unref();
    this.current = { id: claimed.id, name: claimed.name, attempt };
    try {
      const parsed = def.payload.safeParse(claimed.payload);
      // A payload its definition cannot read will not read on a retry either: the job fails for good at once.
      if (!parsed.success) throw new PayloadInvalid(`payload does not match the ${claimed.name} job's schema: ${firstIssue(parsed.error)}`);
      const payload = parsed.data;
      await def.handler(payload, { db: this.opts.db, now: () => this.opts.now?.() ?? new Date(), orgId: claimed.org_id, log: this.opts.log });
      clearInterval(heartbeat);
      const done = await mine(this.opts.db.updateTable('jobs').set({ status: 'done', finished_at: new Date(), last_error: null })).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) this.opts.log.warn({ job: claimed.name, id: claimed.id, worker: this.id }, 'job finished after its lease was taken over; another worker owns it now');
    } catch (err) {
      clearInterval(heartbeat);
      const message = err instanceof Error ? err.message : String(err);
      // a damaged payload or stored row (STORED_DATA_INVALID) reads the same on every retry
      const giveUp = attempt >= claimed.max_attempts || err instanceof PayloadInvalid || (err instanceof AppError && err.code === 'STORED_DATA_INVALID');
      const delay = def.retryDelayMs?.(attempt) ?? Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);
      this.opts.log.warn({ job: claimed.name, id: claimed.id, attempt, err: message }, giveUp ? 'job failed for good' : 'job failed; will retry');
      await mine(
        this.opts.db.updateTable('jobs').set({
          status: giveUp ? 'failed' : 'queued',
          last_error: message,
          run_at: new Date(now.getTime() + delay),
          locked_by: null,
          locked_at: null,
          ...(giveUp ? { finished_at: new Date() } : {}),
        }),
      ).execute();
    } finally {
      this.current = null;
    }
    return true;
  }
}

import pino from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.js';
import type { Database } from '../db/database.js';
import { defineJob, enqueue, Worker } from './runner.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const log = pino({ level: 'silent' });

describe('job worker', () => {
  it('runs each job exactly once with several workers draining at the same time', async () => {
    const seen: number[] = [];
    const job = defineJob({
      name: 'test.count',
      payload: z.object({ n: z.number() }),
      handler: async ({ n }) => {
        seen.push(n);
      },
    });
    for (let n = 0; n < 40; n++) await enqueue(database.db, job, { n });
    const workers = [1, 2, 3].map((i) => new Worker({ db: database.db, jobs: [job], log, pollMs: 50, id: `w${i}` }));
    await Promise.all(workers.map((w) => w.drain()));
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    const left = await database.db.selectFrom('jobs').select('status').where('name', '=', 'test.count').where('status', '!=', 'done').execute();
    expect(left).toEqual([]);
  });

  it('enqueues a job with a dedupe key only once', async () => {
    const job = defineJob({ name: 'test.dedupe', payload: z.object({}), handler: async () => {} });
    expect(await enqueue(database.db, job, {}, { dedupeKey: 'k1' })).toBe(true);
    expect(await enqueue(database.db, job, {}, { dedupeKey: 'k1' })).toBe(false);
  });

  it('retries a failing job later and gives up after max attempts, keeping the error', async () => {
    let calls = 0;
    let now = new Date('2026-01-05T09:00:00Z');
    const job = defineJob({
      name: 'test.flaky',
      payload: z.object({}),
      retryDelayMs: () => 60_000,
      handler: async () => {
        calls++;
        throw new Error('upstream down');
      },
    });
    await enqueue(database.db, job, {}, { maxAttempts: 2, runAt: now });
    const w = new Worker({ db: database.db, jobs: [job], log, pollMs: 50, now: () => now });
    await w.drain();
    expect(calls).toBe(1);
    await w.drain(); // not due yet
    expect(calls).toBe(1);
    now = new Date(now.getTime() + 61_000);
    await w.drain();
    expect(calls).toBe(2);
    const row = await database.db.selectFrom('jobs').selectAll().where('name', '=', 'test.flaky').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toBe('upstream down');
  });

  it('a stored payload its schema refuses fails the job for good at once, naming the problem; the handler never runs', async () => {
    let calls = 0;
    const job = defineJob({
      name: 'test.payload',
      payload: z.object({ callId: z.string().uuid(), attempt: z.number().int().default(1) }),
      handler: async () => {
        calls++;
      },
    });
    // a row written by an older build (or by hand): the field is the wrong type
    await database.db.insertInto('jobs').values({ name: 'test.payload', payload: JSON.stringify({ callId: 42 }), org_id: null, run_at: new Date(0), max_attempts: 5 }).execute();
    // one written before a field with a default existed still runs, with the default
    const id = '0b6a3a40-5a7c-4d0e-9d51-8d2e5c1f7e11';
    await database.db.insertInto('jobs').values({ name: 'test.payload', payload: JSON.stringify({ callId: id }), org_id: null, run_at: new Date(0), max_attempts: 5 }).execute();
    await new Worker({ db: database.db, jobs: [job], log, pollMs: 50 }).drain();
    expect(calls).toBe(1);
    const rows = await database.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('name', '=', 'test.payload').orderBy('status').execute();
    expect(rows).toEqual([
      { status: 'done', attempts: 1, last_error: null },
      { status: 'failed', attempts: 1, last_error: expect.stringMatching(/^payload does not match the test\.payload job's schema: callId: /) },
    ]);
  });

  it('takes back within a lease the job of a worker that stopped renewing it, and fences the late worker out', async () => {
    let release: () => void = () => {};
    const runs: string[] = [];
    const job = defineJob({
      name: 'test.lease',
      payload: z.object({}),
      handler: async () => {
        const who = runs.length === 0 ? 'A' : 'B';
        runs.push(who);
        // A hangs as a process that died would; B finishes at once
        if (who === 'A') await new Promise<void>((r) => (release = r));
      },
    });
    await enqueue(database.db, job, {});
    // A renews its lease only every ten minutes: to the others it looks dead after the 300 ms lease
    const a = new Worker({ db: database.db, jobs: [job], log, pollMs: 50, id: 'A', leaseMs: 300, heartbeatMs: 600_000 });
    const b = new Worker({ db: database.db, jobs: [job], log, pollMs: 50, id: 'B', leaseMs: 300 });
    const aRun = a.runOne();
    await new Promise((r) => setTimeout(r, 100));
    expect(await b.drain()).toBe(0); // A's lease still holds
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.drain()).toBe(1); // taken back and finished by B
    const afterB = await database.db.selectFrom('jobs').selectAll().where('name', '=', 'test.lease').executeTakeFirstOrThrow();
    expect(afterB).toMatchObject({ status: 'done', locked_by: 'B', attempts: 2 });
    // A comes back: its result is not written over B's
    release();
    await aRun;
    const final = await database.db.selectFrom('jobs').selectAll().where('name', '=', 'test.lease').executeTakeFirstOrThrow();
    expect(final).toMatchObject({ status: 'done', locked_by: 'B', attempts: 2 });
    expect(runs).toEqual(['A', 'B']);
  });

  it('a running job whose worker renews its lease is not taken by another', async () => {
    let release: () => void = () => {};
    let runs = 0;
    const job = defineJob({
      name: 'test.heartbeat',
      payload: z.object({}),
      handler: async () => {
        runs++;
        await new Promise<void>((r) => (release = r));
      },
    });
    await enqueue(database.db, job, {});
    const a = new Worker({ db: database.db, jobs: [job], log, pollMs: 50, id: 'A2', leaseMs: 400, heartbeatMs: 50 });
    const b = new Worker({ db: database.db, jobs: [job], log, pollMs: 50, id: 'B2', leaseMs: 400 });
    const aRun = a.runOne();
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await b.drain()).toBe(0);
    }
    release();
    await aRun;
    expect(runs).toBe(1);
    expect(await database.db.selectFrom('jobs').select(['status', 'locked_by']).where('name', '=', 'test.heartbeat').executeTakeFirstOrThrow()).toEqual({ status: 'done', locked_by: 'A2' });
  });

  it('on stop, waits for the running job to finish; with a grace period, releases one that does not finish in it', async () => {
    const releases: Array<() => void> = [];
    const ran: string[] = [];
    const quick = defineJob({ name: 'test.stop-quick', payload: z.object({}), handler: async () => void (await new Promise((r) => setTimeout(r, 200))) });
    const stuck = defineJob({
      name: 'test.stop-stuck',
      payload: z.object({}),
      handler: async () => {
        ran.push('stuck');
        await new Promise<void>((r) => releases.push(r));
      },
    });
    await enqueue(database.db, quick, {});
    const a = new Worker({ db: database.db, jobs: [quick], log, pollMs: 20, id: 'S1' });
    a.start();
    await new Promise((r) => setTimeout(r, 50)); // claimed, running
    expect(await a.stop({ graceMs: 5000 })).toEqual({ released: 0 });
    expect(await database.db.selectFrom('jobs').select(['status', 'locked_by']).where('name', '=', 'test.stop-quick').executeTakeFirstOrThrow()).toEqual({ status: 'done', locked_by: 'S1' });

    await enqueue(database.db, stuck, {});
    const b = new Worker({ db: database.db, jobs: [stuck], log, pollMs: 20, id: 'S2' });
    b.start();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    expect(await b.stop({ graceMs: 300 })).toEqual({ released: 1 });
    expect(Date.now() - t0).toBeLessThan(2000);
    const row = await database.db.selectFrom('jobs').select(['status', 'locked_by', 'attempts']).where('name', '=', 'test.stop-stuck').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'queued', locked_by: null, attempts: 0 });
    // another worker takes it at once (no lease to wait for) and finishes it; the released worker's late end writes nothing
    const c = new Worker({ db: database.db, jobs: [stuck], log, pollMs: 20, id: 'S3' });
    const cRun = c.runOne();
    await new Promise((r) => setTimeout(r, 50));
    for (const r of releases) r(); // ends both handlers: S2's, still running in this process, and S3's
    await cRun;
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual(['stuck', 'stuck']);
    expect(await database.db.selectFrom('jobs').select(['status', 'locked_by', 'attempts']).where('name', '=', 'test.stop-stuck').executeTakeFirstOrThrow()).toEqual({ status: 'done', locked_by: 'S3', attempts: 1 });
  });
});

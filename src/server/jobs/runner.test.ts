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
});

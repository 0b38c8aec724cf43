import pino from 'pino';
import { z } from 'zod';
import { openDatabase, type Db } from '../../src/server/db/database.js';
import { defineJob, Worker } from '../../src/server/jobs/runner.js';

/** The lease of these tests' workers: short, so that a dead worker's job is noticed within seconds. */
export const TEST_LEASE_MS = 3000;

/**
 * A worker for `test.forever` jobs with a 3 s lease (renewed every second). In the process run by
 * test/shutdown.test.ts the job hangs, as a job does in a process about to be killed; elsewhere it ends at once.
 */
export function leaseWorker(db: Db, id: string, hang = false): Worker {
  const job = defineJob({
    name: 'test.forever',
    payload: z.object({}),
    handler: async () => {
      if (!hang) return;
      process.stdout.write('claimed\n');
      await new Promise(() => {});
    },
  });
  return new Worker({ db, jobs: [job], log: pino({ level: 'silent' }), pollMs: 100, id, leaseMs: TEST_LEASE_MS, heartbeatMs: 1000 });
}

if (process.argv[1]?.endsWith('lease-worker.ts')) {
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  const w = leaseWorker(database.db, process.env.WORKER_ID ?? 'child', true);
  for (;;) {
    if (await w.runOne()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

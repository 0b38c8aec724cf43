import pino from 'pino';
import type { Db } from '../../src/server/db/database.js';
import { allJobs } from '../../src/server/jobs/index.js';
import { Worker } from '../../src/server/jobs/runner.js';

/**
 * Runs every job that is due by `until` (default: a day from now, so jobs scheduled a few seconds
 * ahead — a callback decision, a wrap-up timeout — run now), as a worker process would.
 * Returns how many ran.
 */
export async function drainJobs(db: Db, until: Date = new Date(Date.now() + 86_400_000)): Promise<number> {
  const worker = new Worker({ db, jobs: allJobs, log: pino({ level: 'silent' }), pollMs: 50, now: () => until, id: 'test-drain' });
  let total = 0;
  for (;;) {
    const n = await worker.drain();
    total += n;
    if (n === 0) return total;
  }
}

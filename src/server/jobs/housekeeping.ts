import { z } from 'zod';
import { purgeExpired } from '../modules/auth/auth.repo.js';
import { signOffExpired } from '../modules/auth/auth.service.js';
import { sweep } from '../modules/retention/retention.service.js';
import { defineJob, enqueue } from './runner.js';
import type { Db } from '../db/database.js';

/**
 * Sets agents whose sessions all expired offline, deletes expired sessions, runs the retention sweep
 * (each organisation's policy, in small batches: modules/retention), then schedules itself for the next hour.
 */
export const housekeepingJob = defineJob({
  name: 'system.housekeeping',
  payload: z.object({}),
  handler: async (_p, { db, now, log }) => {
    const t = now();
    // before the expired sessions go: agents signed in nowhere any more are offline from when their session ended
    const signedOff = await signOffExpired(db, t);
    if (signedOff) log.info({ agents: signedOff }, 'housekeeping set agents with expired sessions offline');
    // sign-in attempts are kept by the retention rule (the sweep), not by this purge
    const purged = await purgeExpired(db, t, new Date(0));
    if (purged.sessions) log.info(purged, 'housekeeping purged expired sessions');
    const swept = await sweep(db, t, log);
    if (Object.values(swept).some((n) => n > 0)) log.info(swept, 'housekeeping retention sweep');
    await scheduleHousekeeping(db, new Date(t.getTime() + 3_600_000));
  },
});

export function scheduleHousekeeping(db: Db, at: Date) {
  // one per hour slot, whichever worker schedules it
  const slot = at.toISOString().slice(0, 13);
  return enqueue(db, housekeepingJob, {}, { runAt: at, dedupeKey: `housekeeping:${slot}` });
}

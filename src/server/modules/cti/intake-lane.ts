import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';

/**
 * The order in which intake transactions take embedded PGlite's only connection.
 *
 * PGlite runs one statement at a time (in its own thread, db/pglite-thread.ts), so a switch's live
 * events (a call ringing at an agent, a few events at a time) would queue behind every bulk batch
 * ahead of them. So intake transactions on PGlite take turns here: one at a time, and a small
 * transaction goes before the big ones that are waiting, unless one of those has waited longer
 * than MAX_WAIT_MS. On a PostgreSQL server transactions run side by side; no lane is used.
 */
export const URGENT_EVENTS = 8;
export const MAX_WAIT_MS = 250;

interface Turn {
  urgent: boolean;
  since: number;
  go: () => void;
}

class Lane {
  private readonly waiting: Turn[] = [];
  private busy = false;

  async run<T>(events: number, work: () => Promise<T>): Promise<T> {
    // A monotonic clock for scheduling, not a rule's time.
    await new Promise<void>((go) => {
      this.waiting.push({ urgent: events <= URGENT_EVENTS, since: performance.now(), go });
      this.next();
    });
    try {
      return await work();
    } finally {
      // A turn of the event loop first, so that a small transaction whose request arrived
      // meanwhile is in line before the next big one starts.
      setImmediate(() => {
        this.busy = false;
        this.next();
      });
    }
  }

  private next(): void {
    if (this.busy || !this.waiting.length) return;
    const oldest = this.waiting[0]!;
    const urgent = this.waiting.findIndex((t) => t.urgent);
    const i = urgent < 0 || performance.now() - oldest.since > MAX_WAIT_MS ? 0 : urgent;
    const [turn] = this.waiting.splice(i, 1);
    this.busy = true;
    turn!.go();
  }
}

const lanes = new WeakMap<Db, Lane>();

/** Runs one intake transaction of `events` events in its turn on this (embedded) database. */
export function inLane<T>(db: Db, events: number, work: () => Promise<T>): Promise<T> {
  let lane = lanes.get(db);
  if (!lane) lanes.set(db, (lane = new Lane()));
  return lane.run(events, work);
}

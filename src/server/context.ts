import type { Role } from '../shared/roles.js';
import type { Db } from './db/database.js';

/** Who is acting: a signed-in person, or the system itself (CLI, worker, demo seed). */
export interface Actor {
  id: string | null;
  name: string;
  role: Role | 'system';
}

/** Everything a service needs to act on behalf of someone in one organisation. */
export interface Ctx {
  db: Db;
  orgId: string;
  actor: Actor;
  requestId?: string | undefined;
  ip?: string | undefined;
  /** The clock; rules never call Date.now() themselves so tests can travel in time. */
  now: () => Date;
  /**
   * Where reports and exports read: a read replica when REXIAN_REPLICA_URL is set, else the primary. Its
   * rows may lag the primary by the replication delay; nothing is ever written through it.
   */
  readDb?: Db;
}

/** The context with reads sent to the replica (reports, exports); writes still go through `db`. */
export const reading = (ctx: Ctx): Ctx => (ctx.readDb ? { ...ctx, db: ctx.readDb } : ctx);

export const systemActor: Actor = { id: null, name: 'system', role: 'system' };

export const systemClock = (): Date => new Date();

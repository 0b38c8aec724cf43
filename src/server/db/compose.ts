import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';

/**
 * Sends the writes of several modules as one statement: each module builds the parts (CTEs) that
 * write its own tables (agents.repo timelineParts, calls.repo savePart, qa.repo transcriptsPart,
 * jobs/runner jobsPart, events.repo eventsPart), and a caller that changes many things at once —
 * the CTI intake — composes them, so a batch costs one round trip whatever it changed. The parts
 * must not depend on each other's effects (they all see the statement's snapshot); `main` is the
 * final query (events.repo's announcement of the new domain events, or nothing).
 */
export async function writeTogether(tx: Db, parts: readonly RawBuilder<unknown>[], main?: RawBuilder<unknown> | null): Promise<void> {
  if (!parts.length) {
    if (main) await main.execute(tx);
    return;
  }
  await sql`with ${sql.join([...parts], sql`, `)} ${main ?? sql`select 1`}`.execute(tx);
}

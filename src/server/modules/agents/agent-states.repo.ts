import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Batch forms of the agent-state reads (agents.repo.ts has the one-agent forms), for the CTI
 * intake: one statement for every agent a batch of events touches, instead of several per change.
 * The batch's writes go out with the rest of the batch (cti/intake.repo.ts writeBatch).
 */

export interface LockedStatus {
  agent_no: string;
  state: string;
  reason: string | null;
  since: Date;
  call_id: string | null;
  /** The latest entry of the agent's state log (the one in force now), if any. */
  log_id: string | null;
  log_started_at: Date | null;
  log_state: string | null;
  log_call_id: string | null;
}

/**
 * Locks the current states of some agents, in agent-number order (so concurrent batches lock them
 * in the same order), each with the latest entry of its log. Agents without a state are absent.
 * The log entry needs no lock of its own: every writer of an agent's log locks its state row first.
 */
export async function lockStatuses(tx: Db, orgId: string, agentNos: readonly string[]): Promise<LockedStatus[]> {
  if (!agentNos.length) return [];
  const r = await sql<LockedStatus>`
    select s.agent_no, s.state, s.reason, s.since, s.call_id,
           l.id::text as log_id, l.started_at as log_started_at, l.state as log_state, l.call_id as log_call_id
    from agent_status s
    left join lateral (
      select id, started_at, state, call_id from agent_state_log
      where org_id = s.org_id and agent_no = s.agent_no
      order by started_at desc, id desc limit 1
    ) l on true
    where s.org_id = ${orgId} and s.agent_no = any(${[...agentNos]}::text[])
    order by s.agent_no
    for update of s`.execute(tx);
  return r.rows.map((row) => ({ ...row, since: new Date(row.since), log_started_at: row.log_started_at ? new Date(row.log_started_at) : null }));
}

/** Users by agent number (工号): one query for a batch. */
export function usersByAgentNos(db: Db, orgId: string, agentNos: readonly string[]) {
  if (!agentNos.length) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name', 'role', 'agent_no']).where('org_id', '=', orgId).where('agent_no', 'in', [...agentNos]).execute();
}

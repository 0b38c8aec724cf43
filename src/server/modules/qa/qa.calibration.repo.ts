import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Per check, the engine's findings and what people made of them: how many were reviewed
 * (confirmed or overturned, an appeal's decision included) and how many overturned.
 * Manual findings are left out: calibration is about the machine.
 */
export function machineFindingsByCheck(db: Db, orgId: string) {
  return db
    .selectFrom('qa_findings')
    .select([
      'check_id',
      sql<number>`count(*)::int`.as('findings'),
      sql<number>`(count(*) filter (where status <> 'machine'))::int`.as('reviewed'),
      sql<number>`(count(*) filter (where status = 'overturned'))::int`.as('overturned'),
    ])
    .where('org_id', '=', orgId)
    .where('source', '=', 'machine')
    .groupBy('check_id')
    .orderBy('check_id')
    .execute();
}

/**
 * Every inspector's latest decision on each machine finding they reviewed, from the audit log (the
 * finding itself keeps only the latest decision of anybody): finding, reviewer, confirmed or overturned.
 */
export async function reviewDecisions(db: Db, orgId: string): Promise<Array<{ finding_id: string; actor_id: string; actor_name: string; status: string }>> {
  const r = await sql<{ finding_id: string; actor_id: string; actor_name: string; status: string }>`
    select distinct on (a.entity_id, a.actor_id) a.entity_id as finding_id, a.actor_id::text as actor_id, coalesce(u.display_name, a.actor_name) as actor_name, a.after->>'status' as status
    from audit_log a
    left join users u on u.id = a.actor_id
    where a.org_id = ${orgId} and a.action = 'qa.finding.review' and a.actor_id is not null and a.after->>'status' in ('confirmed', 'overturned')
    order by a.entity_id, a.actor_id, a.at desc, a.id desc`.execute(db);
  return r.rows;
}

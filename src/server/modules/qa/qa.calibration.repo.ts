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

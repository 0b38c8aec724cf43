import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

// wallboard_settings (0015_wallboard.sql), declared beside its only repository
declare module '../../db/schema.js' {
  interface WallboardSettingsTable {
    org_id: string;
    thresholds: unknown;
    updated_by: string | null;
    updated_at: Date | string;
  }
  interface DB {
    wallboard_settings: WallboardSettingsTable;
  }
}

/**
 * Inbound calls waiting now: ringing (or queued) since `since`, neither answered nor ended. A call whose
 * switch never sent its end is not waiting for ever: only calls that rang since `since` count.
 */
export async function waitingCalls(db: Db, orgId: string, since: Date, now: Date): Promise<{ calls: number; oldest: Date | null }> {
  const r = await sql<{ calls: number; oldest: Date | string | null }>`
    select count(*)::int as calls, min(ringing_at) as oldest from calls
    where org_id = ${orgId} and direction = 'in' and status = 'ringing' and ringing_at >= ${since} and ringing_at <= ${now}`.execute(db);
  const row = r.rows[0]!;
  return { calls: row.calls, oldest: row.oldest ? new Date(row.oldest) : null };
}

export function findSettings(db: Db, orgId: string) {
  return db.selectFrom('wallboard_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function saveSettings(db: Db, v: { orgId: string; thresholds: unknown; by: string | null; now: Date }) {
  const values = { thresholds: JSON.stringify(v.thresholds), updated_by: v.by, updated_at: v.now };
  await db
    .insertInto('wallboard_settings')
    .values({ org_id: v.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

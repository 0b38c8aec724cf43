import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { readJsonb, toJsonb } from '../../db/jsonb.js';

/**
 * standard_pack_versions.sources (JSONB): the YAML files a version was saved from, as given (export gives them back).
 * The content column is the parsed pack: `readStoredPack` reads it with the pack schema.
 */
export const sourcesColumn = z.array(z.object({ name: z.string(), text: z.string() }));
export type SourceFile = z.infer<typeof sourcesColumn>[number];

/** A version's source files, parsed. */
export function sourcesOf(row: { id: string; sources: unknown }): SourceFile[] {
  return readJsonb(sourcesColumn, row.sources, { table: 'standard_pack_versions', column: 'sources', id: row.id });
}

const versionColumns = ['id', 'org_id', 'version', 'name', 'checksum', 'note', 'created_by', 'created_at'] as const;

/** The `pack` part of a version's content (its id and version string), read alone for the list of versions. */
const metaPart = z.looseObject({ id: z.string().optional(), version: z.string().optional() }).nullable();

export async function listVersions(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('standard_pack_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(versionColumns.map((c) => `v.${c}` as const))
    .select('u.username as created_by_name')
    .select(sql<unknown>`v.content->'pack'`.as('meta'))
    .where('v.org_id', '=', orgId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, meta: readJsonb(metaPart, r.meta, { table: 'standard_pack_versions', column: 'content', id: r.id }) }));
}

export function findVersion(db: Db, orgId: string, version: number) {
  return db.selectFrom('standard_pack_versions').selectAll().where('org_id', '=', orgId).where('version', '=', version).executeTakeFirst();
}

export function findVersionById(db: Db, orgId: string, id: string) {
  return db.selectFrom('standard_pack_versions').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function latestVersion(db: Db, orgId: string) {
  return db.selectFrom('standard_pack_versions').selectAll().where('org_id', '=', orgId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function insertVersion(
  db: Db,
  v: { orgId: string; name: string; content: unknown; sources: SourceFile[]; checksum: string; note: string | null; createdBy: string | null; now: Date },
) {
  // Version numbers are per organisation; the row lock on the org serialises concurrent saves.
  await sql`select id from orgs where id = ${v.orgId} for update`.execute(db);
  const next = await db
    .selectFrom('standard_pack_versions')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('n'))
    .where('org_id', '=', v.orgId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('standard_pack_versions')
    .values({
      org_id: v.orgId,
      version: next.n,
      name: v.name,
      content: JSON.stringify(v.content),
      sources: toJsonb(sourcesColumn, v.sources),
      checksum: v.checksum,
      note: v.note,
      created_by: v.createdBy,
      created_at: v.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The id of the organisation's active version, or undefined. */
export async function activeVersionId(db: Db, orgId: string): Promise<string | undefined> {
  return (await db.selectFrom('standard_pack_active').select('version_id').where('org_id', '=', orgId).executeTakeFirst())?.version_id;
}

/** The ids of all the organisation's versions, oldest first. */
export async function versionIds(db: Db, orgId: string): Promise<string[]> {
  return (await db.selectFrom('standard_pack_versions').select('id').where('org_id', '=', orgId).orderBy('version').execute()).map((r) => r.id);
}

/** A version's content (JSONB as stored; `readStoredPack` parses it). */
export async function versionContent(db: Db, id: string): Promise<unknown> {
  return (await db.selectFrom('standard_pack_versions').select('content').where('id', '=', id).executeTakeFirstOrThrow()).content;
}

export function findActive(db: Db, orgId: string) {
  return db
    .selectFrom('standard_pack_active as a')
    .innerJoin('standard_pack_versions as v', 'v.id', 'a.version_id')
    .selectAll('v')
    .select(['a.activated_at', 'a.activated_by'])
    .where('a.org_id', '=', orgId)
    .executeTakeFirst();
}

export async function setActive(db: Db, orgId: string, versionId: string, by: string | null, now: Date) {
  await db
    .insertInto('standard_pack_active')
    .values({ org_id: orgId, version_id: versionId, activated_by: by, activated_at: now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ version_id: versionId, activated_by: by, activated_at: now }))
    .execute();
}

/** The ticket states an organisation's tickets are in, with how many are in each. */
export async function ticketStatesInUse(db: Db, orgId: string): Promise<Array<{ status: string; n: number }>> {
  return db.selectFrom('tickets').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('org_id', '=', orgId).groupBy('status').orderBy('status').execute();
}

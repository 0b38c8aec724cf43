import type { Db } from '../../db/database.js';

export function findOrgBySlug(db: Db, slug: string) {
  return db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findOrgById(db: Db, id: string) {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOrgs(db: Db) {
  return db.selectFrom('orgs').selectAll().orderBy('created_at').execute();
}

export function insertOrg(db: Db, values: { slug: string; name: string; city?: string | null; hotline?: string | null }) {
  return db.insertInto('orgs').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The profile fields of an organisation (city and number for scripts; the name in the header). */
export function updateOrgProfile(db: Db, id: string, values: { name?: string; city?: string | null; hotline?: string | null }) {
  return db.updateTable('orgs').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function findOrgProfile(db: Db, id: string) {
  return db.selectFrom('orgs').select(['slug', 'name', 'city', 'hotline']).where('id', '=', id).executeTakeFirst();
}

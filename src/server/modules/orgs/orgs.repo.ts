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

export function insertOrg(db: Db, values: { slug: string; name: string }) {
  return db.insertInto('orgs').values(values).returningAll().executeTakeFirstOrThrow();
}

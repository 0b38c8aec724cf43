import type { Db } from '../../db/database.js';
import type { Permission } from '../../../shared/roles.js';

/** The roles an organisation granted a permission to, or null when it kept the default. */
export async function grantedRoles(db: Db, orgId: string, permission: Permission): Promise<string[] | null> {
  const row = await db.selectFrom('org_permissions').select('roles').where('org_id', '=', orgId).where('permission', '=', permission).executeTakeFirst();
  return row?.roles ?? null;
}

/** Locks the organisation's grant of a permission (if any) for a change in this transaction. */
export async function grantedRolesForUpdate(db: Db, orgId: string, permission: Permission): Promise<string[] | null> {
  const row = await db.selectFrom('org_permissions').select('roles').where('org_id', '=', orgId).where('permission', '=', permission).forUpdate().executeTakeFirst();
  return row?.roles ?? null;
}

export async function saveGrant(db: Db, row: { orgId: string; permission: Permission; roles: string[]; updatedBy: string | null; now: Date }): Promise<void> {
  await db
    .insertInto('org_permissions')
    .values({ org_id: row.orgId, permission: row.permission, roles: row.roles, updated_by: row.updatedBy, updated_at: row.now })
    .onConflict((oc) => oc.columns(['org_id', 'permission']).doUpdateSet({ roles: row.roles, updated_by: row.updatedBy, updated_at: row.now }))
    .execute();
}

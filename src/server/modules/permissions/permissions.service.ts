/**
 * Permissions an organisation grants to the roles of its choice (设置 → 权限), apart from what each role sees:
 * bulk export of lists with callers' data is the first. Admin always has them; a change is audited with what it
 * was and what it became, in the same transaction.
 */
import { permissionRoles, permissions, type Permission, type Role } from '../../../shared/roles.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { recordAudit } from '../audit/audit.repo.js';
import * as repo from './permissions.repo.js';

/** Whether a role of the organisation has the permission (admin always does). */
export async function roleHasPermission(db: Db, orgId: string, role: Role, permission: Permission): Promise<boolean> {
  if (role === 'admin') return true;
  return permissionRoles(permission, await repo.grantedRoles(db, orgId, permission)).includes(role);
}

export async function listPermissions(ctx: Ctx) {
  return Promise.all(permissions.map((p) => describe(ctx.db, ctx.orgId, p)));
}

async function describe(db: Db, orgId: string, permission: Permission, granted?: string[] | null) {
  const stored = granted === undefined ? await repo.grantedRoles(db, orgId, permission) : granted;
  const roles = permissionRoles(permission, stored);
  const defaultRoles = permissionRoles(permission, null);
  return { permission, roles, defaultRoles, isDefault: roles.join() === defaultRoles.join() };
}

/** Sets who has a permission; admin is kept whatever the list says. Unchanged lists write nothing. */
export async function grantPermission(ctx: Ctx, permission: Permission, roles: readonly Role[]) {
  return ctx.db.transaction().execute(async (tx) => {
    const before = permissionRoles(permission, await repo.grantedRolesForUpdate(tx, ctx.orgId, permission));
    const after = permissionRoles(permission, roles);
    if (before.join() !== after.join()) {
      await repo.saveGrant(tx, { orgId: ctx.orgId, permission, roles: after, updatedBy: ctx.actor.id, now: ctx.now() });
      await recordAudit(tx, { ...ctx, db: tx }, { action: 'permission.grant', entityType: 'permission', entityId: permission, before: { roles: before }, after: { roles: after } });
    }
    return describe(tx, ctx.orgId, permission, after);
  });
}


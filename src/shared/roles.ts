/** The people who use a hotline, each with what they need to see and do. */
export const roles = ['admin', 'manager', 'lead', 'agent', 'inspector', 'department'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Sections of the web app; which role sees which is decided here, once, for server and web. */
export const sections = ['workbench', 'tickets', 'calls', 'qa', 'reports', 'knowledge', 'standards', 'settings'] as const;
export type Section = (typeof sections)[number];

export const sectionsByRole: Record<Role, readonly Section[]> = {
  admin: ['workbench', 'tickets', 'calls', 'qa', 'reports', 'knowledge', 'standards', 'settings'],
  manager: ['workbench', 'tickets', 'calls', 'qa', 'reports', 'knowledge', 'standards', 'settings'],
  lead: ['workbench', 'tickets', 'calls', 'qa', 'reports', 'knowledge', 'standards'],
  agent: ['workbench', 'tickets', 'calls', 'qa', 'knowledge', 'standards'],
  inspector: ['calls', 'qa', 'reports', 'knowledge', 'standards'],
  department: ['tickets'],
};

/** Roles that see callers' personal data (phone numbers, names) unmasked. */
export const rolesSeeingPersonalData: readonly Role[] = ['admin', 'manager', 'lead', 'agent'];

/**
 * Permissions an organisation grants to roles of its choice, apart from what a role sees. `export`: bulk export of
 * lists holding callers' personal data (calls, tickets) to Excel; every export is written to the audit log.
 */
export const permissions = ['export'] as const;
export type Permission = (typeof permissions)[number];

/** Who has each permission until an admin of the organisation says otherwise; admin always has it. */
export const defaultPermissionRoles: Record<Permission, readonly Role[]> = { export: ['admin', 'manager'] };

/** The roles a stored grant gives a permission to: admin always, in the order of `roles`; no grant: the default. */
export function permissionRoles(permission: Permission, granted: readonly string[] | null | undefined): Role[] {
  const chosen = new Set<string>([...(granted ?? defaultPermissionRoles[permission]), 'admin']);
  return roles.filter((r) => chosen.has(r));
}

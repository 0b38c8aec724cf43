import { z } from 'zod';
import { permissions, roles } from '../../../shared/roles.js';

export const permissionParam = z.object({ permission: z.enum(permissions) });

export const permissionSchema = z.object({
  permission: z.enum(permissions),
  roles: z.array(z.enum(roles)).describe('the roles that have it now (admin always)'),
  defaultRoles: z.array(z.enum(roles)).describe('who has it when the organisation has not said'),
  isDefault: z.boolean(),
});

export const permissionsResponse = z.object({ items: z.array(permissionSchema) });

export const grantBody = z.object({
  roles: z.array(z.enum(roles)).max(roles.length).describe('the roles to have the permission; admin keeps it whether listed or not'),
});

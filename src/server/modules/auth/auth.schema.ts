import { z } from 'zod';
import { roles, sections } from '../../../shared/roles.js';

export const loginBody = z.object({
  username: z.string().min(1, { message: 'username is required' }).max(64),
  password: z.string().min(1, { message: 'password is required' }).max(200),
  org: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'org: expected the short name (slug) of an organisation' })
    .optional()
    .describe('only needed when the same username and password exist in several organisations (AUTH_ORG_REQUIRED)'),
});

export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  agentNo: z.string().nullable(),
  org: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  sections: z.array(z.enum(sections)).describe('the parts of the app this role uses, in menu order'),
  permissions: z.object({ export: z.boolean() }).describe('what the organisation grants this role besides its sections (bulk export)'),
});

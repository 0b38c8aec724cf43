import { z } from 'zod';
import { roles } from '../../../shared/roles.js';

export const roleSchema = z.enum(roles);

export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@-]{2,64}$/, { message: 'username: 2–64 letters, digits, or _ . @ -' });

export const passwordSchema = z.string().min(8, { message: 'password: at least 8 characters' }).max(200);

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  agentNo: z.string().nullable().describe('工号 — the agent number announced on calls'),
  active: z.boolean(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

export const createUserBody = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(100),
  role: roleSchema,
  agentNo: z.string().regex(/^[0-9A-Za-z-]{1,16}$/, { message: 'agentNo: 1–16 letters or digits' }).optional(),
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateUserInput = z.infer<typeof updateUserBody>;

/** Users of the organisation. */
export const userListSchema = z.object({ items: z.array(userSchema) });

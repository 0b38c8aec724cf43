import { z } from 'zod';

/** The hotline's own details (设置 → 热线信息): what scripts fill {city} and {hotline} with, and the name in the header. */
export const orgProfileSchema = z.object({
  slug: z.string(),
  name: z.string(),
  /** Null: the active pack's identity.city. */
  city: z.string().nullable(),
  /** Null: the active pack's identity.hotline. */
  hotline: z.string().nullable(),
});
export type OrgProfileDto = z.infer<typeof orgProfileSchema>;

const HOTLINE = /^\+?[0-9][0-9 -]*[0-9]$/;

/** A change of the profile; an empty city or number goes back to the pack's default. */
export const updateOrgProfileBody = z
  .strictObject({
    name: z.string().trim().min(1, 'name: must not be empty').max(100, 'name: at most 100 characters').optional(),
    city: z.string().trim().max(40, 'city: at most 40 characters').nullable().optional(),
    hotline: z
      .string()
      .trim()
      .max(20, 'hotline: at most 20 characters')
      .refine((v) => v === '' || HOTLINE.test(v), 'hotline: digits, spaces and dashes, e.g. 12345 or 400-800-1234')
      .nullable()
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: give name, city or hotline');
export type UpdateOrgProfileInput = z.infer<typeof updateOrgProfileBody>;

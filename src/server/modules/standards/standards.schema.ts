import { z } from 'zod';
import { packLimits } from '../../../shared/standards/validate.js';

export const sourceFileSchema = z.object({
  name: z.string().min(1).max(200).regex(/^[\w.-]+\.ya?ml$/, { message: 'name: expected a file name ending in .yaml or .yml' }),
  text: z.string().max(packLimits.maxChars),
});

export const saveVersionBody = z
  .object({
    files: z.array(sourceFileSchema).min(1).max(50).optional().describe('the pack as YAML files (as in a pack folder)'),
    pack: z.record(z.string(), z.unknown()).optional().describe('the pack as one object (what the editor in the UI sends)'),
    note: z.string().max(500).optional().describe('what changed, for the version list'),
    activate: z.boolean().optional().describe('make this version the active one'),
  })
  .refine((b) => Boolean(b.files) !== Boolean(b.pack), { message: 'send either "files" or "pack"' });

export const versionSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  note: z.string().nullable(),
  checksum: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  active: z.boolean(),
});

export const versionParam = z.object({
  version: z.union([z.literal('active'), z.coerce.number().int().min(1)], { message: 'version: expected a version number or "active"' }),
});

export const problemSchema = z.object({
  file: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  path: z.string(),
  message: z.string(),
});

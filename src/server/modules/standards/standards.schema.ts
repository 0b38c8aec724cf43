import { z } from 'zod';
import type { Pack } from '../../../shared/standards/schema.js';
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

/** Versions of the standard pack, newest first. */
export const versionListSchema = z.object({ items: z.array(versionSummarySchema) });

/**
 * One version with its content. The service parses the stored pack (readStoredPack: validated, defaults and moves
 * applied), so the content is declared as a Pack without a second check here.
 */
export const versionWithContentSchema = versionSummarySchema.extend({ content: z.custom<Pack>().describe('the standard pack (see docs/standard-pack.md)') });

/** The YAML files of a version. */
export const versionFilesSchema = z.object({ version: z.number(), files: z.array(sourceFileSchema) });

/** A version saved: the version, whether it equals the last one, and the validator’s warnings. */
export const saveResultSchema = z.object({ version: versionSummarySchema, unchanged: z.boolean(), warnings: z.array(z.string()) });

/** What changed between two versions. */
export const packChangeSchema = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  path: z.string().describe('where, e.g. scenarios[id=silent-call].steps[1].script'),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export const diffSchema = z.object({ from: z.number(), to: z.number(), changes: z.array(packChangeSchema) });

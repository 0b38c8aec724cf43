import { z } from 'zod';

/** 班组: a queue (skill group) code, as listed by GET /api/qa/teams. */
export const teamParam = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe('班组: a queue (skill group) code from GET /api/qa/teams; only calls of the agents who are members of that queue now. An unknown code is 400 QA_TEAM_UNKNOWN');

export const resultQuery = z.object({
  agent: z.string().max(32).optional().describe('工号'),
  team: teamParam,
  check: z.string().max(64).optional().describe('only calls that violate this check'),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  maxScore: z.coerce.number().int().min(0).max(100).optional(),
  fatal: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('calls started at or after'),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('calls started before'),
  q: z.string().max(100).optional().describe('call id or agent name contains'),
  review: z
    .enum(['appeals-pending', 'reviewed', 'unreviewed'])
    .optional()
    .describe('appeals-pending: an appeal waits for a decision; reviewed: every finding decided by a person; unreviewed: a finding waits for review'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ResultQuery = z.infer<typeof resultQuery>;

export const resultRow = z.object({
  id: z.string(),
  callId: z.string(),
  agentNo: z.string(),
  agentName: z.string().nullable(),
  startedAt: z.string(),
  score: z.number().nullable().describe('null while the check is still queued'),
  fatal: z.boolean().nullable(),
  checks: z.array(z.string()),
  checkedAt: z.string().nullable(),
  effectiveScore: z.number().nullable().describe('score from the findings still standing after review and appeal'),
  effectiveFatal: z.boolean().nullable(),
  reviewed: z.boolean().describe('every finding decided by a person'),
  pendingAppeals: z.number(),
});

export const submitResponse = z.object({
  accepted: z.number(),
  rejected: z.number(),
  items: z.array(
    z.object({
      index: z.number(),
      id: z.string().nullable(),
      status: z.enum(['accepted', 'invalid']),
      transcriptId: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

export const trendQuery = z.object({
  agent: z.string().max(32).optional().describe('工号'),
  team: teamParam,
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export const teamsResponse = z.object({
  items: z.array(z.object({ code: z.string().describe('the queue code the switch uses'), name: z.string() })).describe('queues (skill groups) of the organisation, by code; no members or other personal data'),
});

export const calibrationResponse = z.object({
  items: z
    .array(
      z.object({
        check: z.string().describe('a standard check id, a custom rule id or scenario.<id>'),
        findings: z.number().int().describe('machine findings of this check'),
        reviewed: z.number().int().describe('of them, decided by a person (confirmed or overturned; an appeal decision counts)'),
        overturned: z.number().int().describe('of them, overturned'),
        overturnRate: z.number().nullable().describe('overturned / reviewed, 0–1; null before any review'),
      }),
    )
    .describe('one row per check with machine findings, by check id'),
  inspectors: z
    .array(
      z.object({
        inspectorId: z.string(),
        name: z.string(),
        compared: z.number().int().describe('findings this person decided that someone else decided too'),
        agreed: z.number().int().describe('of them, where every other reviewer made the same decision'),
        agreementRate: z.number().nullable().describe('agreed / compared, 0–1; null before any finding was reviewed twice'),
      }),
    )
    .describe('per reviewer, agreement with the others on findings reviewed by more than one person (each person’s latest decision, from the audit log)'),
});

/** QA results, a page of them. */
export const resultListResponse = z.object({ items: z.array(resultRow), total: z.number() });

/** Average score per day and agent. */
export const trendResponse = z.object({ items: z.array(z.object({ day: z.string(), agentNo: z.string(), avgScore: z.number(), calls: z.number(), fatal: z.number() })) });

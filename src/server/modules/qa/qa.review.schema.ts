/** Schemas of the review and appeal of QA findings (复核与申诉). */
import { z } from 'zod';
import { eventSchema, segmentSchema, type Transcript } from '../../../shared/qa/transcript.js';

const note = z.string().max(2000);

export const transcriptParams = z.object({ id: z.uuid({ message: 'id: expected a QA transcript id' }) });
export const findingParams = transcriptParams.extend({ findingId: z.string().regex(/^\d{1,18}$/, 'findingId: expected a finding id (a number)') });
export const appealParams = z.object({ id: z.uuid({ message: 'id: expected an appeal id' }) });

export const reviewBody = z.object({
  decision: z.enum(['confirm', 'overturn']).describe('confirm: the finding stands; overturn: it does not count'),
  note: note.default('').describe('why; required to overturn'),
});

export const manualFindingBody = z.object({
  check: z.string().min(1).max(64).describe('a standard check id or a custom rule id of the pack the call was checked with'),
  segment: z.number().int().min(0).optional().describe('the utterance (index in segments) the finding is about'),
  at: z.number().min(0).optional().describe('ms since the answer, for a finding not about an utterance'),
  note: note.min(1, 'note: describe what was wrong'),
});

export const appealBody = z.object({ reason: note.min(1, 'reason: say why the finding is wrong') });

export const decisionBody = z.object({
  decision: z.enum(['accept', 'reject']).describe('accept: the appeal holds and the finding is overturned; reject: the finding stands'),
  note: note.min(1, 'note: give the reason for the decision'),
});

export const effectiveResponse = z.object({ score: z.number(), fatal: z.boolean(), reviewed: z.boolean() });

const appealOfFinding = z.object({
  id: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  reason: z.string(),
  appellant: z.string().nullable(),
  filedAt: z.string(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const scorecardFinding = z.object({
  id: z.string(),
  check: z.string(),
  segment: z.number().nullable(),
  at: z.number(),
  evidence: z.string(),
  source: z.enum(['machine', 'manual']),
  status: z.enum(['machine', 'confirmed', 'overturned']).describe('machine: not reviewed yet'),
  fatal: z.boolean().describe('this finding alone fails the call'),
  deduction: z.number().describe('points this finding takes off the effective score: its check’s weight on the first standing finding of that check, 0 on a repeat of a check and on an overturned finding (100 − their sum is the effective score unless the call fails or falls below 0)'),
  note: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reportedAt: z.string(),
  appealUntil: z.string().describe('the agent may appeal until then'),
  appeal: appealOfFinding.nullable(),
});

/**
 * The call's transcript on the scorecard: the QA transcript format (src/shared/qa/transcript.ts) as parsed, the
 * agent's id a string; the caller masked (null when it is not a number) and numbers in the sentences redacted for
 * those who may not see personal data.
 */
export const scorecardTranscript = z.object({
  id: z.string(),
  org: z.string().optional(),
  agent: z.object({ id: z.string(), name: z.string().optional() }),
  caller: z.string().nullable().optional(),
  startedAt: z.string(),
  ringMs: z.number().optional(),
  rings: z.number().int().optional(),
  events: z.array(eventSchema),
  segments: z.array(segmentSchema),
});
// The answer's transcript is the parsed format with the caller nullable: a field added to the format and not here fails the type-check.
type MaskedTranscript = Omit<Transcript, 'caller'> & { caller?: string | null | undefined };
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type _ScorecardTranscriptIsTheFormat = Expect<SameShape<z.output<typeof scorecardTranscript>, MaskedTranscript>>;
type Expect<T extends true> = T;

export const scorecardResponse = z.object({
  id: z.string(),
  callId: z.string(),
  agentNo: z.string(),
  agentName: z.string().nullable(),
  startedAt: z.string(),
  transcript: scorecardTranscript,
  result: z
    .object({
      score: z.number().describe('the machine score'),
      fatal: z.boolean(),
      effectiveScore: z.number(),
      effectiveFatal: z.boolean(),
      reviewed: z.boolean(),
      checks: z.array(z.string()),
      checkedAt: z.string(),
    })
    .nullable(),
  findings: z.array(scorecardFinding),
});

export const appealQuery = z.object({
  status: z.enum(['pending', 'accepted', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const appealRow = z.object({
  id: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  reason: z.string(),
  filedAt: z.string(),
  appellant: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  transcriptId: z.string(),
  callId: z.string(),
  agentNo: z.string(),
  agentName: z.string().nullable(),
  findingId: z.string(),
  check: z.string(),
  at: z.number(),
  evidence: z.string(),
});

/** A finding added by hand, and the result it changes. */
export const manualFindingResponse = effectiveResponse.extend({ findingId: z.string() });

/** An appeal (申诉) filed. */
export const appealResponse = z.object({ id: z.string(), status: z.enum(['pending', 'accepted', 'rejected']) });

/** An appeal decided, and the result it changes. */
export const decisionResponse = z.object({ id: z.string(), status: z.enum(['accepted', 'rejected']), effective: effectiveResponse });

/** Appeals, a page of them. */
export const appealListResponse = z.object({ items: z.array(appealRow), total: z.number() });

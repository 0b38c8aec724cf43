import { z } from 'zod';
import { agentStates } from '../../../shared/cti/events.js';

export const callSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  direction: z.enum(['in', 'out']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  queue: z.string().nullable(),
  agentNo: z.string().nullable(),
  agentName: z.string().nullable(),
  status: z.enum(['ringing', 'answered', 'ended']),
  ringingAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedBy: z.enum(['customer', 'agent', 'system']).nullable(),
  cause: z.string().nullable(),
  rings: z.number().nullable(),
  waitMs: z.number().nullable(),
  talkMs: z.number().nullable(),
  holdMs: z.number(),
  holdCount: z.number(),
  wrapUpMs: z.number().nullable(),
  abandoned: z.boolean(),
  night: z.boolean(),
  recordingUrl: z.string().nullable(),
  segments: z.number(),
  holds: z.array(z.object({ start: z.string(), end: z.string().nullable() })),
  transfers: z.array(z.object({ at: z.string(), target: z.string(), agentNo: z.string().nullable() })),
  qaTranscriptId: z.string().nullable(),
  qaScore: z.number().nullable(),
  qaFatal: z.boolean().nullable(),
});
export type CallDto = z.infer<typeof callSchema>;

export const callDetailSchema = callSchema.extend({
  timeline: z.array(z.object({ type: z.string(), at: z.string(), seq: z.number().optional(), target: z.string().optional(), agentNo: z.string().optional(), endedBy: z.string().optional() })),
  transcript: z.array(z.object({ speaker: z.enum(['agent', 'customer']), start: z.number(), end: z.number(), text: z.string() })),
});

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const callListQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('ringing at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('ringing before'),
  status: z.enum(['ringing', 'answered', 'ended']).optional(),
  outcome: z.enum(['answered', 'abandoned']).optional(),
  agentNo: z.string().trim().min(1).max(32).optional(),
  queue: z.string().trim().min(1).max(100).optional(),
  caller: z.string().trim().min(1).max(40).optional().describe('part of the caller number'),
  night: bool.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CallListQuery = z.infer<typeof callListQuery>;

export const callListSchema = z.object({ total: z.number(), items: z.array(callSchema) });
export const idParam = z.object({ id: z.uuid({ message: 'must be a call id (uuid)' }) });
export const queueIdParam = z.object({ id: z.uuid({ message: 'must be a queue id (uuid)' }) });
export const callbackIdParam = z.object({ id: z.uuid({ message: 'must be a callback task id (uuid)' }) });

export const screenPopSchema = z.object({
  call: callSchema,
  previousCalls: z.array(z.object({ id: z.string(), ringingAt: z.string().nullable(), agentNo: z.string().nullable(), abandoned: z.boolean(), status: z.string(), queue: z.string().nullable(), talkMs: z.number().nullable() })),
  tickets: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      title: z.string(),
      status: z.string(),
      category: z.string(),
      priority: z.string(),
      createdAt: z.string(),
      open: z.boolean(),
      satisfaction: z.string().nullable(),
      nextDue: z.object({ kind: z.string(), dueAt: z.string(), warnAt: z.string().nullable(), status: z.string() }).nullable(),
    }),
  ),
  satisfaction: z.array(z.object({ ticketId: z.string(), number: z.string(), satisfaction: z.string(), at: z.string() })),
});

export const agentStateSchema = z.object({
  agentNo: z.string(),
  state: z.enum(agentStates),
  reason: z.string().nullable(),
  since: z.string().nullable(),
  callId: z.string().nullable(),
});
export const setStateBody = z.object({
  state: z.enum(['available', 'busy', 'break', 'wrap_up', 'training', 'offline']),
  reason: z.string().trim().min(1).max(60).optional().describe('for break (小休) and busy (示忙): meal, rest, meeting, training, …'),
});
export const boardSchema = z.object({
  agents: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      agentNo: z.string(),
      role: z.string(),
      state: z.enum(agentStates),
      reason: z.string().nullable(),
      since: z.string().nullable(),
      callId: z.string().nullable(),
      queues: z.array(z.string()),
    }),
  ),
  counts: z.record(z.string(), z.number()),
});
export const agentNoParam = z.object({ agentNo: z.string().trim().min(1).max(32) });
export const stateLogSchema = z.array(
  z.object({ state: z.string(), reason: z.string().nullable(), source: z.string(), callId: z.string().nullable(), startedAt: z.string(), endedAt: z.string().nullable(), durationMs: z.number().nullable() }),
);

export const queueSchema = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(['day', 'night', 'expert']), members: z.array(z.string()) });
export const createQueueBody = z.object({
  code: z.string().trim().min(1).max(100).describe('the name the switch uses for the queue'),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['day', 'night', 'expert']).default('day'),
  members: z.array(z.uuid()).max(1000).optional(),
});
export const membersBody = z.object({ members: z.array(z.uuid()).max(1000) });

export const callbackSchema = z.object({
  id: z.string(),
  caller: z.string().nullable(),
  callIds: z.array(z.string()),
  reason: z.enum(['abandoned', 'night', 'unanswered', 'correction', 'promised']),
  /** What to tell the caller: the corrected answer (correction) or what was promised (promised). */
  detail: z.string().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  attempts: z.number(),
  dueAt: z.string(),
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  /** When the task was recorded (by the missed-call check, which may run long after a late CTI event). */
  createdAt: z.string(),
  /** When the first of its missed calls rang: what the callback list shows and the reports count the task under. */
  firstCallAt: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export const callbackListQuery = z.object({ status: z.enum(['open', 'done', 'cancelled']).default('open'), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const callbackAttemptBody = z.object({
  outcome: z.enum(['reached', 'no_answer', 'wrong_number', 'not_needed']),
  note: z.string().trim().max(2000).optional(),
});

/** 差错更正: the right answer, for whoever calls back (what was wrong and what is right). */
export const correctionBody = z.strictObject({
  correction: z.string().trim().min(1, 'correction: say what the right answer is').max(2000, 'correction: at most 2000 characters'),
});

/** A wrong answer marked (纠错): the correction callback task, and whether this call opened it. */
export const correctionResultSchema = z.object({ taskId: z.string(), dueAt: z.string(), created: z.boolean() });

/** Queues (skill groups) and their members. */
export const queueListSchema = queueSchema.array();

/** Callback tasks (回拨). */
export const callbackListSchema = callbackSchema.array();

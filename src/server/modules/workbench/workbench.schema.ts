import { z } from 'zod';
import { agentStateSchema, callSchema } from '../calls/calls.schema.js';
import { createTicketBody, ticketDetailSchema } from '../tickets/tickets.schema.js';

export const callIdParam = z.object({ id: z.uuid({ message: 'must be a call id (uuid)' }) });

export const manualCallBody = z.object({
  from: z
    .string()
    .trim()
    .min(3, 'from: at least 3 characters')
    .max(40, 'from: at most 40 characters')
    .regex(/^\+?[0-9][0-9 -]*$/, { message: 'from: digits, spaces and dashes (an optional + first)' })
    .describe("the customer's number; for an outbound call it becomes the call's `to` and `from` is the hotline"),
  direction: z.enum(['in', 'out']).default('in').describe('in: the customer called (来电); out: the agent called the customer (去电)'),
  queue: z.string().trim().min(1).max(100).optional(),
});
export type ManualCallInput = z.infer<typeof manualCallBody>;
export const manualCallCreated = z.object({ callId: z.uuid() });

export const callEventBody = z.object({
  type: z.enum(['hold', 'resume', 'end']).describe('hold (保持), resume (取回) or end (挂机)'),
  endedBy: z.enum(['customer', 'agent']).optional().describe("end: who hung up (default customer); ignored otherwise"),
});
export type CallEventInput = z.infer<typeof callEventBody>;
export const callResult = z.object({ call: callSchema });

export const wrapUpOutcomes = ['ticket', 'resolved', 'no_ticket'] as const;

export const wrapUpBody = z
  .object({
    outcome: z.enum(wrapUpOutcomes).describe('ticket: a ticket goes on (派单 …); resolved: solved on the call (直接办结); no_ticket: nothing to record (咨询已答复, 骚扰, 无声)'),
    ticket: createTicketBody.omit({ callIds: true }).optional().describe('the ticket (as POST /api/tickets, linked to this call); required for ticket and resolved'),
    closeAs: z.enum(['callback', 'archive']).optional().describe('resolved: the workflow’s 直接办结 action that waits for the callback (回访, the default; built-in close_on_call) or the one that closes at once (免回访; built-in close_on_call_archive)'),
    scenarioId: z.string().trim().min(1).max(100).optional().describe('a scenario of the active standard pack'),
    customerTypeId: z.string().trim().min(1).max(100).optional().describe('a customer type of the active standard pack'),
    summary: z.string().trim().min(1, 'summary: write what the call was about').max(2000),
    recap: z.array(z.string().trim().min(1).max(200)).max(20).default([]).describe('the recap checklist items ticked (复述确认)'),
    ready: z.boolean().default(true).describe('back to available (示闲) afterwards unless on a call'),
    followUpPromised: z
      .boolean()
      .default(false)
      .describe('a night call (夜间模式) that ended with a call-back promised for the day: a callback task (reason promised) is opened when the pack\'s nightMode creates them'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome !== 'no_ticket' && !v.ticket) ctx.addIssue({ code: 'custom', path: ['ticket'], message: `ticket: required when the outcome is ${v.outcome}` });
    if (v.outcome === 'no_ticket' && v.ticket) ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'ticket: the outcome no_ticket takes no ticket' });
    if (v.closeAs && v.outcome !== 'resolved') ctx.addIssue({ code: 'custom', path: ['closeAs'], message: 'closeAs: only for the outcome resolved' });
  });
export type WrapUpInput = z.infer<typeof wrapUpBody>;

export const wrapUpSchema = z.object({
  callId: z.string(),
  outcome: z.enum(wrapUpOutcomes),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  scenarioId: z.string().nullable(),
  customerTypeId: z.string().nullable(),
  summary: z.string(),
  recap: z.array(z.string()),
  createdAt: z.string(),
  agentNo: z.string(),
});
export type WrapUpDto = z.infer<typeof wrapUpSchema>;

export const wrapUpResult = z.object({
  wrapUp: wrapUpSchema,
  ticket: ticketDetailSchema.nullable(),
  state: agentStateSchema,
  /** The callback task a night call's promise opened (or joined), with its due. */
  followUp: z.object({ taskId: z.string(), dueAt: z.string() }).nullable(),
});
export const currentSchema = z.object({ call: callSchema.nullable(), wrapUp: wrapUpSchema.nullable(), state: agentStateSchema });

export const reportKinds = ['abusive', 'harassment', 'threat', 'other'] as const;
export const reportBody = z.object({
  kind: z.enum(reportKinds).describe('abusive (辱骂), harassment (骚扰), threat (威胁), other'),
  note: z.string().trim().max(500).optional(),
});
export type ReportInput = z.infer<typeof reportBody>;
export const reportResult = z.object({ reportedTo: z.number().describe('how many team leads and managers were notified') });

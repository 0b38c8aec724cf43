import { z } from 'zod';
import { callerTextKinds, callerTextSkipReasons, callerTextStatuses } from '../../../shared/tickets/caller-texts.js';

/** One text to the caller (给来电人的短信) and what became of it. */
export const callerTextSchema = z.object({
  id: z.string(),
  kind: z.enum(callerTextKinds).describe('acceptance (受理), progress (进展), reply (办结)'),
  to: z.string().describe('the mobile number, masked for roles that do not see personal data'),
  text: z.string(),
  status: z.enum(callerTextStatuses),
  skipReason: z.enum(callerTextSkipReasons).nullable().describe('skipped: the caller declined texts, the number is not a mobile one, or no SMS gateway is configured'),
  attempts: z.number().int(),
  lastError: z.string().nullable().describe('the gateway’s last answer when a try failed'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type CallerTextDto = z.infer<typeof callerTextSchema>;

export const callerTextsSchema = z.object({
  /** The caller declined texts about this ticket (set at intake, changed with PATCH /api/tickets/:id textsOptOut). */
  optOut: z.boolean(),
  /** The caller's number is on the hotline's list of numbers that declined texts (退订). */
  numberOptedOut: z.boolean(),
  /** The ticket's number can receive texts (a mainland mobile number). */
  mobile: z.boolean(),
  items: z.array(callerTextSchema),
});
export type CallerTextsDto = z.infer<typeof callerTextsSchema>;

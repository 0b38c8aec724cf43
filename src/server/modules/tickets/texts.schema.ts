import { z } from 'zod';
import { callerTextKinds, callerTextSkipReasons, callerTextStatuses } from '../../../shared/tickets/caller-texts.js';

/** One text to the caller (给来电人的短信) and what became of it. */
export const callerTextSchema = z.object({
  id: z.string(),
  kind: z.enum(callerTextKinds).describe('acceptance (受理), progress (进展), reply (办结)'),
  to: z.string().describe('the mobile number, masked for roles that do not see personal data'),
  text: z.string(),
  status: z.enum(callerTextStatuses),
  skipReason: z.enum(callerTextSkipReasons).nullable().describe('skipped: the caller declined texts, the number is not a mobile one, no SMS gateway is configured, or a progress text fell in the pack\'s quiet hours'),
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

/** A mainland mobile number as people type it (spaces, dashes, +86); stored as its 11 digits. */
const mobileInput = z
  .string()
  .trim()
  .max(30, 'phone: at most 30 characters')
  .regex(/^(?:\+86|0086)?[\s-]*1[3-9](?:[\s-]*\d){9}$/, 'phone: a mainland mobile number, e.g. 13812345678');

export const optOutBody = z.strictObject({ phone: mobileInput });
export const optOutParam = z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/, 'phone: the 11 digits of a mobile number') });
export const optOutSources = ['staff', 'reply'] as const;

/** 退订: a number that declined the hotline's texts — entered by staff, or the caller replied TD. */
export const optOutSchema = z.object({ phone: z.string(), source: z.enum(optOutSources), createdAt: z.string() });
export type OptOutDto = z.infer<typeof optOutSchema>;
export const optOutListSchema = z.object({ items: z.array(optOutSchema) });

/** A text a caller sent back, as the SMS gateway posts it. */
export const inboundTextBody = z.object({
  from: z.string().trim().min(1).max(40).describe('the sender’s number'),
  text: z.string().max(1000).describe('what they wrote; TD, T, N, 退订 or 取消 (alone) declines the hotline’s texts'),
});
export const inboundParams = z.object({ org: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'org: the organisation’s slug') });
export const inboundResultSchema = z.object({ optedOut: z.boolean().describe('the sender is now on the list of numbers that declined texts') });

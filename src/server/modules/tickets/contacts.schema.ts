import { z } from 'zod';
import { contactChannels, firstContactMetBy, firstContactVerdicts } from '../../../shared/tickets/first-contact.js';

/** 登记联系: a contact with the caller — a call-back, a text, a visit — and whether it reached them. */
export const logContactBody = z.strictObject({
  channel: z.enum(contactChannels, { message: 'channel: one of phone, sms, visit' }),
  /** Whether the caller was reached (an unanswered call-back is logged too, but meets nothing). */
  reached: z.boolean(),
  note: z.string().trim().max(500, 'note: at most 500 characters').optional(),
});
export type LogContactInput = z.infer<typeof logContactBody>;

export const contactSchema = z.object({
  id: z.string(),
  channel: z.enum(contactChannels),
  reached: z.boolean(),
  note: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type ContactDto = z.infer<typeof contactSchema>;

export const contactsSchema = z.object({
  items: z.array(contactSchema),
  /**
   * The ticket's first-contact limit: running, met, breached (met late when metAt is set), or null
   * without one; `metBy` and `verdict` say how it was met (by the call itself, with no contact
   * logged, for a 0m limit) as the 联系记录 card shows it (shared/tickets/first-contact.ts).
   */
  firstContact: z
    .object({
      status: z.string(),
      dueAt: z.string(),
      metAt: z.string().nullable(),
      onTime: z.boolean().nullable(),
      metBy: z.enum(firstContactMetBy).nullable(),
      verdict: z.enum(firstContactVerdicts),
    })
    .nullable(),
});
export type ContactsDto = z.infer<typeof contactsSchema>;

/**
 * First contact (首次联系) for tickets taken on the phone or at the counter.
 *
 * A limit of `0m` (立即) is met by the call itself: the caller is on the line as the ticket is
 * taken (the 12345 packs). A longer limit is a promise to contact the caller after the call —
 * seed 003's 2 hours (simple complaints) / 24 hours (complex ones), 95598's "contact within 1
 * working day" for complaints — and runs until a contact that reached the caller is logged on
 * the ticket, or the matter is resolved on the call.
 */
import { parseDuration } from '../calendar/index.js';

export function firstContactOnTheCall(limit: string | undefined): boolean {
  if (limit === undefined) return true;
  return parseDuration(limit).amount === 0;
}

/** Ways a contact with the caller is made (登记联系). */
export const contactChannels = ['phone', 'sms', 'visit'] as const;
export type ContactChannel = (typeof contactChannels)[number];

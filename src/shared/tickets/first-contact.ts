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

/**
 * How the first-contact limit was met: by the call that took the ticket (`call`: a 0m limit, or
 * the matter resolved on the call), at the counter (`counter`: the caller was there), by a
 * contact logged on the ticket that reached the caller (`contact`), or by the handling of a
 * ticket that did not come in by phone (`action`).
 */
export const firstContactMetBy = ['call', 'counter', 'contact', 'action'] as const;
export type FirstContactMetBy = (typeof firstContactMetBy)[number];
/** What the 联系记录 card says: 来电时已联系 / 窗口受理时已联系 / 按时联系 / 超时后才联系 / 已超时未联系 / 待联系. */
export const firstContactVerdicts = ['onCall', 'atCounter', 'met', 'late', 'missed', 'open'] as const;
export type FirstContactVerdict = (typeof firstContactVerdicts)[number];

export interface FirstContactState {
  onTime: boolean | null;
  metBy: FirstContactMetBy | null;
  verdict: FirstContactVerdict;
}

const ms = (d: Date | string) => new Date(d).getTime();

/**
 * The first-contact limit as a person reads it, from its timer, the ticket's channel and the
 * contacts logged on it. A limit met without any logged contact was met by the call (or the
 * counter, or the handling): the card must say so rather than that nobody has contacted the caller.
 */
export function firstContactState(
  timer: { status: string; dueAt: Date | string; metAt: Date | string | null },
  channel: string,
  contacts: ReadonlyArray<{ reached: boolean; at: Date | string }>,
): FirstContactState {
  const onTime = timer.metAt !== null ? ms(timer.metAt) <= ms(timer.dueAt) : timer.status === 'breached' ? false : null;
  let metBy: FirstContactMetBy | null = null;
  if (timer.metAt !== null) {
    const met = ms(timer.metAt);
    if (contacts.some((c) => c.reached && ms(c.at) <= met)) metBy = 'contact';
    else metBy = channel === 'phone' ? 'call' : channel === 'visit' ? 'counter' : 'action';
  }
  let verdict: FirstContactVerdict;
  if (onTime === true) verdict = metBy === 'call' ? 'onCall' : metBy === 'counter' ? 'atCounter' : 'met';
  else if (onTime === false) verdict = timer.metAt !== null ? 'late' : 'missed';
  else verdict = 'open';
  return { onTime, metBy, verdict };
}

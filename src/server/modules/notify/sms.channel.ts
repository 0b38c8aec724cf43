/**
 * SMS channel: the message's sentence to the configured numbers (the duty lead's mobile, a team phone) through an
 * SMS gateway. Gateways differ per operator and vendor, so they sit behind `SmsGateway`: `httpSmsGateway` posts
 * `{ to, text }` (and the text's `id` where it has one) as JSON with a bearer token (put a small adapter in front of a vendor's own API), and
 * `logSmsGateway` writes a log line instead of sending — what development and the demo use.
 */
import type { Logger } from 'pino';
import { SMS_MAX_CHARS } from '../../../shared/tickets/caller-texts.js';
import type { NotificationChannel } from './notify.channel.js';

export interface SmsGateway {
  readonly kind: string;
  /** `id`, when given, is the same on every retry of one text, so a gateway (or its adapter) can drop repeats. */
  send(to: readonly string[], text: string, log: Logger, id?: string): Promise<void>;
}

/** Development sink: one pino line per text, nothing leaves the machine. */
export const logSmsGateway: SmsGateway = {
  kind: 'log',
  async send(to, text, log, id) {
    log.info({ sms: { to, text, ...(id && { id }) } }, 'sms (log sink, not sent)');
  },
};

export function httpSmsGateway(opts: { url: string; token: string | null; timeoutMs?: number }): SmsGateway {
  return {
    kind: 'http',
    async send(to, text, _log, id) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify({ to, text, ...(id && { id }) }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new Error(`SMS gateway ${opts.url} unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`SMS gateway ${opts.url} answered ${res.status}`);
    },
  };
}

/** Texts are cut to what two concatenated SMS segments hold (2 × 67 Chinese characters); the packs' caller texts are checked against the same. */
export { SMS_MAX_CHARS };

export function smsChannel(gateway: SmsGateway, to: readonly string[]): NotificationChannel {
  return {
    name: 'sms',
    async send(message, { log }) {
      const chars = [...message.text];
      const text = chars.length > SMS_MAX_CHARS ? `${chars.slice(0, SMS_MAX_CHARS - 1).join('')}…` : message.text;
      await gateway.send(to, text, log);
    },
  };
}

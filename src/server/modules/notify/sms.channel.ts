/**
 * SMS channel: the message's sentence to the configured numbers (the duty lead's mobile, a team phone) through an
 * SMS gateway. Gateways differ per operator and vendor, so they sit behind `SmsGateway`: `httpSmsGateway` posts
 * `{ to, text }` as JSON with a bearer token (put a small adapter in front of a vendor's own API), and
 * `logSmsGateway` writes a log line instead of sending — what development and the demo use.
 */
import type { Logger } from 'pino';
import type { NotificationChannel } from './notify.channel.js';

export interface SmsGateway {
  readonly kind: string;
  send(to: readonly string[], text: string, log: Logger): Promise<void>;
}

/** Development sink: one pino line per text, nothing leaves the machine. */
export const logSmsGateway: SmsGateway = {
  kind: 'log',
  async send(to, text, log) {
    log.info({ sms: { to, text } }, 'sms (log sink, not sent)');
  },
};

export function httpSmsGateway(opts: { url: string; token: string | null; timeoutMs?: number }): SmsGateway {
  return {
    kind: 'http',
    async send(to, text) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify({ to, text }),
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

/** Texts are cut to what two concatenated SMS segments hold (2 × 67 Chinese characters). */
export const SMS_MAX_CHARS = 134;

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

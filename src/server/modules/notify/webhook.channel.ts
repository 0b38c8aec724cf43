/**
 * Webhook channel: POSTs the message as JSON to a configured URL, signed with HMAC-SHA256 so the receiver
 * knows it comes from this rexian and was not changed on the way:
 *
 *   X-Rexian-Signature: t=1759204800,v1=<hex HMAC-SHA256 of "<t>.<body>" with REXIAN_WEBHOOK_SECRET>
 *
 * The timestamp inside the signed text lets a receiver refuse old deliveries replayed later. Anything but a 2xx
 * answer (or no answer within the timeout) is a failure: the job retries with backoff.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotificationChannel } from './notify.channel.js';

export const SIGNATURE_HEADER = 'x-rexian-signature';

export function signBody(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the tests): true when `header` is a valid signature of `body` not older than `toleranceS`. */
export function verifySignature(secret: string, header: string | null | undefined, body: string, nowMs: number, toleranceS = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(signBody(secret, t, body).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(m[2] ?? '', 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function webhookChannel(opts: { url: string; secret: string; timeoutMs?: number }): NotificationChannel {
  return {
    name: 'webhook',
    async send(message, { now }) {
      const body = JSON.stringify(message);
      const timestamp = Math.floor(now().getTime() / 1000);
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'rexian-webhook/1',
            'x-rexian-event': message.kind,
            'x-rexian-delivery': message.id,
            [SIGNATURE_HEADER]: signBody(opts.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new Error(`webhook ${opts.url} unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      // The body is not used, but reading it lets the connection be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`webhook ${opts.url} answered ${res.status}`);
    },
  };
}

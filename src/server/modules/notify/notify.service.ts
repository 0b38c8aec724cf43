/**
 * Outbound notifications: a stored notification (SLA warning, breach) goes out through every configured channel.
 * `queueOutbound` enqueues a `notify.fanout` job in the transaction that stores the notification; the fan-out
 * enqueues one `notify.deliver` job per channel, so each channel is retried on its own (a webhook that is down
 * does not hold back the SMS) and a delivery that succeeded is never repeated by another channel's retry.
 * Jobs have dedupe keys per notification (and channel): one delivery job each, whichever worker runs them.
 */
import { z } from 'zod';
import { DEFAULT_TIME_ZONE } from '../../../shared/calendar/index.js';
import { loadConfig, type NotifyConfig } from '../../config.js';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, type JobDefinition } from '../../jobs/runner.js';
import { describeNotification, type NotificationChannel, type OutboundMessage } from './notify.channel.js';
import { findOutbound } from './notify.repo.js';
import { httpSmsGateway, logSmsGateway, smsChannel, type SmsGateway } from './sms.channel.js';
import { webhookChannel } from './webhook.channel.js';

/** The SMS gateway the configuration names (REXIAN_SMS_GATEWAY*), or null when texts are off. Staff notices and texts to callers share it. */
export function smsGatewayFromConfig(cfg: NotifyConfig): SmsGateway | null {
  if (cfg.sms.gateway === 'log') return logSmsGateway;
  if (cfg.sms.gateway === 'http' && cfg.sms.url) return httpSmsGateway({ url: cfg.sms.url, token: cfg.sms.token });
  return null;
}

/** The channels the configuration asks for (README: REXIAN_WEBHOOK_*, REXIAN_SMS_*). */
export function channelsFromConfig(cfg: NotifyConfig): NotificationChannel[] {
  const out: NotificationChannel[] = [];
  if (cfg.webhook) out.push(webhookChannel(cfg.webhook));
  // staff texts need numbers to go to over a real gateway; the log sink shows them anyway
  const sms = smsGatewayFromConfig(cfg);
  if (sms && (cfg.sms.gateway === 'log' || cfg.sms.to.length > 0)) out.push(smsChannel(sms, cfg.sms.to));
  return out;
}

let configuredSms: { gateway: SmsGateway | null } | undefined;
/** This process's SMS gateway, read once from its environment (the server validated it at start). */
export const configuredSmsGateway = (): SmsGateway | null => (configuredSms ??= { gateway: smsGatewayFromConfig(loadConfig(process.env).notify) }).gateway;

export async function outboundMessage(db: Db, notificationId: string): Promise<OutboundMessage | null> {
  const n = await findOutbound(db, notificationId);
  if (!n) return null;
  const payload = n.payload;
  return {
    id: String(n.id),
    kind: n.kind,
    org: { id: n.org_id, slug: n.org_slug, name: n.org_name },
    createdAt: new Date(n.created_at).toISOString(),
    payload,
    text: describeNotification(n.kind, payload, n.timezone ?? DEFAULT_TIME_ZONE),
  };
}

const deliverDelayMs = (attempt: number) => Math.min(15_000 * 2 ** (attempt - 1), 3_600_000);
export const DELIVER_MAX_ATTEMPTS = 8;

/** The fan-out and delivery jobs over the channels `resolve` gives: the configured ones in a server, the tests' own in tests. */
export function createOutboundJobs(resolve: () => NotificationChannel[]) {
  const deliver = defineJob({
    name: 'notify.deliver',
    payload: z.object({ notificationId: z.string(), channel: z.string() }),
    retryDelayMs: deliverDelayMs,
    handler: async ({ notificationId, channel }, { db, log, now }) => {
      const ch = resolve().find((c) => c.name === channel);
      if (!ch) return void log.warn({ notificationId, channel }, 'notification channel is no longer configured; delivery dropped');
      const message = await outboundMessage(db, notificationId);
      if (!message) return;
      await ch.send(message, { log, now });
      log.info({ notificationId, channel, kind: message.kind }, 'notification delivered');
    },
  });
  const fanout = defineJob({
    name: 'notify.fanout',
    payload: z.object({ notificationId: z.string() }),
    handler: async ({ notificationId }, { db, orgId, now }) => {
      for (const ch of resolve())
        await enqueue(db, deliver, { notificationId, channel: ch.name }, { orgId, runAt: now(), dedupeKey: `notify.deliver:${notificationId}:${ch.name}`, maxAttempts: DELIVER_MAX_ATTEMPTS });
    },
  });
  return { fanout, deliver };
}

let configured: NotificationChannel[] | undefined;
/** The channels of this process's environment, read once (the server validated it at start). */
const configuredChannels = () => (configured ??= channelsFromConfig(loadConfig(process.env).notify));

export const outboundJobs = createOutboundJobs(configuredChannels);
export const notifyJobs: JobDefinition[] = [outboundJobs.fanout as unknown as JobDefinition, outboundJobs.deliver as unknown as JobDefinition];

/** Sends a stored notification out through the configured channels; call it in the transaction that stores it. */
export async function queueOutbound(tx: Db, n: { id: string; orgId: string }, now: Date): Promise<void> {
  await enqueue(tx, outboundJobs.fanout, { notificationId: String(n.id) }, { orgId: n.orgId, runAt: now, dedupeKey: `notify.fanout:${n.id}` });
}

/**
 * Outbound notification channels: where a notification goes besides the in-app list (webhook, SMS). A channel
 * gets a message that is already worded and addressed; it delivers it or throws, and the `notify.deliver` job
 * retries it with backoff (src/server/modules/notify/notify.service.ts).
 */
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * notifications.payload (JSONB): what a notice is about (ticket, number, department, reason …), by key. Written with
 * this schema by the modules that notify, and parsed with it where the notifications are read (db/jsonb.ts).
 */
export const notificationPayloadColumn = z.record(z.string(), z.unknown());
export type NotificationPayload = z.infer<typeof notificationPayloadColumn>;

/** What goes out: the stored notification, plus a sentence for people (SMS text, chat bots). */
export interface OutboundMessage {
  /** The notification's id (notifications.id); receivers use it to drop repeats of a retried delivery. */
  id: string;
  kind: string;
  org: { id: string; slug: string; name: string };
  createdAt: string;
  payload: NotificationPayload;
  text: string;
}

export interface ChannelEnv {
  log: Logger;
  now: () => Date;
}

export interface NotificationChannel {
  /** Stable name: part of job keys and log lines (`webhook`, `sms`). */
  readonly name: string;
  /** Delivers the message or throws (the job retries). */
  send(message: OutboundMessage, env: ChannelEnv): Promise<void>;
}

const timerNames: Record<string, string> = {
  first_contact: '首次联系',
  dispatch: '派单',
  department_sign_in: '签收',
  reply: '答复',
  resolution: '办结',
  callback: '回访',
  arrival: '到达现场',
};

/** Kinds of reported calls (workbench 骚扰/辱骂来电上报). */
const reportKinds: Record<string, string> = { abusive: '辱骂', harassment: '骚扰', threat: '威胁', other: '异常' };

/** `2025-09-30 12:00` in the organisation's time zone. */
export function localTime(iso: unknown, timeZone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The sentence for people, in Chinese (what an SMS says). */
export function describeNotification(kind: string, payload: Record<string, unknown>, timeZone: string): string {
  const number = typeof payload.number === 'string' ? payload.number : '';
  const title = typeof payload.title === 'string' ? payload.title : '';
  const limit = timerNames[String(payload.kind)] ?? String(payload.kind ?? '');
  const due = localTime(payload.dueAt, timeZone);
  switch (kind) {
    case 'ticket.sla_warning':
      return `工单 ${number}「${title}」${limit}时限即将到期（${due}），请尽快处理。`;
    case 'ticket.sla_breached':
      return `工单 ${number}「${title}」${limit}时限已超时（应于 ${due} 前完成），已转督办。`;
    case 'call.reported':
      return `${String(payload.agentNo ?? '')}号坐席上报${reportKinds[String(payload.kind)] ?? '异常'}来电（${String(payload.caller ?? '未知号码')}，${localTime(payload.at, timeZone)}）${payload.note ? `：${String(payload.note)}` : ''}，请班长跟进。`;
    default:
      return `工单 ${number}「${title}」：${kind}`;
  }
}

/**
 * 给来电人的短信: texts to the caller about their ticket, worded by the active pack's `callerTexts` — when it is
 * taken (受理), every `updateEvery` while an urgent matter is open (进展, with the staff reminders of
 * reminders.service.ts), and when it is resolved (办结: the action that meets the resolution limit).
 *
 * A text is a `caller_texts` row written in the transaction of the ticket change that causes it, with a
 * `ticket.text` job (dedupe key per text). The job sends it through the SMS gateway to the ticket's caller
 * (REXIAN_SMS_GATEWAY*; REXIAN_SMS_TO is for staff) and marks it sent; a gateway failure is retried with backoff
 * and marked failed after CALLER_TEXT_MAX_ATTEMPTS. Only the worker holding the job runs it (jobs/runner.ts), and
 * the row changes only while it is `queued`, so a text is sent once; the gateway gets the text's id on every try
 * to drop a repeat after a crash between sending and marking. A caller who declined texts (the ticket's flag, or
 * the hotline's list of numbers, 退订) gets nothing: the text is recorded as skipped, checked again at sending.
 * A progress text that falls in the pack's quiet hours (`callerTexts.quietHours`, 免打扰时段, in the organisation's
 * time zone) is recorded as skipped (`quiet_hours`), when written and again when a retry would send it: skipped
 * rather than held until morning, because a period of 30 minutes would pile a night's texts up at 08:00, each saying
 * only that the matter is still being handled, while the first period after the quiet hours texts the caller anyway.
 */
import { z } from 'zod';
import { packIdentity } from '../../../shared/standards/identity.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { inQuietHours, mobileNumber, renderCallerText, type CallerTextKind, type CallerTextSkipReason } from '../../../shared/tickets/caller-texts.js';
import { rolesSeeingPersonalData } from '../../../shared/roles.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { CallerText, Ticket } from '../../db/schema.js';
import { defineJob, enqueue } from '../../jobs/runner.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { localTime } from '../notify/notify.channel.js';
import { configuredSmsGateway } from '../notify/notify.service.js';
import type { SmsGateway } from '../notify/sms.channel.js';
import { orgProfileOf, requireOrg } from '../orgs/orgs.service.js';
import { activePackCached } from '../standards/active-pack.js';
import * as slaRepo from './sla.repo.js';
import { orgCalendar } from './sla.service.js';
import * as repo from './texts.repo.js';
import type { CallerTextDto, CallerTextsDto, OptOutDto } from './texts.schema.js';
import { viewerOf, visibleTicket } from './tickets.service.js';

/** Tries per text before it is marked failed (15 s, 30 s, 1 min … between them). */
export const CALLER_TEXT_MAX_ATTEMPTS = 6;
const retryDelayMs = (attempt: number) => Math.min(15_000 * 2 ** (attempt - 1), 3_600_000);
const workerActor = { id: null, name: 'sms-worker', role: 'system' as const };

/** The caller declined texts: on this ticket, or their number is on the hotline's list. */
async function declined(db: Db, orgId: string, t: { texts_opt_out: boolean }, phone: string): Promise<boolean> {
  return t.texts_opt_out || (await repo.isOptedOut(db, orgId, phone));
}

/** When the matter is due to be resolved: the ticket's latest 办结 limit, in the organisation's local time. */
async function deadline(tx: Db, t: Ticket, timeZone: string): Promise<string> {
  const timer = (await slaRepo.listTimers(tx, t.id)).filter((x) => x.kind === 'resolution' && !x.part_id).at(-1);
  return timer && timer.status !== 'cancelled' ? localTime(new Date(timer.due_at).toISOString(), timeZone) : '';
}

/** A progress text in the pack's quiet hours waits for none: acceptance and reply texts answer what the caller just did. */
const quietNow = (p: Pack | null, kind: CallerTextKind, now: Date, timeZone: string) => kind === 'progress' && inQuietHours(p?.callerTexts?.quietHours, now, timeZone);

/**
 * Queues the pack's text of `kind` to the ticket's caller, in the transaction of the change that causes it. Nothing
 * when the pack has no such text or the ticket no number; recorded as skipped when the caller declined texts, the
 * number is not a mobile one, or a progress text falls in the pack's quiet hours.
 */
export async function queueCallerText(tx: Db, ctx: Ctx, t: Ticket, kind: CallerTextKind, now: Date, pack?: Pack | null): Promise<void> {
  const p = pack !== undefined ? pack : ((await activePackCached(tx, t.org_id))?.pack ?? null);
  const template = p?.callerTexts?.[kind];
  if (!p || !template || !t.caller_phone) return;
  const { cal } = await orgCalendar(tx, t.org_id);
  const identity = packIdentity(p, await orgProfileOf(tx, t.org_id));
  const text = renderCallerText(template, {
    org: identity.org,
    hotline: identity.hotline,
    city: identity.city,
    number: t.number,
    category: p.categories.find((c) => c.id === t.category)?.name ?? t.category,
    deadline: await deadline(tx, t, cal.timeZone),
  });
  const mobile = mobileNumber(t.caller_phone);
  const skip: CallerTextSkipReason | null = !mobile
    ? 'no_mobile'
    : (await declined(tx, t.org_id, t, mobile))
      ? 'opted_out'
      : quietNow(p, kind, now, cal.timeZone)
        ? 'quiet_hours'
        : null;
  const row = await repo.insertText(tx, {
    org_id: t.org_id,
    ticket_id: t.id,
    kind,
    to_phone: mobile ?? t.caller_phone,
    text,
    status: skip ? 'skipped' : 'queued',
    skip_reason: skip,
    last_error: null,
    created_at: now,
    sent_at: null,
    updated_at: now,
  });
  await recordEvent(tx, ctx, 'ticket.text_queued', { type: 'ticket', id: t.id }, { textId: String(row.id), kind, status: row.status, skipReason: skip });
  if (!skip)
    await enqueue(tx, callerTextJob, { textId: String(row.id) }, { orgId: t.org_id, runAt: now, dedupeKey: `ticket.text:${row.id}`, maxAttempts: CALLER_TEXT_MAX_ATTEMPTS + 2 });
}

/** Records what became of a text (sent, failed, skipped) with its event, if it was still queued. */
async function settle(db: Db, row: CallerText, now: Date, values: { status: 'sent' | 'failed' | 'skipped'; skip_reason?: CallerTextSkipReason; last_error?: string; attempts?: number }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const changed = await repo.updateQueuedText(tx, row.id, { ...values, updated_at: now, ...(values.status === 'sent' && { sent_at: now }) });
    if (!changed) return;
    const ctx: Ctx = { db: tx, orgId: row.org_id, actor: workerActor, now: () => now };
    await recordEvent(tx, ctx, `ticket.text_${values.status}`, { type: 'ticket', id: row.ticket_id }, { textId: String(row.id), kind: row.kind, ...(values.skip_reason && { skipReason: values.skip_reason }), ...(values.last_error && { error: values.last_error }) });
  });
}

/** Sends one queued text; throws to be retried after a gateway failure. */
async function sendText(db: Db, gateway: SmsGateway | null, textId: string, env: { now: () => Date; log: Parameters<SmsGateway['send']>[2] }): Promise<void> {
  const row = await repo.findText(db, textId);
  if (!row || row.status !== 'queued') return;
  const now = env.now();
  if (!gateway) return settle(db, row, now, { status: 'skipped', skip_reason: 'gateway_off' });
  const t = await repo.ticketForText(db, row.ticket_id);
  if (!t || (await declined(db, row.org_id, t, row.to_phone))) return settle(db, row, now, { status: 'skipped', skip_reason: 'opted_out' });
  // a progress text held up (a gateway retry, a worker down) until the quiet hours began is not sent in them
  if (row.kind === 'progress') {
    const pack = (await activePackCached(db, row.org_id))?.pack ?? null;
    if (pack?.callerTexts?.quietHours && quietNow(pack, row.kind, now, (await orgCalendar(db, row.org_id)).cal.timeZone))
      return settle(db, row, now, { status: 'skipped', skip_reason: 'quiet_hours' });
  }
  const attempts = row.attempts + 1;
  await repo.updateQueuedText(db, row.id, { attempts, updated_at: now });
  try {
    await gateway.send([row.to_phone], row.text, env.log, `caller-text:${row.id}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (attempts >= CALLER_TEXT_MAX_ATTEMPTS) return settle(db, row, env.now(), { status: 'failed', last_error: message, attempts });
    await repo.updateQueuedText(db, row.id, { last_error: message, updated_at: env.now() });
    throw err;
  }
  await settle(db, row, env.now(), { status: 'sent', attempts });
  env.log.info({ textId, kind: row.kind, ticketId: row.ticket_id }, 'caller text sent');
}

/** The sending job over the gateway `resolve` gives: the configured one in a server, a test's own in tests. */
export function createCallerTextJob(resolve: () => SmsGateway | null) {
  return defineJob({
    name: 'ticket.text',
    payload: z.object({ textId: z.string() }),
    retryDelayMs,
    handler: async ({ textId }, { db, now, log }) => sendText(db, resolve(), textId, { now, log }),
  });
}

export const callerTextJob = createCallerTextJob(configuredSmsGateway);

const toDto = (r: CallerText, open: boolean): CallerTextDto => ({
  id: String(r.id),
  kind: r.kind,
  to: open ? r.to_phone : (maskPhone(r.to_phone) ?? ''),
  text: r.text,
  status: r.status,
  skipReason: r.skip_reason,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: new Date(r.created_at).toISOString(),
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
});

/** The texts to the ticket's caller, oldest first, with the number masked for roles that do not see personal data. */
export async function listCallerTexts(ctx: Ctx, ticketId: string): Promise<CallerTextsDto> {
  const v = await viewerOf(ctx);
  const t = await visibleTicket(ctx.db, ctx, v, ticketId);
  const open = v.role === 'system' || rolesSeeingPersonalData.includes(v.role);
  const mobile = mobileNumber(t.caller_phone);
  const [rows, listed] = await Promise.all([repo.listTexts(ctx.db, ctx.orgId, t.id), mobile ? repo.isOptedOut(ctx.db, ctx.orgId, mobile) : false]);
  return { optOut: t.texts_opt_out, numberOptedOut: listed, mobile: mobile !== null, items: rows.map((r) => toDto(r, open)) };
}

// ---------------------------------------------------------------- 退订: numbers that declined the hotline's texts

const toOptOut = (r: { phone: string; source: string; created_at: Date | string }): OptOutDto => ({ phone: r.phone, source: r.source === 'reply' ? 'reply' : 'staff', createdAt: new Date(r.created_at).toISOString() });

export async function listOptOuts(ctx: Ctx): Promise<{ items: OptOutDto[] }> {
  return { items: (await repo.listOptOuts(ctx.db, ctx.orgId)).map(toOptOut) };
}

/** Puts a number on the list (staff, or the caller's reply); no text goes to it any more, whatever the ticket. Audited once. */
async function optOutTx(tx: Db, ctx: Ctx, phone: string, source: 'staff' | 'reply'): Promise<void> {
  if (!(await repo.addOptOut(tx, { org_id: ctx.orgId, phone, source, created_at: ctx.now() }))) return;
  await recordAudit(tx, ctx, { action: 'caller_text.opt_out', entityType: 'caller_text_opt_out', entityId: phone, after: { phone, source } });
  await recordEvent(tx, ctx, 'caller_text.opted_out', { type: 'org', id: ctx.orgId }, { phone: maskPhone(phone), source });
}

export async function addOptOut(ctx: Ctx, input: { phone: string }): Promise<OptOutDto> {
  const phone = mobileNumber(input.phone) ?? input.phone;
  await ctx.db.transaction().execute((tx) => optOutTx(tx, { ...ctx, db: tx }, phone, 'staff'));
  return (await listOptOuts(ctx)).items.find((x) => x.phone === phone) ?? { phone, source: 'staff', createdAt: ctx.now().toISOString() };
}

/** Takes a number off the list (the caller asked for texts again); nothing when it is not on it. */
export async function removeOptOut(ctx: Ctx, phone: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.removeOptOut(tx, ctx.orgId, phone))) return;
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'caller_text.opt_in', entityType: 'caller_text_opt_out', entityId: phone, before: { phone } });
    await recordEvent(tx, tctx, 'caller_text.opted_in', { type: 'org', id: ctx.orgId }, { phone: maskPhone(phone) });
  });
}

/** The usual ways of declining texts by reply: TD, T, N, 退订, 取消 — alone, in any case, with spaces or punctuation around. */
export function isUnsubscribe(text: string): boolean {
  return /^(td|t|n|退订|退訂|取消)$/i.test(text.replace(/[\s\p{P}]/gu, ''));
}

/**
 * A text a caller sent back to the hotline (the SMS gateway posts it): TD and its like put the sender's number on
 * the organisation's list. Anything else is not for this system (answered, not stored).
 */
export async function receiveInboundText(db: Db, now: Date, orgSlug: string, input: { from: string; text: string }): Promise<{ optedOut: boolean }> {
  const org = await requireOrg(db, orgSlug);
  const phone = mobileNumber(input.from);
  if (!phone || !isUnsubscribe(input.text)) return { optedOut: false };
  const ctx: Ctx = { db, orgId: org.id, actor: { id: null, name: 'sms-gateway', role: 'system' }, now: () => now };
  await db.transaction().execute((tx) => optOutTx(tx, { ...ctx, db: tx }, phone, 'reply'));
  return { optedOut: true };
}

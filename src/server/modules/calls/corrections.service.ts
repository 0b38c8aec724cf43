/**
 * 差错更正 (seed 001, standard 7: 不隐瞒差错，如发现回答客户咨询错误，应及时回拨，告之客户): a team lead,
 * manager or inspector marks an answer given on a call as wrong — from the call's page or while
 * reviewing its QA — with what the right answer is; the caller gets a callback task of reason
 * `correction`, due within the pack's `callRules.correction.within` (2 hours without it), carrying the
 * corrected answer for whoever calls back. Recorded in the audit log and as `call.correction_marked`.
 */
import { addDuration } from '../../../shared/calendar/index.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { Call } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { activePackCached } from '../standards/active-pack.js';
import { orgCalendar } from '../tickets/sla.service.js';
import * as callbacksRepo from './callbacks.repo.js';
import * as repo from './calls.repo.js';

/** Without `callRules.correction` in the pack: call back within two hours. */
export const DEFAULT_CORRECTION_WITHIN = '2h';

/** `by`: the call's id, or the id of its QA transcript (an inspector reviewing the call's QA). */
export async function markWrongAnswer(ctx: Ctx, by: { callId: string } | { transcriptId: string }, input: { correction: string }): Promise<{ taskId: string; dueAt: string; created: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const callId = 'callId' in by ? by.callId : ((await repo.callOfTranscript(tx, ctx.orgId, by.transcriptId))?.id ?? fail('CALL_NOT_FOUND', `no call for QA result ${by.transcriptId}`));
    const call = (await repo.lockCall(tx, ctx.orgId, callId)) ?? fail('CALL_NOT_FOUND', `no call with id ${callId}`);
    if (!call.from_number || call.from_number.includes('*')) fail('CALL_NO_CALLER', 'the call has no caller number to call back');
    const pack = (await activePackCached(tx, ctx.orgId))?.pack ?? null;
    const within = pack?.callRules.correction?.within ?? DEFAULT_CORRECTION_WITHIN;
    const now = ctx.now();
    const { cal } = await orgCalendar(tx, ctx.orgId);
    const due = addDuration(cal, now, within).due;
    const task = await callbacksRepo.upsertOpenTask(tx, { orgId: ctx.orgId, caller: call.from_number, callId: call.id, reason: 'correction', dueAt: due, now, detail: input.correction });
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'call.correction', entityType: 'call', entityId: call.id, after: { taskId: task.id, correction: input.correction, within, dueAt: due.toISOString() } });
    await recordEvent(tx, tctx, 'call.correction_marked', { type: 'call', id: call.id }, { taskId: task.id, dueAt: due.toISOString() });
    await recordEvent(tx, tctx, task.created ? 'callback.opened' : 'callback.updated', { type: 'callback', id: task.id }, { taskId: task.id, callId: call.id, reason: 'correction', dueAt: due.toISOString() });
    return { taskId: task.id, dueAt: due.toISOString(), created: task.created };
  });
}

/**
 * 夜间承诺回电: a night call (夜间模式) answered and ended with a call-back promised for the day gets a
 * callback task of reason `promised`, due within the pack's `nightMode.callback.within` from the call's
 * end, with what was promised (the wrap-up's summary). Nothing when the call was not at night, the pack
 * creates no night callback tasks, or the caller has no number. In the caller's transaction (wrap-up).
 */
export async function openPromisedCallback(tx: Db, ctx: Ctx, call: Call, detail: string): Promise<{ taskId: string; dueAt: string } | null> {
  const nightMode = (await activePackCached(tx, ctx.orgId))?.pack.nightMode;
  if (!call.night || !nightMode?.enabled || !nightMode.callback.createTask || !call.from_number || call.from_number.includes('*')) return null;
  const { cal } = await orgCalendar(tx, ctx.orgId);
  const due = addDuration(cal, call.ended_at ? new Date(call.ended_at) : ctx.now(), nightMode.callback.within).due;
  const task = await callbacksRepo.upsertOpenTask(tx, { orgId: ctx.orgId, caller: call.from_number, callId: call.id, reason: 'promised', dueAt: due, now: ctx.now(), detail });
  await recordEvent(tx, ctx, task.created ? 'callback.opened' : 'callback.updated', { type: 'callback', id: task.id }, { taskId: task.id, callId: call.id, reason: 'promised', dueAt: due.toISOString() });
  return { taskId: task.id, dueAt: due.toISOString() };
}

import { rolesSeeingPersonalData } from '../../../shared/roles.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import type { Ctx } from '../../context.js';
import type { CallbackTask } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as repo from './callbacks.repo.js';

/** After this many unanswered attempts a callback task is closed as not reached. */
export const MAX_CALLBACK_ATTEMPTS = 3;

function toDto(t: CallbackTask & { first_call_at: Date | string | null }, ctx: Ctx) {
  const show = ctx.actor.role === 'system' || rolesSeeingPersonalData.includes(ctx.actor.role);
  return {
    id: t.id,
    caller: show ? t.caller : maskPhone(t.caller),
    callIds: t.call_ids,
    reason: t.reason,
    detail: t.detail ?? null,
    status: t.status,
    attempts: t.attempts,
    dueAt: new Date(t.due_at).toISOString(),
    overdue: t.status === 'open' && new Date(t.due_at).getTime() < ctx.now().getTime(),
    outcome: t.outcome,
    note: t.note,
    createdAt: new Date(t.created_at).toISOString(),
    firstCallAt: t.first_call_at ? new Date(t.first_call_at).toISOString() : null,
    doneAt: t.done_at ? new Date(t.done_at).toISOString() : null,
  };
}

/** Open callback tasks come night ones first (the day shift starts with them), then by due time. */
export async function listCallbacks(ctx: Ctx, q: { status: 'open' | 'done' | 'cancelled'; limit: number }) {
  const rows = await repo.listTasks(ctx.db, ctx.orgId, q.status, q.limit);
  if (q.status === 'open') rows.sort((a, b) => Number(b.reason === 'night') - Number(a.reason === 'night') || new Date(a.due_at).getTime() - new Date(b.due_at).getTime());
  return rows.map((r) => toDto(r, ctx));
}

/** Records one callback attempt. Reached, wrong number or no longer needed closes the task; no answer counts an attempt. */
export async function recordAttempt(ctx: Ctx, id: string, input: { outcome: 'reached' | 'no_answer' | 'wrong_number' | 'not_needed'; note?: string | undefined }) {
  return ctx.db.transaction().execute(async (tx) => {
    const t = (await repo.lockTask(tx, ctx.orgId, id)) ?? fail('CALLBACK_NOT_FOUND', 'no such callback task');
    if (t.status !== 'open') fail('CALLBACK_CLOSED', 'this callback task is already closed');
    const attempts = t.attempts + 1;
    const closes = input.outcome !== 'no_answer' || attempts >= MAX_CALLBACK_ATTEMPTS;
    const now = ctx.now();
    const updated = await repo.updateTask(tx, t.id, {
      attempts,
      outcome: input.outcome,
      note: input.note ?? t.note,
      updated_at: now,
      ...(closes ? { status: 'done' as const, done_at: now, done_by: ctx.actor.id } : {}),
    });
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'callback.attempt', entityType: 'callback', entityId: t.id, before: { status: t.status, attempts: t.attempts }, after: { status: updated.status, attempts, outcome: input.outcome } });
    await recordEvent(tx, { ...ctx, db: tx }, closes ? 'callback.closed' : 'callback.updated', { type: 'callback', id: t.id }, { taskId: t.id, outcome: input.outcome, attempts });
    return toDto(updated, ctx);
  });
}

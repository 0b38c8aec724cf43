import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CallbackTask } from '../../db/schema.js';

/** Opens a callback task for a caller, or adds the call to the caller's open task. Returns the task and whether it is new. */
export async function upsertOpenTask(tx: Db, row: { orgId: string; caller: string; callId: string; reason: CallbackTask['reason']; dueAt: Date; now: Date; detail?: string | null }) {
  const r = await tx
    .insertInto('callback_tasks')
    .values({ org_id: row.orgId, caller: row.caller, call_ids: sql`array[${row.callId}]::uuid[]`, reason: row.reason, detail: row.detail ?? null, due_at: row.dueAt, created_at: row.now, updated_at: row.now })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'caller'])
        .where('status', '=', 'open')
        .doUpdateSet({
          call_ids: sql`case when ${row.callId}::uuid = any(callback_tasks.call_ids) then callback_tasks.call_ids else array_append(callback_tasks.call_ids, ${row.callId}::uuid) end`,
          due_at: sql`least(callback_tasks.due_at, excluded.due_at)`,
          // the reason of the call due first, whichever call was seen first
          reason: sql`case when excluded.due_at < callback_tasks.due_at then excluded.reason else callback_tasks.reason end`,
          // what to tell the caller adds up (a correction joining a missed-call task keeps both)
          detail: sql`case when excluded.detail is null then callback_tasks.detail when callback_tasks.detail is null then excluded.detail else callback_tasks.detail || E'\n' || excluded.detail end`,
          updated_at: row.now,
        }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow();
  // xmax is 0 on a freshly inserted row and set when the conflict branch updated an existing one.
  return { id: r.id, created: r.inserted };
}

/** The task a call is in, whatever its status. */
export function taskOfCall(tx: Db, orgId: string, callId: string) {
  return tx.selectFrom('callback_tasks').select(['id', 'status']).where('org_id', '=', orgId).where(sql<boolean>`${callId}::uuid = any(call_ids)`).executeTakeFirst();
}

/**
 * Takes a call back out of open tasks (it turned out to be answered). A task left with no call is
 * removed if nobody worked on it yet (it should never have been), cancelled otherwise.
 */
export async function retractCall(tx: Db, orgId: string, callId: string, now: Date) {
  const tasks = await tx
    .updateTable('callback_tasks')
    .set({ call_ids: sql`array_remove(call_ids, ${callId}::uuid)`, updated_at: now })
    .where('org_id', '=', orgId)
    .where('status', '=', 'open')
    .where(sql<boolean>`${callId}::uuid = any(call_ids)`)
    .returning(['id', 'call_ids', 'attempts'])
    .execute();
  for (const t of tasks) {
    if (t.call_ids.length > 0) continue;
    if (t.attempts === 0) await tx.deleteFrom('callback_tasks').where('id', '=', t.id).execute();
    else await tx.updateTable('callback_tasks').set({ status: 'cancelled', updated_at: now }).where('id', '=', t.id).execute();
  }
  return tasks.map((t) => t.id);
}

const firstCallAt = sql<Date | string | null>`(select min(c.ringing_at) from calls c where c.id = any(callback_tasks.call_ids))`;

/**
 * Tasks with `first_call_at`: when the first of their missed calls rang (null for a task without one). The reports
 * file a task under the same instant (reports.repo callbackAggregates), so the list and the report agree on the day.
 */
export function listTasks(db: Db, orgId: string, status: 'open' | 'done' | 'cancelled', limit: number) {
  return db
    .selectFrom('callback_tasks')
    .selectAll()
    .select(firstCallAt.as('first_call_at'))
    .where('org_id', '=', orgId)
    .where('status', '=', status)
    .orderBy(status === 'open' ? 'due_at' : 'updated_at', status === 'open' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
}

export function lockTask(tx: Db, orgId: string, id: string) {
  return tx.selectFrom('callback_tasks').selectAll().where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateTask(tx: Db, id: string, set: { status?: 'open' | 'done' | 'cancelled'; attempts?: number; outcome?: 'reached' | 'no_answer' | 'wrong_number' | 'not_needed' | null; note?: string | null; done_at?: Date | null; done_by?: string | null; updated_at: Date }) {
  return tx.updateTable('callback_tasks').set(set).where('id', '=', id).returningAll().returning(firstCallAt.as('first_call_at')).executeTakeFirstOrThrow();
}

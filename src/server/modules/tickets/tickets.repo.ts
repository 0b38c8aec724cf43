import { sql, type Insertable, type Updateable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { readJsonb, toJsonb } from '../../db/jsonb.js';
import type { Ticket, TicketPartsTable, TicketsTable } from '../../db/schema.js';

// ---------------------------------------------------------------- JSONB columns: one schema each, parsed on read (db/jsonb.ts)

/** tickets.fields: the pack's ticket fields that have no column of their own, by field id. */
export const ticketFieldsColumn = z.record(z.string(), z.unknown());
export type TicketFields = z.infer<typeof ticketFieldsColumn>;

/** tickets.extension_request: the 延期 a department asked for (working days or a new due), kept until the hotline decides. */
export const extensionRequestColumn = z
  .object({ extensionDays: z.number().nullish(), until: z.string().nullish(), reason: z.string().nullish(), by: z.string().nullish(), at: z.string().nullish() })
  .nullable();
export type ExtensionRequest = NonNullable<z.infer<typeof extensionRequestColumn>>;

/**
 * ticket_transitions.details: what an action recorded besides its reason. The keys other code reads are typed (the
 * department a 派单/改派 sent it to or a 退单 came from, the department a 催办/收回 was about); the others are kept as
 * they are and shown on the ticket page.
 */
export const transitionDetailsColumn = z.looseObject({ departmentId: z.string().nullish(), aboutDepartmentId: z.string().nullish() });
export type TransitionDetails = z.infer<typeof transitionDetailsColumn>;

/** A ticket row with its JSONB columns parsed. */
export type TicketRow = Omit<Ticket, 'fields' | 'extension_request'> & { fields: TicketFields; extension_request: ExtensionRequest | null };

function ticketRow<R extends Ticket>(r: R): Omit<R, 'fields' | 'extension_request'> & Pick<TicketRow, 'fields' | 'extension_request'> {
  return {
    ...r,
    fields: readJsonb(ticketFieldsColumn, r.fields ?? {}, { table: 'tickets', column: 'fields', id: r.id }),
    extension_request: readJsonb(extensionRequestColumn, r.extension_request, { table: 'tickets', column: 'extension_request', id: r.id }),
  };
}

/** The next number of the day for an organisation: 20261123-0001. The counter row is locked, so no two tickets share one. */
export async function allocateNumber(db: Db, orgId: string, day: string): Promise<string> {
  await db.insertInto('ticket_counters').values({ org_id: orgId, day, last: 0 }).onConflict((oc) => oc.columns(['org_id', 'day']).doNothing()).execute();
  const row = await db.selectFrom('ticket_counters').select('last').where('org_id', '=', orgId).where('day', '=', day).forUpdate().executeTakeFirstOrThrow();
  const next = row.last + 1;
  await db.updateTable('ticket_counters').set({ last: next }).where('org_id', '=', orgId).where('day', '=', day).execute();
  return `${day}-${String(next).padStart(4, '0')}`;
}

export async function insertTicket(db: Db, values: Insertable<TicketsTable>): Promise<TicketRow> {
  return ticketRow(await db.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow());
}

export async function findTicket(db: Db, orgId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<TicketRow | undefined> {
  let q = db.selectFrom('tickets').selectAll().where('org_id', '=', orgId).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && ticketRow(r);
}

/** The organisation of a ticket (jobs know the ticket id only). */
export async function orgOfTicket(db: Db, id: string): Promise<string | null> {
  return (await db.selectFrom('tickets').select('org_id').where('id', '=', id).executeTakeFirst())?.org_id ?? null;
}

export async function updateTicket(db: Db, orgId: string, id: string, values: Updateable<TicketsTable>): Promise<TicketRow> {
  return ticketRow(await db.updateTable('tickets').set(values).where('org_id', '=', orgId).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
}

export interface TicketFilter {
  statuses?: string[] | undefined;
  category?: string | undefined;
  priority?: string | undefined;
  departmentId?: string | undefined;
  /** department staff: only this department's tickets (null: none at all) */
  onlyDepartment?: string | null | undefined;
  createdBy?: string | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  supervised?: boolean | undefined;
  q?: string | undefined;
  /** newest first (default), or the most urgent first: longest overdue, then nearest due */
  sort?: 'newest' | 'due' | undefined;
}

const overdueSql = (now: Date) =>
  sql<boolean>`exists (select 1 from ticket_timers tt where tt.ticket_id = t.id and ((tt.status = 'running' and tt.due_at < ${now}) or (tt.status = 'breached' and tt.met_at is null)))`;
const dueSoonSql = (now: Date) =>
  sql<boolean>`exists (select 1 from ticket_timers tt where tt.ticket_id = t.id and tt.status = 'running' and tt.warn_at <= ${now} and tt.due_at > ${now})`;
const nextDueSql = sql<Date | string | null>`(select min(tt.due_at) from ticket_timers tt where tt.ticket_id = t.id and tt.status = 'running')`;
/** The earliest due among the limits that have passed and are not met: how long the ticket has been overdue. */
const overdueSinceSql = (now: Date) =>
  sql<Date | string | null>`(select min(tt.due_at) from ticket_timers tt where tt.ticket_id = t.id and ((tt.status = 'running' and tt.due_at < ${now}) or (tt.status = 'breached' and tt.met_at is null)))`;

/** Open tickets past a time limit now, and in a limit's warning period now (the list's overdue and dueSoon filters). */
export async function urgentCounts(db: Db, orgId: string, now: Date): Promise<{ overdue: number; dueSoon: number }> {
  const r = await db
    .selectFrom('tickets as t')
    .where('t.org_id', '=', orgId)
    .select([sql<number>`count(*) filter (where ${overdueSql(now)})::int`.as('overdue'), sql<number>`count(*) filter (where ${dueSoonSql(now)})::int`.as('due_soon')])
    .executeTakeFirstOrThrow();
  return { overdue: r.overdue, dueSoon: r.due_soon };
}

export async function listTickets(db: Db, orgId: string, f: TicketFilter, now: Date, page: { limit: number; offset: number }) {
  let q = db.selectFrom('tickets as t').leftJoin('departments as d', 'd.id', 't.department_id').where('t.org_id', '=', orgId);
  if (f.onlyDepartment !== undefined) {
    const dep = f.onlyDepartment;
    // the lead department's tickets and those it co-handles (协办)
    q =
      dep === null
        ? q.where(sql<boolean>`false`)
        : q.where((eb) =>
            eb.or([eb('t.department_id', '=', dep), sql<boolean>`exists (select 1 from ticket_parts p where p.ticket_id = t.id and p.department_id = ${dep} and p.status <> 'cancelled')`]),
          );
  }
  if (f.statuses?.length) q = q.where('t.status', 'in', f.statuses);
  if (f.category) q = q.where('t.category', '=', f.category);
  if (f.priority) q = q.where('t.priority', '=', f.priority);
  if (f.departmentId) q = q.where('t.department_id', '=', f.departmentId);
  if (f.createdBy) q = q.where('t.created_by', '=', f.createdBy);
  if (f.supervised !== undefined) q = q.where('t.supervised', '=', f.supervised);
  if (f.overdue !== undefined) q = q.where(f.overdue ? overdueSql(now) : sql<boolean>`not ${overdueSql(now)}`);
  if (f.dueSoon !== undefined) q = q.where(f.dueSoon ? dueSoonSql(now) : sql<boolean>`not ${dueSoonSql(now)}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('t.number', 'like', like), eb('t.title', 'like', like), eb('t.description', 'like', like), eb('t.caller_phone', 'like', like)]));
  }
  let rowsQuery = q
    .selectAll('t')
    .select('d.name as department_name')
    .select(overdueSql(now).as('overdue'))
    .select(nextDueSql.as('next_due_at'))
    .select(overdueSinceSql(now).as('overdue_since'));
  if (f.sort === 'due') rowsQuery = rowsQuery.orderBy(sql`coalesce(${overdueSinceSql(now)}, ${nextDueSql})`, (ob) => ob.asc().nullsLast());
  const [rows, count] = await Promise.all([
    rowsQuery.orderBy('t.created_at', 'desc').orderBy('t.number', 'desc').limit(page.limit).offset(page.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(ticketRow), total: Number(count.n) };
}

export async function ticketExtras(db: Db, id: string, now: Date) {
  const r = await db
    .selectFrom('tickets as t')
    .leftJoin('departments as d', 'd.id', 't.department_id')
    .select('d.name as department_name')
    .select(overdueSql(now).as('overdue'))
    .select(nextDueSql.as('next_due_at'))
    .select(overdueSinceSql(now).as('overdue_since'))
    .where('t.id', '=', id)
    .executeTakeFirstOrThrow();
  return r;
}

export function insertTransition(
  db: Db,
  v: { orgId: string; ticketId: string; action: string; from: string; to: string; reason: string | null; details: TransitionDetails; actorId: string | null; actorName: string; at: Date },
) {
  return db
    .insertInto('ticket_transitions')
    .values({
      org_id: v.orgId,
      ticket_id: v.ticketId,
      action: v.action,
      from_state: v.from,
      to_state: v.to,
      reason: v.reason,
      details: toJsonb(transitionDetailsColumn, v.details),
      actor_id: v.actorId,
      actor_name: v.actorName,
      at: v.at,
    })
    .execute();
}

/** The transitions of a ticket in order, with the display name of the person who acted (null for the system). */
export async function listTransitions(db: Db, ticketId: string) {
  const rows = await db
    .selectFrom('ticket_transitions as tt')
    .leftJoin('users as u', 'u.id', 'tt.actor_id')
    .selectAll('tt')
    .select('u.display_name as actor_display_name')
    .where('tt.ticket_id', '=', ticketId)
    .orderBy('tt.id')
    .execute();
  return rows.map((r) => ({ ...r, details: readJsonb(transitionDetailsColumn, r.details, { table: 'ticket_transitions', column: 'details', id: r.id }) }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The calls of the organisation among a ticket's call ids (ids that are not calls here are left out). */
export async function linkedCalls(db: Db, orgId: string, ids: string[]) {
  const uuids = ids.filter((id) => UUID.test(id));
  if (uuids.length === 0) return [];
  return db.selectFrom('calls').select(['id', 'ringing_at']).where('org_id', '=', orgId).where('id', 'in', uuids).execute();
}

/** The login and display name of a user, for the 受理 entry of a ticket's history. */
export function userNames(db: Db, userId: string) {
  return db.selectFrom('users').select(['username', 'display_name']).where('id', '=', userId).executeTakeFirst();
}

// ---------------------------------------------------------------- departments

export function listDepartments(db: Db, orgId: string) {
  return db.selectFrom('departments').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('name').execute();
}

export function findDepartment(db: Db, orgId: string, id: string) {
  return db.selectFrom('departments').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findDepartmentByName(db: Db, orgId: string, name: string) {
  return db.selectFrom('departments').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

export function insertDepartment(db: Db, orgId: string, name: string, now: Date) {
  return db.insertInto('departments').values({ org_id: orgId, name, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

export function listMembers(db: Db, orgId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'department_id', 'role'])
    .where('org_id', '=', orgId)
    .where('department_id', 'is not', null)
    .orderBy('username')
    .execute();
}

export async function setMembers(db: Db, orgId: string, departmentId: string, userIds: string[]) {
  await db.updateTable('users').set({ department_id: null }).where('org_id', '=', orgId).where('department_id', '=', departmentId).execute();
  if (userIds.length) await db.updateTable('users').set({ department_id: departmentId }).where('org_id', '=', orgId).where('id', 'in', userIds).execute();
}

export async function departmentOfUser(db: Db, orgId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const r = await db.selectFrom('users').select('department_id').where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
  return r?.department_id ?? null;
}

export async function departmentMemberIds(db: Db, orgId: string, departmentId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('department_id', '=', departmentId).where('active', '=', true).execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- saved filters

export function listSavedFilters(db: Db, orgId: string, userId: string) {
  return db.selectFrom('ticket_saved_filters').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).orderBy('name').execute();
}

export function findSavedFilterByName(db: Db, userId: string, name: string) {
  return db.selectFrom('ticket_saved_filters').select('id').where('user_id', '=', userId).where('name', '=', name).executeTakeFirst();
}

export function insertSavedFilter(db: Db, v: { orgId: string; userId: string; name: string; query: string; now: Date }) {
  return db.insertInto('ticket_saved_filters').values({ org_id: v.orgId, user_id: v.userId, name: v.name, query: v.query, created_at: v.now }).returningAll().executeTakeFirstOrThrow();
}

export function deleteSavedFilter(db: Db, orgId: string, userId: string, id: string) {
  return db.deleteFrom('ticket_saved_filters').where('org_id', '=', orgId).where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst();
}

// ---------------------------------------------------------------- 主办/协办 parts

export function insertPart(db: Db, v: { orgId: string; ticketId: string; departmentId: string; now: Date }) {
  return db
    .insertInto('ticket_parts')
    .values({ org_id: v.orgId, ticket_id: v.ticketId, department_id: v.departmentId, status: 'dispatched', dispatched_at: v.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updatePart(db: Db, id: string, values: Updateable<TicketPartsTable>) {
  return db.updateTable('ticket_parts').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The parts of a ticket in dispatch order, with their department's name. */
export function listParts(db: Db, ticketId: string) {
  return db
    .selectFrom('ticket_parts as p')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .selectAll('p')
    .select('d.name as department_name')
    .where('p.ticket_id', '=', ticketId)
    .orderBy('p.seq')
    .execute();
}

/** A department's part of a ticket that is not cancelled (the latest), or undefined. */
export function partOf(db: Db, ticketId: string, departmentId: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('ticket_parts').selectAll().where('ticket_id', '=', ticketId).where('department_id', '=', departmentId).where('status', '<>', 'cancelled').orderBy('seq', 'desc').limit(1);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Parts still working (dispatched or signed), with whether one of their time limits has run out. */
export async function workingParts(db: Db, ticketId: string, now: Date) {
  return db
    .selectFrom('ticket_parts as p')
    .selectAll('p')
    .select(
      sql<boolean>`exists (select 1 from ticket_timers tt where tt.part_id = p.id and ((tt.status = 'running' and tt.due_at <= ${now}) or tt.status = 'breached'))`.as('out_of_time'),
    )
    .where('p.ticket_id', '=', ticketId)
    .where('p.status', 'in', ['dispatched', 'signed'])
    .execute();
}

/** The last 退单 of a ticket (one of `actions`, the workflow's returning actions): the department that returned it and its reason. */
export async function lastReturn(db: Db, ticketId: string, actions: string[]): Promise<{ departmentId: string | null; reason: string | null } | undefined> {
  if (actions.length === 0) return undefined;
  const r = await db
    .selectFrom('ticket_transitions')
    .select(['id', 'details', 'reason'])
    .where('ticket_id', '=', ticketId)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return undefined;
  const d = readJsonb(transitionDetailsColumn, r.details, { table: 'ticket_transitions', column: 'details', id: r.id });
  return { departmentId: d.departmentId ?? null, reason: r.reason };
}

/**
 * Per department, between two instants: how often it was 催办 (urged), 改派 away from it, its tickets 收回, its 退单
 * and how the hotline decided them, and its co-handling parts — from the transitions' `aboutDepartmentId`.
 */
export async function departmentWorkflowCounts(db: Db, orgId: string, from: Date, to: Date, actions: string[]) {
  const rows =
    actions.length === 0
      ? { rows: [] }
      : await sql<{ department_id: string; action: string; n: number }>`
    select details->>'aboutDepartmentId' as department_id, action, count(*)::int as n
    from ticket_transitions
    where org_id = ${orgId} and at >= ${from} and at < ${to}
      and action in (${sql.join(actions)})
    group by 1, 2`.execute(db);
  const co = await sql<{ department_id: string; n: number }>`
    select department_id, count(*)::int as n from ticket_parts where org_id = ${orgId} and dispatched_at >= ${from} and dispatched_at < ${to} group by 1`.execute(db);
  return { transitions: rows.rows.filter((r) => r.department_id), coParts: co.rows };
}

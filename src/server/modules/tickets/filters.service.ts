/** Saved filters of the tickets list: per person, a name and the list's query string, kept on the server. */
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as repo from './tickets.repo.js';
import { listTicketsQuery } from './tickets.schema.js';

export const MAX_SAVED_FILTERS = 50;

const toDto = (f: { id: string; name: string; query: string; created_at: Date | string }) => ({ id: f.id, name: f.name, query: f.query, createdAt: new Date(f.created_at).toISOString() });

function me(ctx: Ctx): string {
  return ctx.actor.id ?? fail('FORBIDDEN', 'saved filters belong to a signed-in person');
}

/**
 * The query must be one the list accepts (same schema), so applying a saved filter never fails later; paging is
 * not part of a filter. Stored normalised: known keys only, in a stable order.
 */
export function normaliseQuery(query: string): string {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  params.delete('limit');
  params.delete('offset');
  const raw = Object.fromEntries(params);
  const r = listTicketsQuery.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
    fail('TICKET_FILTER_INVALID', `the filter is not a valid tickets query: ${problems.join('; ')}`, { problems });
  }
  const known = Object.keys(listTicketsQuery.shape).filter((k) => k !== 'limit' && k !== 'offset');
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length) fail('TICKET_FILTER_INVALID', `unknown filter key(s) ${unknown.join(', ')} (use ${known.join(', ')})`);
  const out = new URLSearchParams();
  for (const k of known) if (raw[k] !== undefined && raw[k] !== '') out.set(k, raw[k]);
  return out.toString();
}

export async function listFilters(ctx: Ctx) {
  return (await repo.listSavedFilters(ctx.db, ctx.orgId, me(ctx))).map(toDto);
}

export async function createFilter(ctx: Ctx, input: { name: string; query: string }) {
  const userId = me(ctx);
  const query = normaliseQuery(input.query);
  return ctx.db.transaction().execute(async (tx) => {
    if (await repo.findSavedFilterByName(tx, userId, input.name)) fail('TICKET_FILTER_EXISTS', `you already have a filter named ${input.name}; delete it first or pick another name`);
    if ((await repo.listSavedFilters(tx, ctx.orgId, userId)).length >= MAX_SAVED_FILTERS) fail('TICKET_FILTER_INVALID', `at most ${MAX_SAVED_FILTERS} saved filters per person`);
    const f = await repo.insertSavedFilter(tx, { orgId: ctx.orgId, userId, name: input.name, query, now: ctx.now() });
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'ticket_filter.create', entityType: 'ticket_filter', entityId: f.id, after: f });
    await recordEvent(tx, tctx, 'ticket_filter.created', { type: 'ticket_filter', id: f.id }, { name: f.name });
    return toDto(f);
  });
}

export async function deleteFilter(ctx: Ctx, id: string) {
  const userId = me(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const f = (await repo.deleteSavedFilter(tx, ctx.orgId, userId, id)) ?? fail('TICKET_FILTER_NOT_FOUND', `you have no saved filter with id ${id}`);
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'ticket_filter.delete', entityType: 'ticket_filter', entityId: f.id, before: f });
    await recordEvent(tx, tctx, 'ticket_filter.deleted', { type: 'ticket_filter', id: f.id }, { name: f.name });
  });
}

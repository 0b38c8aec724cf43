import { createHash, randomBytes } from 'node:crypto';
import { isCallEvent, parseCtiEvent, type CallEvent, type CtiEvent } from '../../../shared/cti/events.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { CtiConnection } from '../../db/schema.js';
import { AppError, fail } from '../../http/errors.js';
import { changeState } from '../agents/agents.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { applyCallEvents } from '../calls/calls.service.js';
import * as repo from './cti.repo.js';
import { zammadSettingsSchema, type ZammadSettings } from './cti.schema.js';

export const MAX_BATCH = 500;
const TOKEN_PREFIX = 'rxc_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function connectionDto(c: CtiConnection) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    tokenHint: `…${c.token_hint}`,
    settings: c.settings as Record<string, unknown>,
    createdAt: new Date(c.created_at).toISOString(),
    revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
    lastUsedAt: c.last_used_at ? new Date(c.last_used_at).toISOString() : null,
  };
}

/** Creates a connection and returns its token, which is shown this once and never again. */
export async function createConnection(ctx: Ctx, input: { name: string; kind: 'events' | 'zammad'; settings?: unknown }) {
  const settings = input.kind === 'zammad' ? parseZammadSettings(input.settings ?? {}) : {};
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  return ctx.db.transaction().execute(async (tx) => {
    const row =
      (await repo.insertConnection(tx, { orgId: ctx.orgId, name: input.name, kind: input.kind, tokenHash: hashToken(token), tokenHint: token.slice(-4), settings, createdBy: ctx.actor.id, now: ctx.now() })) ??
      fail('CTI_CONNECTION_EXISTS', `a connection named "${input.name}" already exists`);
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'cti.connection.create', entityType: 'cti_connection', entityId: row.id, after: { name: row.name, kind: row.kind } });
    return { ...connectionDto(row), token };
  });
}

export async function listConnections(ctx: Ctx) {
  return (await repo.listConnections(ctx.db, ctx.orgId)).map(connectionDto);
}

export async function revokeConnection(ctx: Ctx, id: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const existing = (await repo.findConnection(tx, ctx.orgId, id)) ?? fail('CTI_CONNECTION_NOT_FOUND', 'no such CTI connection');
    if (existing.revoked_at) fail('CTI_CONNECTION_REVOKED', 'this connection is already revoked');
    const row = (await repo.revokeConnection(tx, ctx.orgId, id, ctx.now()))!;
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'cti.connection.revoke', entityType: 'cti_connection', entityId: id, before: { revokedAt: null }, after: { revokedAt: row.revoked_at } });
    return connectionDto(row);
  });
}

export async function updateConnectionSettings(ctx: Ctx, id: string, settings: unknown) {
  return ctx.db.transaction().execute(async (tx) => {
    const existing = (await repo.findConnection(tx, ctx.orgId, id)) ?? fail('CTI_CONNECTION_NOT_FOUND', 'no such CTI connection');
    if (existing.kind !== 'zammad') fail('CTI_SETTINGS_NOT_APPLICABLE', 'only Zammad-compatible connections have settings');
    const parsed = parseZammadSettings(settings);
    const row = (await repo.updateConnectionSettings(tx, ctx.orgId, id, parsed))!;
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'cti.connection.settings', entityType: 'cti_connection', entityId: id, before: existing.settings, after: parsed });
    return connectionDto(row);
  });
}

function parseZammadSettings(raw: unknown): ZammadSettings {
  const r = zammadSettingsSchema.safeParse(raw);
  if (!r.success) fail('VALIDATION_FAILED', r.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

/** The connection a token belongs to, or 401. Revoked tokens are refused the same way as unknown ones. */
export async function authenticate(db: Db, token: string | undefined): Promise<CtiConnection> {
  if (!token) throw new AppError('CTI_TOKEN_MISSING', 'send the connection token as "Authorization: Bearer <token>"');
  const conn = await repo.findConnectionByTokenHash(db, hashToken(token));
  if (!conn || conn.revoked_at) throw new AppError('CTI_TOKEN_INVALID', 'this CTI token is not valid (unknown or revoked)');
  return conn;
}

const lastTouched = new Map<string, number>();
/** Records that a connection is in use, at most once a minute, outside the intake transaction (no lock contention). */
export async function touch(db: Db, conn: CtiConnection, now: Date): Promise<void> {
  const last = lastTouched.get(conn.id) ?? 0;
  if (now.getTime() - last < 60_000) return;
  lastTouched.set(conn.id, now.getTime());
  await repo.touchConnection(db, conn.id, now);
}

export interface EventResult {
  index: number;
  eventId: string | null;
  status: 'accepted' | 'duplicate' | 'invalid';
  error?: { code: string; field: string; message: string };
}
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

/**
 * Takes events from a switch. Valid ones are stored and applied in one transaction, committed
 * before the caller answers 2xx: accepted means durable. A resent eventId is acknowledged as a
 * duplicate and changes nothing; invalid events are reported one by one and do not stop the rest.
 */
export async function ingest(db: Db, conn: CtiConnection, raws: readonly unknown[], now: () => Date): Promise<IngestResult> {
  const results: EventResult[] = [];
  const valid: Array<{ index: number; event: CtiEvent }> = [];
  raws.forEach((raw, index) => {
    const p = parseCtiEvent(raw);
    const rawId = (raw as { eventId?: unknown } | null)?.eventId;
    if (p.ok) valid.push({ index, event: p.event });
    else results.push({ index, eventId: typeof rawId === 'string' ? rawId : null, status: 'invalid', error: { code: 'CTI_EVENT_INVALID', field: p.field, message: p.message } });
  });
  if (valid.length) {
    const ctx: Ctx = { db, orgId: conn.org_id, actor: { id: null, name: `cti:${conn.name}`, role: 'system' }, now };
    const inserted = await withRetry(() =>
      db.transaction().execute(async (tx) => {
        const tctx = { ...ctx, db: tx };
        const firstOf = new Map<string, CtiEvent>();
        for (const { event } of valid) if (!firstOf.has(event.eventId)) firstOf.set(event.eventId, event);
        const fresh = await repo.insertEvents(tx, conn.org_id, conn.id, [...firstOf.values()], now());
        const byCall = new Map<string, CallEvent[]>();
        const agentEvents: Array<Extract<CtiEvent, { type: 'agent.state' }>> = [];
        for (const e of firstOf.values()) {
          if (!fresh.has(e.eventId)) continue;
          if (isCallEvent(e)) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
          else agentEvents.push(e);
        }
        // A fixed order of call keys keeps concurrent batches from locking calls in opposite orders.
        for (const key of [...byCall.keys()].sort()) await applyCallEvents(tx, tctx, conn.id, key, byCall.get(key)!);
        agentEvents.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        for (const e of agentEvents) await changeState(tx, tctx, { agentNo: e.agentId, state: e.state, reason: e.reason, at: new Date(e.at), source: 'cti' });
        return fresh;
      }),
    );
    const seen = new Set<string>();
    for (const { index, event } of valid) {
      const first = !seen.has(event.eventId);
      seen.add(event.eventId);
      results.push({ index, eventId: event.eventId, status: first && inserted.has(event.eventId) ? 'accepted' : 'duplicate' });
    }
    await touch(db, conn, now()).catch(() => {});
  }
  results.sort((a, b) => a.index - b.index);
  return {
    accepted: results.filter((r) => r.status === 'accepted').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'invalid').length,
    results,
  };
}

/** Retries a transaction that PostgreSQL aborted for a deadlock or a serialization conflict. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

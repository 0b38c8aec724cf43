import { createHash, randomBytes } from 'node:crypto';
import { isCallEvent, parseCtiEvent, type CtiEvent } from '../../../shared/cti/events.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { txMemoCarry } from '../../db/tx-memo.js';
import type { CtiConnection } from '../../db/schema.js';
import { AppError, fail } from '../../http/errors.js';
import { performance } from 'node:perf_hooks';
import { emptyCallState } from '../../../shared/cti/call-state.js';
import { agentLocksPart, primeAgents } from '../agents/agents.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { applyIntake } from './intake.service.js';
import type { LiveEvent } from '../../ws/live.js';
import { callIdOf } from './call-id.js';
import * as repo from './cti.repo.js';
import { inLane } from './intake-lane.js';
import * as intakeRepo from './intake.repo.js';
import { zammadSettingsSchema, type ZammadSettings } from './cti.schema.js';

export const MAX_BATCH = 500;
const TOKEN_PREFIX = 'rxc_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function connectionDto(c: repo.ConnectionRow) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    tokenHint: `…${c.token_hint}`,
    settings: c.settings,
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
    authCache.delete(row.token_hash);
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'cti.connection.revoke', entityType: 'cti_connection', entityId: id, before: { revokedAt: null }, after: { revokedAt: row.revoked_at } });
    return connectionDto(row);
  });
}

export async function updateConnectionSettings(ctx: Ctx, id: string, settings: unknown) {
  return ctx.db.transaction().execute(async (tx) => {
    const existing = (await repo.findConnection(tx, ctx.orgId, id)) ?? fail('CTI_CONNECTION_NOT_FOUND', 'no such CTI connection');
    if (existing.kind !== 'zammad') fail('CTI_SETTINGS_NOT_APPLICABLE', 'only Zammad-compatible connections have settings');
    // Emptied settings are kept empty: the endpoint then answers as an unconfigured Zammad does.
    const emptied = settings !== null && typeof settings === 'object' && !Array.isArray(settings) && Object.keys(settings).length === 0;
    const parsed = emptied ? {} : parseZammadSettings(settings);
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

/**
 * Connections by token hash, remembered for a short while so the intake's hot path does not read
 * the connection for every request. Revocation still takes effect at once: the intake statement
 * that stores the events checks the connection again (intake.repo openBatch), and revoking here
 * forgets it at once.
 */
const AUTH_TTL_MS = 30_000;
const authCache = new Map<string, { conn: CtiConnection; until: number }>();

/** The connection a token belongs to, or 401. Revoked tokens are refused the same way as unknown ones. */
export async function authenticate(db: Db, token: string | undefined): Promise<CtiConnection> {
  if (!token) throw new AppError('CTI_TOKEN_MISSING', 'send the connection token as "Authorization: Bearer <token>"');
  const hash = hashToken(token);
  // A monotonic clock for a cache lifetime, not a rule's time.
  const t = performance.now();
  const cached = authCache.get(hash);
  if (cached && cached.until > t) return cached.conn;
  const conn = await repo.findConnectionByTokenHash(db, hash);
  if (!conn || conn.revoked_at) {
    authCache.delete(hash);
    throw new AppError('CTI_TOKEN_INVALID', TOKEN_INVALID);
  }
  if (authCache.size >= 1000) authCache.clear();
  authCache.set(hash, { conn, until: t + AUTH_TTL_MS });
  return conn;
}

const TOKEN_INVALID = 'this CTI token is not valid (unknown or revoked)';

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
  status: 'accepted' | 'duplicate' | 'invalid' | 'refused';
  error?: { code: string; field: string; message: string };
}
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Valid events not taken (an event of a call whose raw events the retention sweep deleted: CTI_CALL_ARCHIVED). */
  refused: number;
  results: EventResult[];
}

/** On embedded PGlite a batch is applied in transactions of at most about this many events. */
export const EMBEDDED_EVENTS_PER_TRANSACTION = 64;

export interface IngestOptions {
  /**
   * The database is embedded PGlite, one connection for everything: a big batch is applied
   * in several short transactions (a call's events always stay together) that take their turns in
   * the intake lane (intake-lane.ts), so a screen pop never waits behind a whole batch.
   * Otherwise (a PostgreSQL server) transactions run side by side and a batch is one transaction.
   */
  embedded?: boolean | undefined;
  /**
   * Receives the screen pops of the request's events before they are stored (see previewsOf); the
   * live hub pushes them to the agents they ring at.
   */
  preview?: ((e: LiveEvent) => void) | undefined;
}

/** How old a ringing or an answer may be and still pop up before it is stored. */
export const PREVIEW_WINDOW_MS = 60_000;

/**
 * The screen pops of some valid events, pushed to the agent while the events are being stored.
 * The switch has already made the phone ring; the agent should not wait for rexian's records to
 * see who is calling. Only a recent `call.ringing` or `call.answered` that names an agent pops up
 * this way; the pop carries the call's id (callIdOf), so its content (history, tickets) loads as
 * soon as the call is committed, and the committed event follows on the feed as always. If the
 * store fails, the switch gets no 2xx and sends the event again.
 */
export function previewsOf(conn: Pick<CtiConnection, 'id' | 'org_id'>, events: readonly CtiEvent[], now: Date): LiveEvent[] {
  const out: LiveEvent[] = [];
  for (const e of events) {
    if ((e.type !== 'call.ringing' && e.type !== 'call.answered') || !e.agentId) continue;
    if (Math.abs(now.getTime() - Date.parse(e.at)) > PREVIEW_WINDOW_MS) continue;
    const callId = callIdOf(conn.id, e.callId);
    const ringing = e.type === 'call.ringing' ? e : null;
    out.push({
      id: `pre-${callId}-${e.type}`,
      org: conn.org_id,
      type: e.type,
      aggregateType: 'call',
      aggregateId: callId,
      at: e.at,
      payload: {
        callId,
        externalId: e.callId,
        status: ringing ? 'ringing' : 'answered',
        direction: ringing?.direction ?? null,
        from: ringing?.from ?? null,
        to: ringing?.to ?? null,
        queue: e.queue ?? null,
        agentNo: e.agentId,
        ringingAt: ringing ? e.at : null,
        answeredAt: ringing ? null : e.at,
        provisional: true,
      },
    });
  }
  return out;
}

/**
 * Takes events from a switch. Valid ones are stored and applied in one transaction (or a few, see
 * IngestOptions), committed before the caller answers 2xx: accepted means durable. A resent
 * eventId is acknowledged as a duplicate and changes nothing, so a batch that failed halfway can
 * simply be sent again; invalid events are reported one by one and do not stop the rest. A
 * connection revoked meanwhile stores nothing (401 CTI_TOKEN_INVALID).
 */
export async function ingest(db: Db, conn: CtiConnection, raws: readonly unknown[], now: () => Date, opts: IngestOptions = {}): Promise<IngestResult> {
  const results: EventResult[] = [];
  const valid: Array<{ index: number; event: CtiEvent }> = [];
  raws.forEach((raw, index) => {
    const p = parseCtiEvent(raw);
    const rawId = (raw as { eventId?: unknown } | null)?.eventId;
    if (p.ok) valid.push({ index, event: p.event });
    else results.push({ index, eventId: typeof rawId === 'string' ? rawId : null, status: 'invalid', error: { code: 'CTI_EVENT_INVALID', field: p.field, message: p.message } });
  });
  if (valid.length) {
    if (opts.preview) for (const p of previewsOf(conn, valid.map((v) => v.event), now())) opts.preview(p);
    const ctx: Ctx = { db, orgId: conn.org_id, actor: { id: null, name: `cti:${conn.name}`, role: 'system' }, now };
    const firstOf = new Map<string, CtiEvent>();
    for (const { event } of valid) if (!firstOf.has(event.eventId)) firstOf.set(event.eventId, event);
    const inserted = new Set<string>();
    const refused = new Map<string, NonNullable<EventResult['error']>>();
    // The active pack and the calendar are read once for a request, however many transactions it takes.
    const shared = [`pack:${conn.org_id}`, `calendar:${conn.org_id}`];
    let previous: Db | null = null;
    for (const part of transactionsOf([...firstOf.values()], opts.embedded ? EMBEDDED_EVENTS_PER_TRANSACTION : MAX_BATCH)) {
      const apply = () =>
        withRetry(() =>
          db.transaction().execute(async (tx) => {
            if (previous) txMemoCarry(previous, tx, shared);
            const r = await applyPart(tx, { ...ctx, db: tx }, conn, part);
            previous = tx;
            return r;
          }),
        );
      const applied = opts.embedded ? await inLane(db, part.length, apply) : await apply();
      for (const id of applied.fresh) inserted.add(id);
      for (const [id, error] of applied.refused) refused.set(id, error);
    }
    const seen = new Set<string>();
    for (const { index, event } of valid) {
      const first = !seen.has(event.eventId);
      seen.add(event.eventId);
      const error = first ? refused.get(event.eventId) : undefined;
      if (error) results.push({ index, eventId: event.eventId, status: 'refused', error });
      else results.push({ index, eventId: event.eventId, status: first && inserted.has(event.eventId) ? 'accepted' : 'duplicate' });
    }
    await touch(db, conn, now()).catch(() => {});
  } else if (!(await intakeRepo.connectionValid(db, conn.id))) revoked(conn);
  results.sort((a, b) => a.index - b.index);
  return {
    accepted: results.filter((r) => r.status === 'accepted').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'invalid').length,
    refused: results.filter((r) => r.status === 'refused').length,
    results,
  };
}

/**
 * Splits a batch into transactions of about `size` events: each call whole, calls in key order and
 * agent events after them, the order one transaction would apply them in, so the outcome (agent
 * states included) is the same as one transaction's.
 */
function transactionsOf(events: readonly CtiEvent[], size: number): CtiEvent[][] {
  const calls = new Map<string, CtiEvent[]>();
  const agents: CtiEvent[] = [];
  for (const e of events) {
    if (!isCallEvent(e)) agents.push(e);
    else if (calls.has(e.callId)) calls.get(e.callId)!.push(e);
    else calls.set(e.callId, [e]);
  }
  const parts: CtiEvent[][] = [];
  let part: CtiEvent[] = [];
  const keys = [...calls.keys()].sort();
  agents.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const group of [...keys.map((k) => calls.get(k)!), ...agents.map((e) => [e])]) {
    if (part.length && part.length + group.length > size) {
      parts.push(part);
      part = [];
    }
    part.push(...group);
  }
  if (part.length) parts.push(part);
  return parts;
}

/**
 * Stores and applies some events in the caller's transaction; returns the ids that were new and the
 * events refused. A call whose raw events the retention sweep deleted (calls.events_pruned_at, seen on
 * the locked row, so also when the sweep committed a moment ago) is final: its new events are deleted
 * again in this transaction and refused one by one (CTI_CALL_ARCHIVED); nothing of the call changes,
 * and the rest of the batch is applied.
 */
async function applyPart(tx: Db, ctx: Ctx, conn: CtiConnection, events: readonly CtiEvent[]): Promise<{ fresh: Set<string>; refused: Map<string, NonNullable<EventResult['error']>> }> {
  const opened = (await intakeRepo.openBatch(tx, { orgId: conn.org_id, connectionId: conn.id, events, empty: emptyCallState(''), now: ctx.now(), lockAgents: agentLocksPart })) ?? revoked(conn);
  primeAgents(tx, conn.org_id, opened.users);
  const refused = new Map<string, NonNullable<EventResult['error']>>();
  for (const e of events) {
    const call = isCallEvent(e) && opened.fresh.has(e.eventId) ? opened.calls.get(e.callId) : undefined;
    if (call?.events_pruned_at)
      refused.set(e.eventId, {
        code: 'CTI_CALL_ARCHIVED',
        field: 'callId',
        message: `call ${call.external_id} is archived: its raw events were deleted by retention on ${new Date(call.events_pruned_at).toISOString()}, so a late event can no longer be folded into it; the call's record stays as it is`,
      });
  }
  if (refused.size) await intakeRepo.deleteEvents(tx, conn.id, [...refused.keys()]);
  await applyIntake(
    tx,
    ctx,
    conn,
    events.filter((e) => opened.fresh.has(e.eventId) && !refused.has(e.eventId)),
    opened.calls,
  );
  return { fresh: opened.fresh, refused };
}

function revoked(conn: CtiConnection): never {
  authCache.delete(conn.token_hash);
  throw new AppError('CTI_TOKEN_INVALID', TOKEN_INVALID);
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

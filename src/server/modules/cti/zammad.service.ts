import type { CtiEventInput } from '../../../shared/cti/events.js';
import type { Db } from '../../db/database.js';
import type { CtiConnection } from '../../db/schema.js';
import { callOfConnection } from '../calls/calls.service.js';
import { agentNoByName } from '../users/users.service.js';
import { hashToken, ingest, type IngestOptions } from './cti.service.js';
import { findConnectionByTokenHash } from './cti.repo.js';
import { zammadSettingsSchema, type ZammadSettings } from './cti.schema.js';

/**
 * Zammad's generic CTI API (POST /api/v1/cti/:token in Zammad), so that a PBX configured for
 * Zammad works against rexian unchanged: form fields or JSON; events newCall, answer, hangup;
 * answers `{}`, `{"action":"reject","reason":"busy"}` for a blocked caller,
 * `{"action":"dial","number":…,"caller_id":…}` for outbound caller-id rules,
 * 401 `{"error":…}` for a wrong token and 422 when the integration is off or not configured.
 */
export type ZammadReply = { status: 200 | 401 | 422; body: Record<string, unknown> };

const reply = (status: ZammadReply['status'], body: Record<string, unknown>): ZammadReply => ({ status, body });

/** Zammad's causes; anything else is kept as given. */
const systemCauses = new Set(['busy', 'noAnswer', 'congestion', 'notFound', 'forwarded']);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** `user`, `user[]`, an array or "user 1,user 2": Zammad accepts all of them. */
function users(params: Record<string, unknown>): string[] {
  const raw = params['user'] ?? params['user[]'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .flatMap((u) => (typeof u === 'string' ? u.split(',') : []))
    .map((u) => u.replace(/\+/g, ' ').trim())
    .filter(Boolean);
}

/** Zammad's routing table: `*` matches any run of characters, the rest literally, whole number. */
export function outboundCallerId(settings: ZammadSettings, to: string): string | undefined {
  for (const row of settings.outbound.routingTable) {
    const pattern = row.dest
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?');
    if (new RegExp(`^${pattern}$`).test(to)) return row.callerId;
  }
  return settings.outbound.defaultCallerId;
}

async function agentNoFor(db: Db, orgId: string, names: string[], answeringNumber: string | undefined): Promise<string | undefined> {
  const candidates = [...names, ...(answeringNumber ? [answeringNumber] : [])];
  for (const c of candidates) {
    const agentNo = await agentNoByName(db, orgId, c);
    if (agentNo) return agentNo;
  }
  return undefined;
}

/** Zammad answers this when the integration is switched off or its settings are missing, whichever it is. */
const NOT_CONFIGURED = 'Feature not configured, please contact your admin!';

function configured(raw: unknown): ZammadSettings | null {
  if (raw === null || typeof raw !== 'object' || !('outbound' in raw)) return null;
  const r = zammadSettingsSchema.safeParse(raw);
  return r.success && r.data.enabled ? r.data : null;
}

export async function handleZammad(db: Db, token: string, params: Record<string, unknown>, now: () => Date, opts: IngestOptions = {}): Promise<ZammadReply> {
  const conn: CtiConnection | undefined = await findConnectionByTokenHash(db, hashToken(token));
  if (!conn || conn.revoked_at) return reply(401, { error: 'Invalid token, please contact your admin!' });
  const settings = conn.kind === 'zammad' ? configured(conn.settings) : null;
  if (!settings) return reply(422, { error: NOT_CONFIGURED });

  const event = str(params['event']);
  const direction = str(params['direction']);
  const callId = str(params['callId']) ?? str(params['call_id']);
  if (direction !== 'in' && direction !== 'out') return reply(422, { error: 'Invalid direction!' });
  if (!callId) return reply(422, { error: 'callId (or call_id) is required' });
  const from = str(params['from']);
  const to = str(params['to']);
  const at = now().toISOString();
  const base = { eventId: `zammad:${callId}:${event}`, callId, at };
  const names = users(params);
  const blocked = direction === 'in' && from !== undefined && settings.blockedCallers.some((b) => b.callerId === from);
  const existing = await callOfConnection(db, conn.id, callId);
  const known = existing?.state;

  let result: Record<string, unknown> = {};
  let ev: CtiEventInput;
  if (event === 'newCall') {
    if (blocked) return reply(200, { action: 'reject', reason: 'busy' });
    let shownFrom = from;
    if (direction === 'out' && to) {
      const callerId = outboundCallerId(settings, to);
      if (callerId) {
        result = { action: 'dial', number: to, caller_id: callerId };
        shownFrom = callerId;
      }
    }
    const agentNo = await agentNoFor(db, conn.org_id, names, undefined);
    const queue = str(params['queue']) ?? (direction === 'in' ? to : shownFrom);
    ev = { ...base, seq: 0, type: 'call.ringing', direction, from: shownFrom ?? 'anonymous', to: to ?? 'unknown', ...(queue ? { queue } : {}), ...(agentNo ? { agentId: agentNo } : {}) };
  } else if (event === 'answer') {
    // An answer after the hangup changes nothing (Zammad ignores it too); so does voicemail: the call stays missed.
    const answeringNumber = str(params['answeringNumber']);
    if (existing?.status === 'ended' || names.includes('voicemail') || answeringNumber === 'voicemail') return reply(200, {});
    // No user named (an outbound call answered by the callee): the agent the call was placed by.
    const found = await agentNoFor(db, conn.org_id, names, answeringNumber);
    const agentNo = (found ?? answeringNumber ?? names[0] ?? known?.currentAgentNo ?? known?.agentNo ?? known?.ringAgentNo ?? 'unknown').slice(0, 32);
    const holder = known?.currentAgentNo ?? known?.agentNo;
    if (known?.answeredAt && holder && holder !== agentNo)
      // A second answer by someone else: the call was transferred to them.
      ev = { ...base, eventId: `zammad:${callId}:answer:${agentNo}`, seq: 1, type: 'call.transferred', target: agentNo, agentId: agentNo };
    else ev = { ...base, seq: 1, type: 'call.answered', agentId: agentNo };
  } else if (event === 'hangup') {
    // A blocked caller was rejected at newCall: there is no call to end.
    if (!existing && blocked) return reply(200, {});
    const cause = str(params['cause']);
    // Zammad does not say who hung up; cancel means the caller gave up (on an outbound call, the agent
    // who dialled), the switch's causes are the system.
    const endedBy = cause && systemCauses.has(cause) ? 'system' : cause === 'cancel' && direction === 'out' ? 'agent' : 'customer';
    ev = { ...base, seq: 2, type: 'call.ended', endedBy, ...(cause ? { cause: cause.slice(0, 60) } : {}) };
  } else return reply(422, { error: `unknown event "${event ?? ''}": expected newCall, answer or hangup` });

  const r = await ingest(db, conn, [ev], now, opts);
  if (r.rejected) return reply(422, { error: r.results[0]?.error?.message ?? 'invalid event' });
  return reply(200, result);
}

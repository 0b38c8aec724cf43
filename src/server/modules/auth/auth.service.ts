import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../../../shared/roles.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { AppError, fail } from '../../http/errors.js';
import { systemActor } from '../../context.js';
import { signOff } from '../agents/agents.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { signInCandidates } from '../users/users.service.js';
import * as authRepo from './auth.repo.js';

export interface SessionUser {
  id: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  username: string;
  displayName: string;
  role: Role;
  agentNo: string | null;
  sessionId: string;
}

type AuthSettings = Pick<Config, 'sessionHours' | 'loginMaxFailures' | 'loginLockMinutes'> & Partial<Pick<Config, 'loginMaxFailuresPerAddress'>>;

/** The longest an address waits between attempts once it is over its limit: slow for a password guesser, short for an office behind one NAT. */
const ADDRESS_BACKOFF_MAX_SECONDS = 60;

// A hash of a random password, so that an unknown username costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hash(randomBytes(16).toString('hex')));

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function login(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; org?: string | undefined; ip: string; userAgent: string | null; requestId?: string },
  now: Date,
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  // Counting the failures and writing this attempt happen under a lock per username and per
  // address, so parallel guesses see each other: with a limit of 5, at most 5 of 12 simultaneous
  // wrong passwords get checked. The attempt is written as a failure until the password proves right.
  const windowStart = new Date(now.getTime() - settings.loginLockMinutes * 60_000);
  const claim = await db.transaction().execute(async (tx) => {
    await authRepo.lockAttempts(tx, input.username, input.ip);
    const byUser = await authRepo.countRecentFailures(tx, { username: input.username }, windowStart);
    const byIp = await authRepo.countRecentFailures(tx, { ip: input.ip }, windowStart);
    const wait = throttleSeconds(settings, byUser, byIp, now);
    // a refused attempt is not a guess: it is not written, and does not extend the lock
    if (wait > 0) return { wait, attemptId: null };
    return { wait: 0, attemptId: await authRepo.recordAttempt(tx, { username: input.username, ip: input.ip, success: false, at: now }) };
  });
  if (claim.attemptId === null) {
    const wait = claim.wait >= 120 ? `${Math.ceil(claim.wait / 60)} minute(s)` : `${claim.wait} second(s)`;
    throw new AppError('AUTH_THROTTLED', `too many failed sign-ins; try again in ${wait}`, { retryAfterSeconds: claim.wait });
  }
  const attemptId = claim.attemptId;

  // Usernames are unique per organisation: the password tells the organisations apart, the slug when it cannot.
  const candidates = (await signInCandidates(db, input.username, input.org)).filter((u) => u.active);
  const matches = [];
  for (const candidate of candidates) if (await verify(candidate.password_hash, input.password).catch(() => false)) matches.push(candidate);
  if (candidates.length === 0) await verify(await getDummyHash(), input.password).catch(() => false);
  if (matches.length > 1)
    fail('AUTH_ORG_REQUIRED', `the username "${input.username}" signs in to ${matches.length} organisations; say which one (org: its short name)`);
  const user = matches[0];
  if (!user) fail('AUTH_INVALID_CREDENTIALS', 'wrong username or password');

  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3_600_000);
  await db.transaction().execute(async (tx) => {
    await authRepo.markAttemptSucceeded(tx, attemptId);
    await authRepo.insertSession(tx, { id: sessionId, orgId: user.org_id, userId: user.id, now, expiresAt, ip: input.ip, userAgent: input.userAgent });
    const ctx = { db: tx, orgId: user.org_id, actor: { id: user.id, name: user.username, role: user.role }, now: () => now, requestId: input.requestId, ip: input.ip };
    await recordAudit(tx, ctx, { action: 'auth.login', entityType: 'session', entityId: user.id });
  });
  const resolved = await resolveSession(db, token, now);
  if (!resolved) fail('INTERNAL', 'session could not be created');
  return { token, user: resolved, expiresAt };
}

/**
 * Seconds to wait before the next attempt, 0 when it may go ahead. A username is locked for
 * loginLockMinutes after loginMaxFailures failures (someone is guessing its password); an
 * address over its own, higher limit (an office shares one NAT) waits 2^n seconds after its
 * last failure, n the failures over the limit, at most ADDRESS_BACKOFF_MAX_SECONDS — slowed
 * down, never locked out.
 */
export function throttleSeconds(
  settings: AuthSettings,
  byUser: { count: number; last: Date | null },
  byIp: { count: number; last: Date | null },
  now: Date,
): number {
  const until = (from: Date | null, seconds: number) => (from ? Math.ceil((from.getTime() + seconds * 1000 - now.getTime()) / 1000) : 0);
  const userWait = byUser.count >= settings.loginMaxFailures ? until(byUser.last, settings.loginLockMinutes * 60) : 0;
  const addressLimit = settings.loginMaxFailuresPerAddress ?? settings.loginMaxFailures * 20;
  const over = byIp.count - addressLimit;
  const addressWait = over >= 0 ? until(byIp.last, Math.min(2 ** over, ADDRESS_BACKOFF_MAX_SECONDS)) : 0;
  return Math.max(0, userWait, addressWait);
}

export async function resolveSession(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const row = await authRepo.findSessionWithUser(db, sessionIdOf(token));
  if (!row || !row.active || new Date(row.expires_at) <= now) return null;
  // Writing on every request would turn reads into writes; a few minutes' precision is plenty.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 5 * 60_000) await authRepo.touchSession(db, row.session_id, now);
  return {
    id: row.user_id,
    orgId: row.org_id,
    orgName: row.org_name,
    orgSlug: row.org_slug,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    agentNo: row.agent_no,
    sessionId: row.session_id,
  };
}

export async function logout(db: Db, user: SessionUser, meta: { ip?: string; requestId?: string }, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await authRepo.deleteSession(tx, user.sessionId);
    const ctx = { db: tx, orgId: user.orgId, actor: { id: user.id, name: user.username, role: user.role }, now: () => now, ...meta };
    await recordAudit(tx, ctx, { action: 'auth.logout', entityType: 'session', entityId: user.id });
    // Presence follows the person: an agent who signs out (and is signed in nowhere else) is offline, wrap-up ended.
    if (user.agentNo && !(await authRepo.hasLiveSession(tx, user.id, now))) await signOff(tx, ctx, user.agentNo, now, 'workbench');
  });
}

/**
 * Sets offline the agents whose sessions have all expired (housekeeping), at the instant the last one
 * expired — unless their state comes from the switch, which says itself when they leave.
 */
export async function signOffExpired(db: Db, now: Date): Promise<number> {
  let n = 0;
  for (const a of await authRepo.agentsSignedOutBy(db, now)) {
    const at = new Date(a.expired_at as Date | string);
    const done = await db.transaction().execute((tx) => signOff(tx, { db: tx, orgId: a.org_id, actor: systemActor, now: () => now }, a.agent_no!, at, 'system', { unlessFromSwitch: true }));
    if (done) n++;
  }
  return n;
}

import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../../../shared/roles.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { AppError, fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import * as usersRepo from '../users/users.repo.js';
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

type AuthSettings = Pick<Config, 'sessionHours' | 'loginMaxFailures' | 'loginLockMinutes'>;

// A hash of a random password, so that an unknown username costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hash(randomBytes(16).toString('hex')));

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function login(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; ip: string; userAgent: string | null; requestId?: string },
  now: Date,
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  const windowStart = new Date(now.getTime() - settings.loginLockMinutes * 60_000);
  const [byUser, byIp] = await Promise.all([
    authRepo.countRecentFailures(db, { username: input.username }, windowStart),
    authRepo.countRecentFailures(db, { ip: input.ip }, windowStart),
  ]);
  // Per address the bar is higher: several people may share one office NAT.
  const throttled =
    (byUser.count >= settings.loginMaxFailures && byUser.last) || (byIp.count >= settings.loginMaxFailures * 4 && byIp.last);
  if (throttled) {
    const retryAt = new Date(throttled.getTime() + settings.loginLockMinutes * 60_000);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    throw new AppError('AUTH_THROTTLED', `too many failed sign-ins; try again in ${minutes} minute(s)`, 429, {
      retryAfterSeconds: minutes * 60,
    });
  }

  const user = await usersRepo.findByUsername(db, input.username);
  const ok = await verify(user?.password_hash ?? (await getDummyHash()), input.password).catch(() => false);
  if (!user || !ok || !user.active) {
    await authRepo.recordAttempt(db, { username: input.username, ip: input.ip, success: false, at: now });
    fail('AUTH_INVALID_CREDENTIALS', 'wrong username or password');
  }

  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3_600_000);
  await db.transaction().execute(async (tx) => {
    await authRepo.recordAttempt(tx, { username: input.username, ip: input.ip, success: true, at: now });
    await authRepo.insertSession(tx, { id: sessionId, orgId: user.org_id, userId: user.id, now, expiresAt, ip: input.ip, userAgent: input.userAgent });
    const ctx = { db: tx, orgId: user.org_id, actor: { id: user.id, name: user.username, role: user.role }, now: () => now, requestId: input.requestId, ip: input.ip };
    await recordAudit(tx, ctx, { action: 'auth.login', entityType: 'session', entityId: user.id });
  });
  const resolved = await resolveSession(db, token, now);
  if (!resolved) fail('INTERNAL', 'session could not be created');
  return { token, user: resolved, expiresAt };
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
  });
}

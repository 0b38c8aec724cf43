import { hash } from '@node-rs/argon2';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { User } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as usersRepo from './users.repo.js';
import type { CreateUserInput, UpdateUserInput, UserDto } from './users.schema.js';

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id with the library's recommended cost
}

/** What may leave the server about a user: never the hash. */
export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agentNo: u.agent_no,
    active: u.active,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

// The audit log keeps what changed, not secrets.
const auditView = (u: User) => {
  const { password_hash: _omit, ...rest } = u;
  return rest;
};

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    if (await usersRepo.findByUsername(tx, ctx.orgId, input.username)) fail('USER_EXISTS', `username "${input.username}" is already taken in this organisation`);
    if (input.agentNo && (await usersRepo.findByAgentNo(tx, ctx.orgId, input.agentNo)))
      fail('USER_EXISTS', `agent number (工号) ${input.agentNo} is already used in this organisation`);
    const user = await usersRepo.insert(tx, {
      org_id: ctx.orgId,
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      agent_no: input.agentNo ?? null,
      password_hash: passwordHash,
      created_at: ctx.now(),
      updated_at: ctx.now(),
    });
    await recordAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: user.id, after: auditView(user) });
    await recordEvent(tx, ctx, 'user.created', { type: 'user', id: user.id }, { username: user.username, role: user.role });
    return toUserDto(user);
  });
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<UserDto> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction().execute(async (tx) => {
    const before = (await usersRepo.findById(tx, ctx.orgId, id)) ?? fail('USER_NOT_FOUND', `no user with id ${id}`);
    if (before.id === ctx.actor.id && (input.active === false || (input.role && input.role !== before.role)))
      fail('FORBIDDEN', 'you cannot deactivate yourself or change your own role');
    const after = await usersRepo.update(
      tx,
      ctx.orgId,
      id,
      {
        ...(input.displayName !== undefined && { display_name: input.displayName }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.active !== undefined && { active: input.active }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
      },
      ctx.now(),
    );
    await recordAudit(tx, ctx, {
      action: input.password ? 'user.update+password' : 'user.update',
      entityType: 'user',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    await recordEvent(tx, ctx, 'user.updated', { type: 'user', id }, { fields: Object.keys(input).filter((k) => k !== 'password') });
    if (input.active === false || passwordHash) await usersRepo.deleteSessionsOf(tx, id);
    return toUserDto(after);
  });
}

/** The users a sign-in may be for: this username, in the organisation named or in any (auth.service checks the password). */
export function signInCandidates(db: Db, username: string, org: string | undefined) {
  return usersRepo.findForSignIn(db, username, org);
}

/** Users of the organisation by id, those that exist (id, username, role): for modules checking a list of members. */
export function usersByIds(db: Db, orgId: string, ids: readonly string[]) {
  return usersRepo.findByIds(db, orgId, ids);
}

/** The ids of the users of the organisation with these usernames (those that exist). */
export async function userIdsByUsernames(db: Db, orgId: string, usernames: readonly string[]): Promise<string[]> {
  return (await usersRepo.idsByUsernames(db, orgId, usernames)).map((u) => u.id);
}

/** The agent number of the agent called `name` (agent number, username or display name), if there is one. */
export async function agentNoByName(db: Db, orgId: string, name: string): Promise<string | undefined> {
  return (await usersRepo.findAgentByName(db, orgId, name))?.agent_no ?? undefined;
}

export async function listUsers(ctx: Ctx): Promise<UserDto[]> {
  return (await usersRepo.listByOrg(ctx.db, ctx.orgId)).map(toUserDto);
}

/** Departments (承办单位) that tickets are dispatched to, and their staff (users with the department role). */
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { userIdsByUsernames, usersByIds } from '../users/users.service.js';
import * as repo from './tickets.repo.js';
import type { DepartmentDto } from './tickets.schema.js';

export async function listDepartments(ctx: Ctx): Promise<DepartmentDto[]> {
  const [deps, members] = await Promise.all([repo.listDepartments(ctx.db, ctx.orgId), repo.listMembers(ctx.db, ctx.orgId)]);
  return deps.map((d) => ({
    id: d.id,
    name: d.name,
    active: d.active,
    members: members.filter((m) => m.department_id === d.id).map((m) => ({ id: m.id, username: m.username, displayName: m.display_name })),
  }));
}

async function one(ctx: Ctx, id: string): Promise<DepartmentDto> {
  return (await listDepartments(ctx)).find((d) => d.id === id) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
}

export async function createDepartment(ctx: Ctx, input: { name: string }): Promise<DepartmentDto> {
  const id = await ctx.db.transaction().execute(async (tx) => {
    if (await repo.findDepartmentByName(tx, ctx.orgId, input.name)) fail('DEPARTMENT_EXISTS', `there is already a department named ${input.name}`);
    const d = await repo.insertDepartment(tx, ctx.orgId, input.name, ctx.now());
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'department.create', entityType: 'department', entityId: d.id, after: d });
    await recordEvent(tx, tctx, 'department.created', { type: 'department', id: d.id }, { name: d.name });
    return d.id;
  });
  return one(ctx, id);
}

/** Replaces the staff of a department. Only users with the department role can be members. */
export async function setMembers(ctx: Ctx, id: string, userIds: string[]): Promise<DepartmentDto> {
  await ctx.db.transaction().execute(async (tx) => {
    const d = (await repo.findDepartment(tx, ctx.orgId, id)) ?? fail('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
    const unique = [...new Set(userIds)];
    const users = await usersByIds(tx, ctx.orgId, unique);
    const missing = unique.filter((u) => !users.some((x) => x.id === u));
    const wrongRole = users.filter((u) => u.role !== 'department').map((u) => u.username);
    if (missing.length || wrongRole.length)
      fail('DEPARTMENT_MEMBERS_INVALID', [missing.length ? `unknown users: ${missing.join(', ')}` : '', wrongRole.length ? `not department staff (role department): ${wrongRole.join(', ')}` : ''].filter(Boolean).join('; '));
    const before = (await repo.listMembers(tx, ctx.orgId)).filter((m) => m.department_id === d.id).map((m) => m.id);
    await repo.setMembers(tx, ctx.orgId, d.id, unique);
    const tctx = { ...ctx, db: tx };
    await recordAudit(tx, tctx, { action: 'department.members', entityType: 'department', entityId: d.id, before: { userIds: before }, after: { userIds: unique } });
    await recordEvent(tx, tctx, 'department.members_changed', { type: 'department', id: d.id }, { userIds: unique });
  });
  return one(ctx, id);
}

export const demoDepartments = ['市水务局', '市住建局', '市交通运输局', '市市场监管局'] as const;

/** Demo data: the departments of the demo hotline, once (an organisation that has any keeps its own), with `members` by department name. */
export async function seedDemoDepartments(ctx: Ctx, members: Record<string, string[]>): Promise<void> {
  if ((await repo.listDepartments(ctx.db, ctx.orgId)).length) return;
  for (const name of demoDepartments) {
    const d = await createDepartment(ctx, { name });
    const usernames = members[name] ?? [];
    if (!usernames.length) continue;
    await setMembers(ctx, d.id, await userIdsByUsernames(ctx.db, ctx.orgId, usernames));
  }
}

import type { Role } from '../shared/roles.js';
import type { Db } from './db/database.js';
import { systemActor, systemClock } from './context.js';
import { findOrgBySlug } from './modules/orgs/orgs.repo.js';
import { createOrg } from './modules/orgs/orgs.service.js';
import { createUser } from './modules/users/users.service.js';

export const DEMO_ORG = { slug: 'demo', name: '星河市12345政务服务便民热线' };
export const DEMO_PASSWORD = 'rexian-demo';

export const demoUsers: Array<{ username: string; displayName: string; role: Role; agentNo?: string; title: string }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', title: '管理员 admin' },
  { username: 'manager', displayName: '王敏', role: 'manager', title: '主管 manager' },
  { username: 'lead', displayName: '陈刚', role: 'lead', agentNo: '2001', title: '班长 lead' },
  { username: 'agent', displayName: '李娜', role: 'agent', agentNo: '1024', title: '坐席 agent' },
  { username: 'inspector', displayName: '赵静', role: 'inspector', title: '质检员 inspector' },
  { username: 'dept', displayName: '刘洋(市水务局)', role: 'department', title: '承办单位 department' },
];

/**
 * Loads the demo organisation with one user per role, once: a database that
 * already has it is left as it is, so restarting never duplicates or resets data.
 */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  if (await findOrgBySlug(db, DEMO_ORG.slug)) return { created: false };
  const org = await createOrg(db, DEMO_ORG);
  const ctx = { db, orgId: org.id, actor: systemActor, now: systemClock };
  for (const u of demoUsers) {
    await createUser(ctx, { username: u.username, displayName: u.displayName, role: u.role, password: DEMO_PASSWORD, ...(u.agentNo ? { agentNo: u.agentNo } : {}) });
  }
  return { created: true };
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../shared/roles.js';
import type { Db } from './db/database.js';
import { activePackCached } from './modules/standards/active-pack.js';
import { latestVersion } from './modules/standards/standards.repo.js';
import { readPackFiles } from './modules/standards/standards.loader.js';
import { saveVersion } from './modules/standards/standards.service.js';
import { demoAgents, seedDemoTraffic } from './demo-traffic.js';
import { seedDemoKnowledge } from './demo-knowledge.js';
import { systemActor, systemClock } from './context.js';
import { findOrgBySlug } from './modules/orgs/orgs.repo.js';
import { createOrg } from './modules/orgs/orgs.service.js';
import { createQueue } from './modules/agents/agents.service.js';
import { seedDemoDepartments } from './modules/tickets/departments.service.js';
import { seedDemoTickets } from './modules/tickets/demo-tickets.js';
import { createUser } from './modules/users/users.service.js';

/** The demo hotline; its profile's city fills the pack's `{city} 12345 政务服务便民热线`. */
export const DEMO_ORG = { slug: 'demo', name: '星河市12345政务服务便民热线', city: '星河市', hotline: '12345' };
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
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The standard pack the demo hotline starts with. */
export const DEMO_PACK_DIR = path.join(packageRoot, 'standards', 'government-12345');

export async function seedDemo(db: Db, opts: { pack?: boolean; calls?: boolean } = {}): Promise<{ created: boolean }> {
  let org = await findOrgBySlug(db, DEMO_ORG.slug);
  const created = !org;
  org ??= await createOrg(db, DEMO_ORG);
  const ctx = { db, orgId: org.id, actor: systemActor, now: systemClock };
  if (created) {
    for (const u of demoUsers) {
      await createUser(ctx, { username: u.username, displayName: u.displayName, role: u.role, password: DEMO_PASSWORD, ...(u.agentNo ? { agentNo: u.agentNo } : {}) });
    }
  }
  // 承办单位 for dispatching tickets; the demo department user works at 市水务局.
  await seedDemoDepartments(ctx, { 市水务局: ['dept'] });
  // A demo without a standard has nothing to show; one that has its own versions keeps them.
  if (opts.pack !== false && !(await latestVersion(db, org.id))) {
    const files = (await readPackFiles(DEMO_PACK_DIR)).map((f) => ({ name: path.basename(f.name), text: f.text }));
    await saveVersion(ctx, { files, note: '演示数据：12345 政务服务便民热线默认规范', activate: true });
  }
  // 知识库: the answers agents look up most (water outage, noise, social insurance …), once.
  await seedDemoKnowledge(ctx);
  // Calls from the CTI simulator, through the real intake: the call list, agent states, callback
  // tasks and the QA pages (the worker checks the transcripts in the background after start).
  if (created && opts.calls !== false) {
    const active = await activePackCached(db, org.id);
    if (active) {
      for (const a of demoAgents.filter((a) => !demoUsers.some((u) => u.agentNo === a.agentNo)))
        await createUser(ctx, { username: `agent${a.agentNo}`, displayName: a.name, role: 'agent', password: DEMO_PASSWORD, agentNo: a.agentNo });
      await seedDemoQueues(ctx);
      await seedDemoTraffic(ctx, active.pack);
    }
  }
  // Tickets for the 工单 views (due soon, overdue, 回访), once, in the full demo only (the test servers seed no calls either).
  if (created && opts.calls !== false && opts.pack !== false) await seedDemoTickets(db, org.id, systemClock());
  return { created };
}

/** 班组 (queues / skill groups) of the demo hotline, so the board and the QA list can be filtered by team. */
async function seedDemoQueues(ctx: Parameters<typeof createQueue>[0]): Promise<void> {
  const users = await ctx.db.selectFrom('users').select(['id', 'agent_no']).where('org_id', '=', ctx.orgId).where('agent_no', 'is not', null).execute();
  const idsOf = (...agentNos: string[]) => users.filter((u) => u.agent_no !== null && agentNos.includes(u.agent_no)).map((u) => u.id);
  await createQueue(ctx, { code: 'general', name: '综合受理一组', kind: 'day', members: idsOf('1024', '1031') });
  await createQueue(ctx, { code: 'night', name: '夜间值守组', kind: 'night', members: idsOf('1047') });
  await createQueue(ctx, { code: 'expert', name: '投诉专席', kind: 'expert', members: idsOf('2001') });
}

/**
 * Demo tickets: a handful of requests in the states the hotline views are about — one due soon, one overdue and
 * under supervision once the worker runs, one waiting for its 回访 — taken and moved at instants in the past
 * relative to `now`, through the same services a person uses (so they have their transitions, timers and jobs).
 * Limits measured on the wall clock (24h, 30m) keep "due soon" true whatever the hour the demo starts.
 */
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { createTicket } from './tickets.service.js';
import { act } from './tickets.workflow.service.js';

const H = 3_600_000;

export async function seedDemoTickets(db: Db, orgId: string, now: Date): Promise<void> {
  const users = await db.selectFrom('users').select(['id', 'username', 'role']).where('org_id', '=', orgId).where('username', 'in', ['agent', 'lead', 'dept']).execute();
  const deps = await db.selectFrom('departments').select(['id', 'name']).where('org_id', '=', orgId).execute();
  const user = (name: string) => users.find((u) => u.username === name);
  const dept = (name: string) => deps.find((d) => d.name === name)?.id;
  const water = dept('市水务局');
  const housing = dept('市住建局');
  const agent = user('agent');
  const lead = user('lead');
  const staff = user('dept');
  if (!water || !housing || !agent || !lead || !staff) return;
  const as = (u: { id: string; username: string; role: string }, at: number): Ctx => ({
    db,
    orgId,
    actor: { id: u.id, name: u.username, role: u.role as Ctx['actor']['role'] },
    now: () => new Date(now.getTime() + at),
  });

  // 紧急 (一级): a burst water main, taken 20 hours ago; 24h to resolve, so it is due soon, with 进展通报 every 30 minutes.
  const burst = await createTicket(as(agent, -20 * H), {
    channel: 'phone',
    callerName: '赵女士',
    callerPhone: '13700001111',
    category: 'emergency',
    title: '滨江花园门口供水管爆裂',
    description: '来电人反映滨江花园小区南门人行道下供水管爆裂，水漫到马路上，附近多栋楼停水，请求尽快抢修。',
    address: '滨江区滨江花园南门',
    fields: {},
    tags: ['抢修'],
    callIds: [],
    complained: false,
  });
  await act(as(agent, -20 * H), burst.id, 'dispatch', { departmentId: water });
  await act(as(staff, -20 * H + 0.2 * H), burst.id, 'sign', {});
  await act(as(staff, -20 * H + 0.3 * H), burst.id, 'start', {});

  // 投诉: dispatched eight days ago and never signed for — overdue; the worker's breach puts it under 督办.
  const complaint = await createTicket(as(agent, -8 * 24 * H), {
    channel: 'phone',
    callerName: '钱先生',
    callerPhone: '13600002222',
    category: 'complaint',
    subCategory: 'property',
    title: '物业长期不清理楼道杂物',
    description: '来电人反映锦绣苑 6 栋楼道堆放杂物数月，多次找物业未处理，存在消防隐患。',
    address: '滨江区锦绣苑 6 栋',
    fields: { 'caller-demand': '要求物业清理楼道并说明原因', subject: '锦绣苑物业服务中心' },
    tags: [],
    callIds: [],
    complained: false,
  });
  await act(as(agent, -8 * 24 * H + 0.5 * H), complaint.id, 'dispatch', { departmentId: housing });

  // 求助: answered by 市水务局 and approved; waiting for the citizen to be called back (回访).
  const callback = await createTicket(as(agent, -6 * 24 * H), {
    channel: 'phone',
    callerName: '孙先生',
    callerPhone: '13500003333',
    category: 'help',
    subCategory: 'utilities',
    title: '翠湖小区 3 栋水压不足',
    description: '来电人反映翠湖小区 3 栋高层近一周水压很低，晚上七点后基本没有水，请求排查。',
    address: '西湖区翠湖小区 3 栋',
    fields: {},
    tags: ['水压'],
    callIds: [],
    complained: false,
  });
  await act(as(agent, -6 * 24 * H + 0.5 * H), callback.id, 'dispatch', { departmentId: water });
  await act(as(staff, -5 * 24 * H), callback.id, 'sign', {});
  await act(as(staff, -5 * 24 * H + H), callback.id, 'start', {});
  // replied yesterday: the 2wd callback limit runs at least until tomorrow's closing time, so the task is not overdue
  await act(as(staff, -24 * H), callback.id, 'reply', { reason: '经排查为小区二次供水加压泵故障，已更换水泵，3 栋水压已恢复正常。' });
  await act(as(lead, -22 * H), callback.id, 'approve_reply', {});
  await act(as(agent, -1 * H), callback.id, 'start_callback', {});
}

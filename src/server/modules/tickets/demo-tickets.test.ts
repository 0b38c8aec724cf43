import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import type { Database } from '../../db/database.js';
import { seedDemo } from '../../demo.js';
import { Worker } from '../../jobs/runner.js';
import { findOrgBySlug } from '../orgs/orgs.repo.js';
import { seedDemoTickets } from './demo-tickets.js';
import { updateReminderJob } from './reminders.service.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';
import { listTickets } from './tickets.service.js';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

// The demo's views must not depend on the hour or the day it starts: a make-up Saturday night, a Monday morning.
describe.each(['2025-10-11T23:30:00+08:00', '2025-10-13T08:00:00+08:00'])('demo tickets seeded at %s', (start) => {
  it('give the hotline views something to show: due soon, overdue (supervised once the worker ran) and a 回访 task', { timeout: 120_000 }, async () => {
    const now = new Date(start);
    database = await createTestDatabase();
    await seedDemo(database.db, { pack: true, calls: false });
    const orgId = (await findOrgBySlug(database.db, 'demo'))?.id ?? '';
    await seedDemoTickets(database.db, orgId, now);
    const worker = new Worker({ db: database.db, jobs: [slaWarnJob, slaBreachJob, updateReminderJob] as never[], log: pino({ level: 'silent' }), pollMs: 50, now: () => now });
    await worker.drain();
    const ctx = { db: database.db, orgId, actor: { id: null, name: 'test', role: 'system' as const }, now: () => now };
    const page = { limit: 50, offset: 0 };
    const base = { limit: 50, offset: 0, sort: 'due' as const };
    const dueSoon = await listTickets(ctx, { ...base, dueSoon: true }, page);
    expect(dueSoon.items.find((t) => t.title === '滨江花园门口供水管爆裂')?.updateEvery).toBe('30m');
    const overdue = await listTickets(ctx, { ...base, overdue: true }, page);
    expect(overdue.items.map((t) => t.title)).toEqual(['物业长期不清理楼道杂物']);
    expect(overdue.items[0]?.supervised).toBe(true);
    const callbacks = await listTickets(ctx, { ...base, status: 'callback' }, page);
    expect(callbacks.items.map((t) => t.title)).toEqual(['翠湖小区 3 栋水压不足']);
  });
});

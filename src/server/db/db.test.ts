import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test/helpers/db.js';
import type { Database } from './database.js';
import { listMigrations, migrate, pendingMigrations } from './migrate.js';
import { createOrg } from '../modules/orgs/orgs.service.js';
import { recordAudit } from '../modules/audit/audit.repo.js';
import { recordEvent } from '../modules/events/events.repo.js';
import { systemActor } from '../context.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('database', () => {
  it('has applied every migration, and migrating again changes nothing', async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrate(database.db)).toEqual([]);
    const rows = await database.db.selectFrom('schema_migrations').select('name').execute();
    expect(rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
  });

  it('keeps the audit log append-only', async () => {
    const org = await createOrg(database.db, { slug: 'audit-test', name: '审计测试' });
    const ctx = { db: database.db, orgId: org.id, actor: systemActor, now: () => new Date() };
    await recordAudit(database.db, ctx, { action: 'test.write', entityType: 'thing', entityId: '1', before: { a: 1 }, after: { a: 2 } });
    await expect(sql`update audit_log set action = 'forged'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    const row = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'test.write').executeTakeFirstOrThrow();
    expect(row.before).toEqual({ a: 1 });
    expect(row.after).toEqual({ a: 2 });
  });

  it('writes domain events in the same transaction as the change: a rollback removes both', async () => {
    const org = await createOrg(database.db, { slug: 'event-test', name: '事件测试' });
    const ctx = { db: database.db, orgId: org.id, actor: systemActor, now: () => new Date() };
    await expect(
      database.db.transaction().execute(async (tx) => {
        await recordEvent(tx, { ...ctx, db: tx }, 'thing.happened', { type: 'thing', id: 'x1' });
        await recordAudit(tx, { ...ctx, db: tx }, { action: 'thing.do', entityType: 'thing', entityId: 'x1' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const events = await database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', 'x1').execute();
    const audits = await database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', 'x1').execute();
    expect(events).toHaveLength(0);
    expect(audits).toHaveLength(0);
  });

  it('gives every organisation-owned table an org_id', async () => {
    const rows = await sql<{ table_name: string }>`
      select t.table_name from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and t.table_name not in ('orgs', 'schema_migrations', 'login_attempts', 'jobs')
        and not exists (select 1 from information_schema.columns c where c.table_name = t.table_name and c.column_name = 'org_id')`.execute(database.db);
    expect(rows.rows.map((r) => r.table_name)).toEqual([]);
  });
});

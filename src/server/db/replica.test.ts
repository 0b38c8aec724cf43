/**
 * REXIAN_REPLICA_URL: reports and exports read from the replica, everything else (and the rollups' refresh)
 * goes to the primary. The "replica" here is a second database, a copy of the primary taken after three
 * calls and then made read-only: two more calls go to the primary, and the report and the call export show
 * the replica's three, while the primary's raw rows have five and its report markers were consumed there.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../test/helpers/cti.js';
import { createTestDatabase, usingPostgres } from '../../../test/helpers/db.js';
import { httpClient } from '../../../test/helpers/server.js';
import { loadConfig } from '../config.js';
import { seedDemo } from '../demo.js';
import { buildApp } from '../http/app.js';
import { copyDatabase } from './copy.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

const serverUrl = process.env.REXIAN_TEST_DATABASE_URL;
const replicaName = `rexian_replica_${Math.random().toString(36).slice(2, 8)}`;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(q);
  await c.end();
}

describe('REXIAN_REPLICA_URL needs a server', () => {
  it('is refused at start without DATABASE_URL', () => {
    expect(() => loadConfig({ REXIAN_REPLICA_URL: 'postgres://r@replica/rexian' })).toThrow(/REXIAN_REPLICA_URL.*needs DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://p@primary/rexian', REXIAN_REPLICA_URL: 'postgres://r@replica/rexian' }).replicaUrl).toBe('postgres://r@replica/rexian');
  });
});

describe.skipIf(!usingPostgres())('reports and exports from a read replica', () => {
  let primary: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let replicaUrl = '';
  const day = '2026-12-01';
  const at = (h: number) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);

  beforeAll(async () => {
    primary = await createTestDatabase();
    await seedDemo(primary.db, { calls: false, pack: false });
    // three calls on the primary, then the replica as a copy of it
    const first = await openDatabase({ databaseUrl: primary.url });
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database: first, clock: () => new Date() }, {});
    await app.listen({ port: 0, host: '127.0.0.1' });
    let client = httpClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    const cookie = await client.login('admin');
    const { token } = await createConnection(client, cookie);
    for (const [i, h] of [9, 10, 11].entries()) expect((await postEvents(client, token, callEvents({ callId: `r${i}`, start: at(h) }))).status).toBe(200);
    // a report on the primary builds the rollups, which a streaming replica would then receive
    expect(((await client.request(`/api/reports/kpi?from=${day}&to=${day}`, { cookie })).body as { total: { calls: { answered: number } } }).total.calls.answered).toBe(3);
    await app.close();
    await first.close();

    await admin(`create database ${replicaName}`);
    replicaUrl = Object.assign(new URL(serverUrl!), { pathname: `/${replicaName}` }).toString();
    const replica = await openDatabase({ databaseUrl: replicaUrl });
    await migrate(replica.db);
    await copyDatabase(primary.db, replica.db);
    await replica.close();
    // as a standby is: nothing can be written there
    await admin(`alter database ${replicaName} set default_transaction_read_only = on`);

    database = await openDatabase({ databaseUrl: primary.url, replicaUrl });
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database, clock: () => new Date() }, {});
    await app.listen({ port: 0, host: '127.0.0.1' });
    client = httpClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    const cookie2 = await client.login('admin');
    for (const [i, h] of [14, 15].entries()) expect((await postEvents(client, token, callEvents({ callId: `p${i}`, start: at(h) }))).status).toBe(200);
    Object.assign(ctxHolder, { client, cookie: cookie2 });
  }, 300_000);
  const ctxHolder: { client?: ReturnType<typeof httpClient>; cookie?: string } = {};
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await primary?.close();
    if (serverUrl) await admin(`drop database if exists ${replicaName} with (force)`);
  });

  it('sends the report and the export to the replica, the rollup refresh and the export audit row to the primary', async () => {
    const { client, cookie } = ctxHolder as Required<typeof ctxHolder>;
    const raw = await sql<{ n: number }>`select count(*)::int as n from calls`.execute(primary.db);
    expect(raw.rows[0]!.n).toBe(5);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from kpi_dirty_bins`.execute(primary.db)).rows[0]!.n)).toBeGreaterThan(0);

    const r = await client.request(`/api/reports/kpi?from=${day}&to=${day}`, { cookie });
    expect(r.status).toBe(200);
    expect((r.body as { total: { calls: { answered: number } } }).total.calls.answered).toBe(3); // the replica's calls
    // the refresh ran on the primary: its markers are gone (the replica could not have been written)
    expect((await sql<{ n: number }>`select count(*)::int as n from kpi_dirty_bins`.execute(primary.db)).rows[0]!.n).toBe(0);

    const list = await client.request('/api/calls?limit=50', { cookie });
    expect((list.body as { total: number }).total).toBe(5); // the call list is not a report: the primary
    const xlsx = await fetch(`${client.baseUrl}/api/calls/export.xlsx`, { headers: { cookie } });
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount - 1).toBe(3); // header + the replica's three calls
    const audit = await sql<{ after: { rows: number } }>`select after from audit_log where action = 'calls.export'`.execute(primary.db);
    expect(audit.rows.map((x) => x.after.rows)).toEqual([3]);
  });
});

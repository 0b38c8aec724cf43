/**
 * rexian db copy through the real CLI: the demo hotline (a simulated morning of calls, QA, tickets, the audit
 * log) in a data directory is copied into an empty PostgreSQL database and back into a new data directory
 * (without a server in the test run: into another data directory). Each copy is compared here with queries
 * of this test: every table's rows as text, the audit log row by row, the sequences; a second copy into the
 * filled target is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { seedDemo } from '../demo.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-copy-'));
const source = path.join(dir, 'source');
const serverUrl = process.env.REXIAN_TEST_DATABASE_URL;
const dbName = `rexian_copy_${Math.random().toString(36).slice(2, 8)}`;
const targetUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString() : null;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(q);
  await c.end();
}

beforeAll(async () => {
  const db = await openDatabase({ dataDir: source });
  await migrate(db.db);
  await seedDemo(db.db, { calls: true });
  await db.close();
  if (serverUrl) await admin(`create database ${dbName}`);
}, 300_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (serverUrl) await admin(`drop database if exists ${dbName} with (force)`);
});

/** Every table's row count and rows as text (in UTC, sorted), and the sequences, read here. */
async function snapshot(spec: string) {
  const d: Database = spec.startsWith('postgres') ? await openDatabase({ databaseUrl: spec }) : await openDatabase({ dataDir: spec });
  try {
    const tables = (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by 1`.execute(d.db)).rows.map((r) => r.t);
    const out: Record<string, { rows: number; md5: string }> = {};
    const audit = await d.db.transaction().execute(async (tx) => {
      await sql`set local timezone = 'UTC'`.execute(tx);
      for (const t of tables) {
        const r = await sql<{ n: number; h: string | null }>`select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.id(t)} x`.execute(tx);
        out[t] = { rows: r.rows[0]!.n, md5: r.rows[0]!.h ?? '' };
      }
      // the audit log row by row, as text (both drivers give the same text; their JS values differ, e.g. bigint ids)
      return (await sql<{ t: string }>`select x::text as t from audit_log x order by id`.execute(tx)).rows.map((r) => r.t);
    });
    const seqs = Object.fromEntries((await sql<{ s: string; v: string | null }>`select sequencename as s, last_value::text as v from pg_sequences where schemaname = 'public'`.execute(d.db)).rows.map((r) => [r.s, r.v]));
    return { tables: out, audit, seqs };
  } finally {
    await d.close();
  }
}

const env = { REXIAN_DATA_DIR: source, DATABASE_URL: '' };

describe('rexian db copy', () => {
  it('copies every table, the audit log and the sequences into an empty database and back; refuses a filled target', { timeout: 600_000 }, async () => {
    const before = await snapshot(source);
    expect(before.tables['calls']!.rows).toBeGreaterThan(50);
    expect(before.tables['audit_log']!.rows).toBeGreaterThan(10);
    expect(before.tables['domain_events']!.rows).toBeGreaterThan(50);

    // there and back: through PostgreSQL when the test run has a server, else between two data directories
    const there = targetUrl ?? path.join(dir, 'copy');
    const out = await runCli(['db', 'copy', '--to', there], { env });
    expect(out.stderr, out.stdout).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/row counts and checksums match in every table, sequences set/);
    const copied = await snapshot(there);
    expect(copied.tables).toEqual(before.tables);
    expect(copied.audit).toEqual(before.audit);
    expect(copied.seqs).toEqual(before.seqs);

    // a second copy into it is refused, and changes nothing
    const again = await runCli(['db', 'copy', '--to', there], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty: it has \d+ table\(s\)/);
    expect((await snapshot(there)).tables).toEqual(before.tables);

    const back = path.join(dir, 'back');
    const home = await runCli(['db', 'copy', '--from', there, '--to', back], { env });
    expect(home.code).toBe(0);
    const returned = await snapshot(back);
    expect(returned.tables).toEqual(before.tables);
    expect(returned.audit).toEqual(before.audit);
    expect(returned.seqs).toEqual(before.seqs);

    // the copy is a working database: a new row takes the next id after the copied ones
    const d = await openDatabase({ dataDir: back });
    try {
      const orgId = (await d.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow()).id;
      const row = await d.db.insertInto('audit_log').values({ org_id: orgId, actor_name: 't', action: 'test', entity_type: 't', entity_id: 't', at: new Date() }).returning('id').executeTakeFirstOrThrow();
      expect(Number(row.id)).toBe(Number(before.seqs['audit_log_id_seq']) + 1);
    } finally {
      await d.close();
    }
  });
});

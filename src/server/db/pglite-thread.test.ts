import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteThread } from './pglite-thread.js';

// The embedded database's thread itself (every other suite uses it through openDatabase).
describe('PGlite in its own thread', () => {
  let db: PGliteThread;
  beforeAll(async () => {
    db = await PGliteThread.create(undefined);
    await db.exec('create table t (id int primary key, name text not null); insert into t values (1, $$一$$)');
  }, 30_000);
  afterAll(async () => db?.close());

  it('runs statements with parameters and returns rows and counts as PGlite does', async () => {
    const ins = await db.query('insert into t values ($1, $2), ($3, $4)', [2, '二', 3, '三']);
    expect(ins.affectedRows).toBe(2);
    const r = await db.query<{ id: number; name: string; at: Date }>('select id, name, now() as at from t where id >= $1 order by id', [2]);
    expect(r.rows.map((x) => [x.id, x.name])).toEqual([
      [2, '二'],
      [3, '三'],
    ]);
    expect(r.rows[0]!.at).toBeInstanceOf(Date);
  });

  it("rejects a failing statement with PostgreSQL's code and constraint, and goes on serving", async () => {
    const err = await db.query('insert into t values ($1, $2)', [1, 'again']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
    expect((err as Error).message).toMatch(/duplicate key/);
    expect((await db.query<{ n: number }>('select count(*)::int as n from t', [])).rows[0]!.n).toBeGreaterThan(0);
  });

  it("keeps the server's thread free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await db.query('select count(*) from generate_series(1, 3000000)', []);
    const took = performance.now() - started;
    clearInterval(timer);
    // On the server's own thread not one tick could run until the statement is over.
    expect(took).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(took / 5 / 4);
  });

  it('delivers notifications to listeners until they stop listening', async () => {
    const got: string[] = [];
    const stop = await db.listen('chan', (p) => got.push(p));
    await db.query(`select pg_notify('chan', $1)`, ['one']);
    await expect.poll(() => got).toEqual(['one']);
    await stop();
    await db.query(`select pg_notify('chan', $1)`, ['two']);
    await db.query('select 1', []);
    expect(got).toEqual(['one']);
  });
});

describe('PGlite thread on disk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-thread-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps what was committed across a close, and refuses work once closed', async () => {
    const a = await PGliteThread.create(dir);
    await a.exec('create table kept (v text)');
    await a.query('insert into kept values ($1)', ['持久']);
    await a.close();
    await expect(a.query('select 1', [])).rejects.toThrow(/closed/);
    const b = await PGliteThread.create(dir);
    expect((await b.query<{ v: string }>('select v from kept', [])).rows).toEqual([{ v: '持久' }]);
    await b.close();
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { usingPostgres } from '../../../test/helpers/db.js';
import { localParts } from '../../shared/calendar/zone.js';
import { openDatabase } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { seedDemo } from '../../server/demo.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { REXIAN_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

// the demo's simulated morning is yesterday in Shanghai
const y = localParts(Date.now() - 86_400_000, 'Asia/Shanghai');
const day = `${y.year}-${String(y.month).padStart(2, '0')}-${String(y.day).padStart(2, '0')}`;
let offered = 0;
let answered = 0;

/** Every key docs/kpi.md defines in its tables (`key`, or `keyA`, `keyB` in the first column). */
function documentedKeys(): Set<string> {
  const md = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/kpi.md'), 'utf8');
  const keys = new Set<string>();
  for (const line of md.split('\n')) {
    const first = /^\| (`[^|]+`) \|/.exec(line)?.[1];
    if (first) for (const m of first.matchAll(/`([A-Za-z0-9]+)`/g)) keys.add(m[1] ?? '');
  }
  return keys;
}

describe.skipIf(usingPostgres())('rexian report kpi', () => {
  beforeAll(async () => {
    const database = await openDatabase({ dataDir: env.REXIAN_DATA_DIR });
    await migrate(database.db);
    await seedDemo(database.db, { calls: true });
    // counted here, in SQL of its own, over the raw calls
    const r = await sql<{ offered: number; answered: number }>`
      select count(*) filter (where answered_at is not null or (abandoned and coalesce(wait_ms, 0) >= 5000))::int as offered,
             count(*) filter (where answered_at is not null)::int as answered
      from calls where direction = 'in' and to_char(ringing_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') = ${day}`.execute(database.db);
    offered = r.rows[0]?.offered ?? 0;
    answered = r.rows[0]?.answered ?? 0;
    await database.close();
  }, 180_000);

  it('--json prints the report with the keys of docs/kpi.md, and its figures are the calls of the day', { timeout: 120_000 }, async () => {
    expect(offered).toBeGreaterThan(50);
    const r = await runCli(['report', 'kpi', '--org', 'demo', '--from', day, '--to', day, '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { total: Record<string, Record<string, unknown>>; rows: Array<{ key: string; calls: { offered: number } }>; thresholds: unknown };
    expect(report.total.calls?.offered).toBe(offered);
    expect(report.total.calls?.answered).toBe(answered);
    expect(report.rows.map((x) => x.key)).toEqual([day]);
    expect(report.thresholds).toEqual({ t1Sec: 15, t2Sec: 20 });
    // the contract: every figure is documented, every documented figure is there
    const docs = documentedKeys();
    const given = new Set(Object.values(report.total).flatMap((s) => Object.keys(s)));
    for (const k of given) expect(docs, `${k} is not in docs/kpi.md`).toContain(k);
    for (const k of docs) if (!['topChecks'].includes(k)) expect(given, `docs/kpi.md names ${k}, the report lacks it`).toContain(k);
  });

  it('prints a table by agent, and bad dates are one line on stderr with a non-zero exit', { timeout: 120_000 }, async () => {
    const r = await runCli(['report', 'kpi', '--org', 'demo', '--from', day, '--to', day, '--by', 'agent'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${day} to ${day} (Asia/Shanghai), by agent`);
    expect(r.stdout).toMatch(/^李娜 \(1024\)\s+\d+/m);
    expect(r.stdout).toMatch(new RegExp(`^total\\s+${offered}\\s+${answered}\\s`, 'm'));
    for (const args of [['--from', '2026-02-30', '--to', '2026-03-01'], ['--from', '2026-12-31', '--to', '2026-12-01'], ['--from', 'yesterday', '--to', day]]) {
      const bad = await runCli(['report', 'kpi', '--org', 'demo', ...args], { env });
      expect(bad.code, args.join(' ')).not.toBe(0);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.trim().split('\n'), bad.stderr).toHaveLength(1);
    }
    const noOrg = await runCli(['report', 'kpi', '--org', 'nope', '--from', day, '--to', day], { env });
    expect(noOrg.code).not.toBe(0);
    expect(noOrg.stderr).toMatch(/nope/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { usingPostgres } from '../../../test/helpers/db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-db-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { REXIAN_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

describe.skipIf(usingPostgres())('rexian db retention / prune', () => {
  it('shows the defaults, sets a policy, refuses a value out of bounds, and prunes', async () => {
    expect((await runCli(['org', 'add', '--slug', 'xh12345', '--name', '星河市12345'], { env })).code).toBe(0);
    const shown = await runCli(['db', 'retention', '--org', 'xh12345'], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('(defaults)');
    expect(shown.stdout).toMatch(/--jobs-days\s+14/);
    expect(shown.stdout).toMatch(/--audit-days\s+forever/);
    expect(shown.stdout).toMatch(/--caller-texts-days\s+180/);
    const set = await runCli(['db', 'retention', '--org', 'xh12345', '--jobs-days', '3', '--audit-days', '400'], { env });
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/--jobs-days\s+3\n/);
    expect(set.stdout).toMatch(/--audit-days\s+400/);
    const bad = await runCli(['db', 'retention', '--org', 'xh12345', '--cti-events-days', '2'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--cti-events-days must be a whole number of days from 7 to 3650');
    const prune = await runCli(['db', 'prune'], { env });
    expect(prune.code).toBe(0);
    expect(prune.stdout).toMatch(/^deleted: jobs \d+, ctiEvents 0/);
  }, 120_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';
import { usingPostgres } from '../../test/helpers/db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { REXIAN_DATA_DIR: dir, DATABASE_URL: '' };

describe.skipIf(usingPostgres())('rexian migrate / org / user', () => {
  it('migrates, creates an organisation and users, and lists them', { timeout: 120_000 }, async () => {
    const m = await runCli(['migrate'], { env });
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/up to date: \d+ migration/);

    expect((await runCli(['org', 'add', '--slug', 'water', '--name', '市水务热线'], { env })).code).toBe(0);
    const add = await runCli(['user', 'add', '--org', 'water', '--role', 'agent', '--name', '王芳', '--username', 'wangfang', '--agent-no', '3001'], { env });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/created agent "王芳" \(username wangfang, 工号 3001\) in water/);
    expect(add.stdout).toMatch(/password: \S{8,}/);

    const list = await runCli(['user', 'list', '--org', 'water'], { env });
    expect(list.stdout).toMatch(/wangfang\s+agent\s+3001\s+王芳/);
  });

  it('explains mistakes in one line and exits non-zero', { timeout: 120_000 }, async () => {
    const noOrg = await runCli(['user', 'add', '--org', 'nope', '--role', 'agent', '--name', 'bob'], { env });
    expect(noOrg.code).not.toBe(0);
    expect(noOrg.stderr.trim()).toMatch(/^rexian: no organisation "nope"/);

    const badRole = await runCli(['user', 'add', '--org', 'water', '--role', 'pilot', '--name', 'bob'], { env });
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/pilot/);

    const chineseName = await runCli(['user', 'add', '--org', 'water', '--role', 'agent', '--name', '赵六'], { env });
    expect(chineseName.code).not.toBe(0);
    expect(chineseName.stderr).toMatch(/--username/);

    const badFlag = await runCli(['serve', '--colour'], { env });
    expect(badFlag.code).not.toBe(0);
    expect(badFlag.stderr).toMatch(/unknown option '--colour'/);

    const badRoles = await runCli(['serve', '--roles', 'web,cook'], { env });
    expect(badRoles.code).toBe(2);
    expect(badRoles.stderr.trim()).toBe('rexian: --roles: unknown role "cook" (use web, worker or web,worker)');

    const badEnv = await runCli(['migrate'], { env: { ...env, PORT: 'abc' } });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr.trim()).toBe('rexian: invalid configuration: PORT="abc": expected a whole number');
    for (const r of [noOrg, badRole, chineseName, badFlag, badRoles, badEnv]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(usingPostgres())('rexian standards (database) and qa recheck', () => {
  it('imports a pack, lists, diffs and exports versions, and queues a recheck', { timeout: 180_000 }, async () => {
    const imp = await runCli(['standards', 'import', 'standards/general', '--org', 'water', '--activate', '--note', 'first'], { env });
    expect(imp.stderr).toBe('');
    expect(imp.stdout).toMatch(/stored as version 1 of water .*active/);
    const again = await runCli(['standards', 'import', 'standards/general', '--org', 'water'], { env });
    expect(again.stdout).toMatch(/same as version 1; nothing new stored/);
    expect((await runCli(['standards', 'import', 'standards/telecom', '--org', 'water'], { env })).stdout).toMatch(/stored as version 2/);
    const list = await runCli(['standards', 'list', '--org', 'water'], { env });
    expect(list.stdout).toMatch(/^\* v1 /m);
    expect(list.stdout).toMatch(/^ {2}v2 /m);
    const diff = await runCli(['standards', 'diff', '1', '2', '--org', 'water'], { env });
    expect(diff.code).toBe(0);
    expect(diff.stdout.split('\n').length).toBeGreaterThan(10);
    const out = path.join(dir, 'export');
    const exp = await runCli(['standards', 'export', '--org', 'water', '--out', out], { env });
    expect(exp.stdout).toMatch(/wrote version 1/);
    expect(fs.readFileSync(path.join(out, 'pack.yaml'), 'utf8')).toBe(fs.readFileSync('standards/general/pack.yaml', 'utf8'));
    const bad = await runCli(['standards', 'activate', '7', '--org', 'water'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('rexian: there is no version 7 of the standard');

    const recheck = await runCli(['qa', 'recheck', '--org', 'water', '--since', '2026-01-01'], { env });
    expect(recheck.stdout).toMatch(/queued 0 call\(s\)/);
    const badDate = await runCli(['qa', 'recheck', '--org', 'water', '--since', 'yesterday'], { env });
    expect(badDate.code).toBe(2);
  });
});

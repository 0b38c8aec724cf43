import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { spawnServer } from '../../../test/helpers/spawn-server.js';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-lock-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the embedded data directory lock', () => {
  it('refuses a second process while the first is alive, and takes over the lock of a dead one', () => {
    const lock = path.join(dir, 'rexian.lock');
    // a live process that is not us: our parent (the test runner's)
    fs.writeFileSync(lock, `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    // a process id that is not running any more
    fs.writeFileSync(lock, '999999999\n');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    // the same process may open it again (counted); the file goes with the last release
    const again = lockDataDir(dir);
    release();
    expect(fs.existsSync(lock)).toBe(true);
    again();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('makes the CLI refuse a data directory a running server holds, with a message, and work again once it stops', async () => {
    const dataDir = path.join(dir, 'served');
    const { child } = await spawnServer({ dataDir, port: 0, entry: 'source', timeoutMs: 90_000 });
    try {
      const refused = await runCli(['org', 'list'], { env: { REXIAN_DATA_DIR: dataDir, DATABASE_URL: '' } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is in use by process ${child.pid}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const listed = await runCli(['org', 'list'], { env: { REXIAN_DATA_DIR: dataDir, DATABASE_URL: '' } });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
  }, 120_000);
});

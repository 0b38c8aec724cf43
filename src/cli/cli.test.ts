import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';

describe('rexian CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: rexian');
  });

  it('rejects an unknown command with one line and a non-zero exit', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command|too many arguments/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

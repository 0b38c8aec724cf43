import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

const fixtures = 'src/shared/standards/fixtures';

describe('rexian standards check', () => {
  it('checks the default packs: one OK line each, exit 0', async () => {
    const r = await runCli(['standards', 'check', 'standards/general', 'standards/government-12345', 'standards/utility', 'standards/telecom']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^standards\/general: OK \(\d+ scenarios, 8 customer types, 7 categories\)$/m);
    expect(r.stdout).toMatch(/^standards\/telecom: OK \(\d+ scenarios, /m);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('prints every error as file:line:col path: message and exits 1', async () => {
    const r = await runCli(['standards', 'check', `${fixtures}/broken-pack`, `${fixtures}/minimal.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${fixtures}/broken-pack/pack.yaml:4:12 pack.version: expected a string, got the number 1`);
    expect(r.stdout).toContain(`${fixtures}/broken-pack/scenarios.yaml:7:17 scenarios[0].steps[0].script: expected a non-empty string`);
    expect(r.stdout).toContain(`${fixtures}/broken-pack: 2 errors`);
    expect(r.stdout).toContain(`${fixtures}/minimal.yaml: OK (1 scenario, 0 customer types, 1 category)`);
  });

  it('reports YAML syntax errors with their position', async () => {
    const r = await runCli(['standards', 'check', `${fixtures}/broken-syntax.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${fixtures}/broken-syntax.yaml:3:\\d+: YAML syntax: `, 'm'));
  });

  it('prints warnings apart and still exits 0', async () => {
    const r = await runCli(['standards', 'check', `${fixtures}/warnings.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning: src\/shared\/standards\/fixtures\/warnings\.yaml:\d+:\d+ scenarios\[0\]: scenario "silent-call" lists no forbidden phrasings$/m);
    expect(r.stdout).toMatch(/: OK \(1 scenario, 0 customer types, 1 category, 1 warning\)$/m);
  });

  it('refuses a missing path or a path that does not exist', async () => {
    const none = await runCli(['standards', 'check']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/^rexian: give at least one pack folder or YAML file/);
    const missing = await runCli(['standards', 'check', 'no/such/pack']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('no/such/pack: no such file or folder');
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';
import { commandDescriptions } from './commands/index.js';
import { buildProgram } from './main.js';

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

  it('lists every command with its one description, loading none of them; a command’s own help loads it', async () => {
    const r = await runCli(['--help']);
    const text = r.stdout.replace(/\s+/g, ' ');
    for (const [name, description] of Object.entries(commandDescriptions)) {
      expect(text).toContain(` ${name} `);
      expect(text).toContain(description.slice(0, 30));
    }
    const sla = await runCli(['sla', '--help']);
    expect(sla.code).toBe(0);
    expect(sla.stdout).toContain('due');
  });

  it('every command module registers the command it is listed for, with the same description', async () => {
    const program = await buildProgram([], true);
    for (const [name, description] of Object.entries(commandDescriptions)) {
      const c = program.commands.find((x) => x.name() === name);
      expect(c?.description(), name).toBe(description);
      expect(c?.commands.length || c?.registeredArguments.length || name === 'serve' || name === 'migrate', name).toBeTruthy();
    }
  });
});

import { Command, CommanderError } from 'commander';
import { CliError } from './errors.js';
import { registerCommands } from './commands/index.js';

/** The program with the command `argv` runs (every command with `all`), the others listed for help. */
export async function buildProgram(argv: readonly string[] = [], all = false): Promise<Command> {
  const program = new Command();
  program
    .name('rexian')
    .description('rexian (热线) — service standards, tickets, calls and QA for telephone hotlines')
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run "rexian --help" for the list of commands)')
    .exitOverride();
  await registerCommands(program, argv, all);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" for commander but successes for the user
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode || 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`rexian: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`rexian: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.REXIAN_DEBUG) console.error(err);
    return 1;
  }
}


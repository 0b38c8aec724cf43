import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * The top-level commands, what each is for, and the modules that define it. A command's code is
 * loaded only when it runs (or its help is asked for): `rexian --help` and `rexian sla due` must not
 * pay for the server, the database driver and the QA engine. The descriptions live here, once; the
 * modules take theirs from `describe`.
 */
export const commandDescriptions = {
  serve: 'run rexian: the web server and API, the background worker, or both',
  migrate: 'apply pending database migrations (the server also does this at start)',
  db: 'the database: retention and pruning, copying between the embedded database and PostgreSQL',
  user: 'manage users',
  org: 'manage organisations (one per hotline)',
  standards: 'service standard packs (服务规范): validate, import, list, activate, compare, export',
  sla: 'SLA due dates on the working-day calendar',
  calendar: 'the working-day calendar (holidays, make-up days)',
  qa: 'check call transcripts against the service standard (automated QA)',
  cti: 'CTI: connections, adapters and the traffic simulator',
  kb: 'knowledge base (知识库): articles as Markdown files',
  report: 'operation reports (KPI figures of docs/kpi.md)',
  staffing: 'agents needed for a service level (Erlang C, Erlang A)',
} as const;
export type CommandName = keyof typeof commandDescriptions;

export const describe = (name: CommandName): string => commandDescriptions[name];

const reg = (m: { register: Register }) => m.register;

/** The modules that register each command, in order (a module may add subcommands to another's command). */
const loaders: Record<CommandName, () => Promise<Register[]>> = {
  serve: async () => [reg(await import('./serve.js'))],
  migrate: async () => [reg(await import('./db.js'))],
  db: async () => [reg(await import('./db.js'))],
  user: async () => [reg(await import('./users.js'))],
  org: async () => [reg(await import('./users.js'))],
  standards: async () => [reg(await import('./standards.js')), reg(await import('./standards-db.js'))],
  sla: async () => [reg(await import('./sla.js'))],
  calendar: async () => [reg(await import('./sla.js'))],
  qa: async () => [reg(await import('./qa.js')), reg(await import('./qa-db.js'))],
  cti: async () => [reg(await import('./cti-adapters.js')), reg(await import('./cti-simulate.js'))],
  kb: async () => [reg(await import('./kb.js'))],
  report: async () => [reg(await import('./report.js'))],
  staffing: async () => [reg(await import('./staffing.js'))],
};

const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(commandDescriptions, name);

/**
 * Adds the commands to `program`: the one `argv` runs, fully, and every other as a name and a
 * description (enough for the list in `rexian --help`). With `all`, every command fully.
 */
export async function registerCommands(program: Command, argv: readonly string[], all = false): Promise<void> {
  const wanted = argv.find((a) => !a.startsWith('-'));
  const names = Object.keys(commandDescriptions) as CommandName[];
  const full = all ? names : isCommand(wanted) ? [wanted] : [];
  const done = new Set<Register>();
  for (const name of full)
    for (const register of await loaders[name]()) {
      if (done.has(register)) continue;
      done.add(register);
      register(program);
    }
  for (const name of names) if (!program.commands.some((c) => c.name() === name)) program.command(name).description(describe(name));
}

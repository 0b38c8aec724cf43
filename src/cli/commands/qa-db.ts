import type { Command } from 'commander';
import { CliError } from '../errors.js';

/** `rexian qa recheck`: queue stored calls to be checked again, e.g. after the standard changed. */
export function register(program: Command): void {
  const qa = program.commands.find((c) => c.name() === 'qa');
  if (!qa) throw new Error('register the qa command before qa-db');
  qa.command('recheck')
    .description('check again, in the background, every stored call of an organisation since a date')
    .requiredOption('--org <slug>', 'organisation')
    .requiredOption('--since <date>', 'calls started at or after this date (YYYY-MM-DD or ISO 8601)')
    .action(async (opts: { org: string; since: string }) => {
      const since = new Date(opts.since);
      if (!/^\d{4}-\d{2}-\d{2}/.test(opts.since) || Number.isNaN(since.getTime())) throw new CliError(`--since: "${opts.since}" is not a date (YYYY-MM-DD)`, 2);
      // the server's modules are loaded only for this subcommand: `rexian qa FILES` stays quick
      const [{ systemActor, systemClock }, { requireOrg }, { recheckSince }, { withDatabase }] = await Promise.all([
        import('../../server/context.js'),
        import('../../server/modules/orgs/orgs.service.js'),
        import('../../server/modules/qa/qa.service.js'),
        import('../context.js'),
      ]);
      await withDatabase(async (database) => {
        const org = await requireOrg(database.db, opts.org);
        const n = await recheckSince({ db: database.db, orgId: org.id, actor: { ...systemActor, name: 'cli' }, now: systemClock }, since);
        process.stdout.write(`queued ${n} call(s) of ${opts.org} since ${opts.since} to be checked again; a worker (rexian serve --roles=worker) runs them\n`);
      });
    });
}

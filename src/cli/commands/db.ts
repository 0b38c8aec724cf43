import type { Command } from 'commander';
import { describe } from './index.js';
import { withDatabase } from '../context.js';
import { CliError } from '../errors.js';
import { systemActor, systemClock } from '../../server/context.js';
import { requireOrg } from '../../server/modules/orgs/orgs.service.js';
import { getPolicy, savePolicy, sweep } from '../../server/modules/retention/retention.service.js';
import { RETENTION_LIMITS, retentionKeys, type RetentionPolicy } from '../../shared/retention.js';

const flag: Record<keyof RetentionPolicy, string> = {
  jobsDays: 'jobs-days',
  ctiEventsDays: 'cti-events-days',
  domainEventsDays: 'domain-events-days',
  agentFactsDays: 'agent-facts-days',
  loginDays: 'login-days',
  auditDays: 'audit-days',
};

export function register(program: Command): void {
  program
    .command('migrate')
    .description(describe('migrate'))
    .action(async () => {
      await withDatabase(async (database) => {
        // withDatabase has already migrated; report what the database now has.
        const rows = await database.db.selectFrom('schema_migrations').select(['name', 'applied_at']).orderBy('name').execute();
        process.stdout.write(`database ${database.kind} (${database.location}) is up to date: ${rows.length} migration(s)\n`);
        for (const r of rows) process.stdout.write(`  ${r.name}  ${new Date(r.applied_at).toISOString()}\n`);
      });
    });

  const db = program.command('db').description(describe('db'));

  const retention = db
    .command('retention')
    .description("show or set how long an organisation keeps jobs, CTI events, domain events, agent state facts, sign-in records and the audit log (days; --audit-days forever keeps it)")
    .requiredOption('--org <slug>', 'organisation (see "rexian org list")');
  for (const k of retentionKeys) retention.option(`--${flag[k]} <days>`, `${k === 'auditDays' ? 'the rest of the audit log, or "forever"' : k.replace(/Days$/, '')} (${RETENTION_LIMITS[k].min}–${RETENTION_LIMITS[k].max})`);
  retention.action(async (opts: Record<string, string>) => {
    await withDatabase(async (database) => {
      const org = await requireOrg(database.db, opts['org'] ?? '');
      const ctx = { db: database.db, orgId: org.id, actor: systemActor, now: systemClock };
      const current = await getPolicy(ctx);
      const next: RetentionPolicy = { ...current };
      let changed = false;
      for (const k of retentionKeys) {
        const given = opts[k];
        if (given === undefined) continue;
        changed = true;
        if (k === 'auditDays' && given === 'forever') {
          next.auditDays = null;
          continue;
        }
        const n = Number(given);
        const { min, max } = RETENTION_LIMITS[k];
        if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${flag[k]} must be a whole number of days from ${min} to ${max}${k === 'auditDays' ? ', or forever' : ''}`, 2);
        next[k] = n;
      }
      const shown = changed ? await savePolicy(ctx, next) : current;
      process.stdout.write(`retention of ${org.slug}${changed ? ' (saved)' : shown.updatedAt ? '' : ' (defaults)'}:\n`);
      for (const k of retentionKeys) process.stdout.write(`  --${flag[k].padEnd(19)} ${shown[k] ?? 'forever'}\n`);
    });
  });

  db.command('prune')
    .description('run the retention sweep now (the worker runs it every hour): delete what each organisation keeps no longer, in small batches')
    .action(async () => {
      await withDatabase(async (database) => {
        const counts = await sweep(database.db, new Date());
        process.stdout.write(`deleted: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
      });
    });
}

import type { Command } from 'commander';
import { describe } from './index.js';
import path from 'node:path';
import { asCliError, cliConfig, withDatabase } from '../context.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { assertEmpty, copyDatabase, sequencesMatch, TargetNotEmptyError } from '../../server/db/copy.js';
import { migrate } from '../../server/db/migrate.js';
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
  callerTextsDays: 'caller-texts-days',
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
    .description("show or set how long an organisation keeps jobs, CTI events, domain events, agent state facts, texts to callers, sign-in records and the audit log (days; --audit-days forever keeps it)")
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

  db.command('copy')
    .description('copy every table of one rexian database into an empty one, then compare row counts and checksums: --to postgres://… moves the embedded database to a server; --from postgres://… copies a server into an empty data directory (REXIAN_DATA_DIR, or --to <dir>)')
    .option('--from <url|dir>', 'the database to copy: a postgres:// URL or an embedded data directory (default: the configured one)')
    .option('--to <url|dir>', 'the empty database to fill: a postgres:// URL or a data directory (default: the configured one)')
    .action(async (opts: { from?: string; to?: string }) => {
      if (!opts.from && !opts.to) throw new CliError('say where to copy: --to postgres://… (from the configured database) or --from postgres://… (into it)', 2);
      const config = cliConfig();
      const configured = config.databaseUrl ?? config.dataDir;
      const from = opts.from ?? configured;
      const to = opts.to ?? configured;
      const same = (a: string) => (isUrl(a) ? a : path.resolve(a));
      if (same(from) === same(to)) throw new CliError('--from and --to name the same database', 2);
      const open = (spec: string) => (isUrl(spec) ? openDatabase({ databaseUrl: spec }) : openDatabase({ dataDir: spec }));
      let source: Database | undefined;
      let target: Database | undefined;
      try {
        source = await open(from);
        await migrate(source.db);
        target = await open(to);
        await assertEmpty(target.db, target.location);
        await migrate(target.db);
        process.stdout.write(`copying ${source.kind} (${source.location}) into ${target.kind} (${target.location})\n`);
        const checks = await copyDatabase(source.db, target.db, (table, rows) => process.stdout.write(`  ${table.padEnd(32)} ${rows}\n`));
        const bad = checks.filter((c) => c.rows !== c.targetRows || c.sourceSum !== c.targetSum);
        const seqs = await sequencesMatch(source.db, target.db);
        const rows = checks.reduce((n, c) => n + c.rows, 0);
        if (bad.length || seqs.length) {
          for (const c of bad) process.stderr.write(`  ${c.table}: source ${c.rows} rows (checksum ${c.sourceSum}), target ${c.targetRows} rows (checksum ${c.targetSum})\n`);
          if (seqs.length) process.stderr.write(`  sequences not where the source's are: ${seqs.join(', ')}\n`);
          throw new CliError(`the copy does not match the source in ${bad.length} table(s)${seqs.length ? ` and ${seqs.length} sequence(s)` : ''}`, 1);
        }
        process.stdout.write(`copied ${checks.length} tables, ${rows} rows; row counts and checksums match in every table, sequences set\n`);
      } catch (err) {
        if (err instanceof TargetNotEmptyError) throw new CliError(err.message, 1);
        throw asCliError(err);
      } finally {
        await target?.close();
        await source?.close();
      }
    });
}

const isUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

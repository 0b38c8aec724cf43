import fs from 'node:fs';
import { describe } from './index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { formatChange } from '../../shared/standards/diff.js';
import { systemActor, systemClock, type Ctx } from '../../server/context.js';
import type { Database } from '../../server/db/database.js';
import { AppError } from '../../server/http/errors.js';
import { requireOrg } from '../../server/modules/orgs/orgs.service.js';
import { PackValidationError, formatProblem, readPackFiles } from '../../server/modules/standards/standards.loader.js';
import * as standards from '../../server/modules/standards/standards.service.js';
import { withDatabase } from '../context.js';
import { CliError } from '../errors.js';

async function orgCtx(database: Database, slug: string): Promise<Ctx> {
  const org = await requireOrg(database.db, slug);
  return { db: database.db, orgId: org.id, actor: { ...systemActor, name: 'cli' }, now: systemClock };
}

function versionArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(`"${v}" is not a version number`, 2);
  return Number(v);
}

/** Adds the database subcommands (import, export, list, diff, activate) to `rexian standards`. */
export function register(program: Command): void {
  const cmd = program.commands.find((c) => c.name() === 'standards') ?? program.command('standards').description(describe('standards'));

  cmd
    .command('import')
    .description('store a pack (folder or YAML file) as a new version of an organisation’s standard')
    .argument('<path>', 'pack folder or YAML file')
    .requiredOption('--org <slug>', 'organisation')
    .option('--activate', 'make it the active standard', false)
    .option('--note <text>', 'what changed')
    .action(async (p: string, opts: { org: string; activate: boolean; note?: string }) => {
      let files;
      try {
        files = (await readPackFiles(p)).map((f) => ({ name: path.basename(f.name), text: f.text }));
      } catch (err) {
        if (err instanceof PackValidationError) throw new CliError(err.errors.map(formatProblem).join('\n'), 1);
        throw err;
      }
      await withDatabase(async (database) => {
        const ctx = await orgCtx(database, opts.org);
        try {
          const r = await standards.saveVersion(ctx, { files, note: opts.note, activate: opts.activate });
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
          const v = r.version;
          process.stdout.write(
            r.unchanged
              ? `${p}: same as version ${v.version}; nothing new stored${opts.activate ? ' (active)' : ''}\n`
              : `${p}: stored as version ${v.version} of ${opts.org} (${v.name} ${v.packVersion})${v.active ? ', active' : ''}\n`,
          );
        } catch (err) {
          const details = err instanceof AppError ? (err.details as { errors?: Array<Parameters<typeof formatProblem>[0]> } | undefined) : undefined;
          if (details?.errors) throw new CliError(`${p}: not stored — ${details.errors.length} error(s):\n${details.errors.map((e) => `  ${formatProblem({ ...e, file: e.file ? path.join(p, e.file) : e.file })}`).join('\n')}`, 1);
          throw err;
        }
      });
    });

  cmd
    .command('list')
    .description('versions of an organisation’s standard')
    .requiredOption('--org <slug>', 'organisation')
    .action(async (opts: { org: string }) => {
      await withDatabase(async (database) => {
        const versions = await standards.listVersions(await orgCtx(database, opts.org));
        if (versions.length === 0) process.stdout.write(`${opts.org} has no standard yet; "rexian standards import PATH --org ${opts.org} --activate"\n`);
        for (const v of versions)
          process.stdout.write(`${v.active ? '*' : ' '} v${String(v.version).padEnd(4)} ${v.createdAt.slice(0, 19).replace('T', ' ')}  ${v.name} ${v.packVersion}${v.note ? ` — ${v.note}` : ''}\n`);
      });
    });

  cmd
    .command('activate')
    .description('make a version the active standard')
    .argument('<version>', 'version number')
    .requiredOption('--org <slug>', 'organisation')
    .action(async (v: string, opts: { org: string }) => {
      const n = versionArg(v);
      await withDatabase(async (database) => {
        const r = await standards.activate(await orgCtx(database, opts.org), n);
        process.stdout.write(`version ${r.version} (${r.name}) is now the active standard of ${opts.org}\n`);
      });
    });

  cmd
    .command('diff')
    .description('what changed between two versions')
    .argument('<from>', 'version number')
    .argument('<to>', 'version number')
    .requiredOption('--org <slug>', 'organisation')
    .action(async (a: string, b: string, opts: { org: string }) => {
      const [from, to] = [versionArg(a), versionArg(b)];
      await withDatabase(async (database) => {
        const d = await standards.diff(await orgCtx(database, opts.org), from, to);
        if (d.changes.length === 0) process.stdout.write(`v${from} and v${to} are the same\n`);
        for (const c of d.changes) process.stdout.write(`${formatChange(c)}\n`);
      });
    });

  cmd
    .command('export')
    .description('write the YAML files of a version (default: the active one) to a folder')
    .requiredOption('--org <slug>', 'organisation')
    .requiredOption('--out <dir>', 'folder to write to (created if missing)')
    .option('--version <n>', 'version number')
    .action(async (opts: { org: string; out: string; version?: string }) => {
      const v = opts.version === undefined ? 'active' : versionArg(opts.version);
      await withDatabase(async (database) => {
        const r = await standards.exportVersion(await orgCtx(database, opts.org), v);
        fs.mkdirSync(opts.out, { recursive: true });
        for (const f of r.files) fs.writeFileSync(path.join(opts.out, path.basename(f.name)), f.text);
        process.stdout.write(`wrote version ${r.version} (${r.files.length} file(s)) to ${opts.out}\n`);
      });
    });
}

import type { Command } from 'commander';
import { describe } from './index.js';
import { withDatabase } from '../context.js';

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
}

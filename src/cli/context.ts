import { ConfigError, loadConfig, type Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import { DatabaseUnavailableError } from '../server/db/database.js';
import { AppError } from '../server/http/errors.js';
import { openAndMigrate } from '../server/main.js';
import { CliError } from './errors.js';

/** Reads the environment, turning a bad value into one readable line. */
export function cliConfig(overrides: Partial<Record<string, string>> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message.replace(/\n\s*/g, ' '), 2);
    throw err;
  }
}

/** Maps the errors a person can cause (bad input, unreachable database) to CLI errors. */
export function asCliError(err: unknown): unknown {
  if (err instanceof AppError) return new CliError(err.message, 1);
  if (err instanceof DatabaseUnavailableError) return new CliError(err.message, 1);
  return err;
}

/** Opens the configured database (migrating it), runs `fn`, and always closes it. */
export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = cliConfig();
  let database: Database;
  try {
    database = await openAndMigrate(config);
  } catch (err) {
    throw asCliError(err);
  }
  try {
    return await fn(database, config);
  } catch (err) {
    throw asCliError(err);
  } finally {
    await database.close();
  }
}

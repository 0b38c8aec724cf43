import type pino from 'pino';
import { createLogger } from './http/redact.js';
import type { Config } from './config.js';
import { systemClock } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { buildApp } from './http/app.js';
import { scheduleHousekeeping } from './jobs/housekeeping.js';
import { allJobs } from './jobs/index.js';
import { Worker } from './jobs/runner.js';
import { DEMO_PASSWORD, demoUsers, seedDemo } from './demo.js';

export const serverRoles = ['web', 'worker'] as const;
export type ServerRole = (typeof serverRoles)[number];

export interface StartOptions {
  config: Config;
  roles: ServerRole[];
  demo: boolean;
  /** Where to write the banner; stdout by default. */
  print?: (line: string) => void;
}

export interface RunningServer {
  url: string | null;
  database: Database;
  close(): Promise<void>;
}

export async function openAndMigrate(config: Config, log?: pino.Logger): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => log?.warn({ err: err.message }, 'an idle database connection was closed by the server; it will be replaced'),
  });
  try {
    await migrate(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** Starts one rexian process with the given roles over the configured database. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const log = createLogger(config.logLevel); // request URLs with phone or ID numbers are masked (http/redact.ts)
  const database = await openAndMigrate(config, log);
  const closers: Array<() => Promise<void>> = [];
  try {
    if (opts.demo) await seedDemo(database.db, { calls: config.demoCalls });

    let url: string | null = null;
    if (opts.roles.includes('web')) {
      const app = await buildApp({ config, database, clock: systemClock }, { logger: log });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      url = `http://${shownHost}:${port}`;
      closers.push(() => app.close());
    }
    if (opts.roles.includes('worker')) {
      const worker = new Worker({ db: database.db, jobs: allJobs, log, pollMs: config.workerPollMs });
      await scheduleHousekeeping(database.db, new Date());
      worker.start();
      closers.unshift(() => worker.stop());
    }

    print('');
    print(`rexian is running — roles: ${opts.roles.join(', ')}; database: ${database.kind} (${database.location})`);
    if (url) {
      print(`  open ${url}`);
      print(`  API docs ${url}/docs`);
    }
    if (opts.demo) {
      print(`  demo logins (password for all: ${DEMO_PASSWORD}):`);
      for (const u of demoUsers) print(`    ${u.username.padEnd(10)} ${u.title}${u.agentNo ? ` · 工号 ${u.agentNo}` : ''}`);
    }
    print('');

    return {
      url,
      database,
      close: async () => {
        for (const c of closers) await c();
        await database.close();
      },
    };
  } catch (err) {
    for (const c of closers) await c().catch(() => {});
    await database.close();
    throw err;
  }
}

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
    replicaUrl: config.replicaUrl,
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

type WebApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * A graceful stop of the web role: WebSocket clients are closed first with 1012 (service restart) so
 * browsers reconnect to another process and resume from their last event id; then the server stops
 * accepting, answers 503 to a new request on a kept-alive connection, and lets the requests in
 * flight finish. Those still running after `graceMs` are cut.
 */
async function closeWeb(app: WebApp, graceMs: number, log: pino.Logger): Promise<void> {
  await app.liveHub.close();
  let timer: NodeJS.Timeout | undefined;
  const closed = app.close().then(() => true);
  const inTime = await Promise.race([closed, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
  clearTimeout(timer);
  if (!inTime) {
    log.warn({ graceMs }, 'requests still in flight at the end of the shutdown grace period; closing their connections');
    app.server.closeAllConnections();
    await closed;
  }
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
      closers.push(() => closeWeb(app, config.shutdownGraceMs, log));
    }
    if (opts.roles.includes('worker')) {
      const worker = new Worker({ db: database.db, jobs: allJobs, log, pollMs: config.workerPollMs });
      await scheduleHousekeeping(database.db, new Date());
      worker.start();
      // finishes the job it runs, or releases it for another worker when the grace period ends
      closers.push(async () => void (await worker.stop({ graceMs: config.shutdownGraceMs })));
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
      // web and worker wind down side by side, then the database closes
      close: async () => {
        await Promise.all(closers.map((c) => c().catch((err: unknown) => log.error({ err }, 'shutdown step failed'))));
        await database.close();
      },
    };
  } catch (err) {
    for (const c of closers) await c().catch(() => {});
    await database.close();
    throw err;
  }
}

import { Option, type Command } from 'commander';
import { describe } from './index.js';
import { serverRoles, startServer, type ServerRole } from '../../server/main.js';
import { asCliError, cliConfig } from '../context.js';
import { CliError } from '../errors.js';

export function parseRoles(value: string): ServerRole[] {
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new CliError('--roles needs at least one of: web, worker', 2);
  for (const p of parts) if (!(serverRoles as readonly string[]).includes(p)) throw new CliError(`--roles: unknown role "${p}" (use web, worker or web,worker)`, 2);
  return [...new Set(parts)] as ServerRole[];
}

export function parsePort(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new CliError(`--port: "${value}" is not a port number (0–65535)`, 2);
  return value;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(describe('serve'))
    .addOption(new Option('--roles <roles>', 'what this process does: web, worker or web,worker').default('web,worker'))
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .option('--demo', 'load the demo organisation and users if the database has none yet', false)
    .action(async (opts: { roles: string; port?: string; host?: string; demo: boolean }) => {
      const roles = parseRoles(opts.roles);
      const config = cliConfig({ ...(opts.port !== undefined && { PORT: parsePort(opts.port) }), ...(opts.host !== undefined && { HOST: opts.host }) });
      let server;
      try {
        server = await startServer({ config, roles, demo: opts.demo });
      } catch (err) {
        const e = asCliError(err);
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${config.port} is already in use; set PORT or --port`, 1);
        throw e;
      }
      await new Promise<void>((resolve) => {
        let closing = false;
        const shutdown = (signal: string) => {
          if (closing) {
            // a second signal: stop now
            process.stdout.write(`received ${signal} again, exiting now\n`);
            process.exit(1);
          }
          closing = true;
          process.stdout.write(`received ${signal}, shutting down: finishing requests in flight and the running job (up to ${config.shutdownGraceMs} ms)…\n`);
          // whatever happens, the process ends a little after the grace period
          setTimeout(() => {
            process.stdout.write('shutdown took too long, exiting\n');
            process.exit(1);
          }, config.shutdownGraceMs + 10_000).unref();
          void server
            .close()
            .then(() => process.stdout.write('stopped\n'))
            .catch((err: unknown) => {
              // a failed shutdown is said and ends the process with 1, not as an unhandled rejection
              process.stderr.write(`shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
              process.exitCode = 1;
            })
            .finally(resolve);
        };
        process.on('SIGINT', () => shutdown('SIGINT'));
        process.on('SIGTERM', () => shutdown('SIGTERM'));
      });
    });
}

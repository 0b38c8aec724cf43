import { loadConfig, type Config } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/demo.js';
import { buildApp } from '../../src/server/http/app.js';
import { createTestDatabase } from './db.js';

export interface TestServer {
  baseUrl: string;
  database: Database;
  config: Config;
  app: Awaited<ReturnType<typeof buildApp>>;
  /** Signs in and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  request(path: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * A real server on a loopback port, over a fresh database with the demo organisation: the suite's
 * test database, or PGlite in `dataDir` (on disk, as `npm start` keeps it; the caller removes it).
 */
export async function startTestServer(opts: { env?: Record<string, string>; clock?: () => Date; demoPack?: boolean; dataDir?: string } = {}): Promise<TestServer> {
  const database = opts.dataDir ? await openDatabase({ dataDir: opts.dataDir }) : await createTestDatabase();
  if (opts.dataDir) await migrate(database.db);
  await seedDemo(database.db, { pack: opts.demoPack ?? false, calls: false });
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...opts.env });
  const app = await buildApp({ config, database, clock: opts.clock ?? (() => new Date()) }, {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const { request, login } = httpClient(baseUrl);

  return {
    baseUrl,
    database,
    config,
    app,
    login,
    request,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export type HttpClient = Pick<TestServer, 'baseUrl' | 'login' | 'request'>;

/** Signs in and calls the API of a server at `baseUrl` (in this process or another). */
export function httpClient(baseUrl: string): HttpClient {
  const request: HttpClient['request'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(baseUrl + path, { ...init, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie') ?? '';
    return cookie.split(';')[0] ?? '';
  };

  return { baseUrl, request, login };
}

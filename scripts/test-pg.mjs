// Runs the test suites against a real PostgreSQL server instead of embedded PGlite.
// Uses REXIAN_TEST_DATABASE_URL if set; otherwise starts a throwaway server with scripts/pg-server.sh.
import { execFileSync, spawnSync } from 'node:child_process';

let url = process.env.REXIAN_TEST_DATABASE_URL;
let started = false;
if (!url) {
  url = execFileSync('bash', ['scripts/pg-server.sh', 'start'], { encoding: 'utf8' }).trim();
  started = true;
}
console.log(`running the database suites on PostgreSQL: ${url}`);
const args = ['vitest', 'run', ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, REXIAN_TEST_DATABASE_URL: url } });
if (started) execFileSync('bash', ['scripts/pg-server.sh', 'stop']);
process.exit(r.status ?? 1);

// Authenticated API request latency against a real server on loopback (PGlite in memory):
// p50/p99 of GET /api/auth/me (session lookup in the database) next to the floor, /healthz (no database).
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../test/helpers/server.js';

const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 2000);

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function measure(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 100; i++) await fn(); // warm up
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(28)} ${(n / total).toFixed(0).padStart(6)} req/s   p50 ${pct(times, 50).toFixed(2)} ms   p99 ${pct(times, 99).toFixed(2)} ms`);
  return pct(times, 99);
}

const server = await startTestServer();
try {
  const cookie = await server.login('agent');
  const floor = await measure('GET /healthz (floor)', () => fetch(`${server.baseUrl}/healthz`).then((r) => r.text()));
  const me = await measure('GET /api/auth/me (session)', () => fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie } }).then((r) => r.text()));
  console.log(`session lookup p99 is ${(me / floor).toFixed(2)}× the floor`);
} finally {
  await server.close();
}

// `npm run bench:cli`: how long the built CLI takes to start and answer, as a person at a terminal
// feels it (a fresh `node bin/rexian.js …` process each time; the median of --runs, default 9).
// Targets (issue 18): `--help` and `sla due` ≤ 150 ms, `qa` on one file ≤ 300 ms. Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 9);
const cases: Array<{ name: string; args: string[]; target: number }> = [
  { name: 'rexian --help', args: ['--help'], target: 150 },
  { name: 'rexian sla due', args: ['sla', 'due', '--start', '2026-09-30T10:00+08:00', '--duration', '3wd'], target: 150 },
  { name: 'rexian qa (one file)', args: ['qa', 'src/shared/qa/fixtures/answer.late-no-apology.ok1.json'], target: 300 },
];
const floor = { name: 'node -e 0 (the floor)', args: [] as string[] };

function time(args: string[], bare = false): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, bare ? ['-e', '0'] : ['bin/rexian.js', ...args], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 && !bare) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores; ${runs} runs each`);
console.log(`${floor.name.padEnd(24)} ${median(Array.from({ length: runs }, () => time([], true))).toFixed(0).padStart(5)} ms`);
for (const c of cases) {
  time(c.args); // warm the file cache
  const ms = median(Array.from({ length: runs }, () => time(c.args)));
  const ok = ms <= c.target;
  console.log(`${c.name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms  (target ≤ ${c.target} ms${ok ? '' : ', missed'})`);
}
process.exit(0);

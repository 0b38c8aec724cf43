// `npm run bench:cli`: how long the built CLI takes to start and answer, as a person at a terminal
// feels it (a fresh `node bin/rexian.js …` process each time; the median of --runs, default 9).
// Targets (issue 18): `--help` and `sla due` ≤ 150 ms, `qa` on one file ≤ 300 ms. Needs `npm run build`.
// Beside the wall clock it prints the CPU time the process used (user + system, from the children's times in
// /proc/self/stat on Linux): on a loaded machine the wall clock mostly measures the wait for a core.
import { readFileSync } from 'node:fs';
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

/** CPU time of the children this process has waited for, in ms (Linux; null elsewhere). Ticks are 10 ms. */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function time(args: string[], bare = false): { wall: number; cpu: number | null } {
  const cpu0 = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync(process.execPath, bare ? ['-e', '0'] : ['bin/rexian.js', ...args], { cwd: root, encoding: 'utf8' });
  const wall = performance.now() - t;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0 && !bare) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function measure(args: string[], bare = false): string {
  const all = Array.from({ length: runs }, () => time(args, bare));
  const cpu = all.every((x) => x.cpu !== null) ? `, CPU ${median(all.map((x) => x.cpu!)).toFixed(0).padStart(4)} ms` : '';
  return `${median(all.map((x) => x.wall)).toFixed(0).padStart(5)} ms${cpu}`;
}

console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores; ${runs} runs each (median wall clock, median CPU time)`);
console.log(`${floor.name.padEnd(24)} ${measure([], true)}`);
for (const c of cases) {
  time(c.args); // warm the file cache
  const all = Array.from({ length: runs }, () => time(c.args));
  const ms = median(all.map((x) => x.wall));
  const cpu = all.every((x) => x.cpu !== null) ? `, CPU ${median(all.map((x) => x.cpu!)).toFixed(0).padStart(4)} ms` : '';
  const ok = ms <= c.target;
  console.log(`${c.name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms${cpu}  (target ≤ ${c.target} ms wall${ok ? '' : ', missed'})`);
}
process.exit(0);

// `npm run bench`: runs every benchmark in this folder, one after the other, each in its own process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n── bench/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

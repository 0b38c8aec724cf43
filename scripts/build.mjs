// Builds what `rexian` needs to run: the server and CLI (tsc → dist/) and the web app (vite → dist/web).
// Each part is skipped when its output is newer than every source it depends on, so `npm start` is quick the second time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newest(dirs) {
  let t = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else t = Math.max(t, st.mtimeMs);
  };
  dirs.forEach(walk);
  return t;
}
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);
const force = process.argv.includes('--force');
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

const configs = ['package.json', 'package-lock.json'];
if (force || mtime('dist/cli/main.js') < newest(['src/server', 'src/shared', 'src/cli', 'tsconfig.json', 'tsconfig.build.json', ...configs])) {
  console.log('building server and CLI (tsc)…');
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
}
if (force || mtime('dist/web/index.html') < newest(['src/web', 'src/shared', 'vite.config.ts', ...configs])) {
  console.log('building the web app (vite)…');
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
}

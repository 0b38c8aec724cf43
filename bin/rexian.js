#!/usr/bin/env node
// Runs the compiled CLI (dist/). `npm run build` produces it; `npm start` builds first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('rexian: not built yet — run "npm run build" (or "npm start") first\n');
  process.exit(1);
}
const { run } = await import(entry);
process.exitCode = await run(process.argv.slice(2));

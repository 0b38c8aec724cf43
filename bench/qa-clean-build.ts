// `npx tsx bench/qa-clean-build.ts`: turns the hand-written correct calls of
// src/shared/qa/fixtures/clean/<pack>.txt into transcript files (qa-spec.md format),
// src/shared/qa/fixtures/clean/<pack>/<id>.json. The timing is made up from the text:
// 220 spoken characters a minute, 0.5 s between turns, so that only what is said
// decides the findings. `--check` writes nothing and exits 1 when a file differs.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCleanCalls, cleanPacks } from '../src/shared/qa/clean-corpus.js';

const dir = fileURLToPath(new URL('../src/shared/qa/fixtures/clean/', import.meta.url));
const check = process.argv.includes('--check');
let differs = 0;
for (const pack of cleanPacks) {
  const calls = buildCleanCalls(pack.id, readFileSync(join(dir, `${pack.id}.txt`), 'utf8'));
  const out = join(dir, pack.id);
  const wanted = new Map(calls.map((c) => [`${c.id}.json`, `${JSON.stringify(c, null, 2)}\n`]));
  if (!check) {
    if (existsSync(out)) rmSync(out, { recursive: true });
    mkdirSync(out, { recursive: true });
    for (const [name, text] of wanted) writeFileSync(join(out, name), text);
    process.stdout.write(`${pack.id}: ${calls.length} calls\n`);
    continue;
  }
  const present = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.json')) : [];
  for (const name of new Set([...present, ...wanted.keys()])) {
    const have = present.includes(name) ? readFileSync(join(out, name), 'utf8') : null;
    if (have !== wanted.get(name)) {
      differs++;
      process.stdout.write(`${pack.id}/${name}: differs from ${pack.id}.txt\n`);
    }
  }
}
if (differs > 0) process.exitCode = 1;

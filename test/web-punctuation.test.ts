/**
 * The Chinese UI's punctuation in components: a translated word followed by ASCII `: `, `,`, `;` or ` (` builds a
 * Chinese sentence with English punctuation (违规项与证据 (3), 规则: …). Components use src/web/i18n/compose.ts
 * (labelled, paren) instead, whose patterns live in the dictionaries (src/web/i18n/punctuation.test.ts checks them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const web = fileURLToPath(new URL('../src/web', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
/** Where a pattern occurs in the components (the dictionaries under i18n/ are checked by punctuation.test.ts). */
const matches = (re: RegExp): string[] =>
  files(web)
    .filter((f) => !f.includes(`${path.sep}i18n${path.sep}`))
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(re)].map((m) => `${path.relative(web, f)}: ${m[0]}`));

describe('Chinese punctuation built in components', () => {
  it('no component writes ASCII punctuation after a translated word ({t(…)}: or ${t(…)} (…))', () => {
    const built = /\$?\{t\((['"`])[^'"`]+\1\)\}\s*(?::|,|;|\s\()/g;
    const found = matches(built);
    expect(found).toEqual([]);
  });

  it('nor full-width punctuation around a value, which the English UI would show too (name（role）, label：value)', () => {
    const fullWidth = /\}[：，；（）]|[：，；（]\$?\{/g;
    const found = matches(fullWidth);
    expect(found).toEqual([]);
  });
});

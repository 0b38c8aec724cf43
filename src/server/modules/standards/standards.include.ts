/**
 * Shared YAML a pack includes (`include: [../_common]`): the 34 common scenarios and the
 * taboo lexicon live once in standards/_common and every default pack reads them, instead
 * of copies that drift apart. The included files are returned as if they were the pack's
 * own, so validation, file:line errors and stored versions see them like any other file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PackValidationError, type PackFile } from '../../../shared/standards/validate.js';

const YAML_FILE = /\.ya?ml$/i;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The files of the folders the pack's files include, after them, each folder's YAML files
 * by name. One level: an included folder's own `include` is not followed. A folder that
 * cannot be read is an error at the file that includes it.
 */
export async function includedFiles(packDir: string, own: readonly PackFile[], displayName: (path: string) => string): Promise<PackFile[]> {
  const out: PackFile[] = [];
  for (const f of own) {
    let doc: unknown;
    try {
      doc = parseYaml(f.text, { maxAliasCount: 0 });
    } catch {
      continue; // a syntax error (or aliases) is for validation to report
    }
    const include = isRecord(doc) ? doc.include : undefined;
    if (!Array.isArray(include)) continue;
    for (const rel of include) {
      if (typeof rel !== 'string' || rel.trim() === '') continue;
      const dir = isAbsolute(rel) ? rel : join(packDir, rel);
      let names: string[];
      try {
        names = (await readdir(dir, { withFileTypes: true }))
          .filter((d) => d.isFile() && YAML_FILE.test(d.name) && !d.name.startsWith('.'))
          .map((d) => d.name)
          .sort();
      } catch {
        throw new PackValidationError([{ file: f.name, line: 0, column: 0, path: 'include', message: `cannot read the included folder "${rel}"` }]);
      }
      for (const n of names) out.push({ name: displayName(join(dir, n)), text: await readFile(join(dir, n), 'utf8') });
    }
  }
  return out;
}

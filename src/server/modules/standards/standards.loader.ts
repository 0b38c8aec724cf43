/**
 * Loading standard packs from disk: a folder of YAML files (one pack) or a single
 * YAML file. Validation itself is pure (src/shared/standards/validate.ts) so uploads
 * through the API are checked exactly like packs on disk.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type { QaConfig } from '../../../shared/qa/config.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { packLimits, PackValidationError, validatePackFiles, type PackFile, type PackProblem } from '../../../shared/standards/validate.js';
import { toQaConfig } from '../../../shared/standards/qa.js';
import { includedFiles } from './standards.include.js';

export { PackValidationError, formatProblem, type PackFile, type PackProblem } from '../../../shared/standards/validate.js';

export interface LoadedPack {
  pack: Pack;
  warnings: PackProblem[];
}

const YAML_FILE = /\.ya?ml$/i;

/** A file far beyond the pack limit is refused before it is read (a character takes at most 3 bytes in UTF-8 here). */
const maxFileBytes = packLimits.maxChars * 3;

function tooLarge(path: string, size: number): PackValidationError {
  return new PackValidationError([{ file: displayName(path), line: 0, column: 0, path: '', message: `the file is ${size} bytes; a pack may have at most ${packLimits.maxChars} characters` }]);
}

/** Name used in messages: relative to the working directory when the path is inside it. */
function displayName(path: string): string {
  if (!isAbsolute(path)) return path.split('\\').join('/');
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

/**
 * The YAML files of a pack, in a stable order: `pack.yaml` first (it names the pack),
 * then the others by name. Hidden files and sub-folders are ignored.
 */
export async function readPackFiles(path: string): Promise<PackFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new PackValidationError([{ file: displayName(path), line: 0, column: 0, path: '', message: 'no such file or folder' }]);
  }
  if (info.isFile()) {
    if (info.size > maxFileBytes) throw tooLarge(path, info.size);
    return [{ name: displayName(path), text: await readFile(path, 'utf8') }];
  }
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => d.isFile() && YAML_FILE.test(d.name) && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort((a, b) => (a === 'pack.yaml' ? -1 : b === 'pack.yaml' ? 1 : a.localeCompare(b)));
  if (names.length === 0) throw new PackValidationError([{ file: displayName(path), line: 0, column: 0, path: '', message: 'no YAML files (*.yaml) in this folder' }]);
  let total = 0;
  for (const n of names) total += (await stat(join(path, n))).size;
  if (total > maxFileBytes) throw tooLarge(path, total);
  const own = await Promise.all(names.map(async (n) => ({ name: displayName(join(path, n)), text: await readFile(join(path, n), 'utf8') })));
  return [...own, ...(await includedFiles(path, own, displayName))]; // include: [../_common]
}

/** Validates in-memory YAML texts (API / UI upload). Throws PackValidationError with every error. */
export function validatePackText(files: ReadonlyArray<{ name: string; text: string }>): LoadedPack {
  const r = validatePackFiles(files);
  if (!r.ok) throw new PackValidationError(r.errors, r.warnings);
  return { pack: r.pack, warnings: r.warnings };
}

/** Loads and validates a pack from a folder or a single YAML file. Throws PackValidationError with every error. */
export async function loadPack(path: string): Promise<LoadedPack> {
  return validatePackText(await readPackFiles(path));
}

/** The QA configuration of a pack (`rexian qa --pack`). */
export async function loadQaConfigFromPack(path: string): Promise<QaConfig> {
  const { pack } = await loadPack(path);
  return toQaConfig(pack);
}

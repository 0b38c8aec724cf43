/**
 * Validation of a standard pack from YAML texts, with every problem mapped back to
 * the file, line and column it comes from.
 *
 * The files of a pack are parsed with `yaml` (keeping node positions), turned into a
 * small position-aware tree, merged section by section (lists from several files are
 * concatenated, mappings merged; the same scalar key in two files is an error), and
 * the plain value is validated with `packSchema`. Each zod issue carries a path into
 * the merged document; walking the tree along that path gives the position.
 *
 * Pure (no file system), so the API and the browser can validate uploads too.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { phrasesSchema, qaRulesSchema, tabooClassSchema, tabooLexiconSchema, weightsSchema } from '../qa/config.js';
import { withoutMovedThresholds } from './legacy.js';
import { packSchema, packThresholdsSchema, thresholdsFromCallRules, type Pack } from './schema.js';
import { packWarnings } from './warnings.js';

export interface PackFile {
  /** Name shown in messages, e.g. `standards/general/scenarios.yaml`. */
  name: string;
  text: string;
}

export type PathPart = string | number;

export interface PackProblem {
  /** The file (as named by the caller); absent for a pack validated as an object. */
  file?: string;
  /** 1-based; absent (or 0) when the problem has no position, e.g. a missing section. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Path in the merged document, e.g. `scenarios[4].steps[1].script` (empty for the whole document). */
  path: string;
  message: string;
}

export type PackResult = { ok: true; pack: Pack; warnings: PackProblem[] } | { ok: false; errors: PackProblem[]; warnings: PackProblem[] };

/** Thrown by `loadPack` / `validatePackText` when a pack has errors. */
export class PackValidationError extends Error {
  constructor(
    readonly errors: PackProblem[],
    readonly warnings: PackProblem[] = [],
  ) {
    super(`the standard pack has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map(formatProblem).join('\n')}`);
    this.name = 'PackValidationError';
  }
}

/** `file:line:col path: message` — the format editors and terminals can jump to. */
export function formatProblem(p: PackProblem): string {
  const where = p.file ? (p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file) : '';
  return [where, p.path].filter(Boolean).join(' ') + `: ${p.message}`;
}

/** `scenarios[4].steps[1].script`; keys that are not plain words are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

// ---------------------------------------------------------------- position-aware tree

interface Loc {
  file: string;
  line: number;
  column: number;
}

type Tree =
  | { kind: 'map'; loc: Loc; entries: Map<string, { keyLoc: Loc; value: Tree }> }
  | { kind: 'seq'; loc: Loc; items: Tree[] }
  | { kind: 'scalar'; loc: Loc; value: unknown };

interface FileCtx {
  file: string;
  lc: LineCounter;
  doc: Document.Parsed;
  errors: PackProblem[];
  /** Nodes still allowed in the pack's tree (shared by its files): aliases expand, so a few bytes can ask for billions. */
  budget: { nodes: number; exceeded: boolean };
}

/**
 * Limits that keep a hostile pack (a "billion laughs" of nested aliases, a huge upload)
 * from stalling the server: the built-in packs are about 80 kB and 10,000 nodes each.
 */
export const packLimits = { maxChars: 1_000_000, maxNodes: 100_000 } as const;

function locAt(ctx: FileCtx, offset: number | undefined): Loc {
  if (offset === undefined) return { file: ctx.file, line: 1, column: 1 };
  const { line, col } = ctx.lc.linePos(offset);
  return { file: ctx.file, line, column: col };
}

function nodeLoc(ctx: FileCtx, node: unknown, fallback: Loc): Loc {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? locAt(ctx, range[0]) : fallback;
}

function isMergeKey(key: unknown): boolean {
  // with `merge: true` the yaml package marks `<<` with a symbol value
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
}

function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
}

function build(ctx: FileCtx, node: unknown, fallback: Loc, depth = 0): Tree {
  const loc = nodeLoc(ctx, node, fallback);
  if (ctx.budget.exceeded) return { kind: 'scalar', loc, value: null };
  if (--ctx.budget.nodes < 0) {
    ctx.budget.exceeded = true;
    ctx.errors.push({ ...loc, path: '', message: `the pack expands to more than ${packLimits.maxNodes} values (aliases that repeat aliases?)` });
    return { kind: 'scalar', loc, value: null };
  }
  if (depth > 200) {
    ctx.errors.push({ ...loc, path: '', message: 'the document nests too deeply (an alias refers to itself?)' });
    return { kind: 'scalar', loc, value: null };
  }
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (!target) {
      ctx.errors.push({ ...loc, path: '', message: `unknown alias *${node.source}` });
      return { kind: 'scalar', loc, value: null };
    }
    // children keep the anchor's positions; the node itself is where the alias is written
    return { ...build(ctx, target, loc, depth + 1), loc };
  }
  if (isMap(node)) {
    const entries = new Map<string, { keyLoc: Loc; value: Tree }>();
    const merged: Array<Map<string, { keyLoc: Loc; value: Tree }>> = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyLoc = nodeLoc(ctx, pair.key, loc);
      const valueTree = build(ctx, pair.value, keyLoc, depth + 1);
      if (isMergeKey(pair.key)) {
        const sources = valueTree.kind === 'seq' ? valueTree.items : [valueTree];
        for (const s of sources) {
          if (s.kind === 'map') merged.push(s.entries);
          else ctx.errors.push({ ...s.loc, path: '', message: 'a merge key (<<) needs an alias of a mapping, e.g. <<: *defaults' });
        }
        continue;
      }
      entries.set(keyString(pair.key), { keyLoc, value: valueTree });
    }
    // explicit keys win over merged ones, earlier merges over later ones (YAML merge-key rules)
    for (const m of merged) for (const [k, v] of m) if (!entries.has(k)) entries.set(k, v);
    return { kind: 'map', loc, entries };
  }
  if (isSeq(node)) return { kind: 'seq', loc, items: node.items.map((item) => build(ctx, item, loc, depth + 1)) };
  if (isScalar(node)) return { kind: 'scalar', loc, value: node.value };
  return { kind: 'scalar', loc, value: null };
}

function toValue(t: Tree): unknown {
  if (t.kind === 'scalar') return t.value;
  if (t.kind === 'seq') return t.items.map(toValue);
  const out: Record<string, unknown> = {};
  for (const [k, e] of t.entries) out[k] = toValue(e.value);
  return out;
}

function describeLoc(l: Loc): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** Merges `add` into `into` (section by section); lists concatenate, mappings merge, anything else twice is an error. */
function mergeTrees(into: Extract<Tree, { kind: 'map' }>, add: Extract<Tree, { kind: 'map' }>, path: PathPart[], errors: PackProblem[]): void {
  for (const [key, entry] of add.entries) {
    const existing = into.entries.get(key);
    if (!existing) {
      into.entries.set(key, entry);
      continue;
    }
    const a = existing.value;
    const b = entry.value;
    if (a.kind === 'seq' && b.kind === 'seq') existing.value = { kind: 'seq', loc: a.loc, items: [...a.items, ...b.items] };
    else if (a.kind === 'map' && b.kind === 'map') mergeTrees(a, b, [...path, key], errors);
    else {
      errors.push({
        ...entry.keyLoc,
        path: formatPath([...path, key]),
        message: `defined twice: already set at ${describeLoc(existing.keyLoc)} (only lists and mappings can be split across files)`,
      });
    }
  }
}

/** Position of a path in the tree: the deepest node the path reaches (a missing key points at its parent). */
function locate(root: Tree | undefined, path: readonly PropertyKey[], fallback: Loc): Loc {
  let node = root;
  let loc = root?.loc ?? fallback;
  for (const part of path) {
    if (!node) break;
    if (node.kind === 'map' && typeof part === 'string') {
      const e = node.entries.get(part);
      if (!e) break;
      node = e.value;
      // a key without a value has no position of its own: use the key's
      loc = e.value.kind === 'scalar' && e.value.value === null ? e.keyLoc : e.value.loc;
    } else if (node.kind === 'seq' && typeof part === 'number') {
      const item = node.items[part];
      if (!item) break;
      node = item;
      loc = item.loc;
    } else break;
  }
  return loc;
}

/** Position of a key itself (for unknown keys). */
function locateKey(root: Tree | undefined, path: readonly PropertyKey[], key: string, fallback: Loc): Loc {
  let node = root;
  for (const part of path) {
    if (!node) break;
    if (node.kind === 'map' && typeof part === 'string') node = node.entries.get(part)?.value;
    else if (node.kind === 'seq' && typeof part === 'number') node = node.items[part];
    else node = undefined;
  }
  if (node?.kind === 'map') {
    const e = node.entries.get(key);
    if (e) return e.keyLoc;
  }
  return locate(root, path, fallback);
}

// ---------------------------------------------------------------- issue messages

function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

interface SchemaLike {
  _zod?: { def?: { type?: string; checks?: Array<{ _zod?: { def?: { check?: string; minimum?: number } } }>; shape?: Record<string, unknown>; values?: unknown[] } };
}

function expectedText(expected: string, schema: SchemaLike | undefined): string {
  const checks = schema?._zod?.def?.checks ?? [];
  const minLength = checks.map((c) => c._zod?.def).find((d) => d?.check === 'min_length')?.minimum;
  switch (expected) {
    case 'string':
      return minLength !== undefined && minLength >= 1 ? 'a non-empty string' : 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list (items starting with "- ")';
    case 'object':
      return 'a mapping (key: value lines)';
    default:
      return expected;
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function suggestion(key: string, known: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(key.toLowerCase(), k.toLowerCase());
    if (dist < bestD) [best, bestD] = [k, dist];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` — did you mean "${best}"?` : '';
}

type RawIssue = z.core.$ZodRawIssue & { inst?: SchemaLike; schema?: SchemaLike };

/** Per-parse error map: plain-language "expected …" messages (schema-level messages win over it). */
function issueMessage(iss: RawIssue): string | undefined {
  const i = iss as unknown as Record<string, unknown>;
  const schema = (iss.inst ?? iss.schema) as SchemaLike | undefined;
  switch (iss.code) {
    case 'invalid_type': {
      const exp = expectedText(String(i.expected), schema);
      if (iss.input === undefined) return `missing: expected ${exp}`;
      // YAML reads 1.0, 12345 or yes as numbers/booleans; the fix is quoting
      const hint = i.expected === 'string' && (typeof iss.input === 'number' || typeof iss.input === 'boolean') ? ` (put it in quotes: '${String(iss.input)}')` : '';
      return `expected ${exp}, got ${describeValue(iss.input)}${hint}`;
    }
    case 'too_small': {
      const min = Number(i.minimum);
      if (i.origin === 'string') return min <= 1 ? 'expected a non-empty string' : `expected at least ${min} characters`;
      if (i.origin === 'array') return `expected at least ${min} item${min === 1 ? '' : 's'}`;
      return `expected a number ${i.inclusive ? '≥' : '>'} ${min}, got ${describeValue(iss.input)}`;
    }
    case 'too_big': {
      const max = Number(i.maximum);
      if (i.origin === 'string') return `expected at most ${max} characters`;
      if (i.origin === 'array') return `expected at most ${max} items`;
      return `expected a number ${i.inclusive ? '≤' : '<'} ${max}, got ${describeValue(iss.input)}`;
    }
    case 'invalid_format':
      return `expected text matching ${String(i.pattern ?? i.format)}, got ${describeValue(iss.input)}`;
    case 'invalid_value': {
      const values = (i.values as unknown[]) ?? [];
      return values.length === 1
        ? `expected ${JSON.stringify(values[0])}, got ${describeValue(iss.input)}`
        : `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(iss.input)}`;
    }
    case 'unrecognized_keys': {
      const keys = (i.keys as string[]) ?? [];
      const known = Object.keys(schema?._zod?.def?.shape ?? {});
      return keys.map((k) => `unknown key "${k}"${suggestion(k, known)}`).join('; ') + (known.length ? ` (allowed: ${known.join(', ')})` : '');
    }
    case 'invalid_union': {
      const options = i.options as unknown[] | undefined;
      if (options && i.discriminator) {
        const input = iss.input as Record<string, unknown> | undefined;
        const got = input && typeof input === 'object' ? input[String(i.discriminator)] : iss.input;
        return `expected one of ${options.map(String).join(', ')}, got ${describeValue(got)}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

type Issue = z.core.$ZodIssue;

/**
 * Unions report one issue list per branch; show the branch that got furthest (the
 * caller's intent), or else say which forms are accepted.
 */
function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string; code: string; keys?: string[] }> {
  const out: Array<{ path: PropertyKey[]; message: string; code: string; keys?: string[] }> = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly Issue[]): number => Math.max(...branch.map((x) => x.path.length + (x.code === 'invalid_type' ? 0 : 0.5)));
      const ranked = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length);
      const best = ranked[0]!;
      if (depth(best) > 0) {
        out.push(...flattenIssues(best, path));
        continue;
      }
      const forms = issue.errors.flatMap((b) => b.filter((x) => x.code === 'invalid_type').map((x) => expectedText((x as { expected: string }).expected, undefined)));
      out.push({ path, code: issue.code, message: forms.length ? `expected ${[...new Set(forms)].join(' or ')}` : issue.message });
      continue;
    }
    out.push({ path, code: issue.code, message: issue.message, ...(issue.code === 'unrecognized_keys' && { keys: issue.keys }) });
  }
  return out;
}

// ---------------------------------------------------------------- keys the QA schemas would drop

/**
 * The QA schemas (owned by the QA engine) ignore unknown keys, so a misspelt
 * threshold would silently fall back to its default. Packs are strict everywhere,
 * so the qa and taboo sections are checked here against the same schemas' keys.
 */
const looseSections: Array<{ path: Array<string | '*'>; keys: string[] }> = [
  { path: ['qa'], keys: Object.keys(qaRulesSchema.shape) },
  { path: ['qa', 'weights'], keys: Object.keys(weightsSchema.shape) },
  // the keys that moved to callRules are reported by legacy.ts (a warning or an error), not as unknown
  { path: ['qa', 'thresholds'], keys: [...Object.keys(packThresholdsSchema.shape), ...Object.keys(thresholdsFromCallRules)] },
  { path: ['qa', 'phrases'], keys: Object.keys(phrasesSchema.shape) },
  { path: ['taboo'], keys: Object.keys(tabooLexiconSchema.shape) },
  { path: ['taboo', 'classes', '*'], keys: Object.keys(tabooClassSchema.shape) },
  { path: ['taboo', 'classes', '*', 'phrases', '*'], keys: ['text', 'alternative', 'exceptions'] },
];

function unknownLooseKeys(root: Tree): Array<{ path: PropertyKey[]; key: string; keyLoc: Loc; known: string[] }> {
  const out: Array<{ path: PropertyKey[]; key: string; keyLoc: Loc; known: string[] }> = [];
  const walk = (node: Tree, pattern: Array<string | '*'>, at: PropertyKey[], known: string[]): void => {
    if (pattern.length === 0) {
      if (node.kind !== 'map') return;
      for (const [key, e] of node.entries) if (!known.includes(key)) out.push({ path: at, key, keyLoc: e.keyLoc, known });
      return;
    }
    const [head, ...rest] = pattern;
    if (head === '*' && node.kind === 'seq') node.items.forEach((item, i) => walk(item, rest, [...at, i], known));
    else if (head !== '*' && node.kind === 'map') {
      const e = node.entries.get(head!);
      if (e) walk(e.value, rest, [...at, head!], known);
    }
  };
  for (const s of looseSections) walk(root, s.path, [], s.keys);
  return out;
}

// ---------------------------------------------------------------- entry point

/**
 * Validates a pack given as YAML texts (one or several files; sections may be split
 * across files). Never throws: returns the pack and its warnings, or the errors.
 */
export function validatePackFiles(files: readonly PackFile[]): PackResult {
  const errors: PackProblem[] = [];
  const warnings: PackProblem[] = [];
  const root: Extract<Tree, { kind: 'map' }> = { kind: 'map', loc: { file: files[0]?.name ?? '(pack)', line: 1, column: 1 }, entries: new Map() };
  if (files.length === 0) return { ok: false, errors: [{ file: '(pack)', line: 0, column: 0, path: '', message: 'no YAML files in the pack' }], warnings };
  const chars = files.reduce((n, f) => n + f.text.length, 0);
  if (chars > packLimits.maxChars)
    return { ok: false, errors: [{ file: files[0]!.name, line: 0, column: 0, path: '', message: `the pack has ${chars} characters; at most ${packLimits.maxChars} are accepted` }], warnings };

  const budget = { nodes: packLimits.maxNodes, exceeded: false };
  for (const f of files) {
    const lc = new LineCounter();
    const doc = parseDocument(f.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
    const ctx: FileCtx = { file: f.name, lc, doc, errors, budget };
    for (const e of doc.errors) errors.push({ ...locAt(ctx, e.pos[0]), path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` });
    for (const w of doc.warnings) warnings.push({ ...locAt(ctx, w.pos[0]), path: '', message: `YAML: ${w.message.split('\n')[0]}` });
    if (doc.errors.length > 0) continue;
    if (doc.contents === null) {
      warnings.push({ file: f.name, line: 1, column: 1, path: '', message: 'the file is empty' });
      continue;
    }
    const tree = build(ctx, doc.contents, { file: f.name, line: 1, column: 1 });
    if (tree.kind !== 'map') {
      errors.push({ ...tree.loc, path: '', message: 'expected a mapping of sections at the top of the file (pack:, identity:, scenarios: …)' });
      continue;
    }
    mergeTrees(root, tree, [], errors);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  const { value, moved } = withoutMovedThresholds(toValue(root));
  const parsed = packSchema.safeParse(value, { error: (iss) => issueMessage(iss as RawIssue) });
  const fallback: Loc = { file: files[0]!.name, line: 1, column: 1 };
  for (const m of moved) (m.conflict ? errors : warnings).push({ ...locateKey(root, ['qa', 'thresholds'], m.key, fallback), path: formatPath(m.path), message: m.message });
  for (const u of unknownLooseKeys(root)) {
    errors.push({ ...u.keyLoc, path: formatPath([...u.path, u.key]), message: `unknown key "${u.key}"${suggestion(u.key, u.known)} (allowed: ${u.known.join(', ')})` });
  }
  if (!parsed.success || errors.length > 0) {
    for (const issue of parsed.success ? [] : flattenIssues(parsed.error.issues)) {
      const loc =
        issue.code === 'unrecognized_keys' && issue.keys?.length
          ? locateKey(root, issue.path, issue.keys[0]!, fallback)
          : locate(root, issue.path, fallback);
      // a whole missing section has no position of its own
      const missingSection = issue.path.length === 1 && !root.entries.has(String(issue.path[0]));
      // an unknown key is reported at the key, with the key in the path
      const path = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
      errors.push({
        ...(missingSection ? { file: files.length === 1 ? files[0]!.name : dirnameOf(files[0]!.name), line: 0, column: 0 } : loc),
        path: formatPath(path),
        message: missingSection && issue.message.startsWith('missing') ? `missing section "${String(issue.path[0])}"` : issue.message,
      });
    }
    errors.sort(byPosition);
    return { ok: false, errors, warnings };
  }
  for (const w of packWarnings(parsed.data)) warnings.push({ ...locate(root, w.path, fallback), path: formatPath(w.path), message: w.message });
  warnings.sort(byPosition);
  return { ok: true, pack: parsed.data, warnings };
}

function dirnameOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i > 0 ? name.slice(0, i) : name;
}

function byPosition(a: PackProblem, b: PackProblem): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Validates a pack given as a plain object (e.g. JSON from the API): the same
 * messages and paths as for YAML, without file positions.
 */
export function validatePackValue(input: unknown): PackResult {
  const { value, moved } = withoutMovedThresholds(input);
  const conflicts = moved.filter((m) => m.conflict).map((m) => ({ path: formatPath(m.path), message: m.message }));
  const notes = moved.filter((m) => !m.conflict).map((m) => ({ path: formatPath(m.path), message: m.message }));
  const parsed = packSchema.safeParse(value, { error: (iss) => issueMessage(iss as RawIssue) });
  if (!parsed.success || conflicts.length > 0) {
    const errors = parsed.success ? [] : flattenIssues(parsed.error.issues).map((i) => ({ path: formatPath(i.path), message: i.message }));
    return { ok: false, errors: [...conflicts, ...errors], warnings: notes };
  }
  return { ok: true, pack: parsed.data, warnings: [...notes, ...packWarnings(parsed.data).map((w) => ({ path: formatPath(w.path), message: w.message }))] };
}

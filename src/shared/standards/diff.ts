/**
 * Differences between two editions of a standard pack, for the version diff in the
 * CLI, the API and the admin UI.
 *
 * Lists of items with ids are compared by id (moving a scenario is not a change),
 * so paths read `scenarios[id=silent-call].steps[1].script`. Lists of plain values
 * (phrases, keywords) are compared as sets: an added phrase is one change, not a
 * shift of every following index.
 */

export type PackChangeKind = 'added' | 'removed' | 'changed';

export interface PackChange {
  kind: PackChangeKind;
  /** Where, e.g. `scenarios[id=silent-call].steps[1].script` or `taboo.classes[id=abuse].phrases`. */
  path: string;
  /** The old value (removed, changed). */
  before?: unknown;
  /** The new value (added, changed). */
  after?: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** How items of a list are identified: by `id`, by `action`, by category × priority, or by position. */
function keyFunction(items: readonly unknown[]): ((item: unknown) => string) | undefined {
  if (!items.every(isPlainObject)) return undefined;
  const objs = items as Array<Record<string, unknown>>;
  const unique = (f: (o: Record<string, unknown>) => string | undefined): boolean => {
    const keys = objs.map(f);
    return keys.every((k) => k !== undefined) && new Set(keys).size === keys.length;
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const byId = (o: Record<string, unknown>): string | undefined => (str(o.id) !== undefined ? `id=${str(o.id)}` : undefined);
  const byAction = (o: Record<string, unknown>): string | undefined => (str(o.action) !== undefined ? `action=${str(o.action)}` : undefined);
  const bySla = (o: Record<string, unknown>): string | undefined =>
    str(o.category) !== undefined && str(o.priority) !== undefined
      ? `category=${str(o.category)}${o.subCategory !== undefined ? `/${str(o.subCategory)}` : ''},priority=${str(o.priority)}`
      : undefined;
  for (const f of [byId, byAction, bySla]) if (unique(f)) return (item) => f(item as Record<string, unknown>)!;
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffValue(a: unknown, b: unknown, path: string, out: PackChange[]): void {
  if (equal(a, b)) return;
  if (a === undefined) return void out.push({ kind: 'added', path, after: b });
  if (b === undefined) return void out.push({ kind: 'removed', path, before: a });
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffValue(a[k], b[k], join(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b, path, out);
  out.push({ kind: 'changed', path, before: a, after: b });
}

function diffArray(a: unknown[], b: unknown[], path: string, out: PackChange[]): void {
  const keyA = a.length ? keyFunction(a) : undefined;
  const keyB = b.length ? keyFunction(b) : undefined;
  const key = a.length === 0 ? keyB : b.length === 0 ? keyA : keyA && keyB ? keyA : undefined;
  if (key) {
    const mapA = new Map(a.map((x) => [key(x), x]));
    const mapB = new Map(b.map((x) => [key(x), x]));
    for (const [k, x] of mapA) {
      if (!mapB.has(k)) out.push({ kind: 'removed', path: `${path}[${k}]`, before: x });
      else diffValue(x, mapB.get(k), `${path}[${k}]`, out);
    }
    for (const [k, x] of mapB) if (!mapA.has(k)) out.push({ kind: 'added', path: `${path}[${k}]`, after: x });
    return;
  }
  const primitive = (xs: unknown[]): boolean => xs.every((x) => !isPlainObject(x) && !Array.isArray(x));
  if (primitive(a) && primitive(b)) {
    const setA = new Set(a.map((x) => JSON.stringify(x)));
    const setB = new Set(b.map((x) => JSON.stringify(x)));
    let changed = false;
    for (const x of a)
      if (!setB.has(JSON.stringify(x))) {
        out.push({ kind: 'removed', path, before: x });
        changed = true;
      }
    for (const x of b)
      if (!setA.has(JSON.stringify(x))) {
        out.push({ kind: 'added', path, after: x });
        changed = true;
      }
    // same items in another order: the order matters for prompts and steps
    if (!changed) out.push({ kind: 'changed', path, before: a, after: b });
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diffValue(a[i], b[i], `${path}[${i}]`, out);
}

/** Changes from pack `a` to pack `b` (validated packs or plain pack-shaped objects). */
export function diffPacks(a: unknown, b: unknown): PackChange[] {
  const out: PackChange[] = [];
  diffValue(a, b, '', out);
  return out;
}

/** One line per change, e.g. `~ scenarios[id=silent-call].steps[1].script: "…" → "…"`. */
export function formatChange(c: PackChange): string {
  const show = (v: unknown): string => {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  };
  if (c.kind === 'added') return `+ ${c.path}: ${show(c.after)}`;
  if (c.kind === 'removed') return `- ${c.path}: ${show(c.before)}`;
  return `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

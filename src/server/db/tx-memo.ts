import type { Db } from './database.js';

const memos = new WeakMap<Db, Map<string, Promise<unknown>>>();

function memoOf(db: Db): Map<string, Promise<unknown>> {
  let m = memos.get(db);
  if (!m) memos.set(db, (m = new Map()));
  return m;
}

/**
 * Remembers a read for the lifetime of one transaction (or one Kysely instance): a CTI batch looks
 * up the active pack, the calendar and the same agents many times, and they cannot change under it.
 */
export function txMemo<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  const m = memoOf(db);
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = read();
    m.set(key, p);
  }
  return p;
}

/** Whether a read is remembered already. */
export function txMemoHas(db: Db, key: string): boolean {
  return memos.get(db)?.has(key) ?? false;
}

/** Remembers a value read by a batch query, so later txMemo reads of the key need no query. */
export function txMemoPrime<T>(db: Db, key: string, value: T): void {
  const m = memoOf(db);
  if (!m.has(key)) m.set(key, Promise.resolve(value));
}

/** Hands remembered reads on to another transaction (a request applied in several), for reads that cannot change meanwhile in a way that matters. */
export function txMemoCarry(from: Db, to: Db, keys: readonly string[]): void {
  const m = memos.get(from);
  if (!m) return;
  const target = memoOf(to);
  for (const k of keys) {
    const p = m.get(k);
    if (p && !target.has(k)) target.set(k, p);
  }
}

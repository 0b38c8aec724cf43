import type { Db } from './database.js';

const memos = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * Remembers a read for the lifetime of one transaction (or one Kysely instance): a CTI batch looks
 * up the active pack, the calendar and the same agents many times, and they cannot change under it.
 */
export function txMemo<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  let m = memos.get(db);
  if (!m) memos.set(db, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = read();
    m.set(key, p);
  }
  return p;
}

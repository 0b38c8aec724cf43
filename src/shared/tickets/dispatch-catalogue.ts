/** 派单目录: the catalogue line of a pack that applies to a ticket (pure: the server pre-fills 派单 with it). */
import type { DispatchEntry } from '../standards/schema.js';

/**
 * The most specific line for the ticket: its category, then the sub-category when the line names one, then an
 * address containing the line's area. Ties go to the first line in the file.
 */
export function catalogueEntry(entries: readonly DispatchEntry[], t: { category: string; subCategory: string | null; address: string | null }): DispatchEntry | undefined {
  let best: { entry: DispatchEntry; score: number } | undefined;
  for (const e of entries) {
    if (e.category !== t.category) continue;
    if (e.subCategory !== undefined && e.subCategory !== t.subCategory) continue;
    if (e.area !== undefined && !(t.address ?? '').includes(e.area)) continue;
    const score = (e.area !== undefined ? 2 : 0) + (e.subCategory !== undefined ? 1 : 0);
    if (!best || score > best.score) best = { entry: e, score };
  }
  return best?.entry;
}

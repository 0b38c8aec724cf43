/**
 * The segments of a call from several sources — the stored transcript (GET /api/calls/:id) and those that
 * arrived on the live feed — once each, in time order. A live call's segments are announced but not stored
 * as events, so a browser whose feed dropped refetches the call and merges what it already had.
 */
export function mergeSegments<S extends { speaker: string; start: number; text: string }>(...lists: ReadonlyArray<readonly S[]>): S[] {
  const seen = new Set<string>();
  const out: S[] = [];
  for (const s of lists.flat()) {
    const k = `${s.speaker}|${s.start}|${s.text}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The QA page's score trend: the axis and the tooltip figures (the averages come from the API, one decimal). */

/** Where the score axis starts: 5 points under the lowest average, down to a multiple of 10 (0 at the lowest), so 96 and 99 do not sit on one line. */
export function scoreAxisMin(values: ReadonlyArray<number | null | undefined>): number {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (present.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...present) - 5) / 10) * 10);
}

/** A daily average as the tooltip shows it: 97.5, 98.0; a day without calls as —. */
export const scoreText = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : '—');

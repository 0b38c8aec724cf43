import { useTimeFormat } from '../time.js';

/** A date and time as every page shows it (`2026-12-05 09:04`), in the organisation's time zone (src/web/time.ts). */
export function Time({ value, seconds = false }: { value: string | Date | null | undefined; seconds?: boolean }) {
  const fmt = useTimeFormat();
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{fmt.time(value, seconds)}</span>;
}

import { useTimeFormat } from '../time.js';

const part = { whiteSpace: 'nowrap' } as const;

/**
 * A date and time as every page shows it (`2026-12-05 09:04`), in the organisation's time zone (src/web/time.ts).
 * In a narrow column it breaks between the day and the time, never inside the date (2026-12- / 05).
 */
export function Time({ value, seconds = false }: { value: string | Date | null | undefined; seconds?: boolean }) {
  const fmt = useTimeFormat();
  const [day, time] = fmt.time(value, seconds).split(' ');
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>
      <span style={part}>{day}</span>
      {time !== undefined && (
        <>
          {' '}
          <span style={part}>{time}</span>
        </>
      )}
    </span>
  );
}

/**
 * Dates and times as every page shows them: `2026-12-05 09:04` (`…:07` with seconds, `2026-12-05` for a
 * day), always in the organisation's time zone (its working-day calendar's), never the browser's: an agent
 * on a laptop set to another zone, an export and the screen must read the same hour.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './api.js';
import { useI18n, type Language } from './i18n/index.js';
import { keys } from './queryKeys.js';

/** Until the calendar has answered. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The organisation's time zone, from its calendar (the same query as the ticket pages' coverage banner). */
export function useOrgTimeZone(): string {
  const coverage = useQuery({ queryKey: keys.sla.coverage, queryFn: () => api('GET /api/sla/coverage'), staleTime: 5 * 60_000 });
  return coverage.data?.timezone ?? DEFAULT_TIME_ZONE;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: Date, timeZone: string, lang: Language, withSeconds: boolean): Record<string, string> {
  const key = `${timeZone}|${lang}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-CA' : lang, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds && { second: '2-digit' }),
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return out;
}

const toDate = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));

/** `2026-12-05 09:04` (or `09:04:07`) in the given time zone; `—` for no time. */
export function formatTime(iso: string | Date | null | undefined, timeZone: string, lang: Language, withSeconds = false): string {
  if (!iso) return '—';
  const at = toDate(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const p = partsOf(at, timeZone, lang, withSeconds);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}${withSeconds ? `:${p['second']}` : ''}`;
}

/** `2026-12-05`: the day in the given time zone. */
export function formatDay(iso: string | Date | null | undefined, timeZone: string, lang: Language): string {
  const full = formatTime(iso, timeZone, lang);
  return full === '—' ? full : full.slice(0, 10);
}

/** The formatters bound to the organisation's zone and the person's language, for components. */
export function useTimeFormat() {
  const { lang } = useI18n();
  const tz = useOrgTimeZone();
  return {
    timeZone: tz,
    time: (iso: string | Date | null | undefined, withSeconds = false) => formatTime(iso, tz, lang, withSeconds),
    day: (iso: string | Date | null | undefined) => formatDay(iso, tz, lang),
  };
}

/**
 * Elapsed time as a clock (0:42, 12:05, 1:02:33) for call figures and time in a state; from a day on, a clock would
 * read 26:13:59, so it becomes days and hours (1天2小时 / 1天2小時 / 1 d 2 h), minutes dropped as noise at that scale.
 */
import type { LabelLanguage } from './label.js';

const DAY_S = 86_400;

export function elapsedClock(ms: number | null | undefined, lang: LabelLanguage): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= DAY_S) {
    const d = Math.floor(s / DAY_S);
    const h = Math.floor((s % DAY_S) / 3600);
    if (lang === 'en') return h > 0 ? `${d} d ${h} h` : `${d} d`;
    const hours = lang === 'zh-TW' ? '小時' : '小时';
    return h > 0 ? `${d}天${h}${hours}` : `${d}天`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

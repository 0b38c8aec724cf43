/**
 * Time-limit durations as people read them: `2bh` → 2 个工作小时 / 2 個工作小時 / 2 working hours,
 * `5wd` → 5 个工作日, `0m` → 立即. The codes stay in packs and the API; screens show these words.
 */
import { parseDuration, type DurationUnit } from '../calendar/duration.js';

type Language = 'zh-CN' | 'zh-TW' | 'en';

const units: Record<DurationUnit, Record<Language, [one: string, many: string]>> = {
  m: { 'zh-CN': ['分钟', '分钟'], 'zh-TW': ['分鐘', '分鐘'], en: ['minute', 'minutes'] },
  h: { 'zh-CN': ['小时', '小时'], 'zh-TW': ['小時', '小時'], en: ['hour', 'hours'] },
  d: { 'zh-CN': ['天', '天'], 'zh-TW': ['天', '天'], en: ['day', 'days'] },
  bh: { 'zh-CN': ['个工作小时', '个工作小时'], 'zh-TW': ['個工作小時', '個工作小時'], en: ['working hour', 'working hours'] },
  wd: { 'zh-CN': ['个工作日', '个工作日'], 'zh-TW': ['個工作日', '個工作日'], en: ['working day', 'working days'] },
};
const immediately: Record<Language, string> = { 'zh-CN': '立即', 'zh-TW': '立即', en: 'immediately' };

/** The duration in words; text that is not a duration is returned as it is. */
export function durationLabel(text: string, lang: Language): string {
  let d;
  try {
    d = parseDuration(text);
  } catch {
    return text;
  }
  if (d.amount === 0) return immediately[lang];
  const [one, many] = units[d.unit][lang];
  return `${d.amount} ${d.amount === 1 ? one : many}`;
}

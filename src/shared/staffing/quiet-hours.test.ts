import { describe, expect, it } from 'vitest';
import { inDayService, quietWindows, rankWeekHours } from './quiet-hours.js';

describe('quiet hours', () => {
  it('knows the night window, across midnight or not', () => {
    const night = { from: '22:00', to: '08:00' };
    expect(inDayService(7, night)).toBe(false);
    expect(inDayService(8, night)).toBe(true);
    expect(inDayService(21, night)).toBe(true);
    expect(inDayService(22, night)).toBe(false);
    expect(inDayService(3, { from: '01:00', to: '05:00' })).toBe(false);
    expect(inDayService(5, { from: '01:00', to: '05:00' })).toBe(true);
    expect(inDayService(3, null)).toBe(true);
  });

  it('ranks the day-service hours by mean calls per week in thirds and merges quiet hours into windows', () => {
    const night = { from: '18:00', to: '09:00' }; // 9 open hours a day, 63 a week
    const traffic = [];
    // Every day: 09–12 busy (40 calls over 4 weeks), 12–15 normal (20), 15–18 quiet (4)
    for (let weekday = 1; weekday <= 7; weekday++)
      for (let hour = 9; hour < 18; hour++) traffic.push({ weekday, hour, offered: hour < 12 ? 40 : hour < 15 ? 20 : 4 });
    const hours = rankWeekHours(traffic, 4, night);
    const at = (w: number, h: number) => hours.find((x) => x.weekday === w && x.hour === h);
    expect(at(1, 9)).toEqual({ weekday: 1, hour: 9, calls: 10, level: 'busy' });
    expect(at(1, 13)?.level).toBe('normal');
    expect(at(1, 16)).toEqual({ weekday: 1, hour: 16, calls: 1, level: 'quiet' });
    expect(at(1, 20)?.level).toBe('closed');
    expect(quietWindows(hours).filter((w) => w.weekday === 3)).toEqual([{ weekday: 3, from: 15, to: 18 }]);
  });
});

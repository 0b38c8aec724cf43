import { describe, expect, it } from 'vitest';
import { distance } from './api.js';

describe('distance', () => {
  const ms = ((5 * 24 + 15) * 60 + 7) * 60_000;
  it('reads in the UI language: no simplified 小时 in zh-TW', () => {
    expect(distance(ms, 'zh-CN')).toBe('5天15小时');
    expect(distance(ms, 'zh-TW')).toBe('5天15小時');
    expect(distance(ms, 'en')).toBe('5d 15h');
    expect(distance(-(2 * 60 + 3) * 60_000, 'zh-TW')).toBe('2小時3分');
    expect(distance(9 * 60_000, 'zh-TW')).toBe('9分鐘');
    expect(distance(9 * 60_000, 'zh-CN')).toBe('9分钟');
  });
});

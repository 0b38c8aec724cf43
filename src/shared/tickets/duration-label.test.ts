import { describe, expect, it } from 'vitest';
import { durationLabel } from './duration-label.js';

describe('durationLabel', () => {
  it('reads the time-limit codes as words in the three UI languages', () => {
    expect(durationLabel('2bh', 'zh-CN')).toBe('2 个工作小时');
    expect(durationLabel('5wd', 'zh-CN')).toBe('5 个工作日');
    expect(durationLabel('5wd', 'zh-TW')).toBe('5 個工作日');
    expect(durationLabel('2bh', 'en')).toBe('2 working hours');
    expect(durationLabel('1wd', 'en')).toBe('1 working day');
    expect(durationLabel('30m', 'zh-CN')).toBe('30 分钟');
    expect(durationLabel('30m', 'zh-TW')).toBe('30 分鐘');
    expect(durationLabel('4h', 'zh-CN')).toBe('4 小时');
    expect(durationLabel('3d', 'zh-CN')).toBe('3 天');
    expect(durationLabel('0m', 'zh-CN')).toBe('立即');
    expect(durationLabel('0m', 'en')).toBe('immediately');
  });
  it('leaves text that is not a duration as it is', () => {
    expect(durationLabel('soon', 'zh-CN')).toBe('soon');
  });
});

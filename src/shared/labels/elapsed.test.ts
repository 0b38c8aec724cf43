import { describe, expect, it } from 'vitest';
import { elapsedClock } from './elapsed.js';

const H = 3_600_000;
const S = 1000;

describe('elapsedClock', () => {
  it('reads as a clock under a day', () => {
    expect(elapsedClock(42 * S, 'zh-CN')).toBe('0:42');
    expect(elapsedClock(12 * 60 * S + 5 * S, 'en')).toBe('12:05');
    expect(elapsedClock(H + 2 * 60 * S + 33 * S, 'zh-TW')).toBe('1:02:33');
    expect(elapsedClock(24 * H - S, 'zh-CN')).toBe('23:59:59');
  });
  it('an agent offline for 26:13:59 reads 1天2小时, not 26:13:59', () => {
    const ms = 26 * H + 13 * 60 * S + 59 * S;
    expect(elapsedClock(ms, 'zh-CN')).toBe('1天2小时');
    expect(elapsedClock(ms, 'zh-TW')).toBe('1天2小時');
    expect(elapsedClock(ms, 'en')).toBe('1 d 2 h');
  });
  it('whole days leave the hours out; 3 days 23 hours stays 3 days (not rounded up)', () => {
    expect(elapsedClock(24 * H, 'zh-CN')).toBe('1天');
    expect(elapsedClock(48 * H + 30 * 60 * S, 'en')).toBe('2 d');
    expect(elapsedClock(95 * H + 59 * 60 * S, 'zh-CN')).toBe('3天23小时');
  });
  it('unknown is a dash, negative is zero', () => {
    expect(elapsedClock(null, 'zh-CN')).toBe('—');
    expect(elapsedClock(Number.NaN, 'en')).toBe('—');
    expect(elapsedClock(-5 * S, 'zh-CN')).toBe('0:00');
  });
});

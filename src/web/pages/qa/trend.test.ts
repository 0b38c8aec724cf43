import { describe, expect, it } from 'vitest';
import { scoreAxisMin, scoreText } from './trend.js';

describe('QA trend axis and tooltip', () => {
  it('starts the axis 5 under the lowest average, floored to 10', () => {
    expect(scoreAxisMin([96, 99, 97.5])).toBe(90);
    expect(scoreAxisMin([95, 99])).toBe(90);
    expect(scoreAxisMin([94.9, 99])).toBe(80);
    expect(scoreAxisMin([71.3, null, 88])).toBe(60);
  });
  it('never goes under 0, and is 0 without data', () => {
    expect(scoreAxisMin([3, 50])).toBe(0);
    expect(scoreAxisMin([])).toBe(0);
    expect(scoreAxisMin([null, undefined])).toBe(0);
  });
  it('writes averages with one decimal', () => {
    expect(scoreText(97.5)).toBe('97.5');
    expect(scoreText(98)).toBe('98.0');
    expect(scoreText(null)).toBe('—');
  });
});

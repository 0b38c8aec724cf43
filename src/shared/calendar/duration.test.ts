import { describe, expect, it } from 'vitest';
import { describeDuration, DurationParseError, formatDuration, parseDuration, toDuration } from './index.js';

describe('parseDuration', () => {
  it('reads every unit', () => {
    expect(parseDuration('30m')).toEqual({ amount: 30, unit: 'm' });
    expect(parseDuration('4h')).toEqual({ amount: 4, unit: 'h' });
    expect(parseDuration('2d')).toEqual({ amount: 2, unit: 'd' });
    expect(parseDuration('8bh')).toEqual({ amount: 8, unit: 'bh' });
    expect(parseDuration('5wd')).toEqual({ amount: 5, unit: 'wd' });
    expect(parseDuration(' 5 wd ')).toEqual({ amount: 5, unit: 'wd' });
    expect(parseDuration('0wd')).toEqual({ amount: 0, unit: 'wd' });
    expect(formatDuration(parseDuration('12bh'))).toBe('12bh');
    expect(describeDuration({ amount: 1, unit: 'wd' })).toBe('1 working day');
    expect(describeDuration({ amount: 3, unit: 'bh' })).toBe('3 business hours');
  });

  const error = (s: string): DurationParseError => {
    try {
      parseDuration(s);
    } catch (err) {
      expect(err).toBeInstanceOf(DurationParseError);
      expect((err as DurationParseError).code).toBe('DURATION_INVALID');
      expect((err as DurationParseError).input).toBe(s);
      return err as DurationParseError;
    }
    throw new Error(`"${s}" was accepted`);
  };

  it('explains what is wrong', () => {
    expect(error('').message).toMatch(/^empty duration/);
    expect(error('   ').message).toMatch(/^empty duration/);
    expect(error('-3wd').message).toBe('the duration "-3wd" is negative: durations count forward from the start');
    expect(error('1.5h').message).toMatch(/not a whole number: use a smaller unit instead \(e\.g\. 90m/);
    expect(error('0.5wd').message).toMatch(/not a whole number/);
    expect(error('3x').message).toMatch(/^unknown unit "x" in "3x": use m \(minutes\), h \(hours\), d \(days\), bh \(business hours\) or wd \(working days\)/);
    expect(error('3M').message).toMatch(/unknown unit "M"/); // not minutes: M could be read as months
    expect(error('3WD').message).toMatch(/unknown unit "WD"/);
    expect(error('3 days').message).toMatch(/unknown unit "days"/);
    expect(error('wd').message).toMatch(/has no number/);
    expect(error('3').message).toMatch(/has no unit/);
    expect(error('3wd4').message).toMatch(/unknown unit/);
    expect(error('99999wd').message).toMatch(/too long: at most 2600wd/);
  });

  it('validates durations given as objects as strictly', () => {
    expect(toDuration({ amount: 3, unit: 'wd' })).toEqual({ amount: 3, unit: 'wd' });
    expect(() => toDuration({ amount: -1, unit: 'wd' })).toThrow(DurationParseError);
    expect(() => toDuration({ amount: 1.5, unit: 'h' })).toThrow(/whole number/);
    expect(() => toDuration({ amount: 1, unit: 'y' as never })).toThrow(/unknown unit "y"/);
  });
});

import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './mask.js';
import { resolveSlaLimits } from './sla-policy.js';

const pack = {
  slaPolicies: [
    { category: '*', priority: 'p1', dispatch: '0m', resolution: '24h', updateEvery: '30m' },
    { category: '*', priority: 'p2', dispatch: '2bh', resolution: '5wd' },
    { category: 'complaint', priority: '*', dispatch: '2bh', resolution: '15wd' },
    { category: 'complaint', subCategory: 'property', priority: '*', resolution: '10wd' },
  ],
} as Parameters<typeof resolveSlaLimits>[0];

describe('resolveSlaLimits', () => {
  it('takes each limit from the most specific policy that sets it', () => {
    expect(resolveSlaLimits(pack, 'help', null, 'p2')).toEqual({ dispatch: '2bh', resolution: '5wd' });
    expect(resolveSlaLimits(pack, 'complaint', null, 'p1')).toEqual({ dispatch: '2bh', resolution: '15wd', updateEvery: '30m' });
    expect(resolveSlaLimits(pack, 'complaint', 'property', 'p2')).toEqual({ dispatch: '2bh', resolution: '10wd' });
    expect(resolveSlaLimits(pack, 'help', null, 'p3')).toEqual({});
  });
});

describe('masking', () => {
  it('keeps the first three and last four digits of a phone number and the surname', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('110')).toBe('1*0');
    expect(maskPhone(null)).toBeNull();
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
  });
});

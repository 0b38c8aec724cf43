import { describe, expect, it } from 'vitest';
import { mergeSegments } from './merge-segments.js';

const seg = (speaker: 'agent' | 'customer', start: number, text: string) => ({ speaker, start, end: start + 500, text });

describe('mergeSegments', () => {
  it('keeps each segment once, in time order, whichever source had it', () => {
    const live = [seg('agent', 0, '您好'), seg('customer', 3000, '停水了')];
    const stored = [seg('agent', 0, '您好'), seg('customer', 1000, '你好'), seg('customer', 3000, '停水了'), seg('agent', 5000, '请稍等')];
    expect(mergeSegments(stored, live).map((s) => s.text)).toEqual(['您好', '你好', '停水了', '请稍等']);
    expect(mergeSegments(live, stored)).toEqual(mergeSegments(stored, live));
  });

  it('keeps two different sentences at the same instant, and the same words said by the other side', () => {
    const out = mergeSegments([seg('agent', 0, '好的'), seg('customer', 0, '好的'), seg('agent', 0, '请讲')]);
    expect(out).toHaveLength(3);
  });
});

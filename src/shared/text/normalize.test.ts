import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, normalizeText, positionalValue, quoteOriginal, spokenLength } from './normalize.js';

describe('normalize', () => {
  it.each([
    ['您好，星河電器，工號幺零二四。', '您好星河电器工号1024'],
    ['我們會在三個工作日內回覆您', '我们会在3个工作日内回复您'],
    ['二十四小時之內', '24小时之内'],
    ['十分鐘後', '10分钟后'],
    ['两个小时', '2个小时'],
    ['１３８　１２３４－５６７８', '13812345678'],
    ['幺三八 一二三四 五六七八', '13812345678'],
    ['二〇二六年三月二日', '2026年3月2日'],
    ['一百零五元', '105元'],
    ['明天下午三点前', '明天下午3点前'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it.each(['十分感谢', '请稍等一下', '万一', '一直', '统一', '一起'])('leaves %s as words', (word) => {
    expect(normalizeText(word)).toBe(word);
  });

  it('reads positional numerals', () => {
    expect(positionalValue('二十四')).toBe(24);
    expect(positionalValue('十')).toBe(10);
    expect(positionalValue('三千五')).toBe(3500);
    expect(positionalValue('一万二千')).toBe(12000);
    expect(positionalValue('二三十')).toBeNull();
  });

  it('maps a quoted span back to the original', () => {
    const original = '好的，您的工號是幺零二四，對嗎？';
    const n = normalize(original);
    const i = n.text.indexOf('1024');
    expect(quoteOriginal(original, n, i, i + 4)).toBe('幺零二四');
    const j = n.text.indexOf('工号');
    expect(quoteOriginal(original, n, j, i + 4)).toBe('工號是幺零二四');
  });

  it('counts spoken characters without punctuation or spaces', () => {
    expect(spokenLength('您好！ 请问，有什么可以帮您？')).toBe(11);
  });
});

const chinese = fc.constantFrom(...'您好工號号幺零〇一二三四五六七八九十百千万两个天點点，。！？ 　ＡＢ１２abc-請稍等後覆裡著𠀀'.match(/./gu)!);
const text = fc.array(fc.oneof(chinese, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((a) => a.join(''));

describe('normalize offset map (properties)', () => {
  it('has one entry per normalised unit, in range and non-decreasing', () => {
    fc.assert(
      fc.property(text, (s) => {
        const n = normalize(s);
        expect(n.map).toHaveLength(n.text.length);
        expect(n.ends).toHaveLength(n.text.length);
        for (let i = 0; i < n.map.length; i++) {
          expect(n.map[i]).toBeGreaterThanOrEqual(0);
          expect(n.map[i]).toBeLessThan(n.ends[i]!);
          expect(n.ends[i]).toBeLessThanOrEqual(s.length);
          if (i > 0) {
            expect(n.map[i]).toBeGreaterThanOrEqual(n.map[i - 1]!);
            expect(n.ends[i]).toBeGreaterThanOrEqual(n.ends[i - 1]!);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips: the quote of a span normalises back to the span', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (s, a, b) => {
        const n = normalize(s);
        if (n.text.length === 0) return;
        const from = a % n.text.length;
        const to = from + 1 + (b % (n.text.length - from));
        const quote = quoteOriginal(s, n, from, to);
        expect(s).toContain(quote);
        // a span that cuts a number or a character in two cannot round-trip exactly
        const cuts = (from > 0 && n.map[from] === n.map[from - 1]) || (to < n.text.length && n.ends[to] === n.ends[to - 1]);
        const numeral = /[\d零〇一二三四五六七八九十百千万两幺]/u;
        const digitEdge = numeral.test(n.text[from]!) || numeral.test(n.text[to - 1]!) || (to < n.text.length && numeral.test(n.text[to]!));
        if (!cuts && !digitEdge) expect(normalizeText(quote)).toBe(n.text.slice(from, to));
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeText fast path', () => {
  it('agrees with normalize(text).text', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(normalizeText(s)).toBe(normalize(s).text);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

// CJK ideographs and the CJK/full-width punctuation block (、。「」 etc.)
const cjk = '[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef]';
// an ASCII , : ; touching a Chinese character on either side (a space between still counts);
// digits:digits (08:30) is a time, not punctuation
const asciiNextToCjk = new RegExp(`${cjk}\\s*[,:;]|[,:;]\\s*${cjk}`);
const parenAroundCjk = new RegExp(`\\(\\s*${cjk}|${cjk}\\s*\\)`);
// a placeholder stands for Chinese text too: {label}: {value} or {text} ({n}) in a Chinese dictionary is ASCII punctuation
const asciiNextToPlaceholder = /\}\s*[,:;()]|[,:;()]\s*\{\w+\}/;

function offenders(dict: Record<string, string>): string[] {
  return Object.entries(dict)
    .filter(([, text]) => {
      const withoutTimes = text.replace(/\d:\d/g, '');
      return asciiNextToCjk.test(withoutTimes) || parenAroundCjk.test(withoutTimes) || asciiNextToPlaceholder.test(withoutTimes);
    })
    .map(([key, text]) => `${key}: ${text}`);
}

describe('Chinese UI strings use full-width punctuation', () => {
  it('zh-CN has no ASCII , : ; ( ) next to a Chinese character', () => {
    expect(offenders(zhCN)).toEqual([]);
  });
  it('zh-TW has no ASCII , : ; ( ) next to a Chinese character', () => {
    expect(offenders(zhTW)).toEqual([]);
  });
  it('the check itself: catches 号:admin and (未分配), lets 08:30 and {n} through', () => {
    expect(offenders({ a: '演示账号:admin', b: '坐席(未分配)', c: '来电人,请' })).toHaveLength(3);
    expect(offenders({ a: '08:30–17:30 上班', b: '共 {n} 条', c: '见 https://x.cn/a,b' })).toEqual([]);
    expect(offenders({ a: '{label}: {value}', b: '{text} ({n})', c: '{label}：{value}', d: '{text}（{n}）' })).toEqual(['a: {label}: {value}', 'b: {text} ({n})']);
  });
});

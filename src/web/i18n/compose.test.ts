import { describe, expect, it } from 'vitest';
import { labelled, paren } from './compose.js';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

const tOf = (dict: Record<MessageKey, string>) => (key: MessageKey) => dict[key];

describe('pieces of a sentence in the language’s own punctuation', () => {
  it('Chinese gets full-width colon and brackets, English ASCII ones', () => {
    const zh = tOf(zhCN);
    expect(paren(zh, zh('qa.findings'), 3)).toBe('违规项与证据（3）');
    expect(labelled(zh, zh('qa.rule'), '开场白须报工号')).toBe('规范要求：开场白须报工号');
    expect(labelled(zh, zh('std.exceptions'))).toBe('例外（不算违规）：');
    expect(paren(tOf(zhTW), zhTW['qa.findings'], 3)).toBe(`${zhTW['qa.findings']}（3）`);
    const e = tOf(en);
    expect(paren(e, e('qa.findings'), 3)).toBe('Findings and evidence (3)');
    expect(labelled(e, e('qa.rule'), 'x')).toBe('The standard says: x');
    // a value is put in as it is, even when it looks like a placeholder
    expect(labelled(e, 'a', '{value}')).toBe('a: {value}');
  });

});

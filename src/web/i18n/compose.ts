import { fill } from '../../shared/labels/label.js';
import type { MessageKey } from './zh-CN.js';

type T = (key: MessageKey) => string;

/**
 * Small pieces of a sentence built from other strings, in the language's own punctuation: 规则：… and 违规项与证据（3）
 * in Chinese, `Rule: …` and `Findings (3)` in English. Components use these rather than writing `: ` or ` (` around
 * a translated word (src/web/i18n/punctuation.test.ts checks the dictionaries and that no component does).
 */

/** `label：value` (a label alone, ready for a value after it, with `value` left out). */
export const labelled = (t: T, label: string, value: string | number = ''): string => fill(t('common.labelled'), { label, value });

/** `text（inner）`: a heading with its count, a field with its unit. */
export const paren = (t: T, text: string, inner: string | number): string => fill(t('common.paren'), { text, inner });

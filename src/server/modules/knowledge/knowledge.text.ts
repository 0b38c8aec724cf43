/**
 * Text for the knowledge-base search: folding (Traditional → Simplified, full width →
 * half width, lower case), Chinese word segmentation (jieba, search mode) and the
 * highlighting of query words in titles and snippets.
 *
 * Folding is per character, as in src/shared/text (OpenCC with the Taiwan variants, one
 * character at a time so offsets stay put), so a word found in the folded text is at the
 * same place in the original and can be highlighted there.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { Converter } from 'opencc-js/t2cn';

const toSimplified = Converter({ from: 'tw', to: 'cn' });
// ambiguous on their own in Traditional text; for search the everyday reading wins (as src/shared/text does).
// 么 stays 么: the Taiwan table turns it into 幺, so Simplified 什么 became 什幺 and slipped past the stop words
const overrides: Record<string, string> = { 覆: '复', 乾: '干', 瞭: '了', 么: '么' };
const charCache = new Map<string, string>();

/** One character folded; a conversion that is not one character is ignored. */
function foldChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  let out = ch.normalize('NFKC');
  if ([...out].length !== 1) out = ch;
  out = out.toLowerCase();
  if ([...out].length !== 1) out = ch;
  const overridden = overrides[out];
  if (overridden !== undefined) out = overridden;
  else if (out.codePointAt(0)! >= 0x2e80) {
    const converted = toSimplified(out);
    if ([...converted].length === 1) out = converted;
  }
  charCache.set(ch, out);
  return out;
}

/** The folded characters of a text, one per code point of the original, with their UTF-16 offsets. */
export function foldChars(text: string): { chars: string[]; offsets: number[] } {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  for (const ch of text) {
    chars.push(foldChar(ch));
    offsets.push(i);
    i += ch.length;
  }
  offsets.push(i);
  return { chars, offsets };
}

export const fold = (text: string): string => foldChars(text).chars.join('');

let jieba: Jieba | null = null;
// loading the dictionary takes a moment: only when the first article or query needs it
const segmenter = (): Jieba => (jieba ??= Jieba.withDict(dict));

// Words too common to tell articles apart, and the particles jieba leaves on their own.
const STOP = new Set(
  '的 了 吗 呢 吧 啊 呀 哦 嗯 是 在 和 与 及 或 也 都 就 还 又 很 太 我 你 您 他 她 它 我们 你们 他们 这 那 这个 那个 一个 有 没 不 请 请问 怎么 怎么办 什么 为什么 如何 哪里 可以 能 要 会 吗 给 把 被 让 对 从 到 为 以 之 其 等 个 些'.split(' '),
);
const WORD = /[\p{L}\p{N}]+/gu;

/** The search words of a text: folded, segmented (search mode adds the parts of long words), without stop words. */
export function tokens(text: string): string[] {
  const folded = fold(text);
  if (folded.trim() === '') return [];
  const out: string[] = [];
  for (const piece of segmenter().cutForSearch(folded, true)) {
    for (const m of piece.matchAll(WORD)) {
      const w = m[0];
      if (!STOP.has(w)) out.push(w);
    }
  }
  return out;
}

/** Distinct search words of a query, longest first (the order highlighting tries them in). */
export function queryTerms(query: string): string[] {
  return [...new Set(tokens(query))].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * The words to mark in titles and snippets: those of two or more characters. A single
 * character (修, 号) marked wherever it occurs is noise, not a match; it is marked only
 * when the query has no longer word (a search for 税 alone).
 */
export function markTerms(terms: readonly string[]): string[] {
  const long = terms.filter((t) => [...t].length > 1);
  return long.length > 0 ? long : [...terms];
}

/**
 * A tsquery for the words, all of them or any of them; a word of two or more characters
 * also as a prefix (社保 finds 社保卡). With `any`, single characters are left out when
 * there are longer words: 季 alone would find every 季度.
 */
export function tsQuery(terms: readonly string[], mode: 'all' | 'any' = 'all'): string | null {
  const long = terms.filter((t) => [...t].length > 1);
  const used = mode === 'any' && long.length > 0 ? long : terms;
  return used.length === 0 ? null : used.map((t) => ([...t].length > 1 ? `'${t}':*` : `'${t}'`)).join(mode === 'all' ? ' & ' : ' | ');
}

/** Markdown as plain text for indexing and snippets: no markup, links as their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|`|~~)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type Range = [number, number];

/** Where the terms occur in a text (UTF-16 offsets of the original), merged and in order. */
export function highlight(text: string, terms: readonly string[]): Range[] {
  if (terms.length === 0 || text === '') return [];
  const { chars, offsets } = foldChars(text);
  const folded = chars.join('');
  // folded characters are whole code points: index of a folded unit → index of its character
  const unitToChar: number[] = [];
  chars.forEach((c, i) => {
    for (let k = 0; k < c.length; k++) unitToChar.push(i);
  });
  const ranges: Range[] = [];
  for (const term of terms) {
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
      const first = unitToChar[at]!;
      const last = unitToChar[at + term.length - 1]!;
      ranges.push([offsets[first]!, offsets[last + 1]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A piece of the body around the first term found (or its start), with the terms highlighted in it. */
export function snippet(body: string, terms: readonly string[], width = 80): { text: string; highlights: Range[] } {
  const plain = plainText(body);
  const all = highlight(plain, terms);
  let from = 0;
  if (all.length > 0) from = Math.max(0, all[0]![0] - 20);
  // do not cut a surrogate pair in two
  if (from > 0 && /[\udc00-\udfff]/.test(plain[from] ?? '')) from--;
  let to = Math.min(plain.length, from + width);
  if (to < plain.length && /[\udc00-\udfff]/.test(plain[to] ?? '')) to++;
  const prefix = from > 0 ? '…' : '';
  const text = `${prefix}${plain.slice(from, to)}${to < plain.length ? '…' : ''}`;
  const shift = prefix.length - from;
  const highlights = all.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a + shift, b + shift] as Range);
  return { text, highlights };
}

/**
 * A word or sentence in the three UI languages. Every registry of src/shared/labels is a `Record<Code, Label>` over a
 * closed list of codes, so a code without its three labels does not compile.
 */
export const labelLanguages = ['zh-CN', 'zh-TW', 'en'] as const;
export type LabelLanguage = (typeof labelLanguages)[number];
export type Label = Readonly<Record<LabelLanguage, string>>;

export const l = (zhCN: string, zhTW: string, en: string): Label => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

export type LabelParams = Readonly<Record<string, string | number>>;

/** `{name}` in a label replaced by its parameter; a placeholder without one is left as it is. */
export function fill(text: string, params: LabelParams = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** The placeholders a label needs. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

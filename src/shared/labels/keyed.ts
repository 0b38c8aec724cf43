import type { Label, LabelLanguage } from './label.js';

/**
 * A registry's labels in one language as UI dictionary entries `prefix.code`, so that src/web/i18n takes them from
 * the registry (type-checked keys) instead of repeating them.
 */
export function keyed<P extends string, K extends string>(prefix: P, table: Readonly<Record<K, Label>>, lang: LabelLanguage): { [C in K as `${P}.${C}`]: string } {
  const out: Record<string, string> = {};
  for (const [code, label] of Object.entries(table) as Array<[K, Label]>) out[`${prefix}.${code}`] = label[lang];
  return out as { [C in K as `${P}.${C}`]: string };
}

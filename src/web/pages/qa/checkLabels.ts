import { checkIds } from '../../../shared/qa/config.js';
import { isCheckId, qaCheckName, qaCheckRule, type RuleThresholds } from '../../../shared/labels/qa-checks.js';
import type { Language } from '../../i18n/index.js';

/** The 18 checks in the order of docs/qa-rules.md; names and rules live in src/shared/labels/qa-checks.ts. */
export const checkIdsInOrder: readonly string[] = checkIds;

/** Custom rules come from the organisation's pack: id → name (in the pack's own language); `loading` until the pack is in. */
export type CustomRuleNames = ReadonlyMap<string, string> & { readonly loading?: boolean };

export function checkName(id: string, lang: Language, custom?: CustomRuleNames): string {
  // while the pack loads, nothing rather than the rule's id for a moment
  return isCheckId(id) ? qaCheckName(id, lang) : (custom?.get(id) ?? (custom?.loading ? '' : id));
}

/** What the standard asks, with the numbers of the active pack (`thresholds`; the standard's defaults without one). */
export function checkRule(id: string, lang: Language, custom?: CustomRuleNames, thresholds?: RuleThresholds): string {
  return isCheckId(id) ? qaCheckRule(id, lang, thresholds) : (custom?.get(id) ?? '');
}

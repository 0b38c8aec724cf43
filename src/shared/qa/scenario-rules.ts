/**
 * The forbidden phrasings of a pack's scenarios (场景禁用说法), checked like the taboo
 * lexicon: each scenario with `forbidden` phrasings becomes a `forbid` custom rule
 * `scenario.<id>` named after the scenario, so a finding says which scenario's phrasing
 * the agent used, the live warnings flag it as it is typed or said, and a reviewer may
 * confirm or overturn it like any rule. The phrasings are matched in each form of "you"
 * (你/您/妳) and with the lexicon's global exceptions, as taboo phrases are.
 */
import type { CustomRule, QaRules, TabooLexicon } from './config.js';
import { honorificForms } from './compile.js';

export const SCENARIO_RULE_PREFIX = 'scenario.';

/** The check id of a scenario's forbidden phrasings. */
export const scenarioRuleId = (scenarioId: string): string => `${SCENARIO_RULE_PREFIX}${scenarioId}`;

/** The rule name shown to supervisors (场景禁用说法：无声电话). */
export const scenarioRuleName = (scenarioName: string): string => `场景禁用说法：${scenarioName}`;

/** One `forbid` rule per scenario with forbidden phrasings (rule ids the pack already uses are left alone). */
export function scenarioRules(
  scenarios: ReadonlyArray<{ id: string; name: string; forbidden: readonly string[] }>,
  qa: Pick<QaRules, 'customRules' | 'scenarioForbiddenWeight'>,
  taboo: Pick<TabooLexicon, 'exceptions'>,
): CustomRule[] {
  const taken = new Set(qa.customRules.map((r) => r.id));
  const exceptions = taboo.exceptions.flatMap((e) => honorificForms(e)).map((e) => `!${e}`);
  const out: CustomRule[] = [];
  for (const s of scenarios) {
    const id = scenarioRuleId(s.id);
    if (s.forbidden.length === 0 || taken.has(id) || !/^[a-z][a-z0-9.-]*$/.test(id)) continue;
    const phrases = [...new Set(s.forbidden.flatMap((p) => honorificForms(p)))];
    out.push({
      id,
      name: scenarioRuleName(s.name),
      weight: qa.scenarioForbiddenWeight,
      severity: 'major',
      mode: 'forbid',
      when: { role: 'agent', keywords: { any: [...phrases, ...exceptions] } },
    });
  }
  return out;
}

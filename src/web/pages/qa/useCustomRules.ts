import { useMemo } from 'react';
import { useActivePack } from '../standards/api.js';
import type { CustomRuleNames } from './checkLabels.js';

/** Names of the active pack's custom QA rules, so findings show "登记诉求时告知办理时限", not an id. */
export function useCustomRuleNames(): CustomRuleNames {
  const active = useActivePack();
  return useMemo(() => new Map((active.data?.content.qa.customRules ?? []).map((r) => [r.id, r.name] as const)), [active.data]);
}

import { useMemo } from 'react';
import { packRules, toQaConfig } from '../../../shared/standards/qa.js';
import { useActivePack } from '../standards/api.js';
import type { CustomRuleNames } from './checkLabels.js';

/**
 * Names of the active pack's custom QA rules — its own and the scenarios' forbidden
 * phrasings (场景禁用说法：…) and the 180-second rule — so findings show "登记诉求时告知办理时限", not an id.
 */
export function useCustomRuleNames(): CustomRuleNames {
  const active = useActivePack();
  return useMemo(
    () => Object.assign(new Map(active.data ? packRules(toQaConfig(active.data.content)).map((r) => [r.id, r.name] as const) : []), { loading: active.isPending }),
    [active.data, active.isPending],
  );
}

/** The active pack's QA thresholds (rings, hold, dead air, …), for rules that state a number. */
export function useQaThresholds() {
  const active = useActivePack();
  return useMemo(() => (active.data ? toQaConfig(active.data.content).thresholds : undefined), [active.data]);
}

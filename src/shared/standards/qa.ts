/** The QA configuration a pack gives the QA engine. */
import type { QaConfig } from '../qa/config.js';
import { escalationRuleName, UNRESOLVED_COMPLAINT_CHECK } from '../qa/escalation.js';
import { scenarioRules } from '../qa/scenario-rules.js';
import { packIdentity, type OrgProfile } from './identity.js';
import { callRuleThresholds, type Pack } from './schema.js';

/** Once a dispute goes on past the limit, the agent has this long to offer the seat or a ticket. */
export const ESCALATION_GRACE_MS = 60_000;

/** QA configuration plus the organisation name agents must announce (the QA greeting check uses it when a transcript has no `org`). */
export type PackQaConfig = QaConfig & { org: string };

/**
 * The pack's QA rules (already merged over the defaults), its taboo lexicon and its organisation name.
 * The thresholds the call rules state (rings, speech rate, dead air, interruption, silent-call prompts)
 * come from `callRules`, their one place in the pack. The organisation's profile (its city and number)
 * fills the announced name and adds its number to the ones agents may give out.
 */
export function toQaConfig(pack: Pack, profile?: OrgProfile | null): PackQaConfig {
  const identity = packIdentity(pack, profile);
  const { thresholds, ...rules } = structuredClone(pack.qa);
  const qa = { ...rules, thresholds: { ...thresholds, ...callRuleThresholds(pack.callRules) } };
  // the pack's own hotline is given out on every call
  for (const n of new Set([pack.identity.hotline, identity.hotline])) if (!qa.publicNumbers.includes(n)) qa.publicNumbers.push(n);
  // the scenarios' forbidden phrasings are checked like the lexicon, one rule per scenario
  qa.customRules.push(...scenarioRules(pack.scenarios, qa, pack.taboo));
  // the scenarios as the engine recognises them, for rules that apply in some scenarios only
  const scenarios = pack.scenarios.map((s) => ({ id: s.id, name: s.name, keywords: [...s.triggers.keywords] }));
  // the 180-second rule, in packs that carry it
  const u = pack.callRules.unresolvedComplaint;
  const target = u?.transferTo ? (pack.callRules.transfer.targets.find((t) => t.id === u.transferTo)?.name ?? null) : null;
  const escalation = u
    ? { id: UNRESOLVED_COMPLAINT_CHECK, name: escalationRuleName(u.afterSeconds, target, u.orCreateTicket), afterMs: u.afterSeconds * 1000, target, orCreateTicket: u.orCreateTicket, graceMs: ESCALATION_GRACE_MS, weight: qa.unresolvedComplaintWeight }
    : null;
  return { ...qa, taboo: structuredClone(pack.taboo), scenarios, escalation, org: identity.org };
}

/**
 * The pack's own rules beyond the 18 standard checks, as findings name them: its custom rules, its
 * scenarios' forbidden phrasings and the 180-second rule (where the pack carries it).
 */
export function packRules(config: QaConfig): Array<{ id: string; name: string; weight: number; fatal: boolean }> {
  return [
    ...config.customRules.map((r) => ({ id: r.id, name: r.name, weight: r.weight, fatal: r.severity === 'fatal' })),
    ...(config.escalation ? [{ id: config.escalation.id, name: config.escalation.name, weight: config.escalation.weight, fatal: false }] : []),
  ];
}

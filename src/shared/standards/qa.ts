/** The QA configuration a pack gives the QA engine. */
import type { QaConfig } from '../qa/config.js';
import { scenarioRules } from '../qa/scenario-rules.js';
import type { Pack } from './schema.js';

/** QA configuration plus the organisation name agents must announce (the QA greeting check uses it when a transcript has no `org`). */
export type PackQaConfig = QaConfig & { org: string };

/** The pack's QA rules (already merged over the defaults), its taboo lexicon and its organisation name. */
export function toQaConfig(pack: Pack): PackQaConfig {
  const qa = structuredClone(pack.qa);
  // the pack's own hotline is given out on every call
  if (!qa.publicNumbers.includes(pack.identity.hotline)) qa.publicNumbers.push(pack.identity.hotline);
  // the scenarios' forbidden phrasings are checked like the lexicon, one rule per scenario
  qa.customRules.push(...scenarioRules(pack.scenarios, qa, pack.taboo));
  // the scenarios as the engine recognises them, for rules that apply in some scenarios only
  const scenarios = pack.scenarios.map((s) => ({ id: s.id, name: s.name, keywords: [...s.triggers.keywords] }));
  return { ...qa, taboo: structuredClone(pack.taboo), scenarios, org: pack.identity.org };
}

/**
 * The pack passes its own QA (`rexian standards check`): every script line of a standard
 * pack — the greeting, the call rules' scripts, the scenario steps, the customer-type
 * scripts, the night-mode lines — is spoken as one agent utterance through the QA engine
 * with the pack's own configuration, and each line that draws a finding about what is
 * said in it (a taboo, a deferral without a time, a number, a forbidden phrasing, a
 * custom `forbid` rule) is reported. Checks about the whole call (closing, holds …) do
 * not apply to one line; the greeting line is also checked as a greeting.
 */
import { packIdentity } from '../standards/identity.js';
import { renderScript } from '../standards/render.js';
import type { Pack } from '../standards/schema.js';
import { toQaConfig } from '../standards/qa.js';
import { compileQa } from './compile.js';
import { checkCall } from './engine.js';
import type { Transcript } from './transcript.js';

export interface ScriptLine {
  /** Where the line is in the pack, e.g. `scenarios[3].steps[1].script`. */
  path: string;
  text: string;
}

export interface ScriptFinding extends ScriptLine {
  check: string;
  evidence: string;
}

// Keys whose strings (or lists of strings) are lines the agent says.
const SCRIPT_KEYS = new Set([
  'script',
  'scripts',
  'apologies',
  'replyToCustomerGreeting',
  'consentScript',
  'checkInScript',
  'thanksScript',
  'prompts',
  'endNotice',
  'offerFurtherHelp',
  'farewell',
  'agentEndNotice',
  'notice',
  'announcement',
  'agentScript',
]);

/** Every script line of a pack, with its path. */
export function scriptLines(pack: Pack): ScriptLine[] {
  const out: ScriptLine[] = [{ path: 'identity.greeting', text: pack.identity.greeting }];
  const walk = (node: unknown, path: string, scriptKey: boolean): void => {
    if (typeof node === 'string') {
      if (scriptKey) out.push({ path, text: node });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, scriptKey));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, path ? `${path}.${key}` : key, SCRIPT_KEYS.has(key));
    }
  };
  walk({ callRules: pack.callRules, scenarios: pack.scenarios, customerTypes: pack.customerTypes, nightMode: pack.nightMode }, '', false);
  return out;
}

// The checks that judge one utterance on what is said in it.
const LINE_CHECKS = new Set(['taboo.phrase', 'commitment.no-deadline', 'privacy.disclosure']);

/** The findings the pack's own QA makes on its script lines, filled in as an agent would say them. */
export function checkPackScripts(pack: Pack): ScriptFinding[] {
  const config = toQaConfig(pack);
  const compiled = compileQa(config);
  const forbidRules = new Set(config.customRules.filter((r) => r.mode === 'forbid').map((r) => r.id));
  const agentId = '1024';
  const identity = packIdentity(pack);
  const vars = { ...identity, agentId, agentName: '李娜', customer: '张先生', target: '投诉专席', time: '明天上午10点前' };
  const out: ScriptFinding[] = [];
  for (const line of scriptLines(pack)) {
    const text = renderScript(line.text, vars);
    const transcript: Transcript = {
      id: line.path,
      org: identity.org,
      agent: { id: agentId },
      startedAt: '2026-03-02T09:00:00+08:00',
      ringMs: 0,
      events: [],
      segments: [{ speaker: 'agent', start: 0, end: 10_000, text }],
    } as unknown as Transcript;
    const greeting = line.path === 'identity.greeting';
    for (const v of checkCall(transcript, compiled).violations) {
      if (v.segment !== 0) continue;
      if (LINE_CHECKS.has(v.check) || forbidRules.has(v.check) || v.check.startsWith('scenario.') || (greeting && v.check === 'greeting.incomplete')) {
        out.push({ ...line, check: v.check, evidence: v.evidence });
      }
    }
  }
  return out;
}

/**
 * Where a line is written: `file:line` of the first YAML line holding its first words
 * (templates are searched as written, placeholders and all); the first file, line 0,
 * when it cannot be found (a line folded right at its start).
 */
export function locateLine(files: ReadonlyArray<{ name: string; text: string }>, line: ScriptLine): { file: string; line: number } {
  const probe = line.text.slice(0, 12);
  for (const f of files) {
    const at = f.text.indexOf(probe);
    if (at >= 0) return { file: f.name, line: f.text.slice(0, at).split('\n').length };
  }
  return { file: files[0]?.name ?? '', line: 0 };
}

/** Scenario ids a custom rule's `appliesWhen.scenarios` names that the pack does not have (such a rule would never apply). */
export function unknownRuleScenarios(pack: Pack): Array<{ path: string; id: string }> {
  const known = new Set(pack.scenarios.map((s) => s.id));
  return pack.qa.customRules.flatMap((r, i) => (r.appliesWhen?.scenarios ?? []).flatMap((id, k) => (known.has(id) ? [] : [{ path: `qa.customRules[${i}].appliesWhen.scenarios[${k}]`, id }])));
}

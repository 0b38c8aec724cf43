/**
 * Warnings: a pack that validates but is probably not what its editor meant.
 * They never block loading; `rexian standards check` prints them apart from errors.
 */
import type { Pack } from './schema.js';

export type WarningPath = Array<string | number>;

export interface PackWarning {
  path: WarningPath;
  message: string;
}

/** Drops what the QA engine ignores (punctuation, spaces, placeholders) so literal phrases can be found in scripts. */
function normalise(s: string): string {
  return s.replace(/\{[^{}]*\}/g, '※').replace(/[\s\p{P}\p{S}]/gu, '');
}

function isLiteral(phrase: string): boolean {
  return !phrase.startsWith('/') && !phrase.startsWith('!') && !phrase.includes('…') && !phrase.includes('...');
}

function occurrences(haystack: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!needle) return out;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) out.push([i, i + needle.length]);
  return out;
}

/** Every script of the pack with its path. */
function* scripts(pack: Pack): Generator<[WarningPath, string]> {
  yield [['identity', 'greeting'], pack.identity.greeting];
  const r = pack.callRules;
  for (const [i, s] of r.answer.apologies.entries()) yield [['callRules', 'answer', 'apologies', i], s];
  if (r.greeting.replyToCustomerGreeting) yield [['callRules', 'greeting', 'replyToCustomerGreeting'], r.greeting.replyToCustomerGreeting];
  for (const k of ['consentScript', 'checkInScript', 'thanksScript'] as const) yield [['callRules', 'hold', k], r.hold[k]];
  for (const [i, s] of r.silentCall.prompts.entries()) yield [['callRules', 'silentCall', 'prompts', i], s];
  yield [['callRules', 'silentCall', 'endNotice'], r.silentCall.endNotice];
  for (const k of ['offerFurtherHelp', 'farewell', 'agentEndNotice'] as const) yield [['callRules', 'closing', k], r.closing[k]];
  yield [['callRules', 'transfer', 'notice'], r.transfer.notice];
  yield [['callRules', 'disclosure', 'script'], r.disclosure.script];
  if (r.unresolvedComplaint) yield [['callRules', 'unresolvedComplaint', 'script'], r.unresolvedComplaint.script];
  if (r.correction) yield [['callRules', 'correction', 'script'], r.correction.script];
  for (const [i, s] of pack.scenarios.entries())
    for (const [j, step] of s.steps.entries()) if (step.script) yield [['scenarios', i, 'steps', j, 'script'], step.script];
  for (const [i, c] of pack.customerTypes.entries()) for (const [j, s] of c.scripts.entries()) yield [['customerTypes', i, 'scripts', j], s];
  if (pack.nightMode) {
    yield [['nightMode', 'announcement'], pack.nightMode.announcement];
    yield [['nightMode', 'agentScript'], pack.nightMode.agentScript];
  }
}

/** Problems worth a look that do not make the pack invalid. */
export function packWarnings(pack: Pack): PackWarning[] {
  const out: PackWarning[] = [];
  const warn = (path: WarningPath, message: string): void => void out.push({ path, message });

  // Scenarios: the QA engine and trainees need the phrasings to avoid.
  pack.scenarios.forEach((s, i) => {
    if (s.forbidden.length === 0) warn(['scenarios', i], `scenario "${s.id}" lists no forbidden phrasings`);
    if (!s.steps.some((st) => st.script)) warn(['scenarios', i, 'steps'], `scenario "${s.id}" has no step with a script`);
  });

  // Categories without any SLA policy get no deadlines at all.
  const covered = (cat: string): boolean => pack.slaPolicies.some((p) => p.category === '*' || p.category === cat);
  pack.categories.forEach((c, i) => {
    if (!covered(c.id)) warn(['categories', i], `category "${c.id}" (${c.name}) has no SLA policy: its tickets get no deadlines`);
    if (c.id === 'complaint' && c.complaint === undefined)
      warn(['categories', i], `category "complaint" (${c.name}) does not say whether its tickets are complaints: they are taken as complaints because of its id; say complaint: true (or false)`);
  });
  pack.priorities.forEach((p, i) => {
    if (!pack.slaPolicies.some((s) => s.priority === '*' || s.priority === p.id)) warn(['priorities', i], `priority "${p.id}" (${p.name}) is not used by any SLA policy`);
  });

  // Taboo phrases listed twice (in one class or in two) are counted once; probably a copy-paste slip.
  const seen = new Map<string, string>();
  pack.taboo.classes.forEach((c, i) =>
    c.phrases.forEach((p, j) => {
      const t = typeof p === 'string' ? p : p.text;
      const where = `${c.id}`;
      const first = seen.get(t);
      if (first !== undefined) warn(['taboo', 'classes', i, 'phrases', j], `taboo phrase "${t}" is listed twice (also in class "${first}")`);
      else seen.set(t, where);
    }),
  );

  // A script that contains a taboo phrase would make agents fail QA by following the standard.
  const global = pack.taboo.exceptions.filter(isLiteral).map(normalise);
  for (const [path, script] of scripts(pack)) {
    const text = normalise(script);
    for (const c of pack.taboo.classes) {
      const exceptions = [...global, ...c.exceptions.filter(isLiteral).map(normalise)];
      for (const p of c.phrases) {
        const phrase = typeof p === 'string' ? p : p.text;
        if (!isLiteral(phrase)) continue;
        const n = normalise(phrase);
        const hit = occurrences(text, n).find(([a, b]) => !exceptions.some((e) => occurrences(text, e).some(([x, y]) => x < b && a < y)));
        if (hit) warn(path, `the script contains the taboo phrase "${phrase}" (${c.name}): the QA check taboo.phrase would flag agents who follow it`);
      }
    }
  }

  // The QA thresholds that depend on the call rules without being the same number (the others are read from callRules).
  const t = pack.qa.thresholds;
  const r = pack.callRules;
  const mismatch = (path: WarningPath, rule: string, qa: string): void => warn(path, `${rule} but the QA check uses ${qa}; set qa.thresholds to match`);
  if (t.silentMinPrompts > r.silentCall.prompts.length)
    mismatch(['callRules', 'silentCall', 'prompts'], `the silent-call protocol has ${r.silentCall.prompts.length} prompts`, `qa.thresholds.silentMinPrompts = ${t.silentMinPrompts}`);
  if (t.holdMaxMs < r.hold.checkInEverySeconds * 1000)
    mismatch(['callRules', 'hold', 'checkInEverySeconds'], `agents check in every ${r.hold.checkInEverySeconds} s`, `qa.thresholds.holdMaxMs = ${t.holdMaxMs} (shorter)`);

  // {city} without a default city shows as {city} for organisations whose profile gives none
  if (!pack.identity.city) {
    const uses = [...scripts(pack)].find(([, script]) => script.includes('{city}'));
    if (uses) warn(uses[0], 'the script uses {city} but identity.city is not set: organisations whose profile gives no city will see {city}');
  }

  if (pack.nightMode?.enabled && !pack.nightMode.callback.createTask)
    warn(['nightMode', 'callback', 'createTask'], 'night mode is on but no callback task is created: requests left at night may be lost');

  return out;
}

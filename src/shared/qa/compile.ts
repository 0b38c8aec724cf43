/**
 * Compiling a QA configuration: phrase lists, taboo classes and custom-rule keywords
 * become one literal table and one automaton, cached by config object identity.
 */
import type { CheckId, Condition, CustomRule, PhraseListName, QaConfig, Severity } from './config.js';
import { normalizeText } from '../text/normalize.js';
import type { Automaton } from './automaton.js';
import { LiteralTable, type CompiledList } from './matching.js';

export interface CompiledTabooClass {
  id: string;
  name: string;
  severity: Severity;
  list: CompiledList;
  /** Polite alternative per phrase (parallel to list.phrases), falling back to the class one. */
  alternatives: Array<string | undefined>;
}

/** A custom-rule condition with its phrase lists compiled. */
export interface CompiledCondition {
  source: Condition;
  all?: CompiledCondition[];
  any?: CompiledCondition[];
  not?: CompiledCondition;
  kwAny?: CompiledList;
  kwAll?: CompiledList[];
  kwNone?: CompiledList;
  kwAtLeast?: { n: number; lists: CompiledList[] };
  regex?: RegExp;
  similar?: { bigrams: Array<Map<string, number>>; threshold: number };
}

export interface CompiledRule {
  rule: CustomRule;
  when: CompiledCondition;
}

export interface CompiledQa {
  config: QaConfig;
  scanner: Automaton;
  lists: Record<PhraseListName, CompiledList>;
  taboo: CompiledTabooClass[];
  rules: CompiledRule[];
  enabled: (check: CheckId) => boolean;
  /** Weight of each standard check and custom rule (a standard weight wins a clash). */
  weights: Map<string, number>;
  /** Checks that fail the call. */
  fatalChecks: Set<string>;
  /** The mask bits of every taboo class (matching.ts); `tabooAlways` when some class must be looked up whatever the mask says. */
  tabooMask: number;
  tabooAlways: boolean;
}

const cache = new WeakMap<QaConfig, CompiledQa>();

/** Character bigrams of normalised text, with counts (for Dice similarity). */
export function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

function compileCondition(c: Condition, table: LiteralTable): CompiledCondition {
  const out: CompiledCondition = { source: c };
  if (c.all) out.all = c.all.map((x) => compileCondition(x, table));
  if (c.any) out.any = c.any.map((x) => compileCondition(x, table));
  if (c.not) out.not = compileCondition(c.not, table);
  if (c.keywords) {
    const k = c.keywords;
    if (k.any) out.kwAny = table.list(k.any);
    if (k.all) out.kwAll = k.all.map((p) => table.list([p]));
    if (k.none) out.kwNone = table.list(k.none);
    if (k.atLeast) out.kwAtLeast = { n: k.atLeast.n, lists: k.atLeast.of.map((p) => table.list([p])) };
  }
  if (c.regex !== undefined) out.regex = new RegExp(c.regex, 'u');
  if (c.similar) out.similar = { bigrams: c.similar.phrases.map((p) => bigrams(normalizeText(p))), threshold: c.similar.threshold };
  return out;
}

/** Compiles a configuration once; later calls with the same object return the cached result. */
export function compileQa(config: QaConfig): CompiledQa {
  const cached = cache.get(config);
  if (cached) return cached;
  const table = new LiteralTable();
  const lists = {} as Record<PhraseListName, CompiledList>;
  for (const [name, phrases] of Object.entries(config.phrases) as Array<[PhraseListName, string[]]>) lists[name] = table.list(phrases);
  const taboo: CompiledTabooClass[] = config.taboo.classes.map((c) => {
    const texts = c.phrases.map((p) => (typeof p === 'string' ? p : p.text));
    const list = table.list(
      texts.filter((t) => !t.startsWith('!')),
      [...c.exceptions, ...config.taboo.exceptions, ...texts.filter((t) => t.startsWith('!'))],
    );
    const alternatives = c.phrases
      .filter((p) => !(typeof p === 'string' ? p : p.text).startsWith('!'))
      .map((p) => (typeof p === 'string' ? undefined : p.alternative) ?? c.alternative);
    return { id: c.id, name: c.name, severity: c.severity, list, alternatives };
  });
  const rules = config.customRules.map((rule) => ({ rule, when: compileCondition(rule.when, table) }));
  const disabled = new Set<CheckId>(config.disabled);
  const weights = new Map<string, number>(config.customRules.map((r) => [r.id, r.weight]));
  for (const [check, w] of Object.entries(config.weights as Record<string, number>)) if (w !== undefined) weights.set(check, w);
  const fatalChecks = new Set<string>(config.fatal);
  const scanner = table.build(); // gives the lists their mask bits
  let tabooMask = 0;
  let tabooAlways = false;
  for (const c of taboo) {
    tabooMask |= c.list.litBit | c.list.seqBit;
    if (!c.list.masked || c.list.hasRegex) tabooAlways = true;
  }
  const compiled: CompiledQa = { config, scanner, lists, taboo, rules, enabled: (check) => !disabled.has(check), weights, fatalChecks, tabooMask, tabooAlways };
  cache.set(config, compiled);
  return compiled;
}

/**
 * Compiling a QA configuration: phrase lists, taboo classes and custom-rule keywords
 * become one literal table and one automaton, cached by config object identity.
 */
import { tabooPhraseText, type CheckId, type Condition, type CustomRule, type PhraseListName, type QaConfig, type Severity } from './config.js';
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

/** One phrase of an applicability list, compiled on its own so a finding can name it. */
export interface NamedPhrase {
  source: string;
  list: CompiledList;
}

export interface CompiledRule {
  rule: CustomRule;
  when: CompiledCondition;
  heard?: NamedPhrase[];
  said?: NamedPhrase[];
  /** `appliesWhen.scenarios`: each scenario's trigger keywords (an unknown id has none: the rule never applies). */
  scenarios?: Array<{ id: string; name: string; keywords: NamedPhrase[] }>;
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
  /** The numbers agents may give out, as digits (a mobile without +86). */
  publicNumbers: Set<string>;
  /** The mask bits of every taboo class (matching.ts); `tabooAlways` when some class must be looked up whatever the mask says. */
  tabooMask: number;
  tabooAlways: boolean;
}

const cache = new WeakMap<QaConfig, CompiledQa>();

// The forms of "you" a speaker may use for the same words: plain 你, honorific 您, and 妳.
const YOU = /[你您妳]/g;
const YOU_FORMS = ['你', '您', '妳'];

/**
 * A phrase in each form of "you" (all 你, all 您, all 妳), the phrase itself first; a
 * phrase without one is its only form. Regular expressions are left as written.
 */
export function honorificForms(phrase: string): string[] {
  if (phrase.startsWith('/') || !/[你您妳]/.test(phrase)) return [phrase];
  return [...new Set([phrase, ...YOU_FORMS.map((y) => phrase.replace(YOU, y))])];
}

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
    // each phrase in all its honorific forms (您挂电话吧 is 你挂电话吧), with its source and alternative
    const entries = c.phrases.filter((p) => !tabooPhraseText(p).startsWith('!'));
    const forms = entries
      .flatMap((p) => honorificForms(tabooPhraseText(p)).map((text) => ({ text, p })))
      .filter((f) => f.text.startsWith('/') || normalizeText(f.text.replace(/…|\.\.\./g, '')) !== ''); // as LiteralTable.phrase keeps them
    const exceptions = [
      ...c.exceptions,
      ...config.taboo.exceptions,
      ...c.phrases.filter((p) => tabooPhraseText(p).startsWith('!')).map(tabooPhraseText),
      ...entries.flatMap((p) => (typeof p === 'string' ? [] : (p.exceptions ?? []))),
    ].flatMap((e) => honorificForms(e));
    const list = table.list(
      forms.map((f) => f.text),
      exceptions,
    );
    list.sources = forms.map((f) => tabooPhraseText(f.p));
    const alternatives = forms.map(({ p }) => (typeof p === 'string' ? undefined : p.alternative) ?? c.alternative);
    return { id: c.id, name: c.name, severity: c.severity, list, alternatives };
  });
  const named = (phrases: string[] | undefined): NamedPhrase[] | undefined =>
    phrases?.filter((p) => !p.startsWith('!')).map((source) => ({ source, list: table.list([source, ...phrases.filter((p) => p.startsWith('!'))]) }));
  const rules = config.customRules.map((rule): CompiledRule => {
    const out: CompiledRule = { rule, when: compileCondition(rule.when, table) };
    const heard = named(rule.appliesWhen?.heard);
    const said = named(rule.appliesWhen?.said);
    if (heard) out.heard = heard;
    if (said) out.said = said;
    const wanted = rule.appliesWhen?.scenarios;
    if (wanted) {
      out.scenarios = wanted.map((id) => {
        const s = config.scenarios.find((x) => x.id === id);
        return { id, name: s?.name ?? id, keywords: named(s?.keywords) ?? [] };
      });
    }
    return out;
  });
  const disabled = new Set<CheckId>(config.disabled);
  const weights = new Map<string, number>(config.customRules.map((r) => [r.id, r.weight]));
  if (config.escalation) weights.set(config.escalation.id, config.escalation.weight);
  for (const [check, w] of Object.entries(config.weights as Record<string, number>)) if (w !== undefined) weights.set(check, w);
  const fatalChecks = new Set<string>(config.fatal);
  const scanner = table.build(); // gives the lists their mask bits
  let tabooMask = 0;
  let tabooAlways = false;
  for (const c of taboo) {
    tabooMask |= c.list.litBit | c.list.seqBit;
    if (!c.list.masked || c.list.hasRegex) tabooAlways = true;
  }
  const publicNumbers = new Set(
    config.publicNumbers.map((n) => {
      const digits = n.replace(/\D/g, '');
      return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
    }),
  );
  const compiled: CompiledQa = { config, scanner, lists, taboo, rules, enabled: (check) => !disabled.has(check), weights, fatalChecks, publicNumbers, tabooMask, tabooAlways };
  cache.set(config, compiled);
  return compiled;
}

/**
 * The cue index of a pack: every scenario's and customer type's recognition cues in one
 * literal table and one Aho–Corasick automaton (the QA engine's, src/shared/qa), with
 * for each literal the cues it starts and each cue's weight.
 *
 * Where cues come from, per target:
 * - scenarios: `triggers.keywords` and `cues` (both phrase syntax);
 * - customer types: `keywords`;
 * - a target with none of these gets cues derived from its own text, at half weight:
 *   phrases quoted in a customer type's descriptive `cues` (常说“你们什么都不行”), else
 *   the chunks of its name and situations / descriptions left after splitting on
 *   punctuation and on words every situation has (客户, 坐席, 的, 了 …).
 */
import type { Automaton } from '../qa/automaton.js';
import { LiteralTable, type PhraseSpec } from '../qa/matching.js';
import type { CustomerType, Pack, Scenario } from '../standards/schema.js';
import type { TargetKind } from './types.js';

export type CueOrigin = 'pack' | 'derived';

export interface Target {
  kind: TargetKind;
  id: string;
  name: string;
  group?: string;
  /** `!` cues: a cue match overlapping one of these is ignored for this target. */
  exceptions: PhraseSpec[];
}

export interface Cue {
  target: number;
  /** As written (or derived). */
  source: string;
  spec: PhraseSpec;
  weight: number;
  origin: CueOrigin;
}

export interface CueIndex {
  targets: Target[];
  cues: Cue[];
  scanner: Automaton;
  /** Literal id → cues whose (first) literal it is: `postCue[postStart[id] … postStart[id + 1])`. */
  postStart: Int32Array;
  postCue: Int32Array;
  /** Cues that are regular expressions, tried on every text. */
  regexCues: number[];
  /** Targets with exceptions (most have none, so they are looked up only when a cue of one matches). */
  hasExceptions: Uint8Array;
}

const QUOTED = /[“"「『]([^”"」』]{2,16})[”"」』]/gu;
// Words that every situation has and no caller says on their own.
const FILLER = /客户|坐席|来电者|来电人|来电|对方|的|了|或|和|与|及|等|时|后|中|已|被|把|向|对于|一些|情况|问题|需要/u;
const BREAK = /[\s,，.。;；:：、!！?？()（）“”"'‘’「」『』…\-—/]+/u;

/** Chunks of a description that a caller or an agent's note might contain, 2–6 characters each. */
export function deriveChunks(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(BREAK)) {
    for (const chunk of piece.split(FILLER)) {
      const len = [...chunk].length;
      if (len >= 2 && len <= 6) out.push(chunk);
    }
  }
  return out;
}

function scenarioCues(s: Scenario): { cues: string[]; origin: CueOrigin } {
  const own = [...s.triggers.keywords, ...s.cues];
  if (own.length > 0) return { cues: own, origin: 'pack' };
  return { cues: [s.name, ...s.triggers.situations, ...(s.description ? [s.description] : [])].flatMap(deriveChunks), origin: 'derived' };
}

function customerTypeCues(c: CustomerType): { cues: string[]; origin: CueOrigin } {
  if (c.keywords.length > 0) return { cues: c.keywords, origin: 'pack' };
  const quoted = c.cues.flatMap((d) => [...d.matchAll(QUOTED)].map((m) => m[1]!));
  if (quoted.length > 0) return { cues: quoted, origin: 'derived' };
  return { cues: c.cues.flatMap(deriveChunks), origin: 'derived' };
}

/** Longer cues say more: 1 for two characters, up to 2 from five on; a lone character is weak. */
function specificity(len: number): number {
  if (len <= 1) return 0.4;
  return Math.min(2, 1 + (len - 2) * 0.35);
}

const specLength = (table: LiteralTable, p: PhraseSpec): number =>
  p.kind === 'literal' ? table.literals[p.id]!.length : p.kind === 'sequence' ? p.ids.reduce((n, id) => n + table.literals[id]!.length, 0) : 4;

const firstLiteral = (p: PhraseSpec): number => (p.kind === 'literal' ? p.id : p.kind === 'sequence' ? p.ids[0]! : -1);

/** Compiles the cues of a pack (call once per pack; createAssist caches it). */
export function compileCues(pack: Pack): CueIndex {
  const table = new LiteralTable();
  const targets: Target[] = [];
  const pending: Array<{ target: number; source: string; spec: PhraseSpec; origin: CueOrigin }> = [];

  const addTarget = (t: Omit<Target, 'exceptions'>, list: { cues: string[]; origin: CueOrigin }) => {
    const index = targets.length;
    const target: Target = { ...t, exceptions: [] };
    targets.push(target);
    const seen = new Set<string>();
    for (const raw of list.cues) {
      if (raw.startsWith('!')) {
        const p = table.phrase(raw.slice(1));
        if (p) target.exceptions.push(p);
        continue;
      }
      const spec = table.phrase(raw);
      if (!spec) continue;
      // the same cue twice (keyword and cue, or Traditional and Simplified) counts once
      const key = spec.kind === 'regex' ? `/${spec.re.source}/` : spec.kind === 'literal' ? String(spec.id) : spec.ids.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      pending.push({ target: index, source: raw, spec, origin: list.origin });
    }
  };
  for (const s of pack.scenarios) addTarget({ kind: 'scenario', id: s.id, name: s.name, group: s.group }, scenarioCues(s));
  for (const c of pack.customerTypes) addTarget({ kind: 'customerType', id: c.id, name: c.name }, customerTypeCues(c));

  // a literal that points to many targets of a kind tells them apart less (an idf of sorts)
  const spread = new Map<string, Set<number>>();
  for (const p of pending) {
    const key = `${targets[p.target]!.kind}:${p.spec.kind === 'regex' ? p.source : firstLiteral(p.spec)}`;
    let set = spread.get(key);
    if (!set) spread.set(key, (set = new Set()));
    set.add(p.target);
  }
  const cues: Cue[] = pending.map((p) => {
    const n = spread.get(`${targets[p.target]!.kind}:${p.spec.kind === 'regex' ? p.source : firstLiteral(p.spec)}`)!.size;
    const weight = (p.origin === 'derived' ? 0.5 : 1) * specificity(specLength(table, p.spec)) / Math.sqrt(n);
    return { ...p, weight };
  });

  const scanner = table.build();
  const literals = table.literals.length;
  const counts = new Int32Array(literals + 1);
  const regexCues: number[] = [];
  cues.forEach((c, i) => {
    const id = firstLiteral(c.spec);
    if (id < 0) regexCues.push(i);
    else counts[id + 1]!++;
  });
  const postStart = new Int32Array(literals + 1);
  for (let i = 0; i < literals; i++) postStart[i + 1] = postStart[i]! + counts[i + 1]!;
  const postCue = new Int32Array(postStart[literals]!);
  const fill = postStart.slice(0, literals);
  cues.forEach((c, i) => {
    const id = firstLiteral(c.spec);
    if (id >= 0) postCue[fill[id]!++] = i;
  });
  const hasExceptions = Uint8Array.from(targets, (t) => (t.exceptions.length > 0 ? 1 : 0));
  return { targets, cues, scanner, postStart, postCue, regexCues, hasExceptions };
}

import type { CallState } from './call-state.js';
import type { AgentState } from './events.js';

/**
 * An agent's states as a pure function of what is known about them. Every piece of evidence is a
 * *fact* — an agent.state event from the switch, a state the agent chose on the workbench, or one
 * inferred from a call (answered → on the call, ended → after-call work) — and the state log is
 * derived from the set of facts in time order. The same facts give the same log and the same
 * current state, whatever order they arrived in and however often: that is what makes late,
 * duplicate and shuffled CTI events harmless.
 *
 * Some facts hold only in a situation: "when the call ends, the agent who is still on it goes to
 * after-call work" (not one who already told the switch they are available again), and "after-call
 * work that started at 10:00:00 ends by itself at 10:01:00" (not a later one). Such a fact carries
 * the state it needs (`onlyIf`) and is skipped when the agent is not in it at that instant.
 */

export type StateSource = 'cti' | 'workbench' | 'system';

export interface FactCondition {
  state: AgentState;
  /** The call the state must be about; an entry that names no call matches any. */
  callId: string | null;
  /** The instant the entry in force must have started at (a wrap-up timeout belongs to one wrap-up). */
  since: number | null;
}

export interface AgentFact {
  /** Unique in the organisation: where the fact comes from (`ev:<connection>:<eventId>`, `call:<id>:answer`, …). */
  key: string;
  agentNo: string;
  /** Epoch milliseconds. */
  at: number;
  state: AgentState;
  reason: string | null;
  callId: string | null;
  source: StateSource;
  onlyIf: FactCondition | null;
}

/** One row of the state log. */
export interface TimelineEntry {
  state: AgentState;
  reason: string | null;
  callId: string | null;
  source: StateSource;
  startedAt: number;
  endedAt: number | null;
}

/** A reason belongs to a break or busy state, a call to on_call or wrap_up; anything else is dropped. */
export function normaliseFact(f: AgentFact): AgentFact {
  const reason = f.state === 'break' || f.state === 'busy' ? f.reason : null;
  const callId = f.state === 'on_call' || f.state === 'wrap_up' ? f.callId : null;
  return reason === f.reason && callId === f.callId ? f : { ...f, reason, callId };
}

/**
 * Facts in time order. At the same instant, unconditional facts come first (an agent who reports
 * "available" at the moment the call ends does not also go to after-call work), then the key.
 */
export function compareFacts(a: AgentFact, b: AgentFact): number {
  return a.at - b.at || Number(a.onlyIf !== null) - Number(b.onlyIf !== null) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function holds(entry: TimelineEntry | null, c: FactCondition): boolean {
  if (!entry || entry.state !== c.state) return false;
  if (c.callId !== null && entry.callId !== null && entry.callId !== c.callId) return false;
  return c.since === null || entry.startedAt === c.since;
}

/** A fact that says nothing new about the entry in force: the same state, reason and call (a fact naming no call agrees with any). */
function continues(entry: TimelineEntry, f: AgentFact): boolean {
  return entry.state === f.state && entry.reason === f.reason && (f.callId === null || f.callId === entry.callId);
}

/**
 * Derives the state log from `carry` — the entry in force just before the first fact (null if
 * none) — and every fact from then on, in any order. Returns the carry's new end (the start of the
 * first new entry, or null when it is still in force) and the new entries, the last of which (or
 * the carry) is the agent's current state.
 */
export function deriveTimeline(carry: TimelineEntry | null, facts: readonly AgentFact[]): { carryEndedAt: number | null; entries: TimelineEntry[] } {
  const sorted = [...facts].map(normaliseFact).sort(compareFacts);
  const entries: TimelineEntry[] = [];
  let current: TimelineEntry | null = carry ? { ...carry, endedAt: null } : null;
  for (const f of sorted) {
    if (f.onlyIf && !holds(current, f.onlyIf)) continue;
    if (current && continues(current, f)) continue;
    if (current) current.endedAt = f.at;
    current = { state: f.state, reason: f.reason, callId: f.callId, source: f.source, startedAt: f.at, endedAt: null };
    entries.push(current);
  }
  return { carryEndedAt: entries[0]?.startedAt ?? null, entries };
}

const ms = (iso: string) => Date.parse(iso);

/**
 * What a call says about its agents, from its folded state: whoever answers is on the call; at a
 * transfer the agent who had it goes to after-call work (if still on it) and the agent who takes it,
 * when known, is on it; when it ends, the agent who has it goes to after-call work (if still on it).
 * `callId` is rexian's id of the call.
 */
export function callFacts(callId: string, s: CallState): AgentFact[] {
  const out: AgentFact[] = [];
  if (!s.answeredAt || !s.agentNo) return out;
  const fact = (key: string, agentNo: string, at: string, state: 'on_call' | 'wrap_up', conditional: boolean): AgentFact => ({
    key: `call:${callId}:${key}`,
    agentNo,
    at: ms(at),
    state,
    reason: null,
    callId,
    source: 'cti',
    onlyIf: conditional ? { state: 'on_call', callId, since: null } : null,
  });
  out.push(fact('answer', s.agentNo, s.answeredAt, 'on_call', false));
  let holder: string | null = s.agentNo;
  const end = s.endedAt ? ms(s.endedAt) : Infinity;
  s.transfers.forEach((t, i) => {
    if (ms(t.at) > end) return;
    if (holder && holder !== t.agentNo) out.push(fact(`transfer-${i}-away`, holder, t.at, 'wrap_up', true));
    if (t.agentNo && t.agentNo !== holder) out.push(fact(`transfer-${i}`, t.agentNo, t.at, 'on_call', false));
    holder = t.agentNo;
  });
  if (s.endedAt && holder) out.push(fact('end', holder, s.endedAt, 'wrap_up', true));
  return out;
}

const sameFact = (a: AgentFact, b: AgentFact) =>
  a.agentNo === b.agentNo &&
  a.at === b.at &&
  a.state === b.state &&
  a.reason === b.reason &&
  a.callId === b.callId &&
  a.source === b.source &&
  JSON.stringify(a.onlyIf) === JSON.stringify(b.onlyIf);

export interface FactChanges {
  /** Facts to store (new, or replacing the stored fact of the same key). */
  upsert: AgentFact[];
  /** Keys of stored facts that no longer hold. */
  remove: string[];
  /** For each agent whose facts changed, the earliest instant a change touches: the log is derived again from there. */
  touched: Map<string, number>;
}

export function emptyChanges(): FactChanges {
  return { upsert: [], remove: [], touched: new Map() };
}

function touch(c: FactChanges, agentNo: string, at: number) {
  const t = c.touched.get(agentNo);
  if (t === undefined || at < t) c.touched.set(agentNo, at);
}

/** Adds new facts (a fresh event's, or the workbench's) to a set of changes. */
export function addFacts(c: FactChanges, facts: readonly AgentFact[]): FactChanges {
  for (const f of facts) {
    c.upsert.push(f);
    touch(c, f.agentNo, f.at);
  }
  return c;
}

/** Adds to a set of changes what a call's new state changes in the facts its old state gave. */
export function diffFacts(c: FactChanges, before: readonly AgentFact[], after: readonly AgentFact[]): FactChanges {
  const old = new Map(before.map((f) => [f.key, f]));
  const keep = new Set<string>();
  for (const f of after) {
    keep.add(f.key);
    const prev = old.get(f.key);
    if (prev && sameFact(prev, f)) continue;
    c.upsert.push(f);
    touch(c, f.agentNo, f.at);
    if (prev) touch(c, prev.agentNo, prev.at);
  }
  for (const f of before)
    if (!keep.has(f.key)) {
      c.remove.push(f.key);
      touch(c, f.agentNo, f.at);
    }
  return c;
}

/**
 * The CTI traffic simulator: believable hotline traffic from a standard pack, as the
 * normalised CTI events a switch would send (events.ts). Pure and seeded — the same
 * pack, options and seed give the same events, in Node and in the browser.
 *
 * A small discrete-event simulation: calls arrive as a Poisson process and wait in
 * one first-come-first-served queue; the agent free the longest takes the next call;
 * it rings at the agent for 1–4 rings; a caller whose patience (lognormal, mean 60 s)
 * runs out first hangs up (call.ended, cause `cancel`). An answered call is a dialogue
 * built from the pack's scripts (sim/flows.ts) with deliberate mistakes at
 * `mistakeRate` (sim/mistakes.ts); after it the agent does wrap-up for part of the
 * pack's after-call time and now and then takes a break.
 *
 * Ringing starts when the call reaches the switch, so `answered.at − ringing.at` (the
 * transcript's ringMs) includes the time in the queue: a caller who waited more than
 * the standard's rings is owed an apology, and the simulated agent gives it.
 */
import { packIdentity } from '../standards/identity.js';
import type { Pack } from '../standards/schema.js';
import type { CtiEvent } from './events.js';
import { buildPlan, expandExtras, kindWeights } from './sim/flows.js';
import { agentNames } from './sim/lines.js';
import { applyMistakes, drawMistakes, mistakeChecks, type MistakeKind } from './sim/mistakes.js';
import { PlanBuilder, type CallKind } from './sim/plan.js';
import { hash32, Rng } from './sim/random.js';
import { timeDialogue, type Dialogue } from './sim/timing.js';

export { mistakeChecks, mistakeKinds, type MistakeKind } from './sim/mistakes.js';
export { callKinds, type CallKind } from './sim/plan.js';

export interface SimAgent {
  /** 工号. */
  agentNo: string;
  name: string;
}

export interface SimulateOptions {
  start: Date;
  /** Calls arrive during [start, start + durationMs); the last ones end after it. */
  durationMs: number;
  /** Mean arrivals per second (Poisson). */
  ratePerSecond: number;
  agents: SimAgent[];
  /** Share of answered calls with a deliberate mistake (0..1); default 0.1. */
  mistakeRate?: number;
  /** Default 1. */
  seed?: number;
  /** The organisation the agents announce; default the pack's. */
  org?: string;
  /** Queues calls come in on (one drawn per call); default one, 综合受理. */
  queues?: string[];
  /** Emit transcript.segment events (default true). */
  transcripts?: boolean;
  /** Rate multiplier in [0, 1] over the window (fraction 0..1 of it), for a daily curve. */
  rateShape?: (fraction: number) => number;
  /** Prefix of call ids and event ids; default derived from the seed and the start, so runs of the same seed and start repeat exactly. */
  idPrefix?: string;
  /** Where recordings are said to be; default https://pbx.example.com/recordings. */
  recordingBaseUrl?: string;
  /** Mean patience of a waiting caller; default 60 s. */
  patienceMeanMs?: number;
  /** Chance that an agent takes a break after a call; default 0.05. */
  breakChance?: number;
}

export interface SimulatedCallSummary {
  callId: string;
  caller: string;
  queue: string;
  kind: CallKind;
  arrivedAt: string;
  outcome: 'answered' | 'abandoned';
  /** Arrival to answer (answered) or to the hang-up (abandoned). */
  waitMs: number;
  endedAt: string;
  endedBy: 'customer' | 'agent';
  agentNo?: string;
  agentName?: string;
  answeredAt?: string;
  /** Answer minus ringing: time in the queue plus ringing at the agent. */
  ringMs?: number;
  /** Answer to the end of the answering agent's part (its transfer or the hang-up). */
  talkMs?: number;
  holdMs?: number;
  transferredTo?: string;
  mistakes: MistakeKind[];
  /** QA checks the mistakes are meant to trip (spec ids). */
  expectedChecks: string[];
}

export interface SimulatedTraffic {
  /** Every event, in time order. */
  events: CtiEvent[];
  /** One per call, in arrival order. */
  calls: SimulatedCallSummary[];
}

const HOUR = 3_600_000;

/** ISO 8601 in China time: 2026-11-23T09:15:00.000+08:00. */
export function isoCst(ms: number): string {
  return `${new Date(ms + 8 * HOUR).toISOString().slice(0, 23)}+08:00`;
}

/** Agents for a count: 工号 1001, 1002 … with names from a list. */
export function makeAgents(count: number, firstNo = 1001): SimAgent[] {
  return Array.from({ length: count }, (_, i) => ({ agentNo: String(firstNo + i), name: agentNames[i % agentNames.length]! }));
}

function callerNumber(rng: Rng): string {
  if (rng.chance(0.15)) return `027${rng.int(5000_0000, 8999_9999)}`;
  return `1${rng.pick(['30', '31', '32', '33', '35', '36', '37', '38', '39', '50', '51', '52', '55', '56', '57', '58', '59', '66', '77', '80', '81', '82', '86', '87', '88', '89', '98', '99'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

const breakReasons = { rest: 70, meeting: 18, meal: 12 } as const;
const breakMeanMs: Record<keyof typeof breakReasons, number> = { rest: 6 * 60_000, meeting: 15 * 60_000, meal: 25 * 60_000 };

interface AgentState {
  agent: SimAgent;
  /** When the agent can take the next call. */
  freeAt: number;
}

type CallEventBody = CtiEvent extends infer E ? (E extends { callId: string; seq: number } ? Omit<E, 'eventId' | 'at' | 'callId' | 'seq'> : never) : never;

/** Simulated traffic for the window: the events and one summary per call. */
export function simulateTraffic(pack: Pack, opts: SimulateOptions): SimulatedTraffic {
  if (opts.agents.length === 0) throw new Error('simulateTraffic needs at least one agent');
  if (!(opts.ratePerSecond > 0) || !Number.isFinite(opts.ratePerSecond)) throw new Error('ratePerSecond must be a positive number');
  const seed = (opts.seed ?? 1) >>> 0;
  const start = opts.start.getTime();
  const end = start + Math.max(0, opts.durationMs);
  const org = opts.org ?? packIdentity(pack).org;
  const queues = opts.queues && opts.queues.length > 0 ? opts.queues : ['综合受理'];
  const mistakeRate = Math.min(1, Math.max(0, opts.mistakeRate ?? 0.1));
  const transcripts = opts.transcripts ?? true;
  const prefix = opts.idPrefix ?? `SIM-${isoCst(start).slice(0, 10).replace(/-/g, '')}-${hash32(seed, Math.floor(start / 1000) >>> 0).toString(36)}`;
  const recordingBase = (opts.recordingBaseUrl ?? 'https://pbx.example.com/recordings').replace(/\/+$/, '');
  const patienceMean = opts.patienceMeanMs ?? 60_000;
  const breakChance = opts.breakChance ?? 0.05;
  const ringLen = pack.qa.thresholds.ringMs;
  const maxRings = pack.callRules.answer.maxRings;
  const wrapMaxMs = (pack.callRules.wrapUp?.maxSeconds ?? 30) * 1000;

  const out: Array<{ at: number; key: number; event: CtiEvent }> = [];
  let key = 0;
  const emit = (at: number, event: CtiEvent): void => {
    out.push({ at, key: key++, event });
  };
  const agentEventCount = new Map<string, number>();
  const agentState = (at: number, agentNo: string, state: 'available' | 'on_call' | 'wrap_up' | 'break', extra: { reason?: string; callId?: string } = {}): void => {
    const n = agentEventCount.get(agentNo) ?? 0;
    agentEventCount.set(agentNo, n + 1);
    emit(at, { type: 'agent.state', eventId: `${prefix}-A${agentNo}-${n}`, at: isoCst(at), agentId: agentNo, state, ...extra });
  };

  const agents: AgentState[] = opts.agents.map((agent) => ({ agent, freeAt: start }));
  for (const a of agents) agentState(start, a.agent.agentNo, 'available');

  // arrivals: a Poisson process (thinned by the rate shape)
  const arrivalsRng = new Rng(hash32(seed, 1));
  const arrivals: number[] = [];
  for (let t = start; ; ) {
    t += arrivalsRng.exponential(1000 / opts.ratePerSecond);
    if (t >= end) break;
    if (opts.rateShape && !arrivalsRng.chance(Math.min(1, Math.max(0, opts.rateShape((t - start) / (end - start)))))) continue;
    arrivals.push(Math.round(t));
  }

  const calls: SimulatedCallSummary[] = [];
  arrivals.forEach((arrival, i) => {
    const rng = new Rng(hash32(seed, 1000 + i));
    const callId = `${prefix}-${String(i + 1).padStart(5, '0')}`;
    const caller = callerNumber(rng);
    const queue = rng.pick(queues);
    const kind = rng.weighted(kindWeights);
    const deadline = arrival + Math.round(rng.lognormal(patienceMean, 0.6));
    const callEvents: Array<{ at: number; body: CallEventBody }> = [];
    const add = (at: number, body: CallEventBody): void => {
      callEvents.push({ at, body });
    };
    add(arrival, { type: 'call.ringing', direction: 'in', from: caller, to: pack.identity.hotline, queue });

    // the agent free the longest (ties: the first in the list)
    let chosen = agents[0]!;
    for (const a of agents) if (a.freeAt < chosen.freeAt) chosen = a;
    const assignAt = Math.max(arrival, chosen.freeAt);
    const rings = Number(rng.weighted({ '1': 50, '2': 30, '3': 15, '4': 5 }));
    const answerAt = assignAt + (rings - 1) * 5000 + rng.int(1500, 4800);

    const summary: SimulatedCallSummary = { callId, caller, queue, kind, arrivedAt: isoCst(arrival), outcome: 'abandoned', waitMs: 0, endedAt: '', endedBy: 'customer', mistakes: [], expectedChecks: [] };
    if (assignAt >= deadline || answerAt > deadline) {
      // the caller gives up in the queue, or while it rings at the agent (who was held for it until then)
      if (assignAt < deadline) chosen.freeAt = deadline;
      add(deadline, { type: 'call.ended', endedBy: 'customer', cause: 'cancel' });
      Object.assign(summary, { waitMs: deadline - arrival, endedAt: isoCst(deadline) });
    } else {
      const { agent } = chosen;
      const ringMs = answerAt - arrival;
      const late = Math.ceil(ringMs / ringLen) > maxRings;
      const plan = buildPlan(kind, { pack, rng, org, agentNo: agent.agentNo, agentName: agent.name, late, answeredAt: answerAt });
      expandExtras(plan, rng, rng.lognormal(200_000, 0.5));
      const mistakes = drawMistakes(rng, plan, late, mistakeRate);
      applyMistakes(plan, mistakes, pack, org, agent.agentNo, rng);
      if (plan.ending.type === 'linger') {
        const b = new PlanBuilder({ pack, rng, org, agentNo: agent.agentNo, agentName: agent.name, late, answeredAt: answerAt });
        plan.beats.push({ kind: 'line', speaker: 'agent', text: b.render(pack.callRules.closing.agentEndNotice), tag: 'end-notice', gapMs: rng.int(4000, 6500) });
        plan.ending = { type: 'hangup', by: 'agent', afterMs: pack.callRules.closing.hangupAfterSeconds * 1000 + rng.int(300, 1000) };
      }
      const dialogue: Dialogue = timeDialogue(plan, rng);

      add(answerAt, { type: 'call.answered', agentId: agent.agentNo, queue });
      for (const h of dialogue.holds) {
        add(answerAt + h.start, { type: 'call.hold' });
        add(answerAt + h.end, { type: 'call.resume' });
      }
      if (transcripts) for (const s of dialogue.segments) add(answerAt + s.end, { type: 'transcript.segment', segment: { speaker: s.speaker, start: s.start, end: s.end, text: s.text } });
      const partEnd = answerAt + dialogue.endMs;
      let endedAt: number;
      let endedBy: 'customer' | 'agent';
      if (dialogue.transfer) {
        add(partEnd, { type: 'call.transferred', target: dialogue.transfer.target });
        // the desk's part of the call: not transcribed here
        endedAt = partEnd + Math.round(rng.lognormal(150_000, 0.5));
        endedBy = 'customer';
      } else {
        endedAt = partEnd;
        endedBy = dialogue.hangup!.by;
      }
      add(endedAt, { type: 'call.ended', endedBy, cause: 'normalClearing' });
      const day = isoCst(endedAt).slice(0, 10).replace(/-/g, '/');
      add(endedAt + rng.int(1000, 4000), { type: 'call.recording', recordingUrl: `${recordingBase}/${day}/${encodeURIComponent(callId)}.wav` });

      // the agent: on the call, wrap-up, then ready again (or a break first)
      agentState(answerAt, agent.agentNo, 'on_call', { callId });
      agentState(partEnd, agent.agentNo, 'wrap_up', { callId });
      let freeAt = partEnd + Math.round(wrapMaxMs * rng.uniform(0.45, 0.95));
      if (rng.chance(breakChance)) {
        const reason = rng.weighted(breakReasons);
        agentState(freeAt, agent.agentNo, 'break', { reason });
        freeAt += Math.round(rng.lognormal(breakMeanMs[reason], 0.3));
      }
      agentState(freeAt, agent.agentNo, 'available');
      chosen.freeAt = freeAt;

      const holdMs = dialogue.holds.reduce((s, h) => s + h.end - h.start, 0);
      Object.assign(summary, {
        outcome: 'answered',
        waitMs: ringMs,
        endedAt: isoCst(endedAt),
        endedBy,
        agentNo: agent.agentNo,
        agentName: agent.name,
        answeredAt: isoCst(answerAt),
        ringMs,
        talkMs: dialogue.endMs,
        holdMs,
        ...(dialogue.transfer ? { transferredTo: dialogue.transfer.target } : {}),
        mistakes,
        expectedChecks: [...new Set(mistakes.flatMap((m) => mistakeChecks[m]))],
      });
    }
    calls.push(summary);

    // seq follows time; events of the same instant keep the order they were added in
    callEvents
      .map((e, k) => ({ ...e, k }))
      .sort((a, b) => a.at - b.at || a.k - b.k)
      .forEach((e, seq) => {
        emit(e.at, { ...e.body, eventId: `${callId}-${seq + 1}`, at: isoCst(e.at), callId, seq: seq + 1 } as CtiEvent);
      });
  });

  out.sort((a, b) => a.at - b.at || a.key - b.key);
  return { events: out.map((e) => e.event), calls };
}

/**
 * A believable morning for the demo: calls building up to a peak and easing off, at
 * a rate the given agents can mostly handle (about 100–200 calls with 3–10 agents),
 * with the usual share of mistakes.
 */
export function simulateDemoDay(pack: Pack, opts: { start: Date; agents: SimAgent[]; seed?: number; org?: string; transcripts?: boolean }): SimulatedTraffic {
  const n = Math.max(1, opts.agents.length);
  // about 70 % occupancy at the peak with ~4 minutes of talk and wrap-up per call
  const ratePerSecond = (0.7 * n) / 270;
  const shape = (f: number): number => 0.55 + 0.45 * Math.sin(Math.PI * f);
  const meanShape = 0.55 + 0.45 * (2 / Math.PI);
  const durationMs = Math.min(5 * HOUR, Math.max(2 * HOUR, (150 / (ratePerSecond * meanShape)) * 1000));
  return simulateTraffic(pack, {
    start: opts.start,
    durationMs,
    ratePerSecond,
    rateShape: shape,
    agents: opts.agents,
    seed: opts.seed ?? 12345,
    mistakeRate: 0.15,
    ...(opts.org ? { org: opts.org } : {}),
    transcripts: opts.transcripts ?? true,
    queues: ['综合受理', '综合受理', '综合受理', '企业服务'],
  });
}

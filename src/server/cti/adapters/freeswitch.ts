import type { AgentState, CtiEvent } from '../../../shared/cti/events.js';
import { BoundedMap, CallBook, defaultAgentPattern, isNormalCause, newCallState, stripDomain, type CallMember, type CallState, type RecordingOptions } from './common.js';
import type { EslEvent } from './esl.js';

export { EslParser, parseEventPlain, frameType, encodeEventFrame, type EslEvent, type EslFrame } from './esl.js';

/**
 * FreeSWITCH channel and mod_callcenter events → rexian's normalised CTI events.
 *
 * A call is the customer's leg: the inbound channel that is not an agent's own phone; its
 * Unique-ID is the callId. Agent legs are attached to it by mod_callcenter's member uuid, by
 * Channel-Call-UUID (the `bridge` application) or by CHANNEL_BRIDGE. The mapper is pure and
 * deterministic: the same stream gives the same events with the same ids.
 */

/** Everything the adapter subscribes to (`event plain …`). */
export const freeswitchEventNames = [
  'CHANNEL_CREATE',
  'CHANNEL_ANSWER',
  'CHANNEL_BRIDGE',
  'CHANNEL_HOLD',
  'CHANNEL_UNHOLD',
  'CHANNEL_HANGUP',
  'CHANNEL_HANGUP_COMPLETE',
  'RECORD_STOP',
  'CUSTOM callcenter::info',
] as const;

export const defaultAgentVars = ['variable_rexian_agent', 'variable_cc_agent'];

export interface FreeswitchMapperOptions extends RecordingOptions {
  /**
   * Headers naming the agent (工号) on an agent's leg, tried before the defaults
   * (`rexian_agent`, `cc_agent`). A bare name is a channel variable (`agent_no` → `variable_agent_no`);
   * a header name such as `Caller-Destination-Number` is used as it is.
   */
  agentVars?: string[];
  /** When no header names the agent, a dialled number that looks like this is taken as the agent number. */
  agentPattern?: RegExp;
  /** Calls remembered (active and recently ended) before the oldest are forgotten. */
  maxCalls?: number;
  onWarning?: (message: string) => void;
}

export function agentHeaderName(name: string): string {
  return name.startsWith('variable_') || /[A-Z-]/.test(name) ? name : `variable_${name}`;
}

interface Hangup {
  order: number;
  disposition: string | null;
  cause: string | null;
}

interface Leg extends CallMember {
  uuid: string;
  outbound: boolean;
  destination: string;
  caller: string;
  agentNo: string | null;
  vars: Record<string, string>;
  hangup: Hangup | null;
}

interface Call extends CallState {
  agentLeg: string | null;
  /** The agent the call last rang at, so the same ring is not announced twice. */
  ringAgent: string | null;
}

const statusToState: Record<string, AgentState> = {
  'logged out': 'offline',
  available: 'available',
  'available (on demand)': 'available',
  'on break': 'break',
};

const phone = (v: string | undefined): string => (v?.trim() || 'unknown').slice(0, 40);
const remote = (h: Hangup | null | undefined): boolean => !!h?.disposition?.startsWith('recv_');

export class FreeswitchMapper {
  private readonly agentHeaders: string[];
  private readonly agentPattern: RegExp;
  private readonly legs: BoundedMap<string, Leg>;
  private readonly book: CallBook<Call, Ctx>;
  private readonly agentStatus = new Map<string, AgentState>();

  constructor(opts: FreeswitchMapperOptions = {}) {
    this.agentHeaders = [...(opts.agentVars ?? []).map(agentHeaderName), ...defaultAgentVars];
    this.agentPattern = opts.agentPattern ?? defaultAgentPattern;
    this.book = new CallBook({ ...opts, idBase: (ctx) => ctx.base });
    this.legs = new BoundedMap((opts.maxCalls ?? 20_000) * 4);
  }

  /** One switch event → zero or more normalised events, in the order they happened. */
  map(ev: EslEvent): CtiEvent[] {
    const h = ev.headers;
    const atMs = eventMs(h);
    if (atMs === null) return [];
    this.book.begin();
    const ctx: Ctx = { h, atMs, base: idBase(h), out: [] };
    switch (ev.name) {
      case 'CHANNEL_CREATE':
        this.onCreate(ctx);
        break;
      case 'CHANNEL_ANSWER':
        this.ensureLeg(ctx);
        break;
      case 'CHANNEL_BRIDGE':
        this.onBridge(ctx);
        break;
      case 'CHANNEL_HOLD':
      case 'CHANNEL_UNHOLD':
        this.onHold(ctx, ev.name === 'CHANNEL_HOLD');
        break;
      case 'CHANNEL_HANGUP':
      case 'CHANNEL_HANGUP_COMPLETE':
        this.onHangup(ctx);
        break;
      case 'RECORD_STOP':
        this.onRecordStop(ctx);
        break;
      case 'CUSTOM':
        if (ev.subclass === 'callcenter::info') this.onCallcenter(ctx);
        break;
    }
    return ctx.out;
  }

  // ── legs and calls ────────────────────────────────────────────────────────────────────

  private newLeg(h: Record<string, string>, uuid: string): Leg {
    const leg: Leg = {
      uuid,
      callId: null,
      role: null,
      outbound: h['Call-Direction'] === 'outbound',
      destination: h['Caller-Destination-Number'] ?? '',
      caller: h['Caller-Caller-ID-Number'] ?? '',
      agentNo: null,
      vars: {},
      hangup: null,
    };
    this.legs.set(uuid, leg);
    return leg;
  }

  private absorb(leg: Leg, h: Record<string, string>): void {
    for (const name of [...this.agentHeaders, 'variable_cc_member_session_uuid', 'variable_sip_hangup_disposition']) {
      const v = h[name];
      if (v) leg.vars[name] = v;
    }
  }

  /** Attaches a leg to the call it belongs to, when one of its ids points at a known leg. */
  private link(leg: Leg, h: Record<string, string>): boolean {
    if (leg.callId) return true;
    const callUuid = h['Channel-Call-UUID'];
    for (const id of [h['variable_cc_member_session_uuid'], callUuid !== leg.uuid ? callUuid : undefined, h['Other-Leg-Unique-ID']]) {
      const other = id ? this.legs.get(id) : undefined;
      if (other?.callId && other.role === 'customer' && this.book.calls.has(other.callId)) {
        this.attachAgent(leg, other.callId);
        return true;
      }
    }
    return false;
  }

  private attachAgent(leg: Leg, callId: string, agentNo?: string | null): void {
    leg.callId = callId;
    leg.role = 'agent';
    if (agentNo) leg.agentNo = agentNo;
  }

  private agentOf(leg: Leg, h?: Record<string, string>): string | null {
    if (leg.agentNo) return leg.agentNo;
    for (const name of this.agentHeaders) {
      const v = (h?.[name] ?? leg.vars[name])?.trim();
      if (v) return (leg.agentNo = stripDomain(v).slice(0, 32));
    }
    // not remembered: a variable that arrives later on the leg still wins
    if (leg.outbound && this.agentPattern.test(leg.destination)) return leg.destination;
    return null;
  }

  private isAgentPhone(leg: Leg, h: Record<string, string>): boolean {
    // only channel variables count here: a header such as Caller-Destination-Number is on every leg
    return this.agentHeaders.some((n) => n.startsWith('variable_') && h[n]) || this.book.knownAgents.has(leg.caller);
  }

  private startCall(leg: Leg, ctx: Ctx, ring: boolean): Call {
    const created = Number(ctx.h['Caller-Channel-Created-Time']);
    const start = created > 0 ? created / 1000 : ctx.atMs;
    const call: Call = {
      ...newCallState(leg.uuid, start, phone(ctx.h['Caller-Caller-ID-Number'] ?? ctx.h['Caller-ANI']), phone(ctx.h['Caller-Destination-Number'])),
      agentLeg: null,
      ringAgent: null,
    };
    return this.book.open(ctx, call, leg, ring);
  }

  /** The leg an event is about; a leg first seen mid-call (the adapter restarted) is adopted quietly. */
  private ensureLeg(ctx: Ctx, uuid = ctx.h['Unique-ID']): Leg | undefined {
    if (!uuid) return undefined;
    let leg = this.legs.get(uuid);
    if (!leg) {
      leg = this.newLeg(ctx.h, uuid);
      if (!this.link(leg, ctx.h)) {
        if (!leg.outbound && !this.isAgentPhone(leg, ctx.h) && ctx.h['Caller-Channel-Created-Time']) this.startCall(leg, ctx, false);
      }
    } else if (!leg.callId) this.link(leg, ctx.h);
    this.absorb(leg, ctx.h);
    return leg;
  }

  // ── channel events ────────────────────────────────────────────────────────────────────

  private onCreate(ctx: Ctx): void {
    const uuid = ctx.h['Unique-ID'];
    if (!uuid || this.legs.has(uuid)) return;
    const leg = this.newLeg(ctx.h, uuid);
    this.absorb(leg, ctx.h);
    if (this.link(leg, ctx.h)) {
      // a leg dialled for the call (the bridge application): the call now rings at that agent
      const call = this.book.callOf(leg);
      const agentNo = this.agentOf(leg, ctx.h);
      if (call && agentNo) this.ringAt(ctx, call, agentNo);
      return;
    }
    if (leg.outbound) return; // linked later, when its variables or a bridge name the call
    if (this.isAgentPhone(leg, ctx.h)) {
      leg.role = 'internal'; // an agent dialling out or consulting a colleague: not a hotline call
      return;
    }
    this.startCall(leg, ctx, true);
  }

  private onBridge(ctx: Ctx): void {
    const h = ctx.h;
    const a = this.ensureLeg(ctx, h['Bridge-A-Unique-ID'] ?? h['Unique-ID']);
    const bId = h['Bridge-B-Unique-ID'] ?? h['Other-Leg-Unique-ID'];
    if (!a || !bId) return;
    let b = this.legs.get(bId);
    if (!b) {
      b = this.newLeg({ 'Call-Direction': 'outbound', 'Caller-Destination-Number': h['Other-Leg-Destination-Number'] ?? '' }, bId);
    }
    const [customer, agent] = a.role === 'customer' ? [a, b] : b.role === 'customer' ? [b, a] : [undefined, undefined];
    const call = this.book.callOf(customer);
    if (!customer || !agent || !call) return;
    if (!agent.callId) this.attachAgent(agent, call.id);
    const agentNo = this.agentOf(agent, agent === a ? h : undefined);
    if (!agentNo) {
      this.book.warnOnce(`noagent:${agent.uuid}`, `call ${call.id}: cannot tell which agent leg ${agent.uuid} belongs to; set --agent-var`);
      return;
    }
    this.connectAgent(ctx, call, agent.uuid, agentNo);
  }

  /** An agent now talks with the customer: the first is the answer, a different one later is a transfer. */
  private connectAgent(ctx: Ctx, call: Call, legUuid: string, agentNo: string): void {
    this.book.knownAgents.add(agentNo);
    if (call.ended || call.agentLeg === legUuid) return;
    call.agentLeg = legUuid;
    if (call.agentNo === agentNo) return;
    // bridged straight to someone else, without passing through a queue
    if (call.agentNo !== null) this.book.transferAway(ctx, call, agentNo, agentNo);
    this.book.answer(ctx, call, agentNo);
  }

  private ringAt(ctx: Ctx, call: Call, agentNo: string): void {
    this.book.knownAgents.add(agentNo);
    if (call.ended || call.ringAgent === agentNo || call.agentNo === agentNo) return;
    call.ringAgent = agentNo;
    this.book.ring(ctx, call, agentNo, call.queue);
  }

  private onHold(ctx: Ctx, hold: boolean): void {
    const call = this.book.callOf(this.ensureLeg(ctx));
    if (!call || call.ended || !call.agentLeg) return; // music while queueing is not a hold
    this.book.setHold(ctx, call, hold);
  }

  private onHangup(ctx: Ctx): void {
    const leg = this.ensureLeg(ctx);
    if (!leg) return;
    const disposition = ctx.h['variable_sip_hangup_disposition'] ?? null;
    if (!leg.hangup) leg.hangup = { order: this.book.nextHangup(), disposition, cause: ctx.h['Hangup-Cause'] ?? null };
    else leg.hangup.disposition ??= disposition;
    const call = this.book.callOf(leg);
    if (!call) {
      if (ctx.h['Event-Name'] === 'CHANNEL_HANGUP_COMPLETE') this.legs.delete(leg.uuid);
      return;
    }
    if (leg.role !== 'customer' || call.ended) return;
    this.book.end(ctx, call, this.endedBy(call, leg), leg.hangup.cause ?? undefined);
  }

  /**
   * Who put the phone down. The SIP disposition says which side sent the BYE (`recv_bye`: the
   * far end did); the order of the hangups says who went first. An agent who left before the
   * customer ended the conversation even if the customer then stayed for a survey.
   */
  private endedBy(call: Call, customer: Leg): 'customer' | 'agent' | 'system' {
    const c = customer.hangup!;
    const a = call.agentLeg ? this.legs.get(call.agentLeg)?.hangup : null;
    if (a && a.order < c.order && (remote(a) || (!a.disposition && isNormalCause(a.cause ?? undefined)))) return 'agent';
    if (remote(c) || (!c.disposition && isNormalCause(c.cause ?? undefined))) return 'customer';
    return 'system';
  }

  private onRecordStop(ctx: Ctx): void {
    const call = this.book.callOf(this.ensureLeg(ctx));
    this.book.recording(ctx, call, ctx.h['Record-File-Path'] ?? ctx.h['variable_record_file_path']);
  }

  // ── mod_callcenter ────────────────────────────────────────────────────────────────────

  private onCallcenter(ctx: Ctx): void {
    const h = ctx.h;
    const queue = h['CC-Queue'] ? stripDomain(h['CC-Queue']).slice(0, 100) : null;
    const agentNo = h['CC-Agent'] ? stripDomain(h['CC-Agent']).slice(0, 32) : null;
    const member = h['CC-Member-Session-UUID'];
    const call = () => this.book.callOf(member ? this.legs.get(member) : this.ensureLeg(ctx));
    switch (h['CC-Action']) {
      case 'member-queue-start': {
        const c = call();
        if (!c || c.ended) return;
        c.queue = queue ?? c.queue;
        c.everQueued = true;
        if (c.agentLeg !== null) {
          // the agent sent the caller (back) into a queue: a transfer; the next agent answers it
          this.book.transferAway(ctx, c, c.queue ?? 'queue');
          c.agentLeg = null;
        } else this.book.ring(ctx, c, undefined, c.queue);
        return;
      }
      case 'agent-offering': {
        const c = call();
        if (c && agentNo) this.ringAt(ctx, c, agentNo);
        return;
      }
      case 'bridge-agent-start': {
        const c = call();
        const legUuid = h['CC-Agent-UUID'] ?? h['Unique-ID'];
        if (!c || !agentNo || !legUuid) return;
        const leg = this.legs.get(legUuid) ?? this.newLeg({ 'Call-Direction': 'outbound' }, legUuid);
        this.attachAgent(leg, c.id, agentNo);
        this.connectAgent(ctx, c, legUuid, agentNo);
        return;
      }
      case 'agent-status-change': {
        if (!agentNo) return;
        const state = statusToState[(h['CC-Agent-Status'] ?? '').toLowerCase()];
        if (!state) return;
        this.agentStatus.set(agentNo, state);
        this.book.agentState(ctx, agentNo, state);
        return;
      }
      case 'agent-state-change': {
        if (!agentNo) return;
        const status = this.agentStatus.get(agentNo) ?? 'available';
        const raw = (h['CC-Agent-State'] ?? '').toLowerCase();
        // "Waiting" is ready for the next call, but only while the agent's status lets calls through
        const state: AgentState | null =
          raw === 'in a queue call' ? 'on_call' : raw === 'waiting' ? (status === 'available' ? 'available' : null) : raw === 'idle' && status === 'available' ? 'busy' : null;
        if (state) this.book.agentState(ctx, agentNo, state);
        return;
      }
    }
  }
}

interface Ctx {
  h: Record<string, string>;
  atMs: number;
  base: string;
  out: CtiEvent[];
}

/** When the event happened at the switch: Event-Date-Timestamp is microseconds since the epoch. */
function eventMs(h: Record<string, string>): number | null {
  const us = Number(h['Event-Date-Timestamp']);
  if (Number.isFinite(us) && us > 0) return Math.floor(us / 1000);
  const gmt = Date.parse(h['Event-Date-GMT'] ?? '');
  return Number.isFinite(gmt) ? gmt : null;
}

/** Core-UUID changes when FreeSWITCH restarts and Event-Sequence grows within one run: together, one event. */
function idBase(h: Record<string, string>): string {
  const core = h['Core-UUID'];
  const seq = h['Event-Sequence'];
  if (core && seq) return `fs:${core}:${seq}`;
  return `fs:${h['Unique-ID'] ?? 'switch'}:${h['Event-Date-Timestamp'] ?? ''}:${h['Event-Name'] ?? ''}`;
}

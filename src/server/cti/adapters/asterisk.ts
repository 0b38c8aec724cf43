import type { AgentState, CtiEvent } from '../../../shared/cti/events.js';
import { BoundedMap, CallBook, defaultAgentPattern, newCallState, q850Name, type CallMember, type CallState, type RecordingOptions } from './common.js';
import { field, type AmiMessage } from './ami.js';

export { AmiParser, encodeAction, field, type AmiMessage } from './ami.js';

/**
 * Asterisk AMI events (app_queue, channels, bridges, transfers, MixMonitor) → rexian's normalised
 * CTI events. A call is the first channel of a Linkedid that is not an agent's own phone; its
 * Uniqueid is the callId, and every channel sharing its Linkedid belongs to it. Pure and
 * deterministic: the same stream gives the same events with the same ids.
 */

export interface AsteriskMapperOptions extends RecordingOptions {
  /** Where the agent number (工号) comes from: the member's interface (`PJSIP/1024` → 1024) or its MemberName. */
  agentFrom?: 'interface' | 'membername';
  /** A dialled endpoint whose name looks like this is an agent even before any queue event named it. */
  agentPattern?: RegExp;
  maxCalls?: number;
  /** The clock for events without a Timestamp header (manager.conf `timestampevents = no`). */
  now?: () => number;
  onWarning?: (message: string) => void;
}

interface Chan extends CallMember {
  uniqueid: string;
  name: string;
  hangupOrder: number | null;
  cause: number | null;
  mixFile: string | null;
}

interface Call extends CallState {
  inQueue: boolean;
  abandoned: boolean;
  agentChans: Set<string>;
  completeReason: string | null;
}

interface Ctx {
  m: AmiMessage;
  atMs: number;
  stamp: string;
  out: CtiEvent[];
}

const phone = (v: string | undefined): string => (v && v !== '<unknown>' ? v.trim() : '').slice(0, 40) || 'unknown';

/** `PJSIP/1024-0000000a` → `PJSIP/1024`; `Local/1024@agents-00000003;1` → `Local/1024@agents`. */
export function interfaceOf(channel: string): string {
  return channel.replace(/;\d+$/, '').replace(/-[0-9a-f]+$/i, '');
}

/** `PJSIP/1024` → `1024`; `Local/1024@agents/n` → `1024`; `Agent/1024` → `1024`. */
export function resourceOf(iface: string): string {
  const slash = iface.indexOf('/');
  const rest = slash >= 0 ? iface.slice(slash + 1) : iface;
  return rest.split(/[@/]/)[0]!.trim();
}

const memberStatus: Record<string, AgentState | undefined> = { '1': 'available', '2': 'on_call', '3': 'on_call', '4': 'offline', '5': 'offline', '8': 'on_call' };

export class AsteriskMapper {
  private readonly chans: BoundedMap<string, Chan>;
  private readonly book: CallBook<Call, Ctx>;
  private readonly agentIfaces = new Map<string, string>();
  private readonly memberships = new Map<string, Set<string>>();

  constructor(private readonly opts: AsteriskMapperOptions = {}) {
    this.book = new CallBook({ ...opts, idBase: (ctx, subject) => `ast:${subject}:${ctx.stamp}:${field(ctx.m, 'Event')}` });
    this.chans = new BoundedMap((opts.maxCalls ?? 20_000) * 4);
  }

  map(m: AmiMessage): CtiEvent[] {
    if (m.kind !== 'event') return [];
    const raw = field(m, 'Timestamp');
    const ts = raw ? Number(raw) : NaN;
    const atMs = Number.isFinite(ts) && ts > 0 ? Math.floor(ts * 1000) : (this.opts.now ?? Date.now)();
    const ctx: Ctx = { m, atMs, stamp: raw ?? String(atMs), out: [] };
    this.book.begin();
    const name = field(m, 'Event') ?? '';
    switch (name) {
      case 'Newchannel':
        this.onNewchannel(ctx);
        break;
      case 'QueueCallerJoin':
        this.onQueueJoin(ctx);
        break;
      case 'QueueCallerLeave':
      case 'QueueCallerAbandon': {
        const call = this.book.callOf(this.chan(ctx));
        if (call) {
          call.inQueue = false;
          if (name === 'QueueCallerAbandon') call.abandoned = true;
        }
        break;
      }
      case 'AgentCalled':
      case 'AgentConnect':
        this.onAgent(ctx, name === 'AgentConnect');
        break;
      case 'AgentComplete': {
        const call = this.book.callOf(this.chan(ctx));
        if (call && this.agentOfMember(m) === call.agentNo) call.completeReason = field(m, 'Reason') ?? null;
        break;
      }
      case 'DialBegin':
      case 'DialEnd':
        this.onDial(ctx, name === 'DialEnd');
        break;
      case 'Hold':
      case 'MusicOnHoldStart':
        this.onHold(ctx, true);
        break;
      case 'Unhold':
      case 'MusicOnHoldStop':
        this.onHold(ctx, false);
        break;
      case 'BlindTransfer':
        this.onBlindTransfer(ctx);
        break;
      case 'AttendedTransfer':
        this.onAttendedTransfer(ctx);
        break;
      case 'Hangup':
        this.onHangup(ctx);
        break;
      case 'VarSet': {
        if (field(m, 'Variable') === 'MIXMONITOR_FILENAME') {
          const chan = this.chan(ctx);
          if (chan) chan.mixFile = field(m, 'Value') || null;
        }
        break;
      }
      case 'MixMonitorStop': {
        const chan = this.chan(ctx);
        if (chan) this.book.recording(ctx, this.book.callOf(chan), chan.mixFile);
        break;
      }
      default:
        this.onAgentState(ctx, name);
    }
    return ctx.out;
  }

  // ── channels and calls ─────────────────────────────────────────────────────────────────

  /** The channel an event is about (fields with `prefix`); one first seen mid-call is adopted. */
  private chan(ctx: Ctx, prefix = ''): Chan | undefined {
    const uid = field(ctx.m, `${prefix}Uniqueid`);
    if (!uid) return undefined;
    const known = this.chans.get(uid);
    if (known) return known;
    const name = field(ctx.m, `${prefix}Channel`) ?? '';
    const linkedid = field(ctx.m, `${prefix}Linkedid`) ?? uid;
    const chan: Chan = { uniqueid: uid, name, callId: null, role: null, hangupOrder: null, cause: null, mixFile: null };
    this.chans.set(uid, chan);
    if (linkedid !== uid) {
      if (this.book.calls.has(linkedid)) chan.callId = linkedid;
    } else if (this.isAgentPhone(name, field(ctx.m, `${prefix}CallerIDNum`))) chan.role = 'internal';
    else if (prefix === '') this.startCall(ctx, chan, false);
    return chan;
  }

  private isAgentPhone(channel: string, callerNum: string | undefined): boolean {
    return this.agentIfaces.has(interfaceOf(channel)) || (!!callerNum && this.book.knownAgents.has(callerNum));
  }

  private startCall(ctx: Ctx, chan: Chan, ring: boolean): Call {
    const created = /(\d{9,})\.\d+$/.exec(chan.uniqueid);
    const start = created ? Number(created[1]) * 1000 : ctx.atMs;
    const call: Call = {
      ...newCallState(chan.uniqueid, start, phone(field(ctx.m, 'CallerIDNum')), phone(field(ctx.m, 'Exten'))),
      inQueue: false,
      abandoned: false,
      agentChans: new Set(),
      completeReason: null,
    };
    return this.book.open(ctx, call, chan, ring);
  }

  private agentOfMember(m: AmiMessage): string | null {
    // QueueMember (the answer to a QueueStatus action) names them Location and Name
    const iface = field(m, 'Interface') ?? field(m, 'Location') ?? field(m, 'StateInterface') ?? '';
    const memberName = field(m, 'MemberName') ?? field(m, 'Name');
    const raw = this.opts.agentFrom === 'membername' ? memberName : resourceOf(iface) || memberName;
    const agentNo = raw?.trim().slice(0, 32) || null;
    if (agentNo) {
      this.book.knownAgents.add(agentNo);
      if (iface) this.agentIfaces.set(iface, agentNo);
    }
    return agentNo;
  }

  /** The agent behind a dialled channel, when it is one: a known member interface, or an extension-looking endpoint. */
  private agentOfChannel(channel: string): string | null {
    const iface = interfaceOf(channel);
    const known = this.agentIfaces.get(iface);
    if (known) return known;
    const res = resourceOf(iface);
    return (this.opts.agentPattern ?? defaultAgentPattern).test(res) ? res : null;
  }

  private markAgentChan(chan: Chan | undefined, call: Call): void {
    if (!chan) return;
    chan.callId = call.id;
    chan.role = 'agent';
  }

  // ── call events ───────────────────────────────────────────────────────────────────────

  private onNewchannel(ctx: Ctx): void {
    const uid = field(ctx.m, 'Uniqueid');
    if (!uid || this.chans.has(uid)) return;
    const linkedid = field(ctx.m, 'Linkedid') ?? uid;
    const chan = this.chan(ctx);
    if (!chan || linkedid !== uid || chan.role === 'internal') return;
    // chan() adopted it silently; a Newchannel is the start we announce
    const call = this.book.callOf(chan);
    if (call) this.book.ring(ctx, call);
  }

  private onQueueJoin(ctx: Ctx): void {
    const call = this.book.callOf(this.chan(ctx));
    if (!call || call.ended) return;
    call.queue = field(ctx.m, 'Queue')?.slice(0, 100) || call.queue;
    call.inQueue = true;
    call.everQueued = true;
    if (call.agentNo !== null) {
      // an agent sent the caller into a queue without a transfer event (a Redirect, a dialplan Goto)
      this.transferAway(ctx, call, call.queue ?? 'queue', undefined);
    }
    this.book.ring(ctx, call, undefined, call.queue);
  }

  private onAgent(ctx: Ctx, connected: boolean): void {
    const call = this.book.callOf(this.chan(ctx));
    const agentNo = this.agentOfMember(ctx.m);
    if (!call || call.ended || !agentNo) return;
    const dest = this.chan(ctx, 'Dest');
    if (!connected) {
      this.book.ring(ctx, call, agentNo, call.queue);
      return;
    }
    call.inQueue = false;
    this.connectAgent(ctx, call, agentNo, dest);
  }

  private onDial(ctx: Ctx, end: boolean): void {
    const caller = this.chan(ctx);
    const call = this.book.callOf(caller);
    const destName = field(ctx.m, 'DestChannel');
    if (!call || call.ended || !destName) return;
    const agentNo = this.agentOfChannel(destName);
    if (!agentNo) return;
    const dest = this.chan(ctx, 'Dest');
    this.markAgentChan(dest, call);
    // app_queue dials its members too; AgentCalled and AgentConnect speak for those
    if (call.inQueue || caller?.role !== 'customer') {
      if (end && field(ctx.m, 'DialStatus') === 'ANSWER' && agentNo === call.agentNo && dest) call.agentChans.add(dest.uniqueid);
      return;
    }
    if (!end) this.book.ring(ctx, call, agentNo);
    else if (field(ctx.m, 'DialStatus') === 'ANSWER') this.connectAgent(ctx, call, agentNo, dest);
  }

  private connectAgent(ctx: Ctx, call: Call, agentNo: string, dest: Chan | undefined): void {
    this.book.knownAgents.add(agentNo);
    this.markAgentChan(dest, call);
    if (call.agentNo === agentNo) {
      if (dest) call.agentChans.add(dest.uniqueid);
      return;
    }
    if (call.agentNo !== null) this.transferAway(ctx, call, agentNo, agentNo);
    call.agentChans = new Set(dest ? [dest.uniqueid] : []);
    call.completeReason = null;
    this.book.answer(ctx, call, agentNo);
  }

  /** The call leaves its agent (see CallBook.transferAway); which channels were the agent's, and app_queue's verdict, go too. */
  private transferAway(ctx: Ctx, call: Call, target: string, agentId: string | undefined): void {
    this.book.transferAway(ctx, call, target, agentId);
    call.agentChans = new Set();
    call.completeReason = null;
  }

  private onHold(ctx: Ctx, hold: boolean): void {
    const call = this.book.callOf(this.chan(ctx));
    if (!call || call.ended || call.agentNo === null) return; // music while queueing is not a hold
    this.book.setHold(ctx, call, hold);
  }

  private onBlindTransfer(ctx: Ctx): void {
    if (field(ctx.m, 'Result') !== 'Success') return;
    const call = this.book.callOf(this.chan(ctx, 'Transferee')) ?? this.book.callOf(this.chan(ctx, 'Transferer'));
    const exten = field(ctx.m, 'Extension');
    if (!call || call.ended || !exten) return;
    this.transferAway(ctx, call, exten, this.book.knownAgents.has(exten) ? exten : undefined);
  }

  private onAttendedTransfer(ctx: Ctx): void {
    const m = ctx.m;
    if (field(m, 'Result') !== 'Success') return;
    const call = [this.chan(ctx, 'Transferee'), this.chan(ctx, 'OrigTransferer'), this.chan(ctx, 'SecondTransferer')]
      .map((c) => this.book.callOf(c))
      .find((c) => c !== undefined && !c.ended);
    if (!call) return;
    const targetName = field(m, 'TransferTargetChannel');
    const agentNo = targetName ? this.agentOfChannel(targetName) : null;
    const target = field(m, 'SecondTransfererConnectedLineNum') || field(m, 'SecondTransfererExten') || agentNo || field(m, 'DestApp') || 'unknown';
    this.transferAway(ctx, call, phone(target), agentNo ?? undefined);
    // the consulted colleague is already talking with the caller
    if (agentNo) this.connectAgent(ctx, call, agentNo, this.chan(ctx, 'TransferTarget'));
  }

  private onHangup(ctx: Ctx): void {
    const chan = this.chan(ctx);
    if (!chan) return;
    if (chan.hangupOrder === null) {
      chan.hangupOrder = this.book.nextHangup();
      const cause = Number(field(ctx.m, 'Cause'));
      chan.cause = Number.isFinite(cause) ? cause : null;
    }
    const call = this.book.callOf(chan);
    if (!call) return;
    if (chan.mixFile) this.book.recording(ctx, call, chan.mixFile);
    if (chan.role !== 'customer' || call.ended) return;
    const switchCause = chan.cause === null ? undefined : q850Name(chan.cause) ?? `q850_${chan.cause}`;
    this.book.end(ctx, call, this.endedBy(call, chan), switchCause, call.abandoned || call.everQueued);
  }

  /** app_queue says who ended a queue call (AgentComplete Reason); otherwise whose channel hung up first. */
  private endedBy(call: Call, customer: Chan): 'customer' | 'agent' | 'system' {
    if (call.completeReason === 'agent') return 'agent';
    if (call.completeReason === 'caller') return 'customer';
    const agentFirst = [...call.agentChans].some((uid) => {
      const order = this.chans.get(uid)?.hangupOrder;
      return order !== null && order !== undefined && order < customer.hangupOrder!;
    });
    if (agentFirst) return 'agent';
    return customer.cause === 16 || customer.cause === 31 ? 'customer' : 'system';
  }

  // ── agent state ───────────────────────────────────────────────────────────────────────

  private onAgentState(ctx: Ctx, name: string): void {
    const m = ctx.m;
    const paused = field(m, 'Paused') === '1';
    const reason = (field(m, 'PausedReason') || field(m, 'Reason'))?.trim().slice(0, 60) || undefined;
    switch (name) {
      case 'QueueMemberPause': {
        const agentNo = this.agentOfMember(m);
        if (agentNo) this.book.agentState(ctx, agentNo, paused ? 'break' : 'available', paused ? reason : undefined);
        return;
      }
      case 'QueueMember':
        // the QueueStatus snapshot at login: it says who the agents are, but carries no time for their state
        this.agentOfMember(m);
        return;
      case 'QueueMemberStatus': {
        const agentNo = this.agentOfMember(m);
        const state = paused ? 'break' : memberStatus[field(m, 'Status') ?? ''];
        if (agentNo && state) this.book.agentState(ctx, agentNo, state, paused ? reason : undefined);
        return;
      }
      case 'QueueMemberAdded':
      case 'QueueMemberRemoved': {
        const agentNo = this.agentOfMember(m);
        const queue = field(m, 'Queue') ?? '';
        if (!agentNo) return;
        const queues = this.memberships.get(agentNo) ?? new Set<string>();
        this.memberships.set(agentNo, queues);
        if (name === 'QueueMemberAdded') {
          queues.add(queue);
          this.book.agentState(ctx, agentNo, paused ? 'break' : 'available', paused ? reason : undefined);
        } else {
          queues.delete(queue);
          if (queues.size === 0) this.book.agentState(ctx, agentNo, 'offline');
        }
        return;
      }
      case 'AgentLogin':
      case 'AgentLogoff': {
        const agentNo = field(m, 'Agent')?.trim().slice(0, 32);
        if (agentNo) this.book.agentState(ctx, agentNo, name === 'AgentLogin' ? 'available' : 'offline');
        return;
      }
    }
  }
}

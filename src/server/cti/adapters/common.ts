import type { AgentState, CallEvent, CtiEvent } from '../../../shared/cti/events.js';

/**
 * Pieces both switch adapters share: how a call's `seq` is counted, how hangup causes are named,
 * how a recording file becomes a URL, the small logger the adapter processes write to, and the
 * call bookkeeping both mappers keep (CallBook). Nothing here does I/O; CallBook holds state but is
 * deterministic: the same calls give the same events with the same ids.
 */

export interface AdapterLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One line per message on stderr, with the time: the adapter is a long-running terminal process. */
export function stderrLogger(prefix = 'rexian-cti'): AdapterLogger {
  const line = (level: string, message: string) => process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${message}\n`);
  return { info: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) };
}

export const silentLogger: AdapterLogger = { info: () => {}, warn: () => {}, error: () => {} };

export const maxSeq = 1_000_000_000;

/**
 * The per-call counter behind `seq`. It is derived from the switch's own clock (tenths of a
 * millisecond since the call started), so an adapter that restarts in the middle of a call carries
 * on with larger numbers instead of starting again at 0; within the adapter it is forced to grow
 * by at least one, so two events in the same instant keep the order the switch sent them in.
 * Tenths of a millisecond keep a 27-hour call under the schema's limit of 10^9.
 */
export class SeqCounter {
  private last = -1;
  constructor(readonly startMs: number) {}

  next(atMs: number): number {
    const fromClock = Math.max(0, Math.floor((atMs - this.startMs) * 10));
    this.last = Math.min(maxSeq, Math.max(fromClock, this.last + 1));
    return this.last;
  }
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** `1024@default` (mod_callcenter agent and queue names carry the domain) → `1024`. */
export function stripDomain(name: string): string {
  const at = name.indexOf('@');
  return (at > 0 ? name.slice(0, at) : name).trim();
}

/** Q.850 cause numbers (Asterisk) and their names (FreeSWITCH) → one vocabulary for `cause`. */
const q850: Record<number, string> = {
  1: 'UNALLOCATED_NUMBER',
  3: 'NO_ROUTE_DESTINATION',
  16: 'NORMAL_CLEARING',
  17: 'USER_BUSY',
  18: 'NO_USER_RESPONSE',
  19: 'NO_ANSWER',
  20: 'SUBSCRIBER_ABSENT',
  21: 'CALL_REJECTED',
  27: 'DESTINATION_OUT_OF_ORDER',
  28: 'INVALID_NUMBER_FORMAT',
  31: 'NORMAL_UNSPECIFIED',
  34: 'NORMAL_CIRCUIT_CONGESTION',
  38: 'NETWORK_OUT_OF_ORDER',
  41: 'NORMAL_TEMPORARY_FAILURE',
  42: 'SWITCH_CONGESTION',
  102: 'RECOVERY_ON_TIMER_EXPIRE',
  127: 'INTERWORKING',
};

const shortNames: Record<string, string> = {
  NORMAL_CLEARING: 'normalClearing',
  ORIGINATOR_CANCEL: 'cancel',
  USER_BUSY: 'busy',
  NO_ANSWER: 'noAnswer',
  NO_USER_RESPONSE: 'noAnswer',
  CALL_REJECTED: 'rejected',
  NORMAL_CIRCUIT_CONGESTION: 'congestion',
  SWITCH_CONGESTION: 'congestion',
};

export function q850Name(code: number): string | undefined {
  return q850[code];
}

/** `NORMAL_CLEARING` → `normalClearing`, `USER_BUSY` → `busy`; anything else in lower camel case. */
export function causeName(switchCause: string | undefined): string | undefined {
  const raw = switchCause?.trim().toUpperCase();
  if (!raw || raw === 'NONE' || raw === 'UNKNOWN') return undefined;
  const known = shortNames[raw];
  if (known) return known;
  const camel = raw
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
  return camel ? camel.slice(0, 60) : undefined;
}

/** Causes that mean a person put the phone down, as opposed to the network or the switch giving up. */
export function isNormalCause(switchCause: string | undefined): boolean {
  const raw = switchCause?.trim().toUpperCase();
  return raw === 'NORMAL_CLEARING' || raw === 'ORIGINATOR_CANCEL' || raw === 'NORMAL_UNSPECIFIED';
}

export interface RecordingOptions {
  /** Where the recordings are served, e.g. `https://rec.hotline.example/recordings/`. */
  recordingBase?: string;
  /** The directory on the switch that `recordingBase` serves; without it only the file name is kept. */
  recordingRoot?: string;
}

/** A recording file on the switch → the URL it is served at, or undefined when no base URL is configured. */
export function recordingUrl(filePath: string, opts: RecordingOptions): string | undefined {
  if (!opts.recordingBase || !filePath.trim()) return undefined;
  const path = filePath.trim().replace(/\\/g, '/');
  let relative: string;
  const root = opts.recordingRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root && path.startsWith(root + '/')) relative = path.slice(root.length + 1);
  else relative = path.slice(path.lastIndexOf('/') + 1);
  const base = opts.recordingBase.endsWith('/') ? opts.recordingBase : opts.recordingBase + '/';
  try {
    return new URL(relative.split('/').map(encodeURIComponent).join('/'), base).toString();
  } catch {
    return undefined;
  }
}

/** Deterministic event ids: the same switch event always gives the same id, so a replay is harmless. */
export class EventIds {
  private used = new Map<string, number>();
  /** Call once per switch event, before its ids are made. */
  reset(): void {
    this.used.clear();
  }
  make(base: string, type: CtiEvent['type']): string {
    const key = `${base}:${type}`;
    const n = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, n);
    return (n === 1 ? key : `${key}#${n}`).slice(0, 200);
  }
}

/** The default test for "this number is an agent's extension" when no channel variable names the agent. */
export const defaultAgentPattern = /^\d{2,8}$/;

/** A bounded insertion-ordered map: the oldest entries go first once `max` is reached. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

// ── call bookkeeping shared by the mappers ──────────────────────────────────────────────────

/** A call event without what the bookkeeping adds (id, time, call, seq). */
export type CallPayload = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'eventId' | 'at' | 'callId' | 'seq'> : never) : never;

/** What every mapper knows about a call; each mapper adds what its switch needs to follow it. */
export interface CallState {
  id: string;
  seq: SeqCounter;
  from: string;
  to: string;
  queue: string | null;
  everQueued: boolean;
  answered: boolean;
  agentNo: string | null;
  onHold: boolean;
  ended: boolean;
  recordings: Set<string>;
}

/** A call that has just started ringing: nobody has it, it was never queued, held or recorded. */
export function newCallState(id: string, startMs: number, from: string, to: string): CallState {
  return { id, seq: new SeqCounter(startMs), from, to, queue: null, everQueued: false, answered: false, agentNo: null, onHold: false, ended: false, recordings: new Set() };
}

/** One switch event being mapped: when it happened, and where its normalised events go. */
export interface MapBatch {
  atMs: number;
  out: CtiEvent[];
}

/** A channel (Asterisk) or leg (FreeSWITCH): which call it belongs to, and as whom. */
export interface CallMember {
  callId: string | null;
  role: 'customer' | 'agent' | 'internal' | null;
}

export interface CallBookOptions<B extends MapBatch> extends RecordingOptions {
  maxCalls?: number;
  onWarning?: (message: string) => void;
  /** What the ids of one switch event's events start with; `subject` is a callId or `agent:<工号>`. */
  idBase: (batch: B, subject: string) => string;
}

/**
 * The calls a mapper follows and the normalised events it makes of them: deterministic ids, `seq`,
 * ringing, answer, hold, transfer, recording, end, and agent state reported only when it changes.
 * The mapper decides from its switch's events what happened; the book says it the same way for both.
 */
export class CallBook<C extends CallState, B extends MapBatch> {
  readonly calls: BoundedMap<string, C>;
  /** Agent numbers seen on any event: a call from one of them is an agent's own, not a hotline call. */
  readonly knownAgents = new Set<string>();
  private readonly agentLast = new Map<string, string>();
  private readonly ids = new EventIds();
  private readonly warned = new Set<string>();
  private hangups = 0;

  constructor(private readonly opts: CallBookOptions<B>) {
    this.calls = new BoundedMap(opts.maxCalls ?? 20_000);
  }

  /** Call once per switch event, before anything is emitted for it. */
  begin(): void {
    this.ids.reset();
  }

  /** The order in which channels hang up, counted across all calls. */
  nextHangup(): number {
    return ++this.hangups;
  }

  callOf(member: CallMember | undefined): C | undefined {
    return member?.callId ? this.calls.get(member.callId) : undefined;
  }

  /** Follows a new call, made its customer's; it is announced as ringing unless it was adopted mid-call. */
  open(batch: B, call: C, customer: CallMember, ring: boolean): C {
    customer.callId = call.id;
    customer.role = 'customer';
    this.calls.set(call.id, call);
    if (ring) this.ring(batch, call);
    return call;
  }

  emit(batch: B, call: C, payload: CallPayload): void {
    const eventId = this.ids.make(this.opts.idBase(batch, call.id), payload.type);
    batch.out.push({ ...payload, eventId, at: isoAt(batch.atMs), callId: call.id, seq: call.seq.next(batch.atMs) } as CtiEvent);
  }

  ring(batch: B, call: C, agentId?: string, queue?: string | null): void {
    this.emit(batch, call, { type: 'call.ringing', direction: 'in', from: call.from, to: call.to, ...(agentId ? { agentId } : {}), ...(queue ? { queue } : {}) });
  }

  /** An agent takes the call. */
  answer(batch: B, call: C, agentNo: string): void {
    call.agentNo = agentNo;
    call.answered = true;
    this.emit(batch, call, { type: 'call.answered', agentId: agentNo, ...(call.queue ? { queue: call.queue } : {}) });
  }

  /** Puts the call on hold or takes it off; nothing is said when that is how it already is. */
  setHold(batch: B, call: C, hold: boolean): void {
    if (hold === call.onHold) return;
    call.onHold = hold;
    this.emit(batch, call, { type: hold ? 'call.hold' : 'call.resume' });
  }

  /** The current agent hands the call on: a held call is no longer on hold, and nobody has it until the next answer. */
  transferAway(batch: B, call: C, target: string, agentId?: string): void {
    this.setHold(batch, call, false);
    this.emit(batch, call, { type: 'call.transferred', target: target.slice(0, 100), ...(agentId ? { agentId } : {}) });
    call.agentNo = null;
  }

  /** A recording of the call is complete; each file is reported once, and only when it has a URL. */
  recording(batch: B, call: C | undefined, file: string | null | undefined): void {
    if (!call || !file || call.recordings.has(file)) return;
    call.recordings.add(file);
    const url = recordingUrl(file, this.opts);
    if (!url) {
      this.warnOnce('recording-base', `recording ${file} is not forwarded: no recording base URL is configured (--recording-base)`);
      return;
    }
    this.emit(batch, call, { type: 'call.recording', recordingUrl: url });
  }

  /**
   * The customer hung up: the call is over. A queued call the customer left before anyone answered
   * is abandoned (`queuedAndLeft`); otherwise the switch's cause names why it ended.
   */
  end(batch: B, call: C, endedBy: 'customer' | 'agent' | 'system', switchCause: string | undefined, queuedAndLeft = call.everQueued): void {
    call.ended = true;
    const abandoned = endedBy === 'customer' && !call.answered && queuedAndLeft;
    const cause = abandoned ? 'abandoned' : causeName(switchCause);
    this.emit(batch, call, { type: 'call.ended', endedBy, ...(cause ? { cause } : {}) });
  }

  /** An agent's state, reported only when it (or its reason) changed. */
  agentState(batch: B, agentNo: string, state: AgentState, reason?: string): void {
    this.knownAgents.add(agentNo);
    const key = `${state}|${reason ?? ''}`;
    if (this.agentLast.get(agentNo) === key) return;
    this.agentLast.set(agentNo, key);
    const eventId = this.ids.make(this.opts.idBase(batch, `agent:${agentNo}`), 'agent.state');
    batch.out.push({ type: 'agent.state', eventId, at: isoAt(batch.atMs), agentId: agentNo, state, ...(reason ? { reason } : {}) });
  }

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.opts.onWarning?.(message);
  }
}

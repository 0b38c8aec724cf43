import type { CtiEvent } from '../../../shared/cti/events.js';

/**
 * Pieces both switch adapters share: how a call's `seq` is counted, how hangup causes are named,
 * how a recording file becomes a URL, and the small logger the adapter processes write to.
 * Everything here is pure.
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

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { keys } from './queryKeys.js';

/** A message of the live feed (GET /api/live): the domain event's id, its type and what this user may see of it. */
export interface LiveMessage {
  id: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
type Handler = (m: LiveMessage) => void;

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** Ids remembered for dropping repeats: the server replays up to 200 ids of overlap when resuming. */
const SEEN_LIMIT = 2000;
/** Query refreshes are batched: a busy hotline pushes many events a second, a list needs one refetch. */
const FLUSH_MS = 800;

/**
 * One WebSocket for the signed-in session. Reconnects with backoff and resumes after the last id
 * seen (`?after=`); the server replays a little overlap, so ids already seen are dropped here and
 * every subscriber gets each event once.
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private readonly handlers = new Set<Handler>();
  private readonly statusListeners = new Set<() => void>();
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private lastId: bigint | null = null;
  private backoff = MIN_BACKOFF_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  status: LiveStatus = 'connecting';

  constructor(private readonly url: (after: string | null) => string) {}

  start(): void {
    this.stopped = false;
    this.setStatus('connecting');
    this.connect();
    window.addEventListener('online', this.reconnectNow);
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'signed out');
    this.setStatus('closed');
  }

  subscribe(h: Handler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getStatus = (): LiveStatus => this.status;

  /** The id to resume after, as the server expects it. */
  get after(): string | null {
    return this.lastId === null ? null : this.lastId.toString();
  }

  private reconnectNow = () => {
    if (this.stopped || this.status === 'open') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.backoff = MIN_BACKOFF_MS;
    this.connect();
  };

  private connect(): void {
    if (this.stopped) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url(this.after));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.receive(typeof ev.data === 'string' ? ev.data : '');
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
    // an error is followed by close, which reconnects
    socket.onerror = () => undefined;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.setStatus('reconnecting');
    // jitter, so a restarted server is not hit by every browser in the same millisecond
    const wait = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, wait);
  }

  private receive(raw: string): void {
    let m: Partial<LiveMessage>;
    try {
      m = JSON.parse(raw) as Partial<LiveMessage>;
    } catch {
      return;
    }
    if (m.type === 'hello') {
      this.backoff = MIN_BACKOFF_MS;
      this.setStatus('open');
      return;
    }
    if (m.type === 'replayed' || typeof m.id !== 'string' || typeof m.type !== 'string') return;
    if (this.seen.has(m.id)) return;
    this.remember(m.id);
    const msg: LiveMessage = { id: m.id, type: m.type, at: m.at ?? new Date().toISOString(), data: m.data ?? {} };
    for (const h of [...this.handlers]) {
      try {
        h(msg);
      } catch (err) {
        console.error('live handler failed', err);
      }
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_LIMIT) this.seen.delete(this.seenOrder.shift()!);
    if (/^\d+$/.test(id)) {
      const n = BigInt(id);
      if (this.lastId === null || n > this.lastId) this.lastId = n;
    }
  }

  private setStatus(s: LiveStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const l of [...this.statusListeners]) l();
  }
}

const LiveContext = createContext<LiveConnection | null>(null);

export function liveUrl(after: string | null): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/api/live${after ? `?after=${encodeURIComponent(after)}` : ''}`;
}

/** Which cached queries a message makes stale. */
export function staleKeys(m: LiveMessage, agentNo: string | null): QueryKey[] {
  const d = m.data;
  if (m.type.startsWith('call.')) {
    if (m.type === 'call.segment') return [];
    const out: QueryKey[] = [keys.calls.all, keys.wallboard];
    if (agentNo && d['agentNo'] === agentNo) out.push(keys.agents.myState);
    return out;
  }
  if (m.type === 'agent.state') {
    const out: QueryKey[] = [keys.agents.board, keys.agents.stateLogs, keys.wallboard];
    if (agentNo && d['agentNo'] === agentNo) out.push(keys.agents.myState);
    return out;
  }
  if (m.type.startsWith('callback.')) return [keys.callbacks.all];
  // what became of a text to the caller (ticket.text_queued/sent/failed/skipped): only that ticket's 短信 card refetches
  if (m.type.startsWith('ticket.text_')) return typeof d['ticketId'] === 'string' ? [keys.ticket.texts(d['ticketId'])] : [];
  // a ticket this user's department just lost (改派, 收回 …; src/server/ws/live.ts ticket.left): the lists drop it; its
  // page is not refetched (it would answer 404) — it shows that the ticket left (TicketDetailPage)
  if (m.type === 'ticket.left') return [keys.tickets.all];
  // a ticket change (src/server/ws/live.ts ticketTypes) names its ticket: that ticket's page (its contacts, texts …
  // under it) and every list and count of tickets refetch; an SLA alert refreshes every ticket as before
  if (m.type.startsWith('ticket.') && typeof d['ticketId'] === 'string')
    return [keys.ticket.one(d['ticketId']), keys.tickets.all, keys.notifications, keys.wallboard];
  if (m.type.startsWith('ticket.')) return [keys.notifications, keys.tickets.all, keys.ticket.all, keys.wallboard];
  return [];
}

/** Mounted once in the signed-in layout: opens the feed, keeps it while the user is signed in, refreshes queries it touches. */
export function LiveProvider({ agentNo, children }: { agentNo: string | null; children: ReactNode }) {
  const qc = useQueryClient();
  const [conn] = useState(() => new LiveConnection(liveUrl));
  const agentRef = useRef(agentNo);
  useLayoutEffect(() => {
    agentRef.current = agentNo;
  }, [agentNo]);

  useEffect(() => {
    const pending = new Map<string, QueryKey>();
    let flush: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = conn.subscribe((m) => {
      for (const k of staleKeys(m, agentRef.current)) pending.set(JSON.stringify(k), k);
      if (!pending.size || flush) return;
      flush = setTimeout(() => {
        flush = null;
        const ks = [...pending.values()];
        pending.clear();
        for (const queryKey of ks) void qc.invalidateQueries({ queryKey });
      }, FLUSH_MS);
    });
    // After a reconnect the replay covers what was stored meanwhile; refresh anyway in case it was truncated.
    const offStatus = onResumed(conn, () => {
      for (const queryKey of [keys.calls.all, keys.agents.all, keys.callbacks.all]) void qc.invalidateQueries({ queryKey });
    });
    conn.start();
    return () => {
      unsubscribe();
      offStatus();
      if (flush) clearTimeout(flush);
      conn.stop();
    };
  }, [conn, qc]);

  return <LiveContext.Provider value={conn}>{children}</LiveContext.Provider>;
}

/**
 * Calls `fn` each time the feed opens again after it was lost (not when it first opens). Resuming
 * replays only stored events: a live call's transcript segments are announced but not stored
 * (docs/calls.md), so whoever shows them refetches them here.
 */
export function onResumed(conn: Pick<LiveConnection, 'onStatus' | 'getStatus'>, fn: () => void): () => void {
  let lost = false;
  return conn.onStatus(() => {
    const s = conn.getStatus();
    if (s === 'reconnecting') lost = true;
    else if (s === 'open' && lost) {
      lost = false;
      fn();
    }
  });
}

/** Calls `fn` when the feed comes back after a drop (onResumed). The function may change between renders. */
export function useLiveResumed(fn: () => void): void {
  const conn = useContext(LiveContext);
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => (conn ? onResumed(conn, () => ref.current()) : undefined), [conn]);
}

/** Calls `handler` with every live message (each id once). The handler may change between renders. */
export function useLiveEvents(handler: Handler): void {
  const conn = useContext(LiveContext);
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => conn?.subscribe((m) => ref.current(m)), [conn]);
}

/** The feed's connection state, for the indicator in the header. */
export function useLiveStatus(): LiveStatus {
  const conn = useContext(LiveContext);
  return useSyncExternalStore(conn?.onStatus ?? noopSubscribe, conn?.getStatus ?? closed);
}

const noopSubscribe = () => () => undefined;
const closed = (): LiveStatus => 'closed';

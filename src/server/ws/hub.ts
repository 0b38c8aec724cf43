import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { Ctx } from '../context.js';
import { firstIssue } from '../db/jsonb.js';
import { announce, eventPayloadColumn, getEvent, INLINE_BYTES, LIVE_CHANNEL } from '../modules/events/events.repo.js';
import { findTicket } from '../modules/tickets/tickets.repo.js';
import { canSee, viewerOf } from '../modules/tickets/tickets.service.js';
import { liveTypes, messageFor, ticketTypes, type LiveEvent, type Viewer } from './live.js';

/** Events read per page when a client resumes. */
export const MAX_REPLAY = 1000;
/** Pages read at most for one resuming client; past that it is told the replay was truncated and refetches. */
export const MAX_REPLAY_PAGES = 20;
/**
 * Ids are handed out at insert but become visible at commit, so an event with a smaller id can
 * commit after a larger one. Resuming replays this many ids before the client's last one too;
 * the client drops ids it has seen.
 */
export const REPLAY_OVERLAP = 200;

/** The part of a ws WebSocket the hub uses. */
export interface LiveSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
}

interface Client {
  socket: LiveSocket;
  orgId: string;
  viewer: Viewer;
  /** Live events that arrived while the replay was running; sent after it. */
  pending: LiveEvent[] | null;
  /**
   * The client's sends, one after the other: a ticket change waits for the database (who may see it) and what came
   * after it waits for that, so a client receives events in the order they were committed and never resumes after an
   * id while an earlier one is still on its way.
   */
  queue: Promise<void>;
}

/**
 * Whether a client may see the ticket an event is about, and the department it is staff of (a department user's, read
 * at sending time like the answer): a department the change took the ticket from is told it left (live.ts).
 */
type TicketAccess = (c: Client) => Promise<{ sees: boolean; department: string | null }>;

type Row = { id: string; org_id: string; type: string; aggregate_type: string; aggregate_id: string; occurred_at: Date | string; payload: unknown };

/**
 * A stored event as the live feed sends it, its payload parsed (domain_events.payload); null for one whose payload is
 * damaged: it is left out of the feed with a warning naming it (live events are prompts to refetch, and one bad row
 * must not stop a resuming client's replay).
 */
function toLive(r: Row, log: FastifyBaseLogger): LiveEvent | null {
  const payload = eventPayloadColumn.safeParse(r.payload ?? {});
  if (!payload.success) {
    log.warn({ eventId: String(r.id), type: r.type }, `live: domain_events.payload of row ${String(r.id)} does not match its schema (${firstIssue(payload.error)}); not sent`);
    return null;
  }
  return {
    id: String(r.id),
    org: r.org_id,
    type: r.type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    at: new Date(r.occurred_at).toISOString(),
    payload: payload.data,
  };
}

/**
 * The live hub of one process. Every rexian process LISTENs on the database's notification
 * channel, so an event committed by any process (a webhook on web-1, an SLA job on a worker)
 * reaches the browsers connected to every other: PostgreSQL is the only thing they share.
 */
export class LiveHub {
  private readonly byOrg = new Map<string, Set<Client>>();
  private stop: (() => Promise<void>) | null = null;
  private lastId = 0n;
  /** Notifications are handled one after the other (a large one is read from the table first), in commit order. */
  private inbox: Promise<void> = Promise.resolve();
  /** Tells this process's own previews apart from other processes' on the shared channel. */
  private readonly instance = randomUUID();

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.stop = await this.database.listen(
      LIVE_CHANNEL,
      (payload) => this.inOrder(() => this.onNotify(payload)),
      () => this.inOrder(() => this.resync()),
    );
  }

  private inOrder(step: () => Promise<void>): void {
    this.inbox = this.inbox.then(step).catch((err: unknown) => this.log.warn({ err }, 'live: a notification could not be handled'));
  }

  /**
   * Closes every client with 1012 (service restart): browsers reconnect at once, through the load
   * balancer to another process, and resume after the last id they saw (src/web/live.tsx).
   */
  async close(): Promise<void> {
    for (const set of this.byOrg.values()) for (const c of set) c.socket.close(1012, 'service restart');
    this.byOrg.clear();
    const stop = this.stop;
    this.stop = null;
    await stop?.();
  }

  get connections(): number {
    let n = 0;
    for (const s of this.byOrg.values()) n += s.size;
    return n;
  }

  /** Adds a client; replays what it missed since `after` (an event id) before it gets live events. */
  async add(socket: LiveSocket, orgId: string, viewer: Viewer, after: string | null): Promise<void> {
    const client: Client = { socket, orgId, viewer, pending: after ? [] : null, queue: Promise.resolve() };
    let set = this.byOrg.get(orgId);
    if (!set) this.byOrg.set(orgId, (set = new Set()));
    set.add(client);
    socket.on('close', () => {
      set.delete(client);
      if (!set.size) this.byOrg.delete(orgId);
    });
    this.send(client, { type: 'hello', data: { after } });
    if (!after) return;
    try {
      // page by page: on a busy hotline a second of absence (a process restarting) is more than one page of
      // the organisation's events, most of them for other people
      let from = BigInt(after) > BigInt(REPLAY_OVERLAP) ? (BigInt(after) - BigInt(REPLAY_OVERLAP)).toString() : '0';
      let count = 0;
      let truncated = false;
      for (let page = 0; ; page++) {
        const { events, read, lastId } = await this.liveEventsAfter([orgId], from);
        for (const e of events) await this.deliver(client, e);
        count += events.length;
        if (read < MAX_REPLAY || lastId === null) break;
        if (page + 1 >= MAX_REPLAY_PAGES) {
          truncated = true;
          break;
        }
        from = lastId;
      }
      this.send(client, { type: 'replayed', data: { count, truncated } });
    } catch (err) {
      this.log.warn({ err }, 'live: replay failed');
    } finally {
      const pending = client.pending ?? [];
      client.pending = null;
      for (const e of pending) await this.deliver(client, e);
    }
  }

  /**
   * A screen pop pushed before its event is committed (cti.service previewsOf): to the agents of
   * this process at once, and, on a PostgreSQL server, through NOTIFY to those connected to the
   * other processes. Only the agent it pops up for receives it; everyone else waits for the
   * committed event. Its id is not a number, so a client never resumes from it.
   */
  preview(e: LiveEvent): void {
    this.dispatchPreview(e);
    if (this.database.kind !== 'postgres') return;
    const payload = JSON.stringify({ ...e, preview: this.instance });
    if (Buffer.byteLength(payload) >= INLINE_BYTES) return;
    announce(this.database.db, payload).catch((err: unknown) => this.log.debug({ err }, 'live: preview notify failed'));
  }

  private dispatchPreview(e: LiveEvent): void {
    const set = this.byOrg.get(e.org);
    if (!set) return;
    for (const c of set) {
      if (c.pending) continue;
      const m = messageFor(e, c.viewer);
      if (m?.data['pop'] === true) this.send(c, m);
    }
  }

  private async onNotify(raw: string): Promise<void> {
    let e: LiveEvent & { payload: Record<string, unknown> | null; preview?: string; stored?: false };
    try {
      e = JSON.parse(raw) as LiveEvent & { payload: Record<string, unknown> | null; preview?: string; stored?: false };
    } catch {
      return;
    }
    if (e.preview !== undefined) {
      if (e.preview !== this.instance && e.payload) this.dispatchPreview(e as LiveEvent);
      return;
    }
    if (e.stored === false) {
      // committed but not stored (a live call's transcript segment, events.repo eventsPart): no id to resume from
      if (e.payload && this.byOrg.has(e.org) && (liveTypes as readonly string[]).includes(e.type)) this.dispatch(e as LiveEvent);
      return;
    }
    const id = BigInt(e.id);
    if (id > this.lastId) this.lastId = id;
    if (!this.byOrg.has(e.org) || !(liveTypes as readonly string[]).includes(e.type)) return;
    if (e.payload === null) {
      // Too large for NOTIFY: read it.
      const row = await getEvent(this.database.db, e.id);
      if (!row) return;
      const stored = toLive(row as Row, this.log);
      if (!stored) return;
      e = stored;
    }
    this.dispatch(e as LiveEvent);
  }

  /** After the listening connection came back, send what was committed meanwhile. */
  private async resync(): Promise<void> {
    const orgs = [...this.byOrg.keys()];
    if (!orgs.length) return;
    const { events, lastId } = await this.liveEventsAfter(orgs, this.lastId.toString());
    for (const e of events) this.dispatch(e);
    if (lastId !== null && BigInt(lastId) > this.lastId) this.lastId = BigInt(lastId);
  }

  /**
   * Live-typed events of some organisations committed after an id, oldest first, from at most MAX_REPLAY rows: `read`
   * rows, the last of them `lastId` (pages go by rows, whether or not each could be sent).
   */
  private async liveEventsAfter(orgIds: string[], afterId: string): Promise<{ events: LiveEvent[]; read: number; lastId: string | null }> {
    const rows = await this.database.db
      .selectFrom('domain_events')
      .selectAll()
      .where('org_id', 'in', orgIds)
      .where('id', '>', afterId)
      .where('type', 'in', [...liveTypes])
      .orderBy('id', 'asc')
      .limit(MAX_REPLAY)
      .execute();
    return { events: rows.flatMap((r) => toLive(r as Row, this.log) ?? []), read: rows.length, lastId: rows.length ? String(rows[rows.length - 1]!.id) : null };
  }

  private dispatch(e: LiveEvent): void {
    const set = this.byOrg.get(e.org);
    if (!set) return;
    const access = ticketTypes.has(e.type) ? this.ticketAccess(e) : null;
    for (const c of set) {
      if (c.pending) c.pending.push(e);
      else void this.deliver(c, e, access);
    }
  }

  /**
   * Sends an event to a client as it may see it, after everything sent to it before (Client.queue); a ticket change
   * asks the database first who may see it.
   */
  private deliver(c: Client, e: LiveEvent, access: TicketAccess | null = ticketTypes.has(e.type) ? this.ticketAccess(e) : null): Promise<void> {
    c.queue = c.queue.then(async () => {
      let seen = { sees: false, department: null as string | null };
      if (access) {
        try {
          seen = await access(c);
        } catch (err) {
          this.log.warn({ err, eventId: e.id }, 'live: could not decide who sees a ticket change');
        }
      }
      const m = messageFor(e, c.viewer, seen.sees, seen.department);
      if (m) this.send(c, m);
    }).catch((err: unknown) => {
      // one message that cannot be sent must not stop the client's feed (a rejected queue would skip every later send)
      this.log.warn({ err, eventId: e.id }, 'live: could not send an event to a client');
    });
    return c.queue;
  }

  /**
   * Who may see the ticket of a ticket change, by the tickets' own rule (tickets.service viewerOf and canSee: the
   * hotline every ticket, department staff their department's and those it co-handles), at the time of sending. The
   * ticket is read once per event and the answer kept per kind of viewer; a department user's department is read
   * each time, so a change of staff counts at once.
   */
  private ticketAccess(e: LiveEvent): TicketAccess {
    const db = this.database.db;
    const ticket = findTicket(db, e.org, e.aggregateId);
    ticket.catch(() => {}); // read when the first client asks; a failure is reported there
    const answers = new Map<string, Promise<boolean>>();
    return async (c) => {
      const ctx: Ctx = { db, orgId: e.org, actor: { id: c.viewer.userId, name: c.viewer.userId, role: c.viewer.role }, now: () => new Date(e.at) };
      const v = await viewerOf(ctx);
      const key = `${v.role}:${v.department ?? ''}`;
      let answer = answers.get(key);
      if (!answer) answers.set(key, (answer = ticket.then((t) => (t ? canSee(db, v, t) : false))));
      return { sees: await answer, department: v.role === 'department' ? (v.department ?? null) : null };
    };
  }

  private send(c: Client, m: object): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(m));
  }
}

import type { CtiEvent } from '../../../shared/cti/events.js';
import { silentLogger, type AdapterLogger } from './common.js';

/**
 * Sends normalised events to rexian's webhook (`POST /api/cti/events`), in order, in batches.
 *
 * - A batch leaves when it is full or 200 ms after its first event; one request is in flight at a
 *   time and a batch is retried until it is delivered, so the webhook sees the switch's order.
 * - Network errors, 408, 429 and 5xx are retried with capped exponential backoff.
 * - 401 stops everything with `WebhookAuthError`: a wrong token does not get better by retrying.
 * - Events the webhook rejects (status `invalid`: the sender's mistake) are logged one by one and skipped.
 * - Events the webhook refuses (status `refused`: valid, but of a call whose raw events retention
 *   already deleted, CTI_CALL_ARCHIVED) are counted apart and logged as such; they are nobody's mistake.
 * - The queue is bounded: `push` returns false once it is full and `room()` says when to go on,
 *   so the caller stops reading the switch instead of anything being dropped.
 */

export interface ForwarderOptions {
  /** The webhook, e.g. `http://127.0.0.1:3000/api/cti/events`. */
  url: string;
  /** The CTI connection's token (sent as `Authorization: Bearer …`). */
  token: string;
  /** Events per request, at most 500 (the webhook's limit). */
  batchSize?: number;
  /** How long the first event of a batch waits for company. */
  flushMs?: number;
  /** Queued events at which the reader is asked to pause. */
  maxQueue?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  log?: AdapterLogger;
}

export class WebhookAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAuthError';
  }
}

/** A refusal that retrying cannot fix (wrong URL, payload refused). */
export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

interface Result {
  index?: number;
  eventId?: string;
  status?: string;
  error?: { code?: string; field?: string; message?: string };
}

export interface ForwarderStats {
  batches: number;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Valid events the webhook did not take (a call archived by retention: CTI_CALL_ARCHIVED). */
  refused: number;
  retries: number;
}

export function webhookUrl(base: string): string {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/cti/events';
  return url.toString();
}

export class Forwarder {
  readonly stats: ForwarderStats = { batches: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, refused: 0, retries: 0 };
  /** Settles with the error that stopped the forwarder (it never resolves otherwise). */
  readonly failed: Promise<Error>;

  private readonly queue: CtiEvent[] = [];
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly log: AdapterLogger;
  private readonly fetchFn: typeof fetch;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private fatal: Error | null = null;
  private setFailed!: (e: Error) => void;
  private paused = false;
  private roomWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private idleWaiters: Array<() => void> = [];
  private readonly stop = new AbortController();

  constructor(private readonly opts: ForwarderOptions) {
    this.batchSize = Math.min(500, Math.max(1, opts.batchSize ?? 200));
    this.maxQueue = Math.max(this.batchSize, opts.maxQueue ?? 10_000);
    this.log = opts.log ?? silentLogger;
    this.fetchFn = opts.fetch ?? fetch;
    this.failed = new Promise<Error>((resolve) => (this.setFailed = resolve));
  }

  get size(): number {
    return this.queue.length;
  }

  get error(): Error | null {
    return this.fatal;
  }

  /** Queues events; false means "full: stop reading until room() resolves". Nothing is ever dropped. */
  push(events: readonly CtiEvent[]): boolean {
    if (this.fatal) throw this.fatal;
    if (events.length === 0) return true;
    this.queue.push(...events);
    if (!this.sending) this.schedule();
    if (this.queue.length >= this.maxQueue) {
      if (!this.paused) this.log.warn(`the webhook is behind: ${this.queue.length} events waiting; reading from the switch is paused until they are delivered`);
      this.paused = true;
      return false;
    }
    return true;
  }

  /** Resolves once the queue is below half its bound again. */
  room(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve, reject) => this.roomWaiters.push({ resolve, reject }));
  }

  /** Sends what is queued now; resolves when the queue is empty or `timeoutMs` has passed (false then). */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    if (this.queue.length === 0 && !this.sending) return true;
    this.start();
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ok = await Promise.race([idle, late, this.failed.then(() => false)]);
    clearTimeout(timer);
    return ok;
  }

  /** Stops sending (retries included). Events still queued are counted and reported, never silently lost. */
  close(): number {
    this.stop.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const left = this.queue.length;
    if (left > 0) this.log.error(`${left} events were not delivered to the webhook (first: ${this.queue[0]!.eventId})`);
    return left;
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.sending || this.fatal || this.stop.signal.aborted) return;
    this.sending = this.drain().finally(() => {
      this.sending = null;
      if (this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
      else if (!this.fatal && !this.stop.signal.aborted) this.schedule();
    });
  }

  /** A full batch goes now; a smaller one waits flushMs for company. */
  private schedule(): void {
    if (this.queue.length >= this.batchSize) this.start();
    else if (!this.timer) this.timer = setTimeout(() => this.start(), this.opts.flushMs ?? 200);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.fatal && !this.stop.signal.aborted) {
      const batch = this.queue.slice(0, this.batchSize);
      const delivered = await this.deliver(batch);
      if (!delivered) return;
      this.queue.splice(0, batch.length);
      if (this.paused && this.queue.length < this.maxQueue / 2) {
        this.paused = false;
        this.log.info(`the webhook caught up (${this.queue.length} events waiting); reading from the switch again`);
        for (const w of this.roomWaiters.splice(0)) w.resolve();
      }
    }
  }

  /** One batch, retried until it is delivered; false when the forwarder stopped instead. */
  private async deliver(batch: CtiEvent[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      if (this.stop.signal.aborted) return false;
      let res: Response;
      try {
        res = await this.fetchFn(this.opts.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(batch),
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.opts.requestTimeoutMs ?? 15_000)]),
        });
      } catch (err) {
        if (this.stop.signal.aborted) return false;
        await this.backoff(attempt, `cannot reach the webhook (${describe(err)})`);
        continue;
      }
      const text = await res.text().catch(() => '');
      const body = parseJson(text);
      if (res.ok || res.status === 400) {
        this.account(batch, res.status, body);
        return true;
      }
      if (res.status === 401) {
        this.die(new WebhookAuthError(`the webhook refused the token (401 ${errorCode(body) ?? 'CTI_TOKEN_INVALID'}): check --token against the CTI connection in rexian`));
        return false;
      }
      if (res.status >= 500 || res.status === 408 || res.status === 429) {
        await this.backoff(attempt, `the webhook answered ${res.status}${errorCode(body) ? ` ${errorCode(body)}` : ''}`);
        continue;
      }
      this.die(new WebhookError(`the webhook answered ${res.status}${errorCode(body) ? ` ${errorCode(body)}` : ''} at ${this.opts.url}: ${errorMessage(body) ?? (text.slice(0, 200) || 'no details')}`));
      return false;
    }
  }

  private account(batch: CtiEvent[], status: number, body: unknown): void {
    this.stats.batches += 1;
    this.stats.sent += batch.length;
    const results = (body as { results?: Result[] } | null)?.results;
    if (!Array.isArray(results)) {
      if (status === 400) {
        // a refusal of the whole body without per-event results: each event is named in the log
        this.stats.rejected += batch.length;
        for (const e of batch) this.log.warn(`event ${e.eventId} (${e.type}) rejected: ${errorMessage(body) ?? 'HTTP 400'}`);
      } else this.stats.accepted += batch.length;
      return;
    }
    for (const r of results) {
      if (r.status === 'accepted') this.stats.accepted += 1;
      else if (r.status === 'duplicate') this.stats.duplicates += 1;
      else {
        const refused = r.status === 'refused';
        if (refused) this.stats.refused += 1;
        else this.stats.rejected += 1;
        const e = typeof r.index === 'number' ? batch[r.index] : batch.find((x) => x.eventId === r.eventId);
        const what = e ? `${e.eventId} (${e.type})` : (r.eventId ?? `#${r.index}`);
        const why = r.error ? `${r.error.code ?? r.status ?? 'invalid'} ${r.error.field ?? ''}: ${r.error.message ?? ''}`.replace(/ :/, ':') : (r.status ?? 'invalid');
        this.log.warn(refused ? `event ${what} refused by the webhook (valid, but not taken; not the sender's mistake): ${why}` : `event ${what} rejected by the webhook: ${why}`);
      }
    }
  }

  private async backoff(attempt: number, why: string): Promise<void> {
    this.stats.retries += 1;
    const cap = Math.min(this.opts.retryMaxMs ?? 30_000, (this.opts.retryBaseMs ?? 500) * 2 ** attempt);
    const delay = Math.round(cap * (0.8 + 0.2 * Math.random()));
    this.log.warn(`${why}; ${this.queue.length} events waiting, trying again in ${delay} ms`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, delay);
      this.stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }

  private die(err: Error): void {
    this.fatal = err;
    this.log.error(err.message);
    for (const w of this.roomWaiters.splice(0)) w.reject(err);
    this.setFailed(err);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(body: unknown): string | undefined {
  const msg = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof msg === 'string' ? msg : undefined;
}

function describe(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

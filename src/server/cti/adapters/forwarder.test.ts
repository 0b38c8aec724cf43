import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CtiEvent } from '../../../shared/cti/events.js';
import { fakeWebhook, type FakeWebhook } from '../../../../test/fixtures/cti/fakes.js';
import type { AdapterLogger } from './common.js';
import { Forwarder, WebhookAuthError, WebhookError, webhookUrl } from './forwarder.js';

const hold = (i: number): CtiEvent => ({ type: 'call.hold', eventId: `ev-${i}`, callId: 'call-1', seq: i, at: new Date(Date.UTC(2026, 10, 23, 1, 15, 0) + i).toISOString() });
const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => hold(from + i));

function recorder(): AdapterLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

const sentIds = (hook: FakeWebhook) => hook.requests.filter((r) => r.status === 200).flatMap((r) => (r.body as CtiEvent[]).map((e) => e.eventId));

describe('Forwarder', () => {
  let hook: FakeWebhook | undefined;
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await hook?.close();
    hook = undefined;
  });

  function forwarder(opts: Partial<ConstructorParameters<typeof Forwarder>[0]> = {}) {
    const f = new Forwarder({ url: hook!.url, token: 'tok', flushMs: 30, retryBaseMs: 10, retryMaxMs: 40, ...opts });
    closers.push(() => f.close());
    return f;
  }

  it('sends a small batch after the flush delay, a large one in full batches, in order, with the bearer token', async () => {
    hook = await fakeWebhook('tok');
    const f = forwarder({ batchSize: 200 });
    const started = Date.now();
    f.push(many(0, 5));
    await hook.waitFor(() => hook!.requests.length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect((hook.requests[0]!.body as CtiEvent[]).map((e) => e.eventId)).toEqual(['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
    expect(hook.requests[0]!.authorization).toBe('Bearer tok');

    f.push(many(5, 450));
    expect(await f.flush()).toBe(true);
    expect(hook.requests.map((r) => (r.body as unknown[]).length)).toEqual([5, 200, 200, 50]);
    expect(sentIds(hook)).toEqual(many(0, 455).map((e) => e.eventId));
    expect(f.stats).toMatchObject({ batches: 4, sent: 455, accepted: 455, rejected: 0 });
  });

  it('retries 503s and dropped connections with growing delays and keeps the order', async () => {
    hook = await fakeWebhook('tok');
    hook.failNext(503, 3);
    const log = recorder();
    const f = forwarder({ log, batchSize: 2 });
    f.push(many(0, 5));
    expect(await f.flush(5000)).toBe(true);
    expect(hook.requests.slice(0, 3).map((r) => r.status)).toEqual([503, 503, 503]);
    expect(sentIds(hook)).toEqual(['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
    expect(f.stats.retries).toBe(3);
    const delays = log.lines.filter((l) => l.includes('503')).map((l) => Number(/again in (\d+) ms/.exec(l)![1]));
    expect(delays[0]).toBeLessThan(delays[2]!);
    expect(delays.every((d) => d <= 40)).toBe(true);

    // a server that hangs up mid-request is a network error, retried the same way
    let drops = 1;
    const flaky = http.createServer((req, res) => {
      if (drops-- > 0) return void req.socket.destroy();
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0,"rejected":0,"results":[{"index":0,"eventId":"ev-9","status":"accepted"}]}'));
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => flaky.close(r)));
    const g = forwarder({ url: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/api/cti/events`, log });
    g.push([hold(9)]);
    expect(await g.flush(5000)).toBe(true);
    expect(g.stats).toMatchObject({ retries: 1, accepted: 1 });
    expect(log.lines.some((l) => l.startsWith('warn cannot reach the webhook'))).toBe(true);
  });

  it('stops for good on 401 and says why', async () => {
    hook = await fakeWebhook('right');
    const log = recorder();
    const f = forwarder({ token: 'wrong', log });
    f.push(many(0, 3));
    const err = await f.failed;
    expect(err).toBeInstanceOf(WebhookAuthError);
    expect(err.message).toBe('the webhook refused the token (401 CTI_TOKEN_INVALID): check --token against the CTI connection in rexian');
    expect(() => f.push([hold(4)])).toThrow(WebhookAuthError);
    await expect(f.room()).rejects.toThrow(WebhookAuthError);
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.requests).toHaveLength(1);
    expect(f.close()).toBe(3);
    expect(log.lines.at(-1)).toBe('error 3 events were not delivered to the webhook (first: ev-0)');
  });

  it('stops on a refusal retrying cannot fix (wrong path)', async () => {
    hook = await fakeWebhook('tok');
    const f = forwarder({ url: hook.url.replace('/api/cti/events', '/api/cti/event') });
    f.push([hold(0)]);
    const err = await f.failed;
    expect(err).toBeInstanceOf(WebhookError);
    expect(err.message).toMatch(/^the webhook answered 404 NOT_FOUND at http:\/\/127\.0\.0\.1:\d+\/api\/cti\/event: no such route$/);
  });

  it('logs each event the webhook rejects and goes on; duplicates are counted, not retried', async () => {
    hook = await fakeWebhook('tok');
    const log = recorder();
    const f = forwarder({ log, batchSize: 3 });
    const bad = { ...hold(1), at: 'yesterday' } as CtiEvent;
    for (const batch of [
      [hold(0), bad, hold(2)],
      [{ ...bad, eventId: 'ev-bad-2' }, { ...bad, eventId: 'ev-bad-3' }], // nothing but mistakes: the webhook answers 400
      [hold(0), hold(5)],
    ]) {
      f.push(batch);
      expect(await f.flush()).toBe(true);
    }
    expect(hook.requests.map((r) => r.status)).toEqual([200, 400, 200]);
    expect(f.stats).toMatchObject({ sent: 7, accepted: 3, duplicates: 1, rejected: 3 });
    const rejections = log.lines.filter((l) => l.includes('rejected by the webhook'));
    expect(rejections).toEqual([
      'warn event ev-1 (call.hold) rejected by the webhook: CTI_EVENT_INVALID at: at: must be an ISO 8601 time with an offset, e.g. 2026-11-23T09:15:00+08:00',
      'warn event ev-bad-2 (call.hold) rejected by the webhook: CTI_EVENT_INVALID at: at: must be an ISO 8601 time with an offset, e.g. 2026-11-23T09:15:00+08:00',
      'warn event ev-bad-3 (call.hold) rejected by the webhook: CTI_EVENT_INVALID at: at: must be an ISO 8601 time with an offset, e.g. 2026-11-23T09:15:00+08:00',
    ]);
  });

  it('asks the reader to pause when the queue is full and to go on once it drains; nothing is dropped', async () => {
    hook = await fakeWebhook('tok', { delayMs: 40 });
    const log = recorder();
    const f = forwarder({ log, batchSize: 10, maxQueue: 30, flushMs: 5 });
    let accepted = 0;
    let paused = 0;
    for (let i = 0; i < 200; i += 5) {
      if (!f.push(many(i, 5))) {
        paused += 1;
        expect(f.size).toBeGreaterThanOrEqual(30);
        expect(f.size).toBeLessThan(40);
        await f.room();
        expect(f.size).toBeLessThan(15);
      }
      accepted += 5;
    }
    expect(await f.flush(10_000)).toBe(true);
    expect(accepted).toBe(200);
    expect(paused).toBeGreaterThan(0);
    expect(sentIds(hook)).toEqual(many(0, 200).map((e) => e.eventId));
    expect(log.lines.some((l) => l.startsWith('warn the webhook is behind: 30 events waiting'))).toBe(true);
    expect(log.lines.some((l) => l.startsWith('info the webhook caught up'))).toBe(true);
  });

  it('reports, loudly, what it could not deliver before closing', async () => {
    hook = await fakeWebhook('tok');
    hook.failNext(503, 1000);
    const log = recorder();
    const f = forwarder({ log, retryBaseMs: 20 });
    f.push(many(0, 4));
    expect(await f.flush(150)).toBe(false);
    expect(f.close()).toBe(4);
    expect(log.lines.at(-1)).toBe('error 4 events were not delivered to the webhook (first: ev-0)');
  });

  it('completes a bare rexian address to the webhook path', () => {
    expect(webhookUrl('http://10.0.0.5:3000')).toBe('http://10.0.0.5:3000/api/cti/events');
    expect(webhookUrl('https://hotline.example/')).toBe('https://hotline.example/api/cti/events');
    expect(webhookUrl('https://hotline.example/rexian/api/cti/events')).toBe('https://hotline.example/rexian/api/cti/events');
  });
});

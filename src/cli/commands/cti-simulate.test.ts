import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { parseCtiEvent, type CtiEvent } from '../../shared/cti/events.js';
import { CliError } from '../errors.js';
import { endpointUrl, parseAgents, parseDuration, parseRate, parseSeed, parseShare } from './cti-simulate.js';

interface Post {
  receivedAt: number;
  path: string;
  auth: string | undefined;
  events: CtiEvent[];
}

type Reply = { status: number; body?: unknown } | 'drop';

/**
 * A stand-in for the webhook: records every post and answers like rexian does
 * (accepted / duplicate by eventId); `reply` can answer otherwise for request n.
 */
async function recorder(reply?: (n: number, events: CtiEvent[]) => Reply | undefined) {
  const posts: Post[] = [];
  const seen = new Set<string>();
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const events = JSON.parse(body) as CtiEvent[];
      const custom = reply?.(n++, events);
      if (custom === 'drop') return req.socket.destroy();
      if (custom) {
        res.writeHead(custom.status, { 'content-type': 'application/json' }).end(JSON.stringify(custom.body ?? {}));
        return;
      }
      posts.push({ receivedAt: Date.now(), path: req.url ?? '', auth: req.headers.authorization, events });
      const results = events.map((e, index) => {
        const status = seen.has(e.eventId) ? 'duplicate' : 'accepted';
        seen.add(e.eventId);
        return { index, eventId: e.eventId, status };
      });
      const count = (s: string) => results.filter((r) => r.status === s).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: count('accepted'), duplicates: count('duplicate'), rejected: 0, results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  closers.push(close);
  return { url, posts, close };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const oneLine = (stderr: string): void => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^rexian: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

const all = (posts: Post[]): CtiEvent[] => posts.flatMap((p) => p.events);

describe('rexian cti simulate', () => {
  it('--fast posts a whole window ending now, in batches of at most 500, and sums up', { timeout: 180_000 }, async () => {
    const server = await recorder();
    const before = Date.now();
    const r = await runCli(['cti', 'simulate', '--url', server.url, '--token', 's3cret', '--fast', '--rate', '6/min', '--duration', '30m', '--agents', '10', '--seed', '42', '--mistakes', '0.2']);
    const after = Date.now();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = all(server.posts);
    expect(server.posts.length).toBeGreaterThan(2);
    for (const p of server.posts) {
      expect(p.path).toBe('/api/cti/events');
      expect(p.auth).toBe('Bearer s3cret');
      expect(p.events.length).toBeLessThanOrEqual(500);
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    for (const e of events) expect(parseCtiEvent(e).ok, e.eventId).toBe(true);
    // the window ends now: nothing in the future, the last call ended just before the command ran
    const times = events.map((e) => Date.parse(e.at));
    expect(Math.max(...times)).toBeLessThanOrEqual(after);
    expect(Math.max(...times)).toBeGreaterThan(before - 10_000);
    const calls = events.filter((e) => e.type === 'call.ringing').length;
    const answered = events.filter((e) => e.type === 'call.answered').length;
    const abandoned = events.filter((e) => e.type === 'call.ended' && e.cause === 'cancel').length;
    expect(calls).toBeGreaterThan(126); // 6 a minute for 30 minutes: 180 ± 4σ
    expect(calls).toBeLessThan(234);
    expect(r.stdout).toMatch(/^simulating 30m of traffic at 6\/min \(about 180 calls\), 10 agents, mistakes 0\.2, seed 42 → http:\/\/127\.0\.0\.1:\d+\/api\/cti\/events/);
    expect(r.stdout).toContain(`done: ${calls} calls — ${answered} answered, ${abandoned} abandoned`);
    expect(r.stdout).toContain(`events: ${events.length} sent — ${events.length} accepted, 0 duplicates, 0 rejected`);
  });

  it('paces events in real time (at ≈ now when posted) and stops cleanly on Ctrl-C', { timeout: 180_000 }, async () => {
    const server = await recorder();
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'cti', 'simulate', '--url', `${server.url}/`, '--token', 't', '--rate', '3/s', '--duration', '1m', '--agents', '5', '--seed', '9'], {
      cwd: root,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // wait for the first posts, let it run a little, then interrupt
    const deadline = Date.now() + 90_000;
    while (server.posts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(130);
    expect(server.posts.length).toBeGreaterThanOrEqual(4);
    for (const p of server.posts) {
      for (const e of p.events) {
        const at = Date.parse(e.at);
        // posted when its time came: not before, and not long after
        expect(at).toBeLessThanOrEqual(p.receivedAt + 50);
        expect(p.receivedAt - at).toBeLessThan(3000);
      }
    }
    const spread = server.posts.at(-1)!.receivedAt - server.posts[0]!.receivedAt;
    expect(spread).toBeGreaterThan(1500);
    expect(stdout).toMatch(/\(real time until \d\d:\d\d:\d\d; Ctrl-C stops\)/);
    expect(stdout).toMatch(/stopped: \d+ calls — \d+ answered, \d+ abandoned, \d+ transferred, \d+ not ended/);
    expect(stdout).toContain(`events: ${all(server.posts).length} sent — ${all(server.posts).length} accepted`);
  });

  it('stops with a clear message when the token is refused', { timeout: 120_000 }, async () => {
    const server = await recorder(() => ({ status: 401, body: { error: { code: 'CTI_TOKEN_INVALID', message: 'unknown token' } } }));
    const r = await runCli(['cti', 'simulate', '--url', server.url, '--token', 'wrong', '--fast', '--duration', '30s', '--seed', '1']);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/401.*--token/);
    expect(r.stdout).not.toContain('done:');
  });

  it('retries a dropped connection and a 503, then delivers everything once', { timeout: 120_000 }, async () => {
    const server = await recorder((n) => (n === 0 ? 'drop' : n === 1 ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'starting' } } } : undefined));
    const r = await runCli(['cti', 'simulate', '--url', server.url, '--token', 't', '--fast', '--rate', '20/min', '--duration', '1m', '--seed', '3']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^rexian: warning: cannot reach the webhook/);
    expect(warnings[1]).toMatch(/^rexian: warning: the webhook answered 503/);
    const events = all(server.posts);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(r.stdout).toContain(`events: ${events.length} sent — ${events.length} accepted, 0 duplicates, 0 rejected (2 retries)`);
  });

  it('reports events the webhook rejects and exits 1', { timeout: 120_000 }, async () => {
    const server = await recorder((_n, events) => {
      const results = events.map((e, index) =>
        e.type === 'call.recording' ? { index, eventId: e.eventId, status: 'invalid', error: { code: 'CTI_EVENT_INVALID', field: 'recordingUrl', message: 'not allowed here' } } : { index, eventId: e.eventId, status: 'accepted' },
      );
      const rejected = results.filter((x) => x.status === 'invalid').length;
      return { status: 200, body: { accepted: results.length - rejected, duplicates: 0, rejected, results } };
    });
    const r = await runCli(['cti', 'simulate', '--url', server.url, '--token', 't', '--fast', '--rate', '20/min', '--duration', '1m', '--seed', '4']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, -1).every((l) => /^rexian: warning: event .+ \(call\.recording\) rejected by the webhook: CTI_EVENT_INVALID recordingUrl: not allowed here$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^rexian: \d+ of \d+ events were rejected by the webhook/);
    expect(r.stdout).toMatch(/events: \d+ sent — \d+ accepted, 0 duplicates, [1-9]\d* rejected/);
  });

  it('counts events the webhook refuses (a call archived by retention) apart from rejected ones, and exits 0', { timeout: 120_000 }, async () => {
    let archived: string | undefined;
    const refusedIds: string[] = [];
    const server = await recorder((_n, events) => {
      const ringing = events.find((e) => e.type === 'call.ringing');
      if (archived === undefined && ringing && 'callId' in ringing) archived = ringing.callId;
      const results = events.map((e, index) => {
        if ('callId' in e && e.callId === archived) {
          refusedIds.push(e.eventId);
          return { index, eventId: e.eventId, status: 'refused', error: { code: 'CTI_CALL_ARCHIVED', field: 'callId', message: `call ${e.callId} is archived` } };
        }
        return { index, eventId: e.eventId, status: 'accepted' };
      });
      const refused = results.filter((x) => x.status === 'refused').length;
      return { status: 200, body: { accepted: results.length - refused, duplicates: 0, rejected: 0, refused, results } };
    });
    const r = await runCli(['cti', 'simulate', '--url', server.url, '--token', 't', '--fast', '--rate', '20/min', '--duration', '1m', '--seed', '4']);
    expect(r.code).toBe(0);
    expect(refusedIds.length).toBeGreaterThan(1); // the archived call's ringing, answer, end…
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(refusedIds.length);
    lines.forEach((l, i) =>
      expect(l).toMatch(new RegExp(`^rexian: warning: event ${refusedIds[i]} \\([a-z.]+\\) refused by the webhook \\(valid, but not taken; not the sender's mistake\\): CTI_CALL_ARCHIVED callId: call ${archived} is archived$`)),
    );
    expect(r.stderr).not.toContain('rejected');
    const sent = Number(/events: (\d+) sent/.exec(r.stdout)?.[1]);
    expect(r.stdout).toContain(`events: ${sent} sent — ${sent - refusedIds.length} accepted, 0 duplicates, 0 rejected, ${refusedIds.length} refused\n`);
    expect(r.stdout).toContain(`${refusedIds.length} events were refused by the webhook: their calls are archived`);
  });

  it('refuses bad arguments with one line and exit code 2', { timeout: 180_000 }, async () => {
    const base = ['cti', 'simulate', '--url', 'http://127.0.0.1:9', '--token', 't'];
    const cases: Array<[string[], RegExp]> = [
      [['cti', 'simulate', '--token', 't'], /--url is required/],
      [['cti', 'simulate', '--url', 'http://127.0.0.1:9'], /--token is required/],
      [[...base, '--rate', 'fast'], /--rate fast: expected calls per second or minute/],
      [[...base, '--duration', '10x'], /--duration 10x: expected a duration like 90s, 10m or 1h/],
      [[...base, '--mistakes', '1.5'], /--mistakes 1\.5: expected a share from 0 to 1/],
      [[...base, '--pack', '/nonexistent/pack'], /\/nonexistent\/pack: no such file or folder/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    });
  });
});

describe('argument forms', () => {
  it('reads rates, durations, agents and shares', () => {
    expect(parseRate('3/s')).toBe(3);
    expect(parseRate('180/min')).toBe(3);
    expect(parseRate('0.5')).toBe(0.5);
    expect(parseRate('90/h')).toBe(0.025);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseAgents('3').map((a) => a.agentNo)).toEqual(['1001', '1002', '1003']);
    expect(parseAgents('1024, 2001')).toEqual([
      { agentNo: '1024', name: expect.any(String) },
      { agentNo: '2001', name: expect.any(String) },
    ]);
    expect(parseShare('15%')).toBe(0.15);
    expect(parseShare('0')).toBe(0);
    expect(endpointUrl('http://127.0.0.1:3000').href).toBe('http://127.0.0.1:3000/api/cti/events');
    expect(endpointUrl('https://cti.example.com/hooks/rexian').href).toBe('https://cti.example.com/hooks/rexian');
  });

  it('refuses bad forms as a usage error (exit code 2)', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => endpointUrl('ftp://example.com'), /--url ftp:\/\/example\.com: expected an http/],
      [() => endpointUrl('not a url'), /--url not a url: not a URL/],
      [() => parseRate('0/s'), /--rate 0\/s: must be more than 0/],
      [() => parseRate('5000/s'), /at most 1000 calls a second/],
      [() => parseDuration('10'), /--duration 10: expected a duration/],
      [() => parseDuration('0m'), /--duration 0m: must be longer than 0/],
      [() => parseDuration('30d'), /expected a duration/],
      [() => parseAgents('0'), /--agents 0: expected a count from 1 to 500/],
      [() => parseAgents('1024,1024'), /appears twice/],
      [() => parseShare('-0.1'), /--mistakes -0\.1: expected a share from 0 to 1/],
      [() => parseSeed('-3'), /--seed -3: expected a whole number/],
    ];
    for (const [fn, message] of cases) {
      let error: unknown;
      try {
        fn();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toMatch(message);
    }
  });
});

// `npm run bench:cti`: CTI intake against a real server on loopback (PGlite in memory, or in a
// data directory with --disk as `npm start` keeps it, or PostgreSQL when REXIAN_TEST_DATABASE_URL
// points at a server). Figures and what they mean: docs/calls.md#performance.
//  1. events/s accepted, posting realistic calls in batches (--calls, default 2000);
//  2. latency from the POST of a `call.ringing` to the screen pop arriving on the agent's WebSocket,
//     p50/p99 (--samples, default 300), while background traffic runs at --rate events/s (default 500);
//     the pop is pushed while the event is being stored; the committed event's arrival and the
//     POST's answer (accepted = durable) are printed next to it;
//  3. the floor in the same run: a bare loopback HTTP request whose handler sends one WebSocket message.
// The servers run in a worker thread and the measuring client in the main thread, each with its own
// event loop, as a switch, a browser and rexian have.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { callEvents, createConnection, openLive, postEvents } from '../test/helpers/cti.js';
import { httpClient } from '../test/helpers/server.js';
import type { FromServer, ToServer } from './cti-server.js';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const rate = arg('rate', 500);
const samples = arg('samples', 300);
const throughputCalls = arg('calls', 2000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The floor: POST to a bare node:http server (in the server thread) that answers and pushes one WebSocket message. */
async function floor(n: number): Promise<number[]> {
  const port = (await ask({ cmd: 'floor' }, 'floor')).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => ws.once('open', r));
  await sleep(50);
  const times: number[] = [];
  for (let i = 0; i < n + 50; i++) {
    const id = `f${i}`;
    const arrived = new Promise<void>((r) => {
      const on = (m: WebSocket.RawData) => {
        if (String(m).includes(id)) {
          ws.off('message', on);
          r();
        }
      };
      ws.on('message', on);
    });
    const t = performance.now();
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) }).then((r) => r.text());
    await arrived;
    if (i >= 50) times.push(performance.now() - t);
    await sleep(5);
  }
  ws.close();
  return times;
}

// With --disk, PGlite keeps its data in a directory, as `npm start` does (./data); by default it
// runs in memory, as the test suites do. The server runs in a worker thread (cti-server.ts).
const disk = process.argv.includes('--disk') && !process.env['REXIAN_TEST_DATABASE_URL'];
const diskDir = disk ? fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-bench-')) : null;
const worker = new Worker(new URL('./cti-server.mjs', import.meta.url), { workerData: { dataDir: diskDir } });
const replies: FromServer[] = [];
const waiting: Array<() => void> = [];
worker.on('message', (m: FromServer) => {
  replies.push(m);
  for (const w of waiting.splice(0)) w();
});
worker.on('error', (err) => {
  console.error(err);
  process.exit(1);
});
async function reply<K extends 'ready' | 'floor' | 'closed'>(key: K): Promise<Extract<FromServer, Record<K, unknown>>[K]> {
  for (;;) {
    const i = replies.findIndex((r) => key in r);
    if (i >= 0) return (replies.splice(i, 1)[0] as Record<K, unknown>)[key] as Extract<FromServer, Record<K, unknown>>[K];
    await new Promise<void>((r) => waiting.push(r));
  }
}
function ask<K extends 'floor' | 'closed'>(m: ToServer, key: K) {
  worker.postMessage(m);
  return reply(key);
}
const ready = await reply('ready');
const server = httpClient(ready.baseUrl);
console.log(`database: ${ready.kind} (${ready.location}); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
try {
  const admin = await server.login('admin');
  const { token } = await createConnection(server, admin, 'bench');
  const agentCookie = await server.login('agent');

  // 1. Throughput: realistic calls (ringing, answer, transcript, hold, end) in batches of ~200 events, 4 in flight.
  const start = Date.now() - 86_400_000;
  const events = Array.from({ length: throughputCalls }, (_, i) =>
    callEvents({ callId: `tp-${i}`, start: new Date(start + i * 30_000), agentNo: `8${String(i % 40).padStart(3, '0')}`, from: `139${String(10_000_000 + (i % 997)).padStart(8, '0')}`, ...(i % 5 === 0 ? { hold: { at: 30_000, ms: 10_000 } } : {}) }),
  ).flat();
  const batches: unknown[][] = [];
  for (let i = 0; i < events.length; i += 200) batches.push(events.slice(i, i + 200));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const r = await postEvents(server, token, batches[next++]);
        if (r.status !== 200) throw new Error(`intake failed: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  console.log(`intake: ${events.length} events (${throughputCalls} calls) in ${secs.toFixed(1)} s = ${(events.length / secs).toFixed(0)} events/s accepted`);

  // 2. Screen-pop latency under background load at `rate` events/s.
  const live = await openLive(server, agentCookie);
  // Background: other agents' calls as one stream of events, `rate`/10 of them every 100 ms on the
  // clock (a late tick does not lower the rate), each tick posted without waiting for the last.
  // As on a real line, each agent takes one call after another (a call, its wrap-up, the next),
  // and the agents are signed in (have a state) before the measurement starts.
  const perTick = Math.max(1, Math.round(rate / 10));
  const agents = Array.from({ length: 400 }, (_, i) => `7${String(i).padStart(3, '0')}`);
  const shiftStart = Date.now() - 6 * 3_600_000;
  const signIn = agents.map((agentId, i) => ({ eventId: `bg-in-${i}`, type: 'agent.state', agentId, state: 'available', at: new Date(shiftStart - 60_000).toISOString() }));
  const signedIn = await postEvents(server, token, signIn);
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status}`);
  const stream: unknown[] = [];
  let bgCall = 0;
  const take = (n: number) => {
    while (stream.length < n) {
      const agentNo = agents[bgCall % agents.length]!;
      const round = Math.floor(bgCall / agents.length);
      stream.push(...callEvents({ callId: `bg-${bgCall}`, start: new Date(shiftStart + round * 90_000), agentNo, transcript: bgCall++ % 2 === 0 }));
    }
    return stream.splice(0, n);
  };
  let stop = false;
  let bgSent = 0;
  let bgAcked = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const bgFailures: string[] = [];
  const pending = new Set<Promise<void>>();
  const bgStart = performance.now();
  const background = (async () => {
    for (let tick = 0; !stop; tick++) {
      const batch = take(perTick);
      bgSent += batch.length;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const p = postEvents(server, token, batch).then(
        (r) => {
          inFlight--;
          if (r.status === 200) bgAcked += batch.length;
          else bgFailures.push(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        },
        (err: unknown) => {
          inFlight--;
          bgFailures.push(String(err));
        },
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
      await sleep(Math.max(0, bgStart + (tick + 1) * 100 - performance.now()));
    }
  })();
  await sleep(1000);
  const times: number[] = [];
  const answered: number[] = [];
  const committed: number[] = [];
  for (let i = 0; i < samples; i++) {
    const callId = `pop-${i}`;
    const [ringing] = callEvents({ callId, start: new Date(), agentNo: '1024' });
    const t = performance.now();
    const arrived = live.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === callId, 10_000).then(() => times.push(performance.now() - t));
    const stored = live.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === callId && /^\d+$/.test(m.id ?? ''), 10_000).then(() => committed.push(performance.now() - t));
    const r = await postEvents(server, token, ringing);
    answered.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`screen pop intake failed: ${r.status} ${JSON.stringify(r.body)}`);
    await Promise.all([arrived, stored]);
    await sleep(20);
  }
  stop = true;
  await background;
  const bgSecs = (performance.now() - bgStart) / 1000;
  const backlog = inFlight;
  await Promise.all(pending);
  live.close();
  if (bgFailures.length) throw new Error(`background intake failed: ${bgFailures.slice(0, 3).join('; ')}`);
  console.log(
    `background load: ${(bgSent / bgSecs).toFixed(0)} events/s sent (target ${rate}), ${(bgAcked / bgSecs).toFixed(0)} events/s acknowledged while running; ` +
      `requests in flight at most ${maxInFlight}, at the end ${backlog}`,
  );
  console.log(`screen pop POST answered (event committed): p50 ${pct(answered, 50).toFixed(2)} ms  p99 ${pct(answered, 99).toFixed(2)} ms`);
  console.log(`committed call.ringing on the WebSocket: p50 ${pct(committed, 50).toFixed(2)} ms  p99 ${pct(committed, 99).toFixed(2)} ms`);

  // 3. The floor, in the same run.
  const f = await floor(samples);
  const p50 = pct(times, 50);
  const p99 = pct(times, 99);
  console.log(`screen pop (POST call.ringing → WebSocket): p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  (${samples} samples)`);
  console.log(`floor (bare HTTP POST + WebSocket message): p50 ${pct(f, 50).toFixed(2)} ms  p99 ${pct(f, 99).toFixed(2)} ms`);
  console.log(`ratio p99: ${(p99 / pct(f, 99)).toFixed(2)}× the floor (target ≤ 2×)`);
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await ask({ cmd: 'close' }, 'closed');
  if (diskDir) fs.rmSync(diskDir, { recursive: true, force: true });
}

// `npm run bench:cti`: CTI intake against a real server on loopback (PGlite in memory unless
// REXIAN_TEST_DATABASE_URL points at PostgreSQL).
//  1. events/s accepted, posting realistic calls in batches;
//  2. latency from the POST of a `call.ringing` to the screen pop arriving on the agent's WebSocket,
//     p50/p99, while background traffic runs at --rate events/s (default 500);
//  3. the floor in the same run: a bare loopback HTTP request whose handler sends one WebSocket message.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { callEvents, createConnection, openLive, postEvents } from '../test/helpers/cti.js';
import { startTestServer } from '../test/helpers/server.js';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const rate = arg('rate', 500);
const samples = arg('samples', 300);
const throughputCalls = arg('calls', 2000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The floor: POST to a bare node:http server that answers and pushes one WebSocket message. */
async function floor(n: number): Promise<number[]> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  let client: WebSocket | null = null;
  wss.on('connection', (s) => (client = s));
  server.on('request', (req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      client?.send(body);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
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
  wss.close();
  server.close();
  return times;
}

const server = await startTestServer({ demoPack: true });
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
  let stop = false;
  let bgSent = 0;
  let bgCall = 0;
  const background = (async () => {
    // Every 100 ms, rate/10 events: whole calls of other agents, sent as one batch.
    const perTick = Math.max(1, Math.round(rate / 10));
    while (!stop) {
      const tick = performance.now();
      const batch: unknown[] = [];
      while (batch.length < perTick) batch.push(...callEvents({ callId: `bg-${bgCall}`, start: new Date(Date.now() - 120_000), agentNo: `7${String(bgCall++ % 40).padStart(3, '0')}`, transcript: bgCall % 2 === 0 }));
      bgSent += batch.length;
      void postEvents(server, token, batch);
      await sleep(Math.max(0, 100 - (performance.now() - tick)));
    }
  })();
  await sleep(500);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const callId = `pop-${i}`;
    const [ringing] = callEvents({ callId, start: new Date(), agentNo: '1024' });
    const t = performance.now();
    const arrived = live.waitFor((m) => m.type === 'call.ringing' && m.data['externalId'] === callId, 10_000);
    await postEvents(server, token, ringing);
    await arrived;
    times.push(performance.now() - t);
    await sleep(20);
  }
  stop = true;
  await background;
  live.close();
  const bgSecs = (samples * 20 + times.reduce((a, b) => a + b, 0)) / 1000;
  console.log(`background load: ~${(bgSent / bgSecs).toFixed(0)} events/s during the measurement (target ${rate})`);

  // 3. The floor, in the same run.
  const f = await floor(samples);
  const p50 = pct(times, 50);
  const p99 = pct(times, 99);
  console.log(`screen pop (POST call.ringing → WebSocket): p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  (${samples} samples)`);
  console.log(`floor (bare HTTP POST + WebSocket message): p50 ${pct(f, 50).toFixed(2)} ms  p99 ${pct(f, 99).toFixed(2)} ms`);
  console.log(`ratio p99: ${(p99 / pct(f, 99)).toFixed(2)}× the floor (target ≤ 2×)`);
} finally {
  await server.close();
}

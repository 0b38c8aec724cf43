// The servers `npm run bench:cti` measures, in a worker thread of their own: the measuring client
// (the switch posting events and the agent's WebSocket) keeps its own event loop, as a PBX and a
// browser do, instead of sharing one with the server and its embedded database.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer, type WebSocket } from 'ws';
import { startTestServer } from '../test/helpers/server.js';

export type ToServer = { cmd: 'floor' } | { cmd: 'close' };
export type FromServer = { ready: { baseUrl: string; kind: string; location: string } } | { floor: { port: number } } | { closed: true };

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | null };
const server = await startTestServer({ demoPack: true, ...(dataDir && { dataDir }) });
port.postMessage({ ready: { baseUrl: server.baseUrl, kind: server.database.kind, location: server.database.location } } satisfies FromServer);

/** The floor: a bare node:http server that answers a POST and pushes its body as one WebSocket message. */
async function floorServer(): Promise<number> {
  const bare = http.createServer();
  const wss = new WebSocketServer({ server: bare });
  let client: WebSocket | null = null;
  wss.on('connection', (s) => (client = s));
  bare.on('request', (req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      client?.send(body);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  return (bare.address() as { port: number }).port;
}

port.on('message', (m: ToServer) => {
  if (m.cmd === 'floor') void floorServer().then((p) => port.postMessage({ floor: { port: p } } satisfies FromServer));
  else
    void server.close().then(() => {
      port.postMessage({ closed: true } satisfies FromServer);
      process.exit(0);
    });
});

/**
 * A live call's transcript segments are announced but not stored as domain events, so a browser
 * whose feed drops cannot have them replayed: the web app's own LiveConnection tells the page that
 * the feed came back (onResumed, used by the workbench) and the page refetches the call, whose
 * transcript has every segment. PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConnection, postEvents } from './helpers/cti.js';
import { startTestServer, type TestServer } from './helpers/server.js';

interface LiveClient {
  status: string;
  start(): void;
  stop(): void;
  subscribe(h: (m: { id: string; type: string; data: Record<string, unknown> }) => void): () => void;
  onStatus(l: () => void): () => void;
  getStatus(): string;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
}, 60_000);
afterAll(async () => server?.close());

const until = async (cond: () => boolean, what: string, ms = 10_000) => {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('resuming the live feed during a call', () => {
  it('the workbench refetches the transcript when the feed comes back; the segments missed meanwhile are in it', async () => {
    const admin = await server.login('admin');
    const agentCookie = await server.login('agent');
    const { token } = await createConnection(server, admin);

    // the browser's client; the network can be cut (the socket closed, new ones refused) and restored
    let offline = false;
    const sockets: WebSocket[] = [];
    const g = globalThis as unknown as Record<string, unknown>;
    g['window'] = new EventTarget();
    g['WebSocket'] = class extends WebSocket {
      constructor(address: string) {
        if (offline) throw new Error('offline');
        super(address, { headers: { cookie: agentCookie } });
        sockets.push(this);
      }
    };
    const webLive = '../src/web/live.tsx';
    const { LiveConnection, onResumed } = (await import(webLive)) as {
      LiveConnection: new (url: (after: string | null) => string) => LiveClient;
      onResumed: (conn: LiveClient, fn: () => void) => () => void;
    };
    const live = new LiveConnection((after) => `${server.baseUrl.replace('http', 'ws')}/api/live${after ? `?after=${after}` : ''}`);
    const texts: string[] = [];
    let callId: string | null = null;
    live.subscribe((m) => {
      if (m.type === 'call.answered' && m.data['pop'] === true) callId = String(m.data['callId']);
      if (m.type === 'call.segment') texts.push((m.data['segment'] as { text: string }).text);
    });
    // what the workbench does (WorkbenchPage useLiveResumed): refetch the call
    const refetched: string[][] = [];
    onResumed(live, () => {
      void server.request(`/api/calls/${callId}`, { cookie: agentCookie }).then((r) => refetched.push((r.body as { transcript: Array<{ text: string }> }).transcript.map((s) => s.text)));
    });
    live.start();
    await until(() => live.status === 'open', 'the feed to open');

    const t0 = Date.now() - 60_000;
    const ev = (seq: number, type: string, extra: Record<string, unknown>) => ({ eventId: `resume-${seq}`, callId: 'resume-1', seq, type, at: new Date(t0 + seq * 1000).toISOString(), ...extra });
    const seg = (i: number) => ev(i + 2, 'transcript.segment', { segment: { speaker: i % 2 ? 'customer' : 'agent', start: i * 1000, end: i * 1000 + 800, text: `第${i + 1}句` } });
    expect((await postEvents(server, token, [ev(0, 'call.ringing', { direction: 'in', from: '13912340077', to: '12345', queue: 'general', agentId: '1024' }), ev(1, 'call.answered', { agentId: '1024' })])).status).toBe(200);
    await until(() => callId !== null, 'the answer');
    for (let i = 0; i < 3; i++) expect((await postEvents(server, token, [seg(i)])).status).toBe(200);
    await until(() => texts.length === 3, 'three segments live');

    // the network drops; four sentences are said meanwhile
    offline = true;
    sockets.at(-1)!.close();
    await until(() => live.status === 'reconnecting', 'the drop to be seen');
    for (let i = 3; i < 7; i++) expect((await postEvents(server, token, [seg(i)])).status).toBe(200);
    offline = false;
    (g['window'] as EventTarget).dispatchEvent(new Event('online'));
    await until(() => live.status === 'open', 'the feed to come back');
    await until(() => refetched.length === 1, 'the refetch');

    // nothing of the gap was replayed; the refetched transcript has it all
    expect(texts).toEqual(['第1句', '第2句', '第3句']);
    expect(refetched[0]).toEqual(Array.from({ length: 7 }, (_, i) => `第${i + 1}句`));
    // and the feed carries on live
    expect((await postEvents(server, token, [seg(7)])).status).toBe(200);
    await until(() => texts.length === 4, 'the next segment live');
    expect(texts[3]).toBe('第8句');
    expect(refetched).toHaveLength(1);
    live.stop();
  });
});

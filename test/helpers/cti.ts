import WebSocket from 'ws';
import type { CtiEventInput } from '../../src/shared/cti/events.js';
import type { HttpClient } from './server.js';

/** Creates a CTI connection as admin and returns its token. */
export async function createConnection(server: HttpClient, adminCookie: string, name = 'pbx', kind: 'events' | 'zammad' = 'events', settings?: unknown): Promise<{ id: string; token: string }> {
  const r = await server.request('/api/cti/connections', { method: 'POST', cookie: adminCookie, json: { name, kind, ...(settings ? { settings } : {}) } });
  if (r.status !== 201) throw new Error(`create connection: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; token: string };
}

export async function postEvents(server: HttpClient, token: string, events: unknown) {
  return server.request('/api/cti/events', { method: 'POST', headers: { authorization: `Bearer ${token}` }, json: events });
}

/** Submits QA transcripts as an integration does, with a CTI connection's token (people may file real calls only). */
export async function postTranscripts(server: HttpClient, token: string, transcripts: unknown) {
  return server.request('/api/qa/transcripts', { method: 'POST', headers: { authorization: `Bearer ${token}` }, json: transcripts });
}

const iso = (base: number, ms: number) => new Date(base + ms).toISOString().replace('Z', '+00:00');

export interface CallSpec {
  callId: string;
  from?: string;
  agentNo?: string;
  start: Date;
  ringMs?: number;
  /** answered unless false */
  answered?: boolean;
  talkMs?: number;
  hold?: { at: number; ms: number };
  transcript?: boolean;
  endedBy?: 'customer' | 'agent' | 'system';
  prefix?: string;
}

/** The events of one realistic call, in order: ringing, answer, greeting, hold, talk, recap, farewell, end. */
export function callEvents(spec: CallSpec): CtiEventInput[] {
  const t0 = spec.start.getTime();
  const ring = spec.ringMs ?? 6000;
  const talk = spec.talkMs ?? 60_000;
  const agentNo = spec.agentNo ?? '1024';
  const p = spec.prefix ?? spec.callId;
  let seq = 0;
  const ev = (type: string, atMs: number, extra: Record<string, unknown> = {}) =>
    ({ eventId: `${p}-${seq}`, callId: spec.callId, seq: seq++, type, at: iso(t0, atMs), ...extra }) as CtiEventInput;
  const out: CtiEventInput[] = [ev('call.ringing', 0, { direction: 'in', from: spec.from ?? '13812345678', to: '12345', queue: 'general', agentId: agentNo })];
  if (spec.answered === false) {
    out.push(ev('call.ended', ring, { endedBy: 'customer', cause: 'cancel' }));
    return out;
  }
  out.push(ev('call.answered', ring, { agentId: agentNo }));
  const seg = (speaker: 'agent' | 'customer', start: number, end: number, text: string) => ev('transcript.segment', ring + end, { segment: { speaker, start, end, text } });
  if (spec.transcript !== false) {
    out.push(seg('agent', 300, 4200, `您好，星河市12345政务服务便民热线，${agentNo}号为您服务，请问有什么可以帮您？`));
    out.push(seg('customer', 4800, 11000, '你好，我们小区从昨天开始停水了，一直没有人通知什么时候来水。'));
    out.push(seg('agent', 11500, 17000, '非常理解您的着急，请问您的具体地址是哪里？'));
    out.push(seg('customer', 17500, 21000, '滨江区望江路八号。'));
  }
  if (spec.hold) {
    if (spec.transcript !== false) out.push(seg('agent', 21500, 25000, '我帮您查询一下，请您稍等一会儿，可以吗？'));
    out.push(ev('call.hold', spec.hold.at));
    out.push(ev('call.resume', spec.hold.at + spec.hold.ms));
  }
  if (spec.transcript !== false) {
    const s = Math.max(26000, spec.hold ? spec.hold.at + spec.hold.ms - ring + 500 : 26000);
    out.push(seg('agent', s, s + 6000, '感谢您的耐心等待，我已经为您登记，会在两个工作日内转交水务部门并给您回复。'));
    out.push(seg('agent', s + 6500, s + 11000, '跟您确认一下，地址是滨江区望江路八号，对吗？'));
    out.push(seg('customer', s + 11500, s + 13000, '对的。'));
    out.push(seg('agent', s + 13500, s + 17000, '请问还有什么可以帮您吗？'));
    out.push(seg('customer', s + 17500, s + 19000, '没有了，谢谢。'));
    out.push(seg('agent', s + 19500, s + 22000, '感谢您的来电，再见。'));
  }
  out.push(ev('call.recording', ring + talk, { recordingUrl: `https://recordings.example.org/${spec.callId}.wav` }));
  out.push(ev('call.ended', ring + talk, { endedBy: spec.endedBy ?? 'customer', cause: 'normalClearing' }));
  return out;
}

/** A WebSocket to /api/live as a signed-in user, collecting every message. */
export async function openLive(server: HttpClient, cookie: string, after?: string) {
  const url = `${server.baseUrl.replace('http', 'ws')}/api/live${after ? `?after=${after}` : ''}`;
  const socket = new WebSocket(url, { headers: { cookie } });
  const messages: Array<{ id?: string; type: string; data: Record<string, unknown> }> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`live: HTTP ${res.statusCode}`)));
  });
  /** Waits until a message matches (or fails after timeoutMs). */
  const waitFor = async (pred: (m: (typeof messages)[number]) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = messages.find(pred);
      if (m) return m;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`live: no matching message; got ${messages.map((x) => x.type).join(', ')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  return { socket, messages, waitFor, close: () => socket.close() };
}

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CtiEvent } from '../../../shared/cti/events.js';
import { chunks, fakeFreeswitch, fakeWebhook, fixture, type FakeWebhook } from '../../../../test/fixtures/cti/fakes.js';
import { silentLogger, type AdapterLogger } from './common.js';
import { encodeEventFrame, EslParser, frameType, parseEventPlain, urlDecode, type EslFrame } from './esl.js';
import { FreeswitchMapper, freeswitchEventNames, type FreeswitchMapperOptions } from './freeswitch.js';
import { Forwarder } from './forwarder.js';
import { runFreeswitchClient } from './connect.js';
import { deliverOnce, expectLoginRefused, expectWellFormed, linesLogger, scenarios, summary, switchAndWebhook } from './fixtures/adapter-test-kit.js';

/** A recorded stream: everything the switch sent on one event-socket connection. */
const stream = (name: string) => fixture(`freeswitch/${name}.esl`);
const recordings: FreeswitchMapperOptions = { recordingBase: 'https://rec.hotline.example/fs/', recordingRoot: '/var/lib/freeswitch/recordings' };

function parseAll(pieces: Buffer[]): EslFrame[] {
  const parser = new EslParser();
  const frames = pieces.flatMap((p) => parser.push(p));
  expect(parser.pending).toBe(0);
  return frames;
}

function mapFrames(frames: EslFrame[], mapper = new FreeswitchMapper(recordings)): CtiEvent[] {
  return frames.filter((f) => frameType(f) === 'text/event-plain' && f.body).flatMap((f) => mapper.map(parseEventPlain(f.body!)));
}

const mapStream = (name: string, opts: FreeswitchMapperOptions = recordings) => mapFrames(parseAll([stream(name)]), new FreeswitchMapper(opts));

describe('ESL stream parser', () => {
  it('reads the handshake and every event of a recorded stream, whatever the chunk sizes', () => {
    const whole = parseAll([stream('queue-call-hold-transfer')]);
    expect(whole.slice(0, 3).map(frameType)).toEqual(['auth/request', 'command/reply', 'command/reply']);
    expect(whole[1]!.headers['Reply-Text']).toBe('+OK accepted');
    const events = whole.filter((f) => frameType(f) === 'text/event-plain');
    expect(events).toHaveLength(stream('queue-call-hold-transfer').toString('latin1').split('Content-Type: text/event-plain').length - 1);
    for (const seed of [1, 2, 3, 42, 2026]) {
      const pieces = parseAll(chunks(stream('queue-call-hold-transfer'), seed, seed % 2 ? 7 : 300));
      expect(pieces.map((f) => [f.headers, f.body?.toString('hex')])).toEqual(whole.map((f) => [f.headers, f.body?.toString('hex')]));
    }
  });

  it('frames by bytes and decodes URL-encoded values, Chinese included', () => {
    const frames = parseAll(chunks(stream('queue-call-hold-transfer'), 5, 3));
    const events = frames.filter((f) => frameType(f) === 'text/event-plain').map((f) => parseEventPlain(f.body!));
    const agentLeg = events.find((e) => e.name === 'CHANNEL_ANSWER' && e.headers['Call-Direction'] === 'outbound')!;
    expect(agentLeg.headers['Caller-Caller-ID-Name']).toBe('12345热线');
    expect(agentLeg.headers['Event-Date-Local']).toBe('2026-11-23 09:15:14');
    expect(agentLeg.headers['Channel-Name']).toBe('sofia/internal/1024@10.20.8.24:5060');
    const cc = events.find((e) => e.name === 'CUSTOM')!;
    expect(cc.subclass).toBe('callcenter::info');
  });

  it('reads an event that carries a body of its own (Content-Length inside the event)', () => {
    const body = '+OK 7f4de4bc-17d7-11dd-b7a0-db4edd065621\n';
    const inner = Buffer.from(`Event-Name: BACKGROUND_JOB\nJob-UUID: 7f4de4bc\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${inner.length}\nContent-Type: text/event-plain\n\n`), inner]);
    const [f] = parseAll([frame.subarray(0, 10), frame.subarray(10)]);
    expect(parseEventPlain(f!.body!)).toMatchObject({ name: 'BACKGROUND_JOB', body });
  });

  it('never throws on a malformed escape and keeps + as +', () => {
    expect(urlDecode('%2B8613812345678')).toBe('+8613812345678');
    expect(urlDecode('+8613812345678')).toBe('+8613812345678');
    expect(urlDecode('100%')).toBe('100%');
    expect(urlDecode('%E7%83%AD%E7%BA%BF%zz')).toBe('热线%zz');
  });
});

describe('FreeSWITCH mapper, on recorded streams', () => {
  it('a queue call with two holds and a transfer to the complaints queue', () => {
    const events = mapStream('queue-call-hold-transfer');
    expectWellFormed(events);
    const call = events.filter((e) => e.type !== 'agent.state');
    expect(new Set(call.map((e) => e.callId))).toEqual(new Set(['5d0c8f2a-6a54-4c3e-9d59-0f3e6c7a1b01']));
    expect(call.map(summary)).toEqual([
      'ringing 13812345678→12345',
      'ringing 13812345678→12345 q=hotline',
      'ringing 13812345678→12345 q=hotline @1024',
      'answered @1024 q=hotline',
      'hold',
      'resume',
      'hold',
      'recording https://rec.hotline.example/fs/2026-11-23/hotline-1024-5d0c8f2a.wav',
      'resume', // the held caller leaves the first agent with the transfer
      'transferred →complaints',
      'ringing 13812345678→12345 q=complaints @2001',
      'answered @2001 q=complaints',
      'ended by customer (normalClearing)',
      'recording https://rec.hotline.example/fs/2026-11-23/complaints-2001-5d0c8f2a.wav',
    ]);
    expect(events.filter((e) => e.type === 'agent.state').map(summary)).toEqual(['agent 1024 on_call', 'agent 1024 available', 'agent 2001 on_call', 'agent 2001 available']);
    const at = (type: string) => call.find((e) => e.type === type)!.at;
    expect(at('call.ringing')).toBe('2026-11-23T01:15:00.000Z');
    expect(at('call.answered')).toBe('2026-11-23T01:15:14.150Z');
    expect(at('call.ended')).toBe('2026-11-23T01:20:00.000Z');
  });

  it('a caller who gives up in the queue: ended by the customer, abandoned, never answered', () => {
    const events = mapStream('abandoned-queue-call');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual([
      'ringing 13900001111→12345',
      'ringing 13900001111→12345 q=hotline',
      'ringing 13900001111→12345 q=hotline @1024',
      'ended by customer (abandoned)',
    ]);
  });

  it('an agent going on break and back, and a colleague on demand', () => {
    const events = mapStream('agent-pause');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual(['agent 1024 available', 'agent 1025 available', 'agent 1024 break', 'agent 1024 available', 'agent 1025 busy', 'agent 1024 offline']);
  });

  it('a silent call the agent ends: the agent leg hangs up first', () => {
    const events = mapStream('silent-call-agent-hangup');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual(['ringing 02166668888→12345', 'ringing 02166668888→12345 @1024', 'answered @1024', 'ended by agent (normalClearing)']);
  });

  it('gives the same events with the same ids when a stream is replayed (an adapter restart)', () => {
    for (const name of scenarios) {
      const first = mapStream(name);
      const again = mapFrames(parseAll(chunks(stream(name), 99, 64)), new FreeswitchMapper(recordings));
      expect(again).toEqual(first);
    }
  });

  it('keeps seq and ids stable when the adapter starts in the middle of a call', () => {
    const frames = parseAll([stream('queue-call-hold-transfer')]);
    const full = mapFrames(frames);
    // restart right after the first hold: the call is picked up from its customer leg's own events
    const cut = frames.findIndex((f) => f.body && parseEventPlain(f.body).name === 'CHANNEL_UNHOLD');
    const late = mapFrames(frames.slice(cut));
    const ended = late.find((e) => e.type === 'call.ended')!;
    expect(ended).toEqual(full.find((e) => e.type === 'call.ended'));
    // whatever the restarted adapter sends sorts after what was sent before the restart
    const before = full.filter((e) => e.type !== 'agent.state' && e.at < '2026-11-23T01:16:35.500Z');
    const maxBefore = Math.max(...before.map((e) => (e.type === 'agent.state' ? 0 : e.seq)));
    for (const e of late) {
      if (e.type !== 'agent.state') expect(e.seq).toBeGreaterThan(maxBefore);
      const same = full.find((f) => f.eventId === e.eventId);
      if (same) expect(e).toEqual(same);
    }
  });

  it('names the agent from the configured channel variable, before rexian_agent and cc_agent', () => {
    const frames = (agentVar: Array<[string, string]>) => [
      ...parseAll([
        encodeEventFrame([
          ['Event-Name', 'CHANNEL_CREATE'],
          ['Core-UUID', 'core-1'],
          ['Event-Sequence', '1'],
          ['Event-Date-Timestamp', '1795396500000000'],
          ['Unique-ID', 'cust'],
          ['Call-Direction', 'inbound'],
          ['Caller-Caller-ID-Number', '13811112222'],
          ['Caller-Destination-Number', '95598'],
          ['Caller-Channel-Created-Time', '1795396500000000'],
        ]),
        encodeEventFrame([
          ['Event-Name', 'CHANNEL_BRIDGE'],
          ['Core-UUID', 'core-1'],
          ['Event-Sequence', '2'],
          ['Event-Date-Timestamp', '1795396509000000'],
          ['Unique-ID', 'agentleg'],
          ['Call-Direction', 'outbound'],
          ['Caller-Destination-Number', 'sip-ext-88'],
          ['Other-Leg-Unique-ID', 'cust'],
          ['Bridge-A-Unique-ID', 'agentleg'],
          ['Bridge-B-Unique-ID', 'cust'],
          ...agentVar,
        ]),
      ]),
    ];
    const withVar = mapFrames(frames([['variable_agent_no', '7007']]), new FreeswitchMapper({ agentVars: ['agent_no'] }));
    expect(withVar.map(summary)).toEqual(['ringing 13811112222→95598', 'answered @7007']);
    const header = mapFrames(frames([['variable_cc_agent', '3003@default']]), new FreeswitchMapper({ agentVars: ['agent_no'] }));
    expect(header.map(summary)).toEqual(['ringing 13811112222→95598', 'answered @3003']);
    const warnings: string[] = [];
    const nothing = mapFrames(frames([]), new FreeswitchMapper({ onWarning: (w) => warnings.push(w) }));
    expect(nothing.map(summary)).toEqual(['ringing 13811112222→95598']);
    expect(warnings[0]).toMatch(/cannot tell which agent/);
  });

  it('reports no recording without a base URL, and says so once', () => {
    const warnings: string[] = [];
    const events = mapStream('queue-call-hold-transfer', { onWarning: (w) => warnings.push(w) });
    expect(events.some((e) => e.type === 'call.recording')).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/--recording-base/);
  });
});

describe('FreeSWITCH adapter over a real socket into a real HTTP webhook', () => {
  const open = switchAndWebhook();
  const runOnce = (port: number, hook: FakeWebhook, expected: number, log: AdapterLogger = silentLogger) =>
    deliverOnce({
      hook,
      token: 'tok-fs',
      expected,
      log,
      run: (forwarder, signal) =>
        runFreeswitchClient({ host: '127.0.0.1', port, password: 'ClueCon', mapper: new FreeswitchMapper(recordings), forwarder, log, signal, reconnectBaseMs: 20 }),
    });

  it('logs in, subscribes, and delivers every event in order, retrying a 503; a second run is all duplicates', async () => {
    const recorded = stream('queue-call-hold-transfer');
    const expected = mapStream('queue-call-hold-transfer');
    const { sw: fs, hook } = await open(fakeFreeswitch(recorded, 'ClueCon', { seed: 7 }), fakeWebhook('tok-fs'));
    hook.failNext(503);
    const lines: string[] = [];
    const first = await runOnce(fs.port, hook, expected.length, linesLogger(lines));

    expect(fs.commands[0]).toBe('auth ClueCon');
    expect(fs.commands[1]).toBe(`event plain ${freeswitchEventNames.join(' ')}`);
    expect(fs.commands[1]).toContain('CUSTOM callcenter::info');
    expect(hook.accepted).toEqual(expected);
    expect(hook.requests[0]!.status).toBe(503);
    expect(hook.requests[1]!.body).toEqual(hook.requests[0]!.body); // the same batch again
    expect(hook.requests.every((r) => r.authorization === 'Bearer tok-fs')).toBe(true);
    expect(first.stats).toMatchObject({ accepted: expected.length, duplicates: 0, rejected: 0, retries: 1 });
    expect(lines.some((l) => l.startsWith('warn the webhook answered 503'))).toBe(true);

    // the adapter restarts and the switch side is replayed: nothing new reaches rexian
    const second = await runOnce(fs.port, hook, expected.length);
    expect(second.stats).toMatchObject({ accepted: 0, duplicates: expected.length });
    expect(hook.accepted).toHaveLength(expected.length);
  });

  it('connects again after the switch drops the connection', async () => {
    const expected = mapStream('abandoned-queue-call');
    const { sw: fs, hook } = await open(fakeFreeswitch(stream('abandoned-queue-call'), 'ClueCon', { dropFirst: true }), fakeWebhook('tok-fs'));
    const lines: string[] = [];
    await runOnce(fs.port, hook, expected.length, linesLogger(lines));
    expect(fs.connections).toBe(2);
    expect(hook.accepted).toEqual(expected);
    expect(lines.some((l) => /warn FreeSWITCH 127\.0\.0\.1:\d+: .*connecting again in 20 ms/.test(l))).toBe(true);
  });

  it('pauses reading the socket while the webhook is behind, and loses nothing', async () => {
    const expected = mapStream('queue-call-hold-transfer');
    const { sw: fs, hook } = await open(fakeFreeswitch(stream('queue-call-hold-transfer'), 'ClueCon', { seed: 4 }), fakeWebhook('tok-fs', { delayMs: 25 }));
    const lines: string[] = [];
    const controller = new AbortController();
    const forwarder = new Forwarder({ url: hook.url, token: 'tok-fs', batchSize: 2, maxQueue: 4, flushMs: 5, log: linesLogger(lines) });
    const done = runFreeswitchClient({ host: '127.0.0.1', port: fs.port, password: 'ClueCon', mapper: new FreeswitchMapper(recordings), forwarder, log: linesLogger(lines), signal: controller.signal });
    await hook.waitFor(() => hook.accepted.length >= expected.length);
    controller.abort();
    await done;
    forwarder.close();
    expect(hook.accepted).toEqual(expected);
    expect(lines.some((l) => l.includes('reading from the switch is paused'))).toBe(true);
    expect(lines.some((l) => l.includes('reading from the switch again'))).toBe(true);
  });

  it('gives up on a port that accepts but never speaks the event socket protocol, and tries again', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const lines: string[] = [];
    const controller = new AbortController();
    const forwarder = new Forwarder({ url: 'http://127.0.0.1:9/api/cti/events', token: 't' });
    const run = runFreeswitchClient({
      host: '127.0.0.1',
      port: (silent.address() as net.AddressInfo).port,
      password: 'ClueCon',
      mapper: new FreeswitchMapper(),
      forwarder,
      log: linesLogger(lines),
      signal: controller.signal,
      connectTimeoutMs: 100,
      reconnectBaseMs: 20,
    });
    const until = Date.now() + 5000;
    while (!lines.some((l) => l.startsWith('warn')) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await run;
    silent.close();
    forwarder.close();
    expect(lines.find((l) => l.startsWith('warn'))).toMatch(/no login answer within 100 ms \(is this the right port\?\); connecting again in 20 ms/);
  });

  it('stops with a clear error when the password is refused, without retrying', async () => {
    const { sw: fs, hook } = await open(fakeFreeswitch(stream('agent-pause'), 'ClueCon'), fakeWebhook('tok-fs'));
    await expectLoginRefused(fs, hook, 'tok-fs', 'FreeSWITCH refused the password (-ERR invalid)', (forwarder) =>
      runFreeswitchClient({ host: '127.0.0.1', port: fs.port, password: 'wrong', mapper: new FreeswitchMapper(), forwarder, log: silentLogger, signal: new AbortController().signal }),
    );
    expect(hook.requests).toHaveLength(0);
  });
});

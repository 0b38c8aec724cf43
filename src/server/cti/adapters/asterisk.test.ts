import { describe, expect, it } from 'vitest';
import { chunks, fakeAsterisk, fakeWebhook, fixture, type FakeWebhook } from '../../../../test/fixtures/cti/fakes.js';
import { silentLogger } from './common.js';
import { AmiParser, field, type AmiMessage } from './ami.js';
import { AsteriskMapper, interfaceOf, resourceOf, type AsteriskMapperOptions } from './asterisk.js';
import { runAsteriskClient } from './connect.js';
import { deliverOnce, expectLoginRefused, expectWellFormed, scenarios, summary, switchAndWebhook } from './fixtures/adapter-test-kit.js';

/** A recorded stream: everything Asterisk sent on one manager connection, banner first. */
const stream = (name: string) => fixture(`asterisk/${name}.ami`);
const recordings: AsteriskMapperOptions = { recordingBase: 'https://rec.hotline.example/ast/', recordingRoot: '/var/spool/asterisk/monitor' };

function parseAll(pieces: Array<Buffer | string>): AmiMessage[] {
  const parser = new AmiParser();
  return pieces.flatMap((p) => parser.push(p));
}

const mapMessages = (messages: AmiMessage[], mapper = new AsteriskMapper(recordings)) => messages.flatMap((m) => mapper.map(m));
const mapStream = (name: string, opts: AsteriskMapperOptions = recordings) => mapMessages(parseAll([stream(name)]), new AsteriskMapper(opts));

describe('AMI stream parser', () => {
  it('reads the banner, the login answer and every event, whatever the chunk sizes', () => {
    const whole = parseAll([stream('queue-call-hold-transfer')]);
    expect(whole[0]).toMatchObject({ kind: 'banner', text: 'Asterisk Call Manager/9.0.0' });
    expect(whole[1]).toMatchObject({ kind: 'response', fields: { response: 'Success', actionid: 'rexian-login' } });
    expect(whole.filter((m) => m.kind === 'event')).toHaveLength(stream('queue-call-hold-transfer').toString('utf8').split('\r\nEvent: ').length - 1);
    for (const seed of [1, 2, 3, 42, 2026]) expect(parseAll(chunks(stream('queue-call-hold-transfer'), seed, seed % 2 ? 5 : 400))).toEqual(whole);
  });

  it('keeps values with colons and Chinese names whole, and matches keys without regard to case', () => {
    const messages = parseAll(chunks(stream('queue-call-hold-transfer'), 11, 2));
    const connect = messages.find((m) => field(m, 'Event') === 'AgentConnect')!;
    expect(field(connect, 'MemberName')).toBe('王芳');
    expect(field(connect, 'destuniqueid')).toBe(field(connect, 'DestUniqueid'));
    const [m] = parseAll(['Asterisk Call Manager/9.0.0\r\n', 'Event: UserEvent\r\nData: a: b: c\r\n\r\n']).slice(1);
    expect(field(m!, 'Data')).toBe('a: b: c');
  });

  it('reads bare LF line ends and a stream without a banner', () => {
    const [m] = parseAll(['Response: Success\nActionID: 1\nMessage: Authentication accepted\n\n']);
    expect(m).toMatchObject({ kind: 'response', fields: { actionid: '1' } });
  });

  it('tells agent numbers from channel and interface names', () => {
    expect(interfaceOf('PJSIP/1024-0000000a')).toBe('PJSIP/1024');
    expect(interfaceOf('Local/1024@agents-00000003;1')).toBe('Local/1024@agents');
    expect(resourceOf('PJSIP/1024')).toBe('1024');
    expect(resourceOf('Local/1024@agents/n')).toBe('1024');
    expect(resourceOf('Agent/2001')).toBe('2001');
  });
});

describe('Asterisk mapper, on recorded streams', () => {
  it('a queue call with two holds and a blind transfer to the complaints queue', () => {
    const events = mapStream('queue-call-hold-transfer');
    expectWellFormed(events);
    const call = events.filter((e) => e.type !== 'agent.state');
    expect(new Set(call.map((e) => e.callId))).toEqual(new Set(['1795396500.49']));
    expect(call.map(summary)).toEqual([
      'ringing 13812345678→12345',
      'ringing 13812345678→12345 q=hotline', // the music while queueing is not a hold
      'ringing 13812345678→12345 q=hotline @1024',
      'answered @1024 q=hotline',
      'hold',
      'resume',
      'hold',
      'resume',
      'transferred →8002',
      'recording https://rec.hotline.example/ast/2026/11/23/hotline-1795396500.49.wav',
      'ringing 13812345678→12345 q=complaints',
      'ringing 13812345678→12345 q=complaints @2001',
      'answered @2001 q=complaints',
      'recording https://rec.hotline.example/ast/2026/11/23/complaints-1795396500.49.wav',
      'ended by customer (normalClearing)',
    ]);
    expect(events.filter((e) => e.type === 'agent.state').map(summary)).toEqual(['agent 1024 on_call', 'agent 1024 available']);
    expect(call[0]!.at).toMatch(/^2026-11-23T01:15:00\.\d{3}Z$/);
  });

  it('a caller who gives up in the queue: ended by the customer, abandoned', () => {
    const events = mapStream('abandoned-queue-call');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual([
      'ringing 13900001111→12345',
      'ringing 13900001111→12345 q=hotline',
      'ringing 13900001111→12345 q=hotline @1024',
      'ended by customer (abandoned)',
    ]);
  });

  it('an agent pausing for a meal and back, and an app_agent_pool agent logging in and out', () => {
    const events = mapStream('agent-pause');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual(['agent 1024 break (meal)', 'agent 1024 available', 'agent 1025 available', 'agent 1024 offline', 'agent 1025 offline']);
  });

  it('a silent call dialled straight to the agent, who hangs up first', () => {
    const events = mapStream('silent-call-agent-hangup');
    expectWellFormed(events);
    expect(events.map(summary)).toEqual(['ringing 02166668888→12345', 'ringing 02166668888→12345 @1024', 'answered @1024', 'ended by agent (normalClearing)']);
  });

  it('gives the same events with the same ids when a stream is replayed (an adapter restart)', () => {
    for (const name of scenarios) expect(mapMessages(parseAll(chunks(stream(name), 5, 50)))).toEqual(mapStream(name));
  });

  it('takes the agent number from MemberName when asked to', () => {
    const events = mapStream('silent-call-agent-hangup', { agentFrom: 'membername' });
    expect(events.map(summary)).toContain('answered @1024'); // a direct dial has no member: the endpoint names the agent
    const queued = mapStream('abandoned-queue-call', { agentFrom: 'membername' });
    expect(queued.map(summary)).toContain('ringing 13900001111→12345 q=hotline @王芳');
  });

  it('treats a call from a known agent phone as internal, not as a hotline call', () => {
    const text = [
      'Asterisk Call Manager/9.0.0',
      'Event: QueueMember\nQueue: hotline\nName: 王芳\nLocation: PJSIP/1024\nStatus: 1\nPaused: 0\n',
      'Event: Newchannel\nTimestamp: 1795396600.000100\nChannel: PJSIP/1024-00000090\nCallerIDNum: 1024\nExten: 2001\nUniqueid: 1795396600.90\nLinkedid: 1795396600.90\n',
      'Event: Hangup\nTimestamp: 1795396630.000100\nChannel: PJSIP/1024-00000090\nCause: 16\nUniqueid: 1795396600.90\nLinkedid: 1795396600.90\n',
      '',
    ].join('\n');
    expect(mapMessages(parseAll([text]))).toEqual([]);
    // without the snapshot nobody knows 1024 is an agent, and the same channel is a call
    const unknown = text.replace(/Event: QueueMember[^]*?\n\n/, '');
    expect(mapMessages(parseAll([unknown])).map(summary)).toEqual(['ringing 1024→2001', 'ended by customer (normalClearing)']);
  });
});

describe('Asterisk adapter over a real socket into a real HTTP webhook', () => {
  const open = switchAndWebhook();
  const runOnce = (port: number, hook: FakeWebhook, expected: number) =>
    deliverOnce({
      hook,
      token: 'tok-ast',
      expected,
      run: (forwarder, signal) =>
        runAsteriskClient({ host: '127.0.0.1', port, username: 'rexian', secret: 's3cret', mapper: new AsteriskMapper(recordings), forwarder, log: silentLogger, signal, reconnectBaseMs: 20 }),
    });

  it('logs in with Events on, asks for the queue status, and delivers every event in order through a 503', async () => {
    const expected = mapStream('queue-call-hold-transfer');
    const { sw: ami, hook } = await open(fakeAsterisk(stream('queue-call-hold-transfer'), 'rexian', 's3cret', { seed: 3 }), fakeWebhook('tok-ast'));
    hook.failNext(503);
    const first = await runOnce(ami.port, hook, expected.length);
    expect(ami.commands[0]).toBe('Action: Login\nActionID: rexian-login\nUsername: rexian\nSecret: s3cret\nEvents: on');
    expect(ami.commands[1]).toContain('Action: QueueStatus');
    expect(hook.accepted).toEqual(expected);
    expect(hook.requests[0]!.status).toBe(503);
    expect(first.stats).toMatchObject({ accepted: expected.length, retries: 1 });

    const second = await runOnce(ami.port, hook, expected.length);
    expect(second.stats).toMatchObject({ accepted: 0, duplicates: expected.length });
  });

  it('connects again after the manager drops the connection', async () => {
    const expected = mapStream('silent-call-agent-hangup');
    const { sw: ami, hook } = await open(fakeAsterisk(stream('silent-call-agent-hangup'), 'rexian', 's3cret', { dropFirst: true }), fakeWebhook('tok-ast'));
    await runOnce(ami.port, hook, expected.length);
    expect(ami.connections).toBe(2);
    expect(hook.accepted).toEqual(expected);
  });

  it('stops with a clear error when the login is refused', async () => {
    const { sw: ami, hook } = await open(fakeAsterisk(stream('agent-pause'), 'rexian', 's3cret'), fakeWebhook('tok-ast'));
    await expectLoginRefused(ami, hook, 'tok-ast', 'Asterisk refused the login (Authentication failed)', (forwarder) =>
      runAsteriskClient({ host: '127.0.0.1', port: ami.port, username: 'rexian', secret: 'nope', mapper: new AsteriskMapper(), forwarder, log: silentLogger, signal: new AbortController().signal }),
    );
  });
});

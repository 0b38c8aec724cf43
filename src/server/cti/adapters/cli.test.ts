import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAsterisk, fakeFreeswitch, fakeWebhook, fixture, type FakeSwitch, type FakeWebhook } from '../../../../test/fixtures/cti/fakes.js';
import { EslParser, FreeswitchMapper, parseEventPlain } from './freeswitch.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** The real `rexian` command line in a child process, as an operator would start it. */
function start(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string; stdout: string }> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  for (const name of ['REXIAN_CTI_TOKEN', 'REXIAN_CTI_URL', 'REXIAN_ESL_PASSWORD', 'REXIAN_AMI_USERNAME', 'REXIAN_AMI_SECRET']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const done = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr, stdout })));
  return { child, done };
}

// each test starts the whole CLI from the sources through tsx: seconds on a busy machine
describe('rexian cti freeswitch / asterisk', { timeout: 90_000 }, () => {
  let sw: FakeSwitch | undefined;
  let hook: FakeWebhook | undefined;
  afterEach(async () => {
    await sw?.close();
    await hook?.close();
    sw = hook = undefined;
  });

  it('forwards a FreeSWITCH stream until SIGTERM, then reports and exits 0', async () => {
    const recorded = fixture('freeswitch/queue-call-hold-transfer.esl');
    const mapper = new FreeswitchMapper({ recordingBase: 'https://rec.hotline.example/fs/' });
    const expected = new EslParser().push(recorded).flatMap((f) => (f.headers['Content-Type'] === 'text/event-plain' ? mapper.map(parseEventPlain(f.body!)) : []));
    sw = await fakeFreeswitch(recorded, 'ClueCon');
    hook = await fakeWebhook('tok-cli');
    const base = hook.url.replace('/api/cti/events', '');
    const { child, done } = start(['cti', 'freeswitch', '--port', String(sw.port), '--password', 'ClueCon', '--url', base, '--token', 'tok-cli', '--recording-base', 'https://rec.hotline.example/fs/']);
    await hook.waitFor(() => hook!.accepted.length >= expected.length, 60_000);
    child.kill('SIGTERM');
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(hook.accepted).toEqual(expected);
    expect(stderr).toMatch(/cti-freeswitch info connected to FreeSWITCH at 127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/info SIGTERM: stopping/);
    const n = expected.length;
    expect(stderr).toMatch(new RegExp(`info stopped: ${n} events sent in \\d+ requests \\(${n} accepted, 0 duplicates, 0 rejected, 0 retries\\)`));
  });

  it('exits 1 with one line when FreeSWITCH refuses the password', async () => {
    sw = await fakeFreeswitch(fixture('freeswitch/agent-pause.esl'), 'ClueCon');
    hook = await fakeWebhook('tok-cli');
    const { done } = start(['cti', 'freeswitch', '--port', String(sw.port), '--password', 'guess', '--url', hook.url, '--token', 'tok-cli']);
    const { code, stderr } = await done;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe('rexian: FreeSWITCH refused the password (-ERR invalid): check --password against event_socket.conf.xml');
  });

  it('exits 1 with one line when the webhook refuses the token', async () => {
    sw = await fakeAsterisk(fixture('asterisk/agent-pause.ami'), 'rexian', 's3cret');
    hook = await fakeWebhook('tok-cli');
    const { done } = start(['cti', 'asterisk', '--port', String(sw.port), '--username', 'rexian', '--secret', 's3cret', '--url', hook.url, '--token', 'stale']);
    const { code, stderr } = await done;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe('rexian: the webhook refused the token (401 CTI_TOKEN_INVALID): check --token against the CTI connection in rexian');
  });

  it('refuses a bad flag before connecting anywhere', async () => {
    const { code, stderr } = await start(['cti', 'asterisk', '--port', '50380', '--username', 'u', '--secret', 's', '--url', 'hotline.example', '--token', 't']).done;
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('rexian: --url must be a URL such as http://127.0.0.1:3000, got "hotline.example"');
  });
});

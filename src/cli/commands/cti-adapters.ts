import { Option, type Command } from 'commander';
import { describe } from './index.js';
import { CliError } from '../errors.js';
import { stderrLogger, type AdapterLogger } from '../../server/cti/adapters/common.js';
import { Forwarder, WebhookAuthError, WebhookError, webhookUrl } from '../../server/cti/adapters/forwarder.js';
import { FreeswitchMapper } from '../../server/cti/adapters/freeswitch.js';
import { AsteriskMapper } from '../../server/cti/adapters/asterisk.js';
import { runAsteriskClient, runFreeswitchClient, SwitchAuthError, type SwitchClientOptions } from '../../server/cti/adapters/connect.js';

/**
 * `rexian cti freeswitch` and `rexian cti asterisk`: long-running adapters that read a switch's
 * events and post them to rexian's CTI webhook. See docs/cti-adapters.md.
 */

interface CommonFlags {
  host: string;
  port: string;
  url: string;
  token: string;
  recordingBase?: string;
  recordingRoot?: string;
}

interface FreeswitchFlags extends CommonFlags {
  password: string;
  agentVar?: string[];
}

interface AsteriskFlags extends CommonFlags {
  username: string;
  secret: string;
  agentFrom: 'interface' | 'membername';
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new CliError(`--port must be a TCP port (1–65535), got "${value}"`, 2);
  return n;
}

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${flag} must be a URL such as http://127.0.0.1:3000, got "${value}"`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${flag} must be an http:// or https:// URL, got "${value}"`, 2);
  return url.toString();
}

function commonOptions(cmd: Command, defaultPort: number): Command {
  return cmd
    .option('--host <host>', 'the switch to connect to', '127.0.0.1')
    .option('--port <port>', 'its port', String(defaultPort))
    .addOption(new Option('--url <url>', "rexian's address (or the full webhook URL)").env('REXIAN_CTI_URL').makeOptionMandatory())
    .addOption(new Option('--token <token>', "the CTI connection's token").env('REXIAN_CTI_TOKEN').makeOptionMandatory())
    .option('--recording-base <url>', 'where the recordings are served; with it, finished recordings are reported as call.recording')
    .option('--recording-root <dir>', 'the directory on the switch that --recording-base serves (keeps sub-folders in the URL)');
}

/** Runs one adapter until SIGINT/SIGTERM, then delivers what is queued (up to 10 s) and returns. */
async function runAdapter(log: AdapterLogger, flags: CommonFlags, start: (client: SwitchClientOptions) => Promise<void>): Promise<void> {
  const url = webhookUrl(httpUrl('--url', flags.url));
  const switchPort = port(flags.port);
  const controller = new AbortController();
  const forwarder = new Forwarder({ url, token: flags.token, log });
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130); // a second Ctrl-C does not wait for the webhook
    log.info(`${sig}: stopping; delivering the events already read`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log.info(`forwarding to ${url}`);
  let failure: Error | null = null;
  try {
    const client = start({ host: flags.host, port: switchPort, forwarder, log, signal: controller.signal });
    failure = await Promise.race([client.then(() => null), forwarder.failed]);
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  } finally {
    controller.abort();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!failure) await forwarder.flush(10_000);
  const left = forwarder.close();
  const s = forwarder.stats;
  log.info(`stopped: ${s.sent} events sent in ${s.batches} requests (${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected, ${s.refused > 0 ? `${s.refused} refused (calls archived by retention), ` : ''}${s.retries} retries)`);
  if (failure instanceof SwitchAuthError || failure instanceof WebhookAuthError || failure instanceof WebhookError) throw new CliError(failure.message);
  if (failure) throw failure;
  if (left > 0) throw new CliError(`${left} events could not be delivered before stopping`);
}

export function register(program: Command): void {
  const cti = program.commands.find((c) => c.name() === 'cti') ?? program.command('cti').description(describe('cti'));

  commonOptions(cti.command('freeswitch').description('read FreeSWITCH events (event socket, mod_callcenter) and post them to the CTI webhook'), 8021)
    .addOption(new Option('--password <password>', 'the event socket password (event_socket.conf.xml)').env('REXIAN_ESL_PASSWORD').makeOptionMandatory())
    .option(
      '--agent-var <name>',
      'channel variable (or header) naming the agent on an agent leg, tried before rexian_agent and cc_agent; repeat for several',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (flags: FreeswitchFlags) => {
      const log = stderrLogger('cti-freeswitch');
      const mapper = new FreeswitchMapper({
        agentVars: flags.agentVar,
        recordingBase: flags.recordingBase && httpUrl('--recording-base', flags.recordingBase),
        recordingRoot: flags.recordingRoot,
        onWarning: (m) => log.warn(m),
      });
      await runAdapter(log, flags, (client) => runFreeswitchClient({ ...client, password: flags.password, mapper }));
    });

  commonOptions(cti.command('asterisk').description('read Asterisk manager events (queues, channels, transfers) and post them to the CTI webhook'), 5038)
    .addOption(new Option('--username <name>', 'the manager user (manager.conf)').env('REXIAN_AMI_USERNAME').makeOptionMandatory())
    .addOption(new Option('--secret <secret>', "that user's secret").env('REXIAN_AMI_SECRET').makeOptionMandatory())
    .addOption(new Option('--agent-from <source>', 'where the agent number comes from').choices(['interface', 'membername']).default('interface'))
    .action(async (flags: AsteriskFlags) => {
      const log = stderrLogger('cti-asterisk');
      const mapper = new AsteriskMapper({
        agentFrom: flags.agentFrom,
        recordingBase: flags.recordingBase && httpUrl('--recording-base', flags.recordingBase),
        recordingRoot: flags.recordingRoot,
        onWarning: (m) => log.warn(m),
      });
      await runAdapter(log, flags, (client) => runAsteriskClient({ ...client, username: flags.username, secret: flags.secret, mapper }));
    });
}

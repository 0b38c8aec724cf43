/**
 * `rexian cti simulate`: sends simulated hotline traffic to a CTI webhook, the way a
 * switch would — calls ringing, answered, on hold, transferred, ended, recordings,
 * live transcript segments and agent states. Real time by default (each event is
 * posted when its time comes); `--fast` posts a whole window that ends now at once.
 * Delivery (batches of up to 500, one request at a time, retries with backoff on
 * network errors and 5xx, a stop on 401) is the CTI adapters' Forwarder.
 */
import path from 'node:path';
import { describe } from './index.js';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { CtiEvent } from '../../shared/cti/events.js';
import { makeAgents, simulateTraffic, type SimAgent, type SimulatedTraffic } from '../../shared/cti/simulate.js';
import type { Pack } from '../../shared/standards/schema.js';
import { Forwarder, type ForwarderStats } from '../../server/cti/adapters/forwarder.js';
import { CliError } from '../errors.js';

const DEFAULT_PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'standards', 'government-12345');
const BATCH = 500;
const TICK_MS = 200;
const PROGRESS_MS = 5000;

const bad = (message: string): CliError => new CliError(message, 2);

/** Calls per second from `3/s`, `180/min`, `20/h` or a bare number (per second). */
export function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hr|hour))?\s*$/i.exec(text);
  if (!m) throw bad(`--rate ${text}: expected calls per second or minute, e.g. 3/s, 180/min or 0.5`);
  const per = (m[2] ?? 's').toLowerCase();
  const rate = Number(m[1]) / (per.startsWith('h') ? 3600 : per.startsWith('m') ? 60 : 1);
  if (!(rate > 0)) throw bad(`--rate ${text}: must be more than 0`);
  if (rate > 1000) throw bad(`--rate ${text}: at most 1000 calls a second`);
  return rate;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Milliseconds from `90s`, `10m`, `1h`, `1h30m`, `500ms`. */
export function parseDuration(text: string, option = '--duration'): number {
  const t = text.trim().toLowerCase();
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h)/g)];
  if (t === '' || parts.map((p) => p[0]).join('') !== t) throw bad(`${option} ${text}: expected a duration like 90s, 10m or 1h`);
  const ms = Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
  if (ms <= 0) throw bad(`${option} ${text}: must be longer than 0`);
  if (ms > 7 * 86_400_000) throw bad(`${option} ${text}: at most 7 days`);
  return ms;
}

/** `8` → eight agents 工号 1001…1008; `1024,2001` → those 工号. */
export function parseAgents(text: string): SimAgent[] {
  const t = text.trim();
  if (t.includes(',')) {
    const nos = t.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (nos.length === 0 || nos.some((n) => !/^[0-9A-Za-z_-]{1,32}$/.test(n))) throw bad(`--agents ${text}: expected a count or a list of agent numbers (工号) like 1024,2001`);
    if (new Set(nos).size !== nos.length) throw bad(`--agents ${text}: an agent number appears twice`);
    const named = makeAgents(nos.length);
    return nos.map((agentNo, i) => ({ agentNo, name: named[i]!.name }));
  }
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 500) throw bad(`--agents ${text}: expected a count from 1 to 500, or a list of agent numbers (工号) like 1024,2001`);
  return makeAgents(Number(t));
}

/** 0..1, or a percentage (`15%`). */
export function parseShare(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v <= 1)) throw bad(`--mistakes ${text}: expected a share from 0 to 1 (or a percentage), e.g. 0.15 or 15%`);
  return v;
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > 0xffffffff) throw bad(`--seed ${text}: expected a whole number from 0 to 4294967295`);
  return Number(text);
}

/** The webhook address: a server's base URL gets the standard path. */
export function endpointUrl(text: string | undefined): URL {
  if (text === undefined || text.trim() === '') throw bad('--url is required: the rexian server (http://127.0.0.1:3000) or its webhook address');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`--url ${text}: not a URL (expected e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`--url ${text}: expected an http:// or https:// address`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/cti/events';
  return url;
}

async function loadPackFrom(dir: string): Promise<Pack> {
  // loaded only when the command runs: it brings the YAML validator with it
  const { loadPack } = await import('../../server/modules/standards/standards.loader.js');
  try {
    return (await loadPack(dir)).pack;
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
    throw bad(message.includes(dir) ? message : `${dir}: ${message}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What has been handed to the forwarder, by kind (the webhook's own counts are in its stats). */
interface Pushed {
  calls: number;
  answered: number;
  abandoned: number;
  ended: number;
  transferred: number;
}

function tally(pushed: Pushed, events: readonly CtiEvent[]): void {
  for (const e of events) {
    if (e.type === 'call.ringing') pushed.calls++;
    else if (e.type === 'call.answered') pushed.answered++;
    else if (e.type === 'call.transferred') pushed.transferred++;
    else if (e.type === 'call.ended') {
      pushed.ended++;
      if (e.cause === 'cancel') pushed.abandoned++;
    }
  }
}

const clock = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);

function progressLine(pushed: Pushed, s: ForwarderStats, prefix: string): string {
  return `${prefix}calls ${pushed.calls} (answered ${pushed.answered}, abandoned ${pushed.abandoned}, in progress ${pushed.calls - pushed.ended}) · events ${s.sent}: accepted ${s.accepted}, duplicates ${s.duplicates}, rejected ${s.rejected}${s.refused > 0 ? `, refused ${s.refused}` : ''}\n`;
}

/** The forwarder's fatal error (a refused token, a wrong URL) as the command's error. */
function stopOnFailure(forwarder: Forwarder): void {
  const err = forwarder.error;
  if (err) throw new CliError(`${err.message} — stopped after ${forwarder.stats.sent} events`);
}

/** Hands events to the forwarder, waiting while its queue is full. */
async function push(forwarder: Forwarder, events: CtiEvent[], pushed: Pushed): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    const part = events.slice(i, i + BATCH);
    stopOnFailure(forwarder);
    const room = forwarder.push(part);
    tally(pushed, part);
    if (!room) await forwarder.room().catch(() => stopOnFailure(forwarder));
    stopOnFailure(forwarder);
  }
}

interface Options {
  url?: string;
  token?: string;
  rate?: string;
  duration: string;
  agents: string;
  mistakes: string;
  seed?: string;
  pack: string;
  org?: string;
  fast?: boolean;
}

export function register(program: Command): void {
  const cti = program.commands.find((c) => c.name() === 'cti') ?? program.command('cti').description(describe('cti'));
  cti
    .command('simulate')
    .description('send simulated hotline traffic (calls, holds, transfers, transcripts, agent states) to a CTI webhook')
    .option('--url <url>', 'the rexian server (its /api/cti/events is used) or a webhook address')
    .option('--token <token>', 'bearer token of the CTI connection')
    .option('--rate <rate>', 'mean call arrivals: 3/s, 180/min, 0.5 (per second) (default: what the agents take at about 70 % occupancy, 1.4/min for 8)')
    .option('--duration <duration>', 'how long calls keep arriving: 90s, 10m, 1h', '10m')
    .option('--agents <agents>', 'number of agents (工号 1001, 1002 …) or a list of 工号: 1024,2001', '8')
    .option('--mistakes <share>', 'share of answered calls with a deliberate service mistake, 0 to 1 (or 15%)', '0.15')
    .option('--seed <n>', 'random seed; the same seed gives the same calls (default: a new one, printed)')
    .addOption(new Option('--pack <path>', 'standard pack (folder or YAML file) the agents follow').default(DEFAULT_PACK, 'standards/government-12345'))
    .option('--org <name>', "organisation name the agents announce (default: the pack's)")
    .option('--fast', 'generate the whole window ending now and post it as fast as the server takes it, instead of in real time')
    .action(async (opts: Options) => {
      const url = endpointUrl(opts.url);
      if (opts.token === undefined || opts.token.trim() === '') throw bad('--token is required: the bearer token of a CTI connection');
      const durationMs = parseDuration(opts.duration);
      const agents = parseAgents(opts.agents);
      // a call keeps an agent about 4 minutes (talk, holds, wrap-up)
      const ratePerSecond = opts.rate !== undefined ? parseRate(opts.rate) : (0.7 * agents.length) / 240;
      const rateText = opts.rate ?? `${Number((ratePerSecond * 60).toFixed(2))}/min`;
      const mistakeRate = parseShare(opts.mistakes);
      // a new seed when none is given: the run is still repeatable with the seed printed below
      const seed = opts.seed !== undefined ? parseSeed(opts.seed) : Math.floor(Math.random() * 0xffffffff);
      const pack = await loadPackFrom(opts.pack);
      const generate = (start: number): SimulatedTraffic =>
        simulateTraffic(pack, { start: new Date(start), durationMs, ratePerSecond, agents, mistakeRate, seed, ...(opts.org ? { org: opts.org } : {}) });

      // retries, rejected and refused events are reported on stderr as they happen; a fatal refusal ends the command with one line
      const warn = (m: string): void => void process.stderr.write(`rexian: warning: ${m}\n`);
      const forwarder = new Forwarder({ url: url.href, token: opts.token.trim(), batchSize: BATCH, log: { info: () => {}, warn, error: () => {} } });
      const pushed: Pushed = { calls: 0, answered: 0, abandoned: 0, ended: 0, transferred: 0 };
      const expected = Math.round(ratePerSecond * (durationMs / 1000));
      const head = `${opts.duration} of traffic at ${rateText} (about ${expected} calls), ${agents.length} agents, mistakes ${mistakeRate}, seed ${seed} → ${url.href}`;
      let interrupted = false;
      let undelivered = 0;
      const stop = (): void => {
        interrupted = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        if (opts.fast) {
          // the window ends now: generated back from now, then moved earlier so that the last call has ended by now too
          const now = Date.now();
          let traffic = generate(now - durationMs);
          const last = Date.parse(traffic.events[traffic.events.length - 1]?.at ?? new Date(now).toISOString());
          if (last > now) traffic = generate(now - durationMs - (last - now));
          const events = traffic.events;
          process.stdout.write(`simulating ${head} (fast: ${events.length} events, ${clock(Date.parse(events[0]!.at))}–${clock(now)})\n`);
          await push(forwarder, events, pushed);
          while (!(await forwarder.flush(1000)) && !interrupted) {
            stopOnFailure(forwarder);
            process.stdout.write(progressLine(pushed, forwarder.stats, `${clock(Date.now())} · `));
          }
        } else {
          const started = Date.now();
          const events = generate(started).events;
          const times = events.map((e) => Date.parse(e.at));
          process.stdout.write(`simulating ${head} (real time until ${clock(times[times.length - 1] ?? started)}; Ctrl-C stops)\n`);
          let next = 0;
          let lastProgress = started;
          while (next < events.length && !interrupted) {
            const now = Date.now();
            let end = next;
            while (end < events.length && times[end]! <= now) end++;
            if (end > next) {
              await push(forwarder, events.slice(next, end), pushed);
              next = end;
            }
            stopOnFailure(forwarder);
            if (now - lastProgress >= PROGRESS_MS) {
              lastProgress = now;
              process.stdout.write(progressLine(pushed, forwarder.stats, `${clock(now)} · `));
            }
            if (next < events.length) await sleep(TICK_MS);
          }
          await forwarder.flush(interrupted ? 5000 : 60_000);
        }
        stopOnFailure(forwarder);
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        undelivered = forwarder.close();
      }

      const s = forwarder.stats;
      const left = pushed.calls - pushed.ended;
      process.stdout.write(
        `${interrupted ? 'stopped' : 'done'}: ${pushed.calls} calls — ${pushed.answered} answered, ${pushed.abandoned} abandoned, ${pushed.transferred} transferred${left > 0 ? `, ${left} not ended` : ''}\n` +
          `events: ${s.sent} sent — ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected${s.refused > 0 ? `, ${s.refused} refused` : ''}${s.retries > 0 ? ` (${s.retries} retries)` : ''}${undelivered > 0 ? `, ${undelivered} not delivered` : ''}\n`,
      );
      // refused events are valid ones of calls the server has archived (retention deleted their raw
      // events): the server keeps those records final; the sender did nothing wrong, so no failure
      if (s.refused > 0)
        process.stdout.write(`${s.refused} events were refused by the webhook: their calls are archived (raw events deleted by retention) and their records stay as they are; see the warnings above\n`);
      if (s.rejected > 0) throw new CliError(`${s.rejected} of ${s.sent} events were rejected by the webhook (see the warnings above)`);
      if (undelivered > 0 && !interrupted) throw new CliError(`${undelivered} events could not be delivered to the webhook (see the warnings above)`);
      if (interrupted) process.exitCode = 130;
    });
}

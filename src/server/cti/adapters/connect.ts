import net from 'node:net';
import type { CtiEvent } from '../../../shared/cti/events.js';
import type { AdapterLogger } from './common.js';
import { EslParser, frameType, parseEventPlain } from './esl.js';
import { freeswitchEventNames, type FreeswitchMapper } from './freeswitch.js';
import { AmiParser, encodeAction, field, type AmiMessage } from './ami.js';
import type { AsteriskMapper } from './asterisk.js';
import type { Forwarder } from './forwarder.js';

/**
 * The socket side of the adapters: an inbound event-socket client for FreeSWITCH and a manager
 * client for Asterisk. Both log in, subscribe, feed every event through the mapper into the
 * forwarder, pause the socket while the forwarder is full, reconnect with backoff when the
 * connection drops, and stop cleanly when `signal` aborts. A refused password is final.
 */

export class SwitchAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SwitchAuthError';
  }
}

export interface SwitchClientOptions {
  host: string;
  port: number;
  forwarder: Forwarder;
  log: AdapterLogger;
  signal: AbortSignal;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  connectTimeoutMs?: number;
}

export interface FreeswitchClientOptions extends SwitchClientOptions {
  password: string;
  mapper: FreeswitchMapper;
  events?: readonly string[];
}

export interface AsteriskClientOptions extends SwitchClientOptions {
  username: string;
  secret: string;
  mapper: AsteriskMapper;
}

interface Session {
  /** Handles bytes from the switch; may write to the socket and may throw a SwitchAuthError. */
  onData(chunk: Buffer, socket: net.Socket): void;
  established(): boolean;
}

interface SessionEnd {
  established: boolean;
  reason: string;
}

/** Runs sessions until the signal aborts; rejects only on a refused login. */
async function runWithReconnect(what: string, opts: SwitchClientOptions, makeSession: (socket: net.Socket) => Session): Promise<void> {
  let failures = 0;
  while (!opts.signal.aborted) {
    const end = await connectOnce(what, opts, makeSession);
    if (opts.signal.aborted) break;
    failures = end.established ? 0 : failures + 1;
    const delay = Math.min(opts.reconnectMaxMs ?? 30_000, (opts.reconnectBaseMs ?? 1000) * 2 ** Math.max(0, failures - 1));
    opts.log.warn(`${what} ${opts.host}:${opts.port}: ${end.reason}; connecting again in ${delay} ms (events in between are not replayed by the switch)`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, delay);
      function done() {
        clearTimeout(t);
        opts.signal.removeEventListener('abort', done);
        resolve();
      }
      opts.signal.addEventListener('abort', done, { once: true });
    });
  }
}

function connectOnce(what: string, opts: SwitchClientOptions, makeSession: (socket: net.Socket) => Session): Promise<SessionEnd> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: opts.host, port: opts.port });
    socket.setKeepAlive(true, 30_000);
    const session = makeSession(socket);
    let reason = 'the connection closed';
    let fatal: Error | null = null;
    const limit = opts.connectTimeoutMs ?? 10_000;
    // one deadline for connecting and logging in: a port that accepts but never speaks the protocol is caught too
    let timer: NodeJS.Timeout | undefined = setTimeout(() => {
      reason = socket.connecting ? `no answer within ${limit} ms` : `no login answer within ${limit} ms (is this the right port?)`;
      socket.destroy();
    }, limit);
    const onAbort = () => socket.destroy();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => opts.log.info(`connected to ${what} at ${opts.host}:${opts.port}`));
    socket.on('data', (chunk: Buffer) => {
      try {
        session.onData(chunk, socket);
        if (timer && session.established()) {
          clearTimeout(timer);
          timer = undefined;
        }
      } catch (err) {
        fatal = err instanceof Error ? err : new Error(String(err));
        socket.destroy();
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      reason = err.code === 'ECONNREFUSED' ? 'connection refused' : err.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      if (fatal) reject(fatal);
      else resolve({ established: session.established(), reason });
    });
  });
}

/** Hands mapped events to the forwarder; while it is full the socket is paused (TCP pushes back on the switch). */
function forward(events: CtiEvent[], opts: SwitchClientOptions, socket: net.Socket): void {
  if (events.length === 0 || opts.forwarder.push(events)) return;
  if (socket.isPaused()) return;
  socket.pause();
  opts.forwarder.room().then(
    () => socket.resume(),
    () => socket.destroy(),
  );
}

function safeMap<T>(opts: SwitchClientOptions, what: string, map: () => T[]): T[] {
  try {
    return map();
  } catch (err) {
    opts.log.error(`could not map a ${what} event, skipped: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

export function runFreeswitchClient(opts: FreeswitchClientOptions): Promise<void> {
  const events = opts.events ?? freeswitchEventNames;
  return runWithReconnect('FreeSWITCH', opts, () => {
    const parser = new EslParser();
    let state: 'connected' | 'auth' | 'subscribing' | 'ready' = 'connected';
    return {
      established: () => state === 'ready',
      onData(chunk, socket) {
        for (const frame of parser.push(chunk)) {
          const type = frameType(frame);
          if (type === 'auth/request') {
            state = 'auth';
            socket.write(`auth ${opts.password}\n\n`);
          } else if (type === 'command/reply' && state !== 'ready') {
            const reply = (frame.headers['Reply-Text'] ?? '').trim();
            const ok = reply.startsWith('+OK');
            if (state === 'auth') {
              if (!ok) throw new SwitchAuthError(`FreeSWITCH refused the password (${reply || 'no reply'}): check --password against event_socket.conf.xml`);
              state = 'subscribing';
              socket.write(`event plain ${events.join(' ')}\n\n`);
            } else if (state === 'subscribing') {
              if (!ok) throw new SwitchAuthError(`FreeSWITCH refused the event subscription (${reply || 'no reply'})`);
              state = 'ready';
              opts.log.info(`subscribed to ${events.join(', ')}`);
            }
          } else if (type === 'text/event-plain' && frame.body) {
            const body = frame.body;
            forward(
              safeMap(opts, 'FreeSWITCH', () => opts.mapper.map(parseEventPlain(body))),
              opts,
              socket,
            );
          } else if (type === 'text/disconnect-notice') {
            opts.log.warn('FreeSWITCH is closing the connection');
          }
        }
      },
    };
  });
}

export function runAsteriskClient(opts: AsteriskClientOptions): Promise<void> {
  return runWithReconnect('Asterisk', opts, (socket) => {
    const parser = new AmiParser();
    let state: 'connected' | 'login' | 'ready' = 'connected';
    const login = () => {
      state = 'login';
      socket.write(
        encodeAction([
          ['Action', 'Login'],
          ['ActionID', 'rexian-login'],
          ['Username', opts.username],
          ['Secret', opts.secret],
          ['Events', 'on'],
        ]),
      );
    };
    const onMessage = (m: AmiMessage) => {
      if (m.kind === 'banner') return login();
      if (m.kind === 'response' && field(m, 'ActionID') === 'rexian-login') {
        if (field(m, 'Response') !== 'Success') {
          throw new SwitchAuthError(`Asterisk refused the login (${field(m, 'Message') ?? 'no reason given'}): check --username and --secret against manager.conf`);
        }
        state = 'ready';
        opts.log.info(`logged in to the Asterisk manager as ${opts.username}`);
        // the queue members and their state now, so agent phones are recognised from the start
        socket.write(encodeAction([['Action', 'QueueStatus'], ['ActionID', 'rexian-queuestatus']]));
        return;
      }
      if (m.kind === 'event') forward(safeMap(opts, 'Asterisk', () => opts.mapper.map(m)), opts, socket);
    };
    return {
      established: () => state === 'ready',
      onData(chunk) {
        for (const m of parser.push(chunk)) onMessage(m);
      },
    };
  });
}

/**
 * SLA warnings and breaches fire exactly once even when the process is killed with SIGKILL around the due time
 * and started again. The server is the real `rexian serve --demo` in its own process (test/helpers/spawn-server.ts)
 * on an embedded database in a temporary directory. Its wall clock is moved by a preload
 * (sla.restart.clock.mjs, like libfaketime): it starts on Tuesday 30 September 2025 10:00 in Shanghai, so the
 * help ticket's 2bh dispatch limit warns at about 11:36 and is due at about 12:00, and the test jumps to those
 * instants instead of waiting for them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { usingPostgres } from '../../../../test/helpers/db.js';
import { spawnServer } from '../../../../test/helpers/spawn-server.js';
import { openDatabase } from '../../db/database.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-sla-kill-'));
const clockFile = path.join(tmp, 'clock-offset-ms');
const preload = pathToFileURL(path.join(import.meta.dirname, 'sla.restart.clock.mjs')).href;
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Moves the spawned server's clock so that it reads `at` now (write and rename: the server never reads half a file). */
const setClock = (at: Date | string) => {
  fs.writeFileSync(`${clockFile}.new`, String(new Date(at).getTime() - Date.now()));
  fs.renameSync(`${clockFile}.new`, clockFile);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** spawnServer passes this process's environment on: the clock preload, and a worker that looks for due jobs every 100 ms. */
async function start(port: number) {
  const extra: Record<string, string> = {
    REXIAN_TEST_CLOCK_FILE: clockFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(),
    REXIAN_WORKER_POLL_MS: '100',
  };
  const saved = Object.fromEntries(Object.keys(extra).map((k) => [k, process.env[k]]));
  Object.assign(process.env, extra);
  try {
    return await spawnServer({ dataDir: tmp, port, entry: 'source', timeoutMs: 120_000, env: { REXIAN_DEMO_CALLS: 'false' } });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

type Note = { kind: string; payload: { ticketId: string } };
type Timer = { id: string; kind: string; status: string; dueAt: string; warnAt: string };

/** The API of whichever server process is running now. */
function client(url: string) {
  const login = async (username: string) => {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
    expect(res.status).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const getJson = async <T>(p: string, cookie: string): Promise<T> => {
    const r = await fetch(`${url}${p}`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const notes = async (cookie: string, ticketId: string, kind: string) =>
    (await getJson<{ items: Note[] }>('/api/notifications', cookie)).items.filter((n) => n.kind === kind && n.payload.ticketId === ticketId);
  return { login, getJson, notes };
}

describe.skipIf(usingPostgres())('SLA jobs survive SIGKILL', () => {
  it('warning and breach of a ticket fire exactly once when the server is killed around the due time and restarted', { timeout: 240_000 }, async () => {
    const started = Date.now();
    const port = 40000 + Math.floor(Math.random() * 20000);
    setClock('2025-09-30T10:00:00+08:00');
    const first = await start(port);
    const boot1 = Date.now() - started;
    let ticketId = '';
    let dispatch: Timer | undefined;
    let warned = 0;
    try {
      const api = client(first.url);
      const agent = await api.login('agent');
      const res = await fetch(`${first.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: agent },
        body: JSON.stringify({ category: 'help', callerPhone: '13812345678', address: '望江路 8 号', description: '路灯不亮，晚上很不安全' }),
      });
      expect(res.status).toBe(201);
      const ticket = (await res.json()) as { id: string; timers: Timer[] };
      ticketId = ticket.id;
      dispatch = ticket.timers.find((t) => t.kind === 'dispatch');
      if (!dispatch) throw new Error('no dispatch limit');
      expect(new Date(dispatch.dueAt).getTime() - new Date(dispatch.warnAt).getTime()).toBe(24 * 60_000);
      const lead = await api.login('lead');

      // The warning comes due: wait until it is recorded.
      setClock(new Date(new Date(dispatch.warnAt).getTime() - 300));
      const warnWait = Date.now();
      await until('the warning', async () => ((await api.notes(lead, ticketId, 'ticket.sla_warning')).length ? true : undefined));
      warned = Date.now() - warnWait;
      // The breach comes due: kill -9 somewhere in the 250 ms after it — before, while or after the job runs.
      setClock(new Date(new Date(dispatch.dueAt).getTime() - 200));
      await sleep(200 + Math.floor(Math.random() * 250));
    } finally {
      first.child.kill('SIGKILL');
      await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('exit', r)));
    }
    if (!dispatch) throw new Error('no dispatch limit');

    // Restart eleven minutes later on the clock: a job the killed worker held is taken back after ten.
    setClock(new Date(new Date(dispatch.dueAt).getTime() + 11 * 60_000));
    const restart = Date.now();
    const second = await start(port);
    const boot2 = Date.now() - restart;
    let breached = 0;
    try {
      const api = client(second.url);
      const lead = await api.login('lead');
      const breachWait = Date.now();
      await until('the breach', async () => ((await api.notes(lead, ticketId, 'ticket.sla_breached')).length ? true : undefined));
      breached = Date.now() - breachWait;
      await sleep(1000); // ten more worker rounds: time for any duplicate to show
      expect((await api.notes(lead, ticketId, 'ticket.sla_warning')).length).toBe(1);
      expect((await api.notes(lead, ticketId, 'ticket.sla_breached')).length).toBe(1);
      const after = await api.getJson<{ supervised: boolean; transitions: Array<{ action: string; actor: string }>; timers: Timer[] }>(`/api/tickets/${ticketId}`, lead);
      expect(after.supervised).toBe(true);
      expect(after.transitions.filter((t) => t.action === 'supervise').map((t) => t.actor)).toEqual(['sla-worker']);
      expect(after.timers.find((t) => t.id === dispatch?.id)).toMatchObject({ status: 'breached' });
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }

    // The database itself: one event, one escalation, every job of the timer done.
    const database = await openDatabase({ dataDir: tmp });
    try {
      const db = database.db;
      const events = await db.selectFrom('domain_events').select(['type', 'payload']).where('aggregate_id', '=', ticketId).execute();
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect(count('ticket.sla_warning')).toBe(1);
      expect(count('ticket.sla_breached')).toBe(1);
      expect(events.filter((e) => e.type === 'ticket.transitioned' && (e.payload as { action?: string }).action === 'supervise')).toHaveLength(1);
      const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', ticketId).where('action', '=', 'ticket.supervise').execute();
      expect(audit).toHaveLength(1);
      const jobs = await db.selectFrom('jobs').select(['name', 'status']).where('dedupe_key', 'like', `sla.%:${dispatch.id}:%`).execute();
      expect(jobs.map((j) => `${j.name}:${j.status}`).sort()).toEqual(['sla.breach:done', 'sla.warn:done']);
    } finally {
      await database.close();
    }
    console.log(`SIGKILL test: first start ${boot1} ms, warning seen after ${warned} ms, restart ${boot2} ms, breach seen after ${breached} ms, total ${Date.now() - started} ms`);
  });
});

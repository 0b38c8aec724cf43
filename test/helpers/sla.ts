/**
 * The setup the SLA test files share (src/server/modules/tickets/sla*.test.ts): one real server with
 * the demo organisation and pack on a clock the test moves, two job workers that drain the given jobs
 * as two worker processes would, sign-in per user and instant, and the ticket calls the tests make.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { Worker, type JobDefinition } from '../../src/server/jobs/runner.js';
import { startTestServer, type TestServer } from './server.js';

export interface SlaTimer {
  id: string;
  kind: string;
  status: string;
  duration: string;
  dueAt: string;
  warnAt: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
}

/** The parts of GET /api/tickets/:id the SLA tests read. */
export interface SlaTicket {
  id: string;
  status: string;
  priority: string;
  supervised: boolean;
  updateEvery: string | null;
  nextUpdateAt: string | null;
  timers: SlaTimer[];
  transitions: Array<{ action: string; actor: string }>;
}

/** The latest timer of a kind (a re-planned limit leaves the cancelled one before it). */
export const timer = (t: SlaTicket, kind: string) => t.timers.filter((x) => x.kind === kind).at(-1);

export interface SlaFixture {
  /** Available once the suite's beforeAll has run. */
  readonly server: TestServer;
  readonly workerA: Worker;
  readonly workerB: Worker;
  /** The id of 市水务局, the department tickets are dispatched to. */
  readonly water: string;
  /** Moves the clock the server, the services and the workers read. */
  at(iso: string): void;
  /** A session cookie for the demo user; sessions expire on the moving clock, so one is made per instant. */
  as(user: string): Promise<string>;
  /** An agent files a street-light ticket (help); `json` overrides or adds fields. Expects 201. */
  create(json?: Record<string, unknown>): Promise<SlaTicket>;
  get(id: string): Promise<SlaTicket>;
  /** The agent edits the ticket. Expects 200. */
  patch(id: string, json: Record<string, unknown>): Promise<SlaTicket>;
  /** `who` takes a workflow action on the ticket. Expects 200. */
  act(id: string, action: string, who: string, json?: Record<string, unknown>): Promise<SlaTicket>;
  /** Both workers drain at once, as two worker processes would. */
  drainBoth(): Promise<unknown>;
  /** The payloads of the ticket's domain events of one type, oldest first. */
  events(ticketId: string, type: string): Promise<Array<Record<string, unknown>>>;
}

/** Registers beforeAll/afterAll for the suite: the server starts on `start` (Shanghai time in the tests), with `env` over the test defaults. */
export function useSlaFixture(jobs: JobDefinition[], start = '2025-09-30T10:00:00+08:00', env: Record<string, string> = {}): SlaFixture {
  let now = new Date(start);
  let started: { server: TestServer; workerA: Worker; workerB: Worker; water: string } | undefined;
  const need = () => {
    if (!started) throw new Error('the SLA fixture is used before its beforeAll ran');
    return started;
  };
  const cookies = new Map<string, string>();

  const fixture: SlaFixture = {
    get server() {
      return need().server;
    },
    get workerA() {
      return need().workerA;
    },
    get workerB() {
      return need().workerB;
    },
    get water() {
      return need().water;
    },
    at: (iso) => {
      now = new Date(iso);
    },
    as: async (user) => {
      const key = `${user}@${now.toISOString()}`;
      if (!cookies.has(key)) cookies.set(key, await need().server.login(user));
      return cookies.get(key) ?? '';
    },
    create: async (json = {}) => {
      const r = await need().server.request('/api/tickets', {
        method: 'POST',
        cookie: await fixture.as('agent'),
        json: { category: 'help', callerPhone: '13812345678', address: '望江路 8 号', description: '路灯不亮', ...json },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as SlaTicket;
    },
    get: async (id) => (await need().server.request(`/api/tickets/${id}`, { cookie: await fixture.as('lead') })).body as SlaTicket,
    patch: async (id, json) => {
      const r = await need().server.request(`/api/tickets/${id}`, { method: 'PATCH', cookie: await fixture.as('agent'), json });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as SlaTicket;
    },
    act: async (id, action, who, json = {}) => {
      const r = await need().server.request(`/api/tickets/${id}/actions/${action}`, { method: 'POST', cookie: await fixture.as(who), json });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as SlaTicket;
    },
    drainBoth: () => Promise.all([need().workerA.drain(), need().workerB.drain()]),
    events: async (ticketId, type) =>
      (await need().server.database.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', ticketId).where('type', '=', type).orderBy('id').execute()).map(
        (e) => e.payload as Record<string, unknown>,
      ),
  };

  beforeAll(async () => {
    const server = await startTestServer({ clock: () => now, demoPack: true, env });
    const log = pino({ level: 'silent' });
    const workerA = new Worker({ db: server.database.db, jobs, log, pollMs: 50, now: () => now, id: 'A' });
    const workerB = new Worker({ db: server.database.db, jobs, log, pollMs: 50, now: () => now, id: 'B' });
    started = { server, workerA, workerB, water: '' };
    const deps = (await server.request('/api/departments', { cookie: await fixture.as('agent') })).body as { items: Array<{ id: string; name: string }> };
    started.water = deps.items.find((d) => d.name === '市水务局')?.id ?? '';
  });
  afterAll(() => started?.server.close());
  return fixture;
}

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CtiEvent } from '../../../shared/cti/events.js';
import { makeAgents, simulateTraffic, type SimulatedTraffic } from '../../../shared/cti/simulate.js';
import { DEFAULT_WALLBOARD_THRESHOLDS } from '../../../shared/kpi/wallboard.js';
import { createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { loadPack } from '../standards/standards.loader.js';
import type { WallboardDto } from './wallboard.schema.js';

/**
 * A day of simulated traffic goes in as the switch would send it, hour by hour; at each checkpoint the wallboard's
 * figures must equal what the simulator knows happened (its own record of each call, an oracle that owes nothing to
 * rexian's code) and what plain SQL over the raw tables says.
 */

const DAY = Date.parse('2026-12-01T00:00:00+08:00'); // a Tuesday, in the demo organisation's zone (Asia/Shanghai)
const H = 3_600_000;
let now = DAY;
let server: TestServer;
let cookies: Record<string, string> = {};
let token = '';
let traffic: SimulatedTraffic;
const agents = makeAgents(4, 3001);

beforeAll(async () => {
  server = await startTestServer({ demoPack: true, clock: () => new Date(now), env: { REXIAN_SESSION_HOURS: '72' } });
  cookies = { admin: await server.login('admin'), lead: await server.login('lead'), agent: await server.login('agent'), manager: await server.login('manager') };
  for (const a of agents) {
    const r = await server.request('/api/users', { method: 'POST', cookie: cookies.admin, json: { username: `wb${a.agentNo}`, displayName: a.name, role: 'agent', agentNo: a.agentNo, password: 'wallboard-test-1' } });
    expect(r.status).toBe(201);
  }
  token = (await createConnection(server, cookies.admin!, 'wallboard-pbx')).token;
  const pack = (await loadPack(fileURLToPath(new URL('../../../../standards/government-12345', import.meta.url)))).pack;
  // 08:00–20:00 at about 90 calls an hour with four agents: queues build up, some callers give up
  traffic = simulateTraffic(pack, { start: new Date(DAY + 8 * H), durationMs: 12 * H, ratePerSecond: 0.025, agents, seed: 2026, transcripts: false, patienceMeanMs: 45_000 });
}, 120_000);
afterAll(async () => server?.close());

const at = (e: CtiEvent) => Date.parse(e.at);

/** What the simulator says the board must show at `c`. */
function expected(c: number) {
  const midnight = DAY + Math.floor((c - DAY) / (24 * H)) * 24 * H;
  const rangBy = traffic.calls.filter((x) => Date.parse(x.arrivedAt) < c);
  const answeredBy = (x: (typeof rangBy)[number]) => x.answeredAt !== undefined && Date.parse(x.answeredAt) <= c;
  const endedBy = (x: (typeof rangBy)[number]) => Date.parse(x.endedAt) <= c;
  const figures = (from: number) => {
    const mine = rangBy.filter((x) => Date.parse(x.arrivedAt) >= from);
    const answered = mine.filter(answeredBy);
    const lost = mine.filter((x) => !answeredBy(x) && endedBy(x));
    const abandoned = lost.filter((x) => x.waitMs >= 5000);
    const within = answered.filter((x) => x.ringMs! <= 15_000);
    const offered = answered.length + abandoned.length;
    const r = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
    return {
      offered,
      answered: answered.length,
      abandoned: abandoned.length,
      shortAbandoned: lost.length - abandoned.length,
      answeredWithinT1: within.length,
      serviceLevel: r(within.length, answered.length),
      serviceLevelOffered: r(within.length, answered.length + lost.filter((x) => x.waitMs > 15_000).length),
      answerRate: r(answered.length, offered),
      abandonRate: r(abandoned.length, offered),
    };
  };
  const waiting = rangBy.filter((x) => !answeredBy(x) && !endedBy(x) && Date.parse(x.arrivedAt) >= c - H);
  const oldest = waiting.length ? Math.min(...waiting.map((x) => Date.parse(x.arrivedAt))) : null;
  return { today: figures(midnight), last30: figures(c - 30 * 60_000), waiting: { calls: waiting.length, longestWaitSec: oldest === null ? null : Math.round((c - oldest) / 1000) } };
}

/** The same from the raw tables, in plain SQL: calls, agent states and users, ticket timers. */
async function fromTables(c: number) {
  const db = server.database.db;
  const cNow = new Date(c);
  const calls = await db.selectFrom('calls').select(['ringing_at', 'answered_at', 'ended_at', 'direction']).where('ringing_at', '<', cNow).execute();
  const waiting = calls.filter((x) => x.direction === 'in' && x.answered_at === null && x.ended_at === null && new Date(x.ringing_at!).getTime() >= c - H);
  const states = await db
    .selectFrom('users as u')
    .leftJoin('agent_status as s', (j) => j.onRef('s.org_id', '=', 'u.org_id').onRef('s.agent_no', '=', 'u.agent_no'))
    .select(['u.agent_no', 's.state'])
    .where('u.agent_no', 'is not', null)
    .where('u.active', '=', true)
    .execute();
  const byState: Record<string, number> = {};
  for (const s of states) byState[s.state ?? 'offline'] = (byState[s.state ?? 'offline'] ?? 0) + 1;
  const timers = await db.selectFrom('ticket_timers').select(['ticket_id', 'status', 'due_at', 'warn_at', 'met_at']).execute();
  const overdue = new Set(timers.filter((t) => (t.status === 'running' && new Date(t.due_at).getTime() < c) || (t.status === 'breached' && !t.met_at)).map((t) => t.ticket_id));
  const dueSoon = new Set(timers.filter((t) => t.status === 'running' && t.warn_at && new Date(t.warn_at).getTime() <= c && new Date(t.due_at).getTime() > c).map((t) => t.ticket_id));
  return { waiting: waiting.length, byState, overdue: overdue.size, dueSoon: dueSoon.size };
}

describe('wallboard', () => {
  it('stays equal to the simulator and to SQL over the raw tables through a day of traffic', async () => {
    expect(traffic.calls.length).toBeGreaterThan(500);
    expect(traffic.calls.some((x) => x.outcome === 'abandoned' && x.waitMs < 5000)).toBe(true);
    // tickets registered in the morning: their time limits come due and pass during the day
    now = DAY + 7 * H;
    for (let i = 0; i < 3; i++) expect((await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, title: `望江路小区停水 ${i}` } })).status).toBe(201);
    let sent = 0;
    let nonEmptyQueue = 0;
    const ticketsSeen = { overdue: 0, dueSoon: 0 };
    for (let c = DAY + 7 * H; c <= DAY + 21 * H; c += H / 3) {
      // everything the switch knew by c
      const upTo = traffic.events.findIndex((e) => at(e) > c);
      const batch = traffic.events.slice(sent, upTo === -1 ? undefined : upTo);
      for (let i = 0; i < batch.length; i += 400) expect((await postEvents(server, token, batch.slice(i, i + 400))).status).toBe(200);
      sent += batch.length;
      now = c;
      const r = await server.request('/api/wallboard', { cookie: cookies.lead });
      expect(r.status).toBe(200);
      const board = r.body as WallboardDto;
      const want = expected(c);
      const raw = await fromTables(c);
      const label = new Date(c).toISOString();
      expect({ at: label, ...board.waiting, oldestRingingAt: undefined }).toEqual({ at: label, ...want.waiting, oldestRingingAt: undefined });
      expect(board.waiting.calls).toBe(raw.waiting);
      if (board.waiting.calls > 0) nonEmptyQueue += 1;
      for (const span of ['today', 'last30'] as const) {
        const { asaSec: _a, longestWaitSec: _l, ...got } = board[span];
        expect({ at: label, span, ...got }).toEqual({ at: label, span, ...want[span] });
      }
      const { signedIn, ...agentCounts } = board.agents;
      expect(Object.fromEntries(Object.entries(agentCounts).filter(([, n]) => n > 0))).toEqual(raw.byState);
      expect(signedIn).toBe(Object.entries(raw.byState).filter(([s]) => s !== 'offline').reduce((n, [, k]) => n + k, 0));
      expect(board.tickets).toEqual({ overdue: raw.overdue, dueSoon: raw.dueSoon });
      ticketsSeen.overdue += board.tickets.overdue;
      ticketsSeen.dueSoon += board.tickets.dueSoon;
    }
    expect(ticketsSeen.overdue).toBeGreaterThan(0);
    expect(ticketsSeen.dueSoon).toBeGreaterThan(0);
    expect(sent).toBe(traffic.events.length);
    // the day had queues, and the board saw them
    expect(nonEmptyQueue).toBeGreaterThan(0);
  }, 300_000);

  it('the colour thresholds are the organisation’s: defaults, saved by a manager (audited), refused when amber comes after red', async () => {
    const get = await server.request('/api/wallboard/settings', { cookie: cookies.lead });
    expect(get.body).toEqual({ thresholds: DEFAULT_WALLBOARD_THRESHOLDS, updatedAt: null });
    const thresholds = { ...DEFAULT_WALLBOARD_THRESHOLDS, waitingCalls: { warn: 2, alert: 4 } };
    const put = await server.request('/api/wallboard/settings', { method: 'PUT', cookie: cookies.manager, json: { thresholds } });
    expect(put.status).toBe(200);
    expect(((await server.request('/api/wallboard', { cookie: cookies.lead })).body as WallboardDto).thresholds).toEqual(thresholds);
    const bad = await server.request('/api/wallboard/settings', { method: 'PUT', cookie: cookies.manager, json: { thresholds: { ...thresholds, serviceLevel: { warn: 0.5, alert: 0.8 } } } });
    expect(bad.status).toBe(400);
    expect((await server.request('/api/wallboard/settings', { method: 'PUT', cookie: cookies.lead, json: { thresholds } })).status).toBe(403);
    expect((await server.request('/api/wallboard', { cookie: cookies.agent })).status).toBe(403);
    const audit = await server.database.db.selectFrom('audit_log').select(['action']).where('action', '=', 'wallboard.settings.update').execute();
    expect(audit).toHaveLength(1);
  });
});

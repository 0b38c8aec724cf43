import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CtiEvent } from '../../../shared/cti/events.js';
import { makeAgents, simulateTraffic } from '../../../shared/cti/simulate.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { loadPack } from '../standards/standards.loader.js';

/**
 * The intake's promise: duplicate and out-of-order events give the same final state. A simulated
 * stretch of traffic is sent once in order and once shuffled (every event, calls' and agents'),
 * partly duplicated and cut into batches at random points; after the jobs have run (callback
 * decisions, wrap-up timeouts), the calls, the agents' state logs and current states and the
 * callback tasks must be the same. Each variant gets its own connection, agent numbers and callers.
 */

let server: TestServer;
let admin = '';
let pack: Pack;
let variant = 0;

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  admin = await server.login('admin');
  pack = (await loadPack(fileURLToPath(new URL('../../../../standards/government-12345', import.meta.url)))).pack;
}, 60_000);
afterAll(async () => server?.close());

/** The traffic with this variant's agent numbers and callers, so variants do not share agents or callback tasks. */
function relabel(events: readonly CtiEvent[], tag: string): CtiEvent[] {
  const agent = (a: string) => `${tag}${a}`;
  return events.map((e) => {
    const x = { ...e } as Record<string, unknown>;
    if (typeof x['agentId'] === 'string') x['agentId'] = agent(x['agentId']);
    if (typeof x['from'] === 'string') x['from'] = `${tag}${x['from']}`;
    return x as CtiEvent;
  });
}

async function send(events: readonly CtiEvent[], batches: number[]): Promise<{ connectionId: string; tag: string }> {
  variant += 1;
  const tag = `9${String(variant).padStart(3, '0')}`;
  const conn = await createConnection(server, admin, `prop-${variant}`);
  const mine = relabel(events, tag);
  let i = 0;
  for (const size of batches) {
    if (i >= mine.length) break;
    const r = await postEvents(server, conn.token, mine.slice(i, i + size));
    expect(r.status).toBe(200);
    i += size;
  }
  if (i < mine.length) expect((await postEvents(server, conn.token, mine.slice(i))).status).toBe(200);
  await drainJobs(server.database.db);
  return { connectionId: conn.id, tag };
}

/** Everything the stream decided, with this variant's ids taken out. */
async function outcome({ connectionId, tag }: { connectionId: string; tag: string }) {
  const db = server.database.db;
  const untag = (v: string | null) => (v && v.startsWith(tag) ? v.slice(tag.length) : v);
  const calls = await db.selectFrom('calls').selectAll().where('connection_id', '=', connectionId).orderBy('external_id').execute();
  const extOf = new Map(calls.map((c) => [c.id, c.external_id]));
  const callRows = calls.map((c) => {
    const { id: _i, connection_id: _c, created_at: _ca, updated_at: _u, qa_transcript_id: _q, org_id: _o, agent_no, from_number, state, ...rest } = c;
    const s = state as Record<string, unknown>;
    return {
      ...rest,
      agent_no: untag(agent_no),
      from_number: untag(from_number),
      state: { ...s, from: untag(s['from'] as string | null), agentNo: untag(s['agentNo'] as string | null), ringAgentNo: untag(s['ringAgentNo'] as string | null), currentAgentNo: untag(s['currentAgentNo'] as string | null), transfers: (s['transfers'] as Array<{ agentNo: string | null }>).map((t) => ({ ...t, agentNo: untag(t.agentNo) })) },
    };
  });
  const log = (await db.selectFrom('agent_state_log').selectAll().where('agent_no', 'like', `${tag}%`).execute())
    .map((l) => ({ agent: untag(l.agent_no), state: l.state, reason: l.reason, source: l.source, call: l.call_id ? (extOf.get(l.call_id) ?? 'unknown') : null, from: new Date(l.started_at).getTime(), to: l.ended_at ? new Date(l.ended_at).getTime() : null, ms: l.duration_ms }))
    .sort((a, b) => (a.agent! < b.agent! ? -1 : a.agent! > b.agent! ? 1 : 0) || a.from - b.from || a.state.localeCompare(b.state));
  const current = (await db.selectFrom('agent_status').selectAll().where('agent_no', 'like', `${tag}%`).orderBy('agent_no').execute()).map((s) => ({
    agent: untag(s.agent_no),
    state: s.state,
    reason: s.reason,
    since: new Date(s.since).getTime(),
    call: s.call_id ? (extOf.get(s.call_id) ?? 'unknown') : null,
    source: s.source,
  }));
  const tasks = (await db.selectFrom('callback_tasks').selectAll().where('caller', 'like', `${tag}%`).orderBy('caller').execute()).map((t) => ({
    caller: untag(t.caller),
    status: t.status,
    reason: t.reason,
    due: new Date(t.due_at).getTime(),
    calls: t.call_ids.map((id) => extOf.get(id) ?? 'no such call').sort(),
  }));
  return { calls: callRows, log, current, tasks };
}

describe('CTI intake: the same state whatever the order', () => {
  it('any shuffle, duplication and batch split of a stream gives the calls, agent logs, current states and callback tasks of the in-order stream', async () => {
    const traffic = simulateTraffic(pack, {
      start: new Date(Date.now() - 3 * 3_600_000),
      durationMs: 20 * 60_000,
      ratePerSecond: 0.02,
      agents: makeAgents(3, 5001),
      seed: 14,
      transcripts: false,
      patienceMeanMs: 25_000,
      breakChance: 0.2,
    });
    // Traffic from a switch that reports agent states, and from one that does not (states then come from the calls and wrap-up timeouts).
    const withAgents = traffic.events;
    const callsOnly = traffic.events.filter((e) => e.type !== 'agent.state');
    expect(withAgents.length).toBeGreaterThan(60);
    expect(traffic.calls.some((c) => c.outcome === 'abandoned')).toBe(true);
    expect(traffic.calls.some((c) => c.transferredTo)).toBe(true);
    const reference = new Map<boolean, Awaited<ReturnType<typeof outcome>>>();
    for (const agents of [true, false]) {
      const ordered = await outcome(await send(agents ? withAgents : callsOnly, [withAgents.length]));
      expect(ordered.calls.length).toBe(traffic.calls.length);
      expect(ordered.log.length).toBeGreaterThan(traffic.calls.length);
      expect(ordered.tasks.length).toBeGreaterThan(0);
      // After-call work is measured for every answered call whose agent went to after-call work.
      expect(ordered.calls.filter((c) => c.answered_at && c.wrapup_ms === null)).toEqual([]);
      reference.set(agents, ordered);
    }

    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.nat(), { minLength: withAgents.length, maxLength: withAgents.length }),
        fc.array(fc.integer({ min: 0, max: withAgents.length - 1 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }),
        async (agents, ranks, dupes, batches) => {
          const stream = agents ? withAgents : callsOnly;
          // a permutation of the stream (by random rank), with some events sent twice
          const shuffled = stream.map((e, i) => ({ e, r: ranks[i]! })).sort((a, b) => a.r - b.r).map((x) => x.e);
          for (const d of dupes) if (d < stream.length) shuffled.splice((d * 7) % (shuffled.length + 1), 0, stream[d]!);
          expect(await outcome(await send(shuffled, batches))).toEqual(reference.get(agents));
        },
      ),
      { numRuns: 12, seed: 20261206, endOnFailure: true },
    );
  }, 600_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callEvents, createConnection, postEvents } from '../../../test/helpers/cti.js';
import { drainJobs } from '../../../test/helpers/jobs.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { roles, rolesSeeingPersonalData, type Role } from '../../shared/roles.js';
import { demoUsers } from '../demo.js';
import { liveTypes, messageFor } from '../ws/live.js';

/**
 * Callers' numbers on the live feed (/api/live) follow the same rule as the HTTP answers: the roles that may not
 * see personal data never receive a number in full — neither live nor when they resume with ?after= — whatever
 * field it is in (the caller of an inbound call, the person an agent calls back, a callback task, spoken digits).
 */
const INBOUND = '13911112222';
const OUTBOUND = '13733334444';
const MISSED = '13655556666';
const numbers = [INBOUND, OUTBOUND, MISSED];
const usernameOf = (role: Role) => demoUsers.find((u) => u.role === role)?.username ?? role;
const seesAll = (role: Role) => rolesSeeingPersonalData.includes(role);

let server: TestServer;
const cookies = {} as Record<Role, string>;
const sockets: WebSocket[] = [];

function listen(role: Role, after?: string): Promise<{ messages: string[] }> {
  const feed = { messages: [] as string[] };
  const url = `${server.baseUrl.replace('http', 'ws')}/api/live${after === undefined ? '' : `?after=${after}`}`;
  const socket = new WebSocket(url, { headers: { cookie: cookies[role] }, origin: server.baseUrl });
  sockets.push(socket);
  socket.on('message', (raw: Buffer) => void feed.messages.push(raw.toString('utf8')));
  return new Promise((resolve, reject) => {
    socket.on('message', () => resolve(feed)); // the hello: registered with the hub
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const role of roles) cookies[role] = await server.login(usernameOf(role));
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.terminate();
  await server?.close();
});

const leaksIn = (role: Role, messages: string[]) => messages.flatMap((m) => numbers.filter((n) => m.includes(n)).map((n) => `${role} got ${n}: ${m.slice(0, 200)}`));

describe('the live feed masks numbers per role, as HTTP does', () => {
  it('no role that may not see personal data receives a number in full, live or resuming; the others do', async () => {
    const feeds = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await listen(r)] as const))) as Record<Role, { messages: string[] }>;
    const { token } = await createConnection(server, cookies.admin, 'live-mask-pbx');
    const start = new Date(Date.now() - 5 * 60_000);
    const iso = (ms: number) => new Date(start.getTime() + ms).toISOString();
    const posted = [
      await postEvents(server, token, callEvents({ callId: 'live-in', from: INBOUND, start, agentNo: '1024' })),
      // an agent calls a caller back: the caller's number is the one called (`to`)
      await postEvents(server, token, [
        { eventId: 'live-out-0', callId: 'live-out', seq: 0, type: 'call.ringing', at: iso(60_000), direction: 'out', from: '12345', to: OUTBOUND, agentId: '1024' },
        { eventId: 'live-out-1', callId: 'live-out', seq: 1, type: 'call.answered', at: iso(65_000), agentId: '1024' },
        { eventId: 'live-out-2', callId: 'live-out', seq: 2, type: 'transcript.segment', at: iso(70_000), segment: { speaker: 'agent', start: 0, end: 3000, text: `您好，这里是12345热线，您留的号码是${OUTBOUND}吗？` } },
        { eventId: 'live-out-3', callId: 'live-out', seq: 3, type: 'call.ended', at: iso(90_000), endedBy: 'agent' },
      ]),
      // a missed call opens a callback task holding the caller's number
      await postEvents(server, token, callEvents({ callId: 'live-missed', from: MISSED, start: new Date(start.getTime() + 120_000), answered: false })),
    ];
    for (const p of posted) expect(p.status, JSON.stringify(p.body)).toBeLessThan(300);
    await drainJobs(server.database.db);
    // the probe works: a supervisor's board gets all three numbers (calls and the callback task)
    await expect.poll(() => numbers.filter((n) => feeds.admin.messages.some((m) => m.includes(n))).length, { timeout: 10_000 }).toBe(3);
    // and the agent of the calls gets their numbers (agents talk to the callers)
    await expect.poll(() => numbers.filter((n) => feeds.agent.messages.some((m) => m.includes(n))).length, { timeout: 10_000 }).toBe(3);

    const resumed = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await listen(r, '0')] as const))) as Record<Role, { messages: string[] }>;
    await expect.poll(() => resumed.lead.messages.some((m) => m.includes('"replayed"')), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => roles.every((r) => resumed[r].messages.some((m) => m.includes('"replayed"'))), { timeout: 10_000 }).toBe(true);

    const leaks: string[] = [];
    for (const role of roles) if (!seesAll(role)) leaks.push(...leaksIn(role, feeds[role].messages), ...leaksIn(role, resumed[role].messages));
    expect(leaks).toEqual([]);
    for (const role of ['admin', 'manager', 'lead'] as const) expect(numbers.filter((n) => resumed[role].messages.some((m) => m.includes(n))), role).toEqual(numbers);
  }, 60_000);

  it('what a message carries is masked for every live type and role, whichever field holds the number', () => {
    const payload = {
      callId: 'c1',
      direction: 'out',
      from: INBOUND,
      to: OUTBOUND,
      caller: MISSED,
      callerPhone: INBOUND,
      agentNo: '1024',
      transferAgentNo: '1024',
      segment: { speaker: 'customer', text: `我的号码是${INBOUND}，身份证110105194912310021` },
      text: `回拨${OUTBOUND}`,
      // a ticket change's: the reason typed with the action
      action: 'reply',
      reason: `已电话联系${INBOUND}`,
    };
    const leaks: string[] = [];
    let shown = 0;
    for (const type of liveTypes)
      for (const role of roles) {
        // a viewer the event is about (its agent), so that every type is visible to someone of every role; one who sees the ticket of a ticket change
        const m = messageFor({ id: '1', org: 'o', type, aggregateType: 'call', aggregateId: 'c1', at: new Date().toISOString(), payload }, { userId: 'u', role, agentNo: '1024' }, true);
        if (!m) continue;
        shown++;
        const text = JSON.stringify(m);
        if (!seesAll(role)) for (const n of [...numbers, '110105194912310021']) if (text.includes(n)) leaks.push(`${type} as ${role}: ${n}`);
      }
    expect(leaks).toEqual([]);
    expect(shown).toBeGreaterThan(liveTypes.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleHousekeeping } from '../../jobs/housekeeping.js';
import { createConnection, postEvents } from '../../../../test/helpers/cti.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { httpClient } from '../../../../test/helpers/server.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

/** Presence follows the person: signing out, or a session running out, makes an agent offline (离线). */
let server: TestServer;
let now = Date.parse('2026-12-01T09:00:00+08:00');
const H = 3_600_000;

beforeAll(async () => {
  server = await startTestServer({ demoPack: true, clock: () => new Date(now), env: { REXIAN_SESSION_HOURS: '8' } });
}, 60_000);
afterAll(async () => server?.close());

const stateOf = async (agentNo: string) => server.database.db.selectFrom('agent_status').select(['state', 'since', 'source']).where('agent_no', '=', agentNo).executeTakeFirst();
const setState = (cookie: string, state: string) => server.request('/api/agents/me/state', { method: 'PUT', cookie, json: { state } });

describe('presence', () => {
  it('signing out sets the agent offline and ends the wrap-up; not while signed in elsewhere', async () => {
    const first = await server.login('agent');
    const second = await server.login('agent');
    expect((await setState(first, 'wrap_up')).status).toBe(200);
    now += 60_000;
    // signed out in one browser, still in the other: still at work
    expect((await server.request('/api/auth/logout', { method: 'POST', cookie: first })).status).toBeLessThan(300);
    expect(await stateOf('1024')).toMatchObject({ state: 'wrap_up' });
    now += 60_000;
    expect((await server.request('/api/auth/logout', { method: 'POST', cookie: second })).status).toBeLessThan(300);
    expect(await stateOf('1024')).toMatchObject({ state: 'offline', source: 'workbench', since: new Date(now) });
    const log = await server.database.db.selectFrom('agent_state_log').select(['state', 'duration_ms']).where('agent_no', '=', '1024').orderBy('started_at').execute();
    expect(log.map((l) => l.state)).toEqual(['wrap_up', 'offline']);
    expect(Number(log[0]!.duration_ms)).toBe(120_000);
  });

  it('a session that runs out sets the agent offline from that instant, unless the switch reports the agent', async () => {
    const lead = await server.login('lead');
    expect((await setState(lead, 'available')).status).toBe(200);
    const signedInAt = now;
    // agent 7001 exists only at the switch, which reports it available
    const admin = httpClient(server.baseUrl);
    const adminCookie = await admin.login('admin');
    const { token } = await createConnection(server, adminCookie, 'presence-pbx');
    await postEvents(server, token, [{ eventId: 'p-1', type: 'agent.state', agentId: '7001', state: 'available', at: new Date(now).toISOString() }]);
    now += 9 * H; // past the 8-hour session
    await scheduleHousekeeping(server.database.db, new Date(now));
    await drainJobs(server.database.db, new Date(now));
    expect(await stateOf('2001')).toMatchObject({ state: 'offline', source: 'system', since: new Date(signedInAt + 8 * H) });
    expect(await stateOf('7001')).toMatchObject({ state: 'available', source: 'cti' });
  });
});

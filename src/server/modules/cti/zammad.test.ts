import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { createConnection } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

// The requests below are the ones Zammad's own request spec (spec/requests/integration/cti_spec.rb)
// sends to its generic CTI endpoint, so a PBX configured for Zammad works here unchanged.
let server: TestServer;
let admin = '';
let token = '';
let connectionId = '';

const settings = {
  blockedCallers: [{ callerId: '491715000000', note: 'some note' }],
  outbound: {
    routingTable: [
      { dest: '41*', callerId: '41715880339000' },
      { dest: '491714000000', callerId: '41715880339000' },
    ],
    defaultCallerId: '4930777000000',
  },
};

/** Posts like a PBX does: application/x-www-form-urlencoded, `user[]` repeated for several users. */
async function form(path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(Array.isArray(v) ? `${k}[]` : k, x);
  const res = await fetch(server.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const call = async (externalId: string) => server.database.db.selectFrom('calls').selectAll().where('external_id', '=', externalId).executeTakeFirst();

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  admin = await server.login('admin');
  ({ token, id: connectionId } = await createConnection(server, admin, 'zammad-pbx', 'zammad', settings));
}, 60_000);
afterAll(async () => server?.close());

describe('Zammad-compatible generic CTI', () => {
  it('answers 401 with an error for a wrong token', async () => {
    const r = await form('/api/cti/zammad/not_existing_token', { event: 'newCall', direction: 'in', from: '4912347114711', to: '4930600000000', call_id: '4991155921769858278-1', user: 'user 1' });
    expect(r).toEqual({ status: 401, body: { error: 'Invalid token, please contact your admin!' } });
  });

  it('takes a new inbound call with several users and answers {}', async () => {
    const r = await form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'in', from: '4912347114711', to: '4930600000000', call_id: '4991155921769858278-1', user: ['user+1', 'user+2'] });
    expect(r).toEqual({ status: 200, body: {} });
    expect(await call('4991155921769858278-1')).toMatchObject({ status: 'ringing', from_number: '4912347114711', direction: 'in', queue: '4930600000000' });
  });

  it('rejects a blocked caller as busy', async () => {
    const r = await form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'in', from: '491715000000', to: '4930600000000', call_id: '4991155921769858278-2', user: ['user+1', 'user+2'] });
    expect(r).toEqual({ status: 200, body: { action: 'reject', reason: 'busy' } });
  });

  it('sets the outbound caller id: default, exact number, wildcard', async () => {
    const out = (to: string, id: string) => form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'out', from: '4930600000000', to, call_id: id, user: 'user 1' });
    expect((await out('4912347114711', '8621106404543334274-3')).body).toEqual({ action: 'dial', number: '4912347114711', caller_id: '4930777000000' });
    expect((await out('491714000000', '8621106404543334274-4')).body).toEqual({ action: 'dial', number: '491714000000', caller_id: '41715880339000' });
    expect((await out('4147110000000', '8621106404543334274-5')).body).toEqual({ action: 'dial', number: '4147110000000', caller_id: '41715880339000' });
    expect(await call('8621106404543334274-3')).toMatchObject({ from_number: '4930777000000', direction: 'out' });
  });

  it('follows a call through answer and hangup, accepting callId or call_id and JSON bodies', async () => {
    const base = { direction: 'in', from: '4912347114711', to: '4930600000000' };
    expect((await form(`/api/cti/zammad/${token}`, { ...base, event: 'newCall', callId: '1234567890-3', user: 'user 1' })).status).toBe(200);
    const answer = await server.request(`/api/cti/zammad/${token}`, { method: 'POST', json: { ...base, event: 'answer', call_id: '1234567890-3', user: '李娜', answeringNumber: '1024' } });
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect((await form(`/api/cti/zammad/${token}`, { ...base, event: 'hangup', call_id: '1234567890-3', cause: 'normalClearing' })).body).toEqual({});
    expect(await call('1234567890-3')).toMatchObject({ status: 'ended', agent_no: '1024', ended_by: 'customer', cause: 'normalClearing', abandoned: false });
    // An answer after the hangup changes nothing.
    expect((await form(`/api/cti/zammad/${token}`, { ...base, event: 'answer', call_id: '1234567890-3' })).body).toEqual({});
    expect(await call('1234567890-3')).toMatchObject({ status: 'ended' });
    // The same event again is harmless.
    expect((await form(`/api/cti/zammad/${token}`, { ...base, event: 'hangup', call_id: '1234567890-3', cause: 'normalClearing' })).status).toBe(200);
  });

  it('treats a call taken by voicemail as missed, and a missed call becomes a callback task', async () => {
    const base = { direction: 'in', from: '4912347119999', to: '4930600000000', call_id: '1234567890-4' };
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'newCall', user: ['user 1', 'user 2'] });
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'answer', user: 'voicemail' });
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'hangup', cause: 'normalClearing' });
    expect(await call('1234567890-4')).toMatchObject({ status: 'ended', abandoned: true, answered_at: null });
    await drainJobs(server.database.db);
    const task = await server.database.db.selectFrom('callback_tasks').selectAll().where('caller', '=', '4912347119999').executeTakeFirst();
    expect(task?.status).toBe('open');
  });

  it('answers 422 for a wrong direction, an integration switched off, or a token of another kind', async () => {
    expect(await form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'sideways', from: '1', to: '2', call_id: 'x-1' })).toEqual({ status: 422, body: { error: 'Invalid direction!' } });
    const plain = await createConnection(server, admin, 'plain-webhook', 'events');
    expect((await form(`/api/cti/zammad/${plain.token}`, { event: 'newCall', direction: 'in', from: '1', to: '2', call_id: 'x-2' })).body).toEqual({ error: 'Feature not configured, please contact your admin!' });
    await server.request(`/api/cti/connections/${connectionId}/settings`, { method: 'PUT', cookie: admin, json: { settings: { ...settings, enabled: false } } });
    expect(await form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'in', from: '1', to: '2', call_id: 'x-3' })).toEqual({ status: 422, body: { error: 'Feature not configured, please contact your admin!' } });
    // settings emptied: the same answer, as an unconfigured Zammad gives
    expect((await server.request(`/api/cti/connections/${connectionId}/settings`, { method: 'PUT', cookie: admin, json: { settings: {} } })).status).toBe(200);
    expect(await form(`/api/cti/zammad/${token}`, { event: 'newCall', direction: 'in', from: '1', to: '2', call_id: 'x-4' })).toEqual({ status: 422, body: { error: 'Feature not configured, please contact your admin!' } });
    await server.request(`/api/cti/connections/${connectionId}/settings`, { method: 'PUT', cookie: admin, json: { settings } });
    expect(await call('x-3')).toBeUndefined();
    expect(await call('x-4')).toBeUndefined();
  });

  it('takes multipart/form-data bodies and parameters in the query string alone, as Zammad does', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ event: 'newCall', direction: 'in', from: '4912347110001', to: '4930600000000', call_id: 'mp-1' })) fd.append(k, v);
    fd.append('user[]', 'user 1');
    fd.append('user[]', 'user 2');
    const multipart = await fetch(`${server.baseUrl}/api/cti/zammad/${token}`, { method: 'POST', body: fd });
    expect({ status: multipart.status, body: await multipart.json() }).toEqual({ status: 200, body: {} });
    expect(await call('mp-1')).toMatchObject({ status: 'ringing', from_number: '4912347110001' });
    const query = new URLSearchParams({ event: 'answer', direction: 'in', from: '4912347110001', to: '4930600000000', call_id: 'mp-1', user: 'user 1', answeringNumber: '1024' });
    const bare = await fetch(`${server.baseUrl}/api/cti/zammad/${token}?${query}`, { method: 'POST' });
    expect({ status: bare.status, body: await bare.json() }).toEqual({ status: 200, body: {} });
    expect(await call('mp-1')).toMatchObject({ status: 'answered', agent_no: '1024' });
    // a file is not a CTI parameter
    const withFile = new FormData();
    withFile.append('event', 'hangup');
    withFile.append('upload', new Blob(['x']), 'x.txt');
    expect((await fetch(`${server.baseUrl}/api/cti/zammad/${token}`, { method: 'POST', body: withFile })).status).toBe(400);
    // the JSON API still refuses a form
    const json = await fetch(`${server.baseUrl}/api/cti/events`, { method: 'POST', body: fd, headers: { authorization: `Bearer ${token}` } });
    expect(json.status).toBe(415);
  });

  it('a second answer by another agent is a transfer; an outbound answer without user keeps the dialling agent', async () => {
    const base = { direction: 'in', from: '4912347110002', to: '4930600000000', call_id: 'tr-1' };
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'newCall', user: 'user 1' });
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'answer', answeringNumber: '1024' });
    expect((await form(`/api/cti/zammad/${token}`, { ...base, event: 'answer', answeringNumber: '2001' })).body).toEqual({});
    await form(`/api/cti/zammad/${token}`, { ...base, event: 'hangup', cause: 'normalClearing' });
    const transferred = (await call('tr-1'))!;
    expect(transferred).toMatchObject({ status: 'ended', agent_no: '1024' });
    expect((transferred.state as { transfers: Array<{ agentNo: string }>; currentAgentNo: string }).transfers.map((t) => t.agentNo)).toEqual(['2001']);
    // the agent who passed the call on went to after-call work at the transfer; the one who took it at the hangup
    const log = await server.database.db.selectFrom('agent_state_log').select(['agent_no', 'state']).where('call_id', '=', transferred.id).orderBy('started_at').orderBy('agent_no').execute();
    expect(log.map((l) => `${l.agent_no}:${l.state}`)).toEqual(['1024:on_call', '1024:wrap_up', '2001:on_call', '2001:wrap_up']);

    const out = { direction: 'out', from: '4930600000000', to: '4912347110003', call_id: 'out-1' };
    await form(`/api/cti/zammad/${token}`, { ...out, event: 'newCall', user: '1024' });
    await form(`/api/cti/zammad/${token}`, { ...out, event: 'answer' });
    expect(await call('out-1')).toMatchObject({ status: 'answered', agent_no: '1024' });
  });

  it('a hangup of a rejected blocked caller records nothing; an outbound cancel was the agent', async () => {
    const blocked = { direction: 'in', from: '491715000000', to: '4930600000000', call_id: 'bl-1' };
    expect((await form(`/api/cti/zammad/${token}`, { ...blocked, event: 'newCall' })).body).toEqual({ action: 'reject', reason: 'busy' });
    expect((await form(`/api/cti/zammad/${token}`, { ...blocked, event: 'hangup', cause: 'normalClearing' })).body).toEqual({});
    expect(await call('bl-1')).toBeUndefined();

    const out = { direction: 'out', from: '4930600000000', to: '4912347110004', call_id: 'out-2' };
    await form(`/api/cti/zammad/${token}`, { ...out, event: 'newCall', user: '1024' });
    await form(`/api/cti/zammad/${token}`, { ...out, event: 'hangup', cause: 'cancel' });
    expect(await call('out-2')).toMatchObject({ status: 'ended', ended_by: 'agent', cause: 'cancel', abandoned: false });
  });
});

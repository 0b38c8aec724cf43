import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents } from '../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { LiveHub, type LiveSocket } from './hub.js';

/**
 * The hub's delivery to one client is a queue (each send after the one before). A send that fails must not stop the
 * queue: the client's later events still arrive.
 */
let server: TestServer;
let hub: LiveHub;
beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  hub = new LiveHub(server.database, pino({ level: 'silent' }));
  await hub.start();
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await server?.close();
});

describe('live hub delivery', () => {
  it('goes on after a send to a client fails', async () => {
    const received: Array<{ type: string; data: Record<string, unknown> }> = [];
    let sends = 0;
    const socket: LiveSocket = {
      readyState: 1,
      OPEN: 1,
      send(data: string) {
        sends++;
        // the hello goes through; the first event's send breaks (a socket torn down mid-write)
        if (sends === 2) throw new Error('socket broke');
        received.push(JSON.parse(data) as { type: string; data: Record<string, unknown> });
      },
      close() {},
      on() {},
    };
    const org = await server.database.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow();
    await hub.add(socket, org.id, { userId: '00000000-0000-0000-0000-000000000000', role: 'lead', agentNo: null }, null);
    const { token } = await createConnection(server, await server.login('admin'), 'hub-test');
    const start = new Date(Date.now() - 60_000);
    for (const id of ['hub-1', 'hub-2']) expect((await postEvents(server, token, callEvents({ callId: id, start, transcript: false }))).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!received.some((m) => m.type === 'call.ended' && m.data['externalId'] === 'hub-2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sends).toBeGreaterThanOrEqual(3);
    // the first call's end was the send that broke; the second's arrives after it
    expect(received.filter((m) => m.type === 'call.ended').map((m) => m.data['externalId'])).toEqual(['hub-2']);
  });
});

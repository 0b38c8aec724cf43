import { z } from 'zod';
import type { App, AppDeps } from '../http/types.js';
import type { LiveHub } from './hub.js';

const HEARTBEAT_MS = 25_000;

/**
 * GET /api/live (WebSocket): the signed-in user's live feed. Messages are JSON
 * `{id, type, at, data}`; pass the last id you saw as `?after=` when reconnecting to get what
 * you missed. First message `{type:"hello"}`; after a replay `{type:"replayed"}`. A screen pop
 * may come first ahead of its committed event, with `data.provisional` and an id starting `pre-`
 * that is not a resume point; a live call's transcript segments are not stored and have ids starting
 * `live-`, never replayed (refetch the call after a reconnect; docs/calls.md).
 */
export async function liveRoutes(app: App, _deps: AppDeps, hub: LiveHub) {
  app.get(
    '/api/live',
    {
      websocket: true,
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary: 'WebSocket: screen pops, call and agent changes, callback tasks, SLA alerts and changes of the tickets the signed-in user may see; resume with ?after=<last numeric id> (a screen pop may come ahead of its commit, id pre-…)',
        querystring: z.object({ after: z.string().regex(/^\d{1,19}$/, 'must be the id of the last message you received').optional() }),
      },
    },
    (socket, request) => {
      const user = request.user!;
      const after = (request.query as { after?: string }).after ?? null;
      const beat = setInterval(() => socket.ping(), HEARTBEAT_MS);
      socket.on('close', () => clearInterval(beat));
      socket.on('message', () => {});
      void hub.add(socket, user.orgId, { userId: user.id, role: user.role, agentNo: user.agentNo }, after);
    },
  );
}

import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { exportCalls } from '../exports/calls.export.js';
import { langQuery, languageOf } from '../exports/exports.js';
import * as agents from '../agents/agents.service.js';
import * as callbacks from './callbacks.service.js';
import {
  agentNoParam,
  agentStateSchema,
  boardSchema,
  callbackAttemptBody,
  callbackIdParam,
  callbackListQuery,
  callbackListSchema,
  callbackSchema,
  callDetailSchema,
  callListQuery,
  callListSchema,
  createQueueBody,
  idParam,
  membersBody,
  queueIdParam,
  queueListSchema,
  queueSchema,
  screenPopSchema,
  setStateBody,
  stateLogSchema,
} from './calls.schema.js';
import { getCall, listCalls, screenPop } from './calls.service.js';

const callViewers = ['admin', 'manager', 'lead', 'agent', 'inspector'] as const;
const hotline = ['admin', 'manager', 'lead', 'agent'] as const;
const supervisors = ['admin', 'manager', 'lead'] as const;
const admins = ['admin', 'manager'] as const;

export async function callsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/calls',
    { config: { access: callViewers }, schema: { tags: ['calls'], summary: 'Calls, newest first, with filters', querystring: callListQuery, response: { 200: callListSchema } } },
    async (request) => listCalls(ctxOf(deps, request), request.query),
  );
  app.get(
    '/api/calls/export.xlsx',
    {
      config: { access: callViewers, permission: 'export' },
      schema: {
        tags: ['calls'],
        summary: 'The filtered call list as an Excel file, streamed; bulk export is a permission of its own (admin and manager unless the organisation grants it to others, PUT /api/permissions/export) and is audited',
        description: "Times in the organisation's time zone (its calendar's), labels in `lang`, else Accept-Language. Up to 100,000 rows: above that 422 EXPORT_TOO_LARGE says how many rows match (no silent cut).",
        querystring: callListQuery.omit({ limit: true, offset: true }).extend({ lang: langQuery }),
      },
    },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      return exportCalls(ctxOf(deps, request), q, languageOf(lang, request.headers), reply);
    },
  );
  app.get(
    '/api/calls/:id',
    { config: { access: callViewers }, schema: { tags: ['calls'], summary: 'One call: figures, timeline of events, transcript and QA result', params: idParam, response: { 200: callDetailSchema } } },
    async (request) => getCall(ctxOf(deps, request), request.params.id),
  );
  app.get(
    '/api/calls/:id/pop',
    { config: { access: hotline }, schema: { tags: ['calls'], summary: "Screen pop: the caller's previous calls, tickets with their next deadline, satisfaction history", params: idParam, response: { 200: screenPopSchema } } },
    async (request) => screenPop(ctxOf(deps, request), request.params.id),
  );

  app.get(
    '/api/agents/me/state',
    { config: { access: 'authenticated' }, schema: { tags: ['agents'], summary: 'My agent state (offline when I have no agent number)', response: { 200: agentStateSchema } } },
    async (request) => {
      const ctx = ctxOf(deps, request);
      const agentNo = request.user!.agentNo;
      return agentNo ? agents.getState(ctx.db, ctx.orgId, agentNo) : { agentNo: '', state: 'offline' as const, reason: null, since: null, callId: null };
    },
  );
  app.put(
    '/api/agents/me/state',
    { config: { access: hotline }, schema: { tags: ['agents'], summary: 'Set my state: 示闲 available, 示忙 busy, 小休 break (with a reason), 话后 wrap_up, training, offline', body: setStateBody, response: { 200: agentStateSchema } } },
    async (request) => agents.setOwnState(ctxOf(deps, request), request.user!.agentNo, request.body),
  );
  app.get(
    '/api/agents/board',
    { config: { access: supervisors }, schema: { tags: ['agents'], summary: 'Team board: every agent, state, since when, call and queues', response: { 200: boardSchema } } },
    async (request) => agents.board(ctxOf(deps, request)),
  );
  app.get(
    '/api/agents/:agentNo/states',
    { config: { access: supervisors }, schema: { tags: ['agents'], summary: "An agent's state changes with durations, newest first", params: agentNoParam, response: { 200: stateLogSchema } } },
    async (request) => agents.stateLog(ctxOf(deps, request), request.params.agentNo, 200),
  );

  app.get('/api/queues', { config: { access: supervisors }, schema: { tags: ['agents'], summary: 'Queues (skill groups) and their members', response: { 200: queueListSchema } } }, async (request) =>
    agents.listQueues(ctxOf(deps, request)),
  );
  app.post(
    '/api/queues',
    { config: { access: admins }, schema: { tags: ['agents'], summary: 'Create a queue (skill group); code is the name the switch uses', body: createQueueBody, response: { 201: queueSchema } } },
    async (request, reply) => reply.status(201).send(await agents.createQueue(ctxOf(deps, request), request.body)),
  );
  app.put(
    '/api/queues/:id/members',
    { config: { access: admins }, schema: { tags: ['agents'], summary: "Replace a queue's members", params: queueIdParam, body: membersBody, response: { 200: queueSchema } } },
    async (request) => agents.setMembers(ctxOf(deps, request), request.params.id, request.body.members),
  );

  app.get(
    '/api/callbacks',
    { config: { access: hotline }, schema: { tags: ['calls'], summary: 'Callback tasks (回拨) for missed and night calls; open ones: night first, then by due time', querystring: callbackListQuery, response: { 200: callbackListSchema } } },
    async (request) => callbacks.listCallbacks(ctxOf(deps, request), request.query),
  );
  app.post(
    '/api/callbacks/:id/attempts',
    { config: { access: hotline }, schema: { tags: ['calls'], summary: 'Record a callback attempt; reached / wrong number / not needed closes the task', params: callbackIdParam, body: callbackAttemptBody, response: { 200: callbackSchema } } },
    async (request) => callbacks.recordAttempt(ctxOf(deps, request), request.params.id, request.body),
  );
}

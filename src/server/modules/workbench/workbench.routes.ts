import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import * as workbench from './workbench.service.js';
import {
  callEventBody,
  callIdParam,
  callResult,
  currentSchema,
  manualCallBody,
  manualCallCreated,
  reportBody,
  reportResult,
  wrapUpBody,
  wrapUpResult,
  wrapUpSchema,
} from './workbench.schema.js';

/** Roles that take calls; the endpoints that act on a call also need the user's agent number (工号). */
const hotline = ['admin', 'manager', 'lead', 'agent'] as const;
/** Who reads wrap-ups: as the call detail (agents their own calls). */
const callViewers = ['admin', 'manager', 'lead', 'agent', 'inspector'] as const;
const tags = ['workbench'];
const needsAgentNo = '422 AGENT_NO_MISSING without an agent number (工号).';

export async function workbenchRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/workbench/calls',
    {
      config: { access: hotline },
      schema: {
        tags,
        summary: 'Register a call by hand (手工来电登记) on a line without CTI',
        description: `The call is answered by me now: the call record, my state (on_call) and the screen pop come as for a switch's call. 409 AGENT_ON_CALL when I am on a call. ${needsAgentNo}`,
        body: manualCallBody,
        response: { 201: manualCallCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await workbench.startManualCall(ctxOf(deps, request), request.user!.agentNo, request.body)),
  );
  app.post(
    '/api/workbench/calls/:id/events',
    {
      config: { access: hotline },
      schema: {
        tags,
        summary: 'Hold, resume or end a call registered by hand',
        description: `Only for my manual calls: 409 CALL_NOT_MANUAL for a switch's call, 403 CALL_NOT_YOURS, 409 CALL_BAD_EVENT for a hold on hold, a resume without hold or anything after the end. ${needsAgentNo}`,
        params: callIdParam,
        body: callEventBody,
        response: { 200: callResult },
      },
    },
    async (request) => workbench.manualCallEvent(ctxOf(deps, request), request.user!.agentNo, request.params.id, request.body),
  );
  app.post(
    '/api/workbench/calls/:id/wrap-up',
    {
      config: { access: hotline },
      schema: {
        tags,
        summary: 'Wrap up a call (话后整理): ticket, summary, recap, then available again',
        description:
          'One transaction: the ticket linked to the call (ticket, resolved; resolved closes it on the call), the wrap-up, and my state back to available when ready. ' +
          `403 CALL_NOT_YOURS, 409 CALL_STILL_ACTIVE, 409 CALL_ALREADY_WRAPPED_UP, 400 WRAPUP_UNKNOWN_SCENARIO / WRAPUP_UNKNOWN_CUSTOMER_TYPE; the ticket's own errors (422 TICKET_INVALID) store nothing. ${needsAgentNo}`,
        params: callIdParam,
        body: wrapUpBody,
        response: { 201: wrapUpResult },
      },
    },
    async (request, reply) => reply.status(201).send(await workbench.wrapUp(ctxOf(deps, request), request.user!.agentNo, request.params.id, request.body)),
  );
  app.get(
    '/api/workbench/calls/:id/wrap-up',
    {
      config: { access: callViewers },
      schema: { tags, summary: "A call's wrap-up", description: 'Agents see their own calls’ wrap-ups; 404 WRAPUP_NOT_FOUND otherwise or before the wrap-up.', params: callIdParam, response: { 200: wrapUpSchema } },
    },
    async (request) => workbench.getWrapUp(ctxOf(deps, request), request.user!.agentNo, request.params.id),
  );
  app.get(
    '/api/workbench/current',
    {
      config: { access: hotline },
      schema: {
        tags,
        summary: 'The call I am working on (to restore the workbench after a reload)',
        description:
          'The call of my on_call / wrap_up state, else my latest answered call that ended in the last 2 hours without a wrap-up, else null; with its wrap-up if any and my state. Without an agent number: no call and offline.',
        response: { 200: currentSchema },
      },
    },
    async (request) => workbench.current(ctxOf(deps, request), request.user!.agentNo),
  );
  app.post(
    '/api/workbench/calls/:id/report',
    {
      config: { access: hotline },
      schema: {
        tags,
        summary: 'Report an abusive or harassing caller to the team leads (骚扰/辱骂来电上报)',
        description: `Every team lead and manager gets a notification (kind call.reported, the caller's number masked) and a live message. My own calls only (403 CALL_NOT_YOURS). ${needsAgentNo}`,
        params: callIdParam,
        body: reportBody,
        response: { 201: reportResult },
      },
    },
    async (request, reply) => reply.status(201).send(await workbench.reportCall(ctxOf(deps, request), request.user!.agentNo, request.params.id, request.body)),
  );
}

import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { roles } from '../../../shared/roles.js';
import { ctxOf } from '../../http/context.js';
import { fail } from '../../http/errors.js';
import type { App, AppDeps } from '../../http/types.js';
import { callerTextsSchema, inboundParams, inboundResultSchema, inboundTextBody, optOutBody, optOutListSchema, optOutParam, optOutSchema } from './texts.schema.js';
import { addOptOut, listCallerTexts, listOptOuts, receiveInboundText, removeOptOut } from './texts.service.js';

const params = z.object({ id: z.uuid({ message: 'id: expected a ticket id' }) });
const hotline = ['admin', 'manager', 'lead', 'agent'] as const;
const tags = ['tickets'];

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function ticketTextsRoutes(app: App, deps: AppDeps) {
  // who reads the ticket reads what was texted about it (the number masked as on the ticket)
  app.get(
    '/api/tickets/:id/texts',
    {
      config: { access: roles },
      schema: { tags, summary: 'Texts (SMS) to the caller about the ticket: acceptance, progress, reply; what was sent, when, and what was skipped', params, response: { 200: callerTextsSchema } },
    },
    async (request) => listCallerTexts(ctxOf(deps, request), request.params.id),
  );

  // 退订: the hotline's list of numbers that declined texts (the roles that see callers' numbers)
  app.get(
    '/api/caller-texts/opt-outs',
    { config: { access: hotline }, schema: { tags, summary: 'Numbers that declined the hotline’s texts (退订), newest first', response: { 200: optOutListSchema } } },
    async (request) => listOptOuts(ctxOf(deps, request)),
  );

  app.post(
    '/api/caller-texts/opt-outs',
    { config: { access: hotline }, schema: { tags, summary: 'Add a number that declines texts: no text goes to it any more, whatever the ticket', body: optOutBody, response: { 201: optOutSchema } } },
    async (request, reply) => reply.status(201).send(await addOptOut(ctxOf(deps, request), request.body)),
  );

  app.delete(
    '/api/caller-texts/opt-outs/:phone',
    { config: { access: ['admin', 'manager', 'lead'] }, schema: { tags, summary: 'Take a number off the list (the caller wants texts again)', params: optOutParam } },
    async (request, reply) => {
      await removeOptOut(ctxOf(deps, request), request.params.phone);
      return reply.status(204).send();
    },
  );

  // the SMS gateway posts the texts callers send back; TD and its like put the number on the list
  app.post(
    '/api/sms/inbound/:org',
    {
      config: { access: 'token' },
      schema: {
        tags,
        summary: 'A text a caller sent back (from the SMS gateway, Authorization: Bearer REXIAN_SMS_INBOUND_TOKEN); TD, T, N, 退订 or 取消 declines the hotline’s texts',
        params: inboundParams,
        body: inboundTextBody,
        response: { 200: inboundResultSchema },
      },
      // the token first: a caller without it learns nothing, not even what the body should be
      preValidation: async (request) => {
        const expected = deps.config.notify.sms.inboundToken;
        const given = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
        if (!expected || !given || !sameToken(given, expected)) fail('SMS_INBOUND_TOKEN_INVALID', 'expected Authorization: Bearer <REXIAN_SMS_INBOUND_TOKEN>');
      },
    },
    async (request) => receiveInboundText(deps.database.db, deps.clock(), request.params.org, request.body),
  );
}

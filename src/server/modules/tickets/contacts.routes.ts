import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { commitmentStatsQuery, commitmentStatsSchema } from './commitments.schema.js';
import { commitmentStats } from './commitments.service.js';
import { contactsSchema, logContactBody } from './contacts.schema.js';
import { listTicketContacts, logTicketContact } from './contacts.service.js';

const params = z.object({ id: z.uuid({ message: 'id: expected a ticket id' }) });

export async function ticketContactsRoutes(app: App, deps: AppDeps) {
  // reports: how first contacts and repair arrivals were kept over a period
  app.get(
    '/api/tickets/commitment-stats',
    {
      config: { access: ['admin', 'manager', 'lead'] },
      schema: { tags: ['tickets'], summary: 'First contact and repair arrival of the tickets taken in a period: met in time, late, missed, open', querystring: commitmentStatsQuery, response: { 200: commitmentStatsSchema } },
    },
    async (request) => commitmentStats(ctxOf(deps, request), request.query),
  );

  app.get(
    '/api/tickets/:id/contacts',
    {
      config: { access: ['admin', 'manager', 'lead', 'agent', 'department'] },
      schema: { tags: ['tickets'], summary: 'Contacts with the caller logged on the ticket, and its first-contact limit (met, missed)', params, response: { 200: contactsSchema } },
    },
    async (request) => listTicketContacts(ctxOf(deps, request), request.params.id),
  );

  // The hotline calls back; the department handling the matter may contact the caller too.
  app.post(
    '/api/tickets/:id/contacts',
    {
      config: { access: ['admin', 'manager', 'lead', 'agent', 'department'] },
      schema: {
        tags: ['tickets'],
        summary: 'Log a contact with the caller (登记联系); one that reached them meets the first-contact limit',
        params,
        body: logContactBody,
        response: { 201: contactsSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await logTicketContact(ctxOf(deps, request), request.params.id, request.body)),
  );
}

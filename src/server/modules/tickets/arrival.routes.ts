import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { arrivalSchema } from './arrival.schema.js';
import { getArrival, recordArrival } from './arrival.service.js';

const params = z.object({ id: z.uuid({ message: 'id: expected a ticket id' }) });
const staff = ['admin', 'manager', 'lead', 'agent', 'department'] as const;

export async function ticketArrivalRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/tickets/:id/arrival',
    {
      config: { access: [...staff, 'inspector'] },
      schema: { tags: ['tickets'], summary: 'The repair crew’s arrival limit (到达现场, 95598) and whether it was kept', params, response: { 200: arrivalSchema } },
    },
    async (request) => getArrival(ctxOf(deps, request), request.params.id),
  );

  app.post(
    '/api/tickets/:id/arrival',
    {
      config: { access: [...staff] },
      schema: { tags: ['tickets'], summary: 'Record that the repair crew is on site (记录到达); once', params, response: { 200: arrivalSchema } },
    },
    async (request) => recordArrival(ctxOf(deps, request), request.params.id),
  );
}

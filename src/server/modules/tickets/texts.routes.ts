import { z } from 'zod';
import { roles } from '../../../shared/roles.js';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { callerTextsSchema } from './texts.schema.js';
import { listCallerTexts } from './texts.service.js';

const params = z.object({ id: z.uuid({ message: 'id: expected a ticket id' }) });

export async function ticketTextsRoutes(app: App, deps: AppDeps) {
  // who reads the ticket reads what was texted about it (the number masked as on the ticket)
  app.get(
    '/api/tickets/:id/texts',
    {
      config: { access: roles },
      schema: { tags: ['tickets'], summary: 'Texts (SMS) to the caller about the ticket: acceptance, progress, reply; what was sent, when, and what was skipped', params, response: { 200: callerTextsSchema } },
    },
    async (request) => listCallerTexts(ctxOf(deps, request), request.params.id),
  );
}

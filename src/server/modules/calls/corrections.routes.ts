import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { markWrongAnswer } from './corrections.service.js';
import { correctionBody as body, correctionResultSchema } from './calls.schema.js';

const params = z.object({ id: z.uuid({ message: 'id: expected a call id' }) });

export async function correctionsRoutes(app: App, deps: AppDeps) {
  // 差错更正: those who supervise calls mark an answer wrong (on the call's page or in QA review).
  app.post(
    '/api/calls/:id/correction',
    {
      config: { access: ['admin', 'manager', 'lead', 'inspector'] },
      schema: {
        tags: ['calls'],
        summary: 'An answer given on this call was wrong: open a callback task (reason correction) due within the pack’s callRules.correction.within',
        params,
        body,
        response: { 201: correctionResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await markWrongAnswer(ctxOf(deps, request), { callId: request.params.id }, request.body)),
  );

  // the same from the call's QA scorecard, which knows the QA result (transcript) id
  app.post(
    '/api/qa/results/:id/correction',
    {
      config: { access: ['admin', 'manager', 'lead', 'inspector'] },
      schema: {
        tags: ['qa'],
        summary: 'An answer given on the call of this QA result was wrong: open a correction callback task, as POST /api/calls/:id/correction',
        params: z.object({ id: z.uuid({ message: 'id: expected a QA result id' }) }),
        body,
        response: { 201: correctionResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await markWrongAnswer(ctxOf(deps, request), { transcriptId: request.params.id }, request.body)),
  );
}

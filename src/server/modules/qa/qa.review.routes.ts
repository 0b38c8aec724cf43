import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { addManualFinding, decideAppeal, fileAppeal, listAppeals, reviewFinding, type ReviewCtx } from './qa.review.service.js';
import {
  appealBody,
  appealListResponse,
  appealParams,
  appealQuery,
  appealResponse,
  decisionBody,
  decisionResponse,
  effectiveResponse,
  findingParams,
  manualFindingBody,
  manualFindingResponse,
  reviewBody,
  transcriptParams,
} from './qa.review.schema.js';

/** Who reviews findings (复核) and adds findings of their own. */
const reviewers = ['inspector', 'lead', 'manager', 'admin'] as const;
/** Who decides appeals. */
const deciders = ['inspector', 'lead'] as const;
/** Who takes calls and so may appeal findings on their own (checked against the call's 工号). */
const appellants = ['agent', 'lead'] as const;
const viewers = ['admin', 'manager', 'lead', 'inspector', 'agent'] as const;
const tags = ['qa'];

export async function qaReviewRoutes(app: App, deps: AppDeps) {
  const scoped = (request: Parameters<typeof ctxOf>[1]): ReviewCtx => ({ ...ctxOf(deps, request), agentNo: request.user?.agentNo ?? null });

  app.post(
    '/api/qa/results/:id/findings/:findingId/review',
    {
      config: { access: reviewers },
      schema: {
        tags,
        summary: 'Confirm or overturn a finding (复核); the effective score is recomputed',
        description: 'Not on one’s own call; not once the finding has been appealed (the appeal is decided instead). 409 QA_APPEAL_PENDING / QA_APPEAL_DECIDED, 403 QA_OWN_CALL.',
        params: findingParams,
        body: reviewBody,
        response: { 200: effectiveResponse },
      },
    },
    async (request) => reviewFinding(scoped(request), request.params.id, request.params.findingId, request.body),
  );

  app.post(
    '/api/qa/results/:id/findings',
    {
      config: { access: reviewers },
      schema: {
        tags,
        summary: 'Add a finding the machine missed (a check of the call’s pack, with a note)',
        params: transcriptParams,
        body: manualFindingBody,
        response: { 201: manualFindingResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await addManualFinding(scoped(request), request.params.id, request.body)),
  );

  app.post(
    '/api/qa/results/:id/findings/:findingId/appeal',
    {
      config: { access: appellants },
      schema: {
        tags,
        summary: 'Appeal a finding on one’s own call (申诉): once per finding, within the appeal window',
        description: '403 on another agent’s call; 409 QA_APPEAL_EXISTS (second appeal), QA_APPEAL_WINDOW_CLOSED, QA_FINDING_OVERTURNED.',
        params: findingParams,
        body: appealBody,
        response: { 201: appealResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await fileAppeal(scoped(request), request.params.id, request.params.findingId, request.body)),
  );

  app.post(
    '/api/qa/appeals/:id/decision',
    {
      config: { access: deciders },
      schema: {
        tags,
        summary: 'Decide a pending appeal: accept (the finding is overturned) or reject (the finding stands)',
        description: '409 QA_APPEAL_NOT_PENDING when it has been decided; 403 QA_OWN_CALL on one’s own call.',
        params: appealParams,
        body: decisionBody,
        response: { 200: decisionResponse },
      },
    },
    async (request) => decideAppeal(scoped(request), request.params.id, request.body),
  );

  app.get(
    '/api/qa/appeals',
    {
      config: { access: viewers },
      schema: {
        tags,
        summary: 'Appeals: pending first (oldest first), then decided; an agent sees the appeals on their own calls',
        querystring: appealQuery,
        response: { 200: appealListResponse },
      },
    },
    async (request) => {
      const { rows, total } = await listAppeals(scoped(request), request.query);
      return {
        items: rows.map((a) => ({
          id: a.id,
          status: a.status,
          reason: a.reason,
          filedAt: new Date(a.created_at).toISOString(),
          appellant: a.appellant_name,
          decidedBy: a.decider_name,
          decisionNote: a.decision_note,
          decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
          transcriptId: a.transcript_id,
          callId: a.external_id,
          agentNo: a.agent_no,
          agentName: a.agent_name,
          findingId: String(a.finding_id),
          check: a.check_id,
          at: a.at_ms,
          evidence: a.evidence,
        })),
        total,
      };
    },
  );
}

import { z } from 'zod';
import { fail } from '../../http/errors.js';
import { bearerToken, ctxOf } from '../../http/context.js';
import { authenticate } from '../cti/cti.service.js';
import { langQuery, languageOf } from '../exports/exports.js';
import { exportQaResults } from '../exports/qa.export.js';
import type { App, AppDeps } from '../../http/types.js';
import { qaReviewRoutes } from './qa.review.routes.js';
import { scorecardResponse, transcriptParams } from './qa.review.schema.js';
import { calibrationResponse, resultListResponse, resultQuery, submitResponse, teamsResponse, trendQuery, trendResponse, type ResultQuery } from './qa.schema.js';
import { calibration, inspectorAgreement } from './qa.calibration.service.js';
import { dailyScores, getScorecard, listResults, listTeams, recheckSince, scopeFilter, submitTranscripts, teamIdOf, type ResultListRow } from './qa.service.js';

const viewers = ['admin', 'manager', 'lead', 'inspector', 'agent'] as const;
const submitters = ['admin', 'manager', 'inspector'] as const;
const tags = ['qa'];

const toFilter = (q: ResultQuery, teamId: string | undefined) => ({
  agentNo: q.agent,
  teamId,
  check: q.check,
  minScore: q.minScore,
  maxScore: q.maxScore,
  fatal: q.fatal,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
  q: q.q,
  review: q.review,
});

const toRow = (r: ResultListRow) => ({
  id: r.id,
  callId: r.external_id,
  agentNo: r.agent_no,
  agentName: r.agent_name,
  startedAt: new Date(r.started_at).toISOString(),
  score: r.score ?? null,
  fatal: r.fatal ?? null,
  checks: r.checks ?? [],
  checkedAt: r.checked_at ? new Date(r.checked_at).toISOString() : null,
  effectiveScore: r.effective_score ?? null,
  effectiveFatal: r.effective_fatal ?? null,
  reviewed: r.reviewed ?? false,
  pendingAppeals: r.pending_appeals,
});

export async function qaRoutes(app: App, deps: AppDeps) {
  const scoped = (request: Parameters<typeof ctxOf>[1]) => ({ ...ctxOf(deps, request), agentNo: request.user?.agentNo ?? null });

  app.post(
    '/api/qa/transcripts',
    {
      config: { access: submitters, integrationToken: true },
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Submit call transcripts for QA (one, or a batch of up to 5,000)',
        description:
          'The format is the rexian transcript of docs/qa-rules.md. Each transcript is validated on its own; invalid ones are reported with their index and reason and do not stop the others. Accepted ones are stored and checked by the worker.\n\n' +
          'Integrations (a recording or speech-to-text system) send `Authorization: Bearer <token>` of one of the organisation\'s CTI connections and may bring calls rexian never saw. A signed-in person (admin, manager, inspector) may file transcripts only of real calls of the organisation: each transcript\'s `id` must be a call\'s id from the switch and its `agent.id` the agent who answered it, otherwise 422 QA_CALL_UNKNOWN and nothing is stored.',
        security: [{ session: [] }, { ctiToken: [] }],
        body: z.union([z.array(z.unknown()).min(1).max(5000), z.record(z.string(), z.unknown())]),
        response: { 202: submitResponse },
      },
    },
    async (request, reply) => {
      const items = Array.isArray(request.body) ? request.body : [request.body];
      if (request.user) return reply.status(202).send(await submitTranscripts(ctxOf(deps, request), items, 'api', { realCallsOnly: true }));
      // no session: the app let the request through for its Bearer token, which must be a live CTI connection's
      const conn = await authenticate(deps.database.db, bearerToken(request.headers.authorization));
      const ctx = { db: deps.database.db, orgId: conn.org_id, actor: { id: null, name: `cti:${conn.name}`, role: 'system' as const }, requestId: request.id, ip: request.ip, now: deps.clock };
      return reply.status(202).send(await submitTranscripts(ctx, items, 'api'));
    },
  );

  app.get(
    '/api/qa/results',
    { config: { access: viewers }, schema: { tags, summary: 'QA results, newest calls first, with filters', querystring: resultQuery, response: { 200: resultListResponse } } },
    async (request) => {
      const ctx = scoped(request);
      const q = request.query;
      const f = scopeFilter(ctx, toFilter(q, await teamIdOf(ctx, q.team)));
      const { rows, total } = await listResults(ctx, f, { limit: q.limit, offset: q.offset });
      return { items: rows.map(toRow), total };
    },
  );

  app.get(
    '/api/qa/results.xlsx',
    {
      config: { access: viewers },
      schema: {
        tags,
        summary: 'The same list as an Excel file, streamed',
        description: "Times in the organisation's time zone (its calendar's), labels in `lang`, else Accept-Language. Up to 100,000 rows: above that 422 EXPORT_TOO_LARGE says how many rows match (no silent cut).",
        querystring: resultQuery.extend({ lang: langQuery }),
      },
    },
    async (request, reply) => {
      const ctx = scoped(request);
      const { lang, ...q } = request.query;
      const f = scopeFilter(ctx, toFilter(q, await teamIdOf(ctx, q.team)));
      return exportQaResults(ctx, f, q, languageOf(lang, request.headers), reply);
    },
  );

  app.get(
    '/api/qa/results/:id',
    {
      config: { access: viewers },
      schema: {
        tags,
        summary: 'Scorecard of one call: transcript, machine and effective score, every finding with its evidence, review and appeal',
        params: transcriptParams,
        response: { 200: scorecardResponse },
      },
    },
    async (request) => getScorecard(scoped(request), request.params.id),
  );

  app.get(
    '/api/qa/trend',
    {
      config: { access: viewers },
      schema: {
        tags,
        summary: 'Average score per agent per day (the list’s agent and team filters apply)',
        querystring: trendQuery,
        response: { 200: trendResponse },
      },
    },
    async (request) => {
      const ctx = scoped(request);
      const f = scopeFilter(ctx, { agentNo: request.query.agent, teamId: await teamIdOf(ctx, request.query.team) });
      const from = new Date(deps.clock().getTime() - request.query.days * 86_400_000);
      const rows = await dailyScores(ctx, { ...f, from });
      return { items: rows.map((r) => ({ day: r.day, agentNo: r.agent_no, avgScore: r.avg_score, calls: r.calls, fatal: r.fatal })) };
    },
  );

  app.get(
    '/api/qa/teams',
    {
      config: { access: viewers },
      schema: {
        tags,
        summary: '班组 (teams) for the QA list’s team filter: the queues (skill groups), code and name',
        description: 'Pass a code as `team` to GET /api/qa/results, results.xlsx or trend. Members are not listed here (GET /api/queues, for supervisors, has them).',
        response: { 200: teamsResponse },
      },
    },
    async (request) => ({ items: await listTeams(ctxOf(deps, request)) }),
  );

  app.get(
    '/api/qa/calibration',
    {
      config: { access: ['admin', 'manager', 'lead', 'inspector'] },
      schema: {
        tags,
        summary: 'Calibration (规则校准): per check, how often people overturn its machine findings',
        description:
          'Counts the machine findings of each check, how many a person reviewed (confirmed or overturned, appeal decisions included) and how many were overturned. A check whose findings are often overturned misfires: its owners should look at its phrases or thresholds in the standard pack.',
        response: { 200: calibrationResponse },
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      return { items: await calibration(ctx), inspectors: await inspectorAgreement(ctx) };
    },
  );

  app.post(
    '/api/qa/recheck',
    {
      config: { access: ['admin', 'manager', 'inspector'] },
      schema: {
        tags,
        summary: 'Check again every call since a date (after the standard changed)',
        description: 'Findings found again (same check, utterance and time) keep their review and appeal; see docs/qa-rules.md for the others.',
        body: z.object({ since: z.iso.datetime({ offset: true }).or(z.iso.date()) }),
        response: { 202: z.object({ queued: z.number() }) },
      },
    },
    async (request, reply) => {
      const since = new Date(request.body.since);
      if (Number.isNaN(since.getTime())) fail('VALIDATION_FAILED', 'since: not a date');
      return reply.status(202).send({ queued: await recheckSince(ctxOf(deps, request), since) });
    },
  );

  await qaReviewRoutes(app, deps);
}

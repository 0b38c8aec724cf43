import { z } from 'zod';
import { checkCall, violatedChecks } from '../../../shared/qa/engine.js';
import { parseTranscript, type Transcript } from '../../../shared/qa/transcript.js';
import { rolesSeeingPersonalData } from '../../../shared/roles.js';
import { maskPhone } from '../../../shared/tickets/mask.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import { redactNumbers } from '../../http/redact.js';
import { defineJob, enqueue } from '../../jobs/runner.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { reportTimeZone } from '../reports/reports.service.js';
import * as repo from './qa.repo.js';
import type { scorecardResponse } from './qa.review.schema.js';
import { scorecardFindings, storeMachineFindings } from './qa.review.service.js';
import { qaRulesFor } from './qa.rules.js';

export { qaRulesFor };

export const qaCheckJob = defineJob({
  name: 'qa.check',
  payload: z.object({ transcriptId: z.string() }),
  handler: async ({ transcriptId }, { db, now, orgId }) => {
    if (!orgId) return;
    await checkStored({ db, orgId, actor: { id: null, name: 'qa-worker', role: 'system' }, now }, transcriptId);
  },
});

/** The statement parts that store transcripts arriving with their calls (the CTI intake), each with its check. */
export const transcriptWriteParts = (orgId: string, now: Date, rows: ReadonlyArray<Omit<repo.TranscriptRow, 'source'>>) => repo.transcriptsParts(orgId, now, rows, qaCheckJob.name);
/** Inside a statement with transcriptWriteParts: the id the transcript of an external id got. */
export const transcriptIdInStatement = repo.transcriptIdOf;

/** Checks one stored transcript against the organisation's current rules and stores the result. */
export async function checkStored(ctx: Ctx, transcriptId: string) {
  const row = (await repo.getTranscript(ctx.db, ctx.orgId, transcriptId)) ?? fail('NOT_FOUND', `no transcript ${transcriptId}`);
  const { compiled, packVersionId } = await qaRulesFor(ctx.db, ctx.orgId);
  // a ticket created from the call says a request was registered (rules with appliesWhen.registered);
  // none yet (it may come at wrap-up, after the check): the agent's words decide
  const ticketRegistered = (await repo.hasTicketFromTranscript(ctx.db, ctx.orgId, transcriptId)) ? true : undefined;
  const result = checkCall(row.transcript, compiled, ticketRegistered === undefined ? {} : { ticketRegistered });
  await ctx.db.transaction().execute(async (tx) => {
    await repo.upsertResult(tx, { orgId: ctx.orgId, transcriptId, score: result.score, fatal: result.fatal, checks: violatedChecks(result), packVersionId, now: ctx.now() });
    // a re-check keeps the reviews and appeals of the findings it finds again
    await storeMachineFindings({ ...ctx, db: tx }, transcriptId, result.violations, compiled);
    await recordEvent(tx, { ...ctx, db: tx }, 'qa.checked', { type: 'qa_transcript', id: transcriptId }, { score: result.score, fatal: result.fatal, checks: violatedChecks(result) });
  });
  return result;
}

export interface SubmitItem {
  index: number;
  id: string | null;
  status: 'accepted' | 'invalid';
  transcriptId?: string;
  error?: string;
}

/**
 * Accepts one transcript or a batch. Each is validated on its own: a bad one is
 * reported with its index and reason, and never stops the others. Accepted ones are
 * stored with their QA job in the same transaction, so none is lost.
 */
export async function submitTranscripts(
  ctx: Ctx,
  items: unknown[],
  source: 'api' | 'cti' | 'import' = 'api',
  opts: { realCallsOnly?: boolean } = {},
): Promise<{ accepted: number; rejected: number; items: SubmitItem[] }> {
  const out: SubmitItem[] = [];
  const valid: Array<{ index: number; t: Transcript }> = [];
  items.forEach((raw, index) => {
    const parsed = parseTranscript(raw);
    const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : null;
    if (parsed.ok) valid.push({ index, t: parsed.transcript });
    else out.push({ index, id, status: 'invalid', error: parsed.error });
  });
  if (opts.realCallsOnly) await refuseUnknownCalls(ctx, valid.map((v) => v.t));
  if (valid.length)
    await ctx.db.transaction().execute(async (tx) => {
      for (const { index, t } of valid) {
        const transcriptId = await storeTranscript(tx, ctx, t, source);
        out.push({ index, id: t.id, status: 'accepted', transcriptId });
      }
      await recordAudit(tx, { ...ctx, db: tx }, { action: 'qa.transcripts.submit', entityType: 'qa_transcript', entityId: valid.length === 1 ? out.at(-1)!.transcriptId! : `batch:${valid.length}`, after: { count: valid.length, ids: valid.slice(0, 50).map((v) => v.t.id) } });
    });
  out.sort((a, b) => a.index - b.index);
  return { accepted: valid.length, rejected: items.length - valid.length, items: out };
}

/**
 * A person (not an integration) may file transcripts only for calls the organisation really had, answered by the
 * agent the transcript names: otherwise an inspector could score calls that never happened, or pin a call on
 * another agent. One that is not refuses the whole request (QA_CALL_UNKNOWN, nothing stored), naming them.
 */
async function refuseUnknownCalls(ctx: Ctx, transcripts: readonly Transcript[]): Promise<void> {
  if (!transcripts.length) return;
  const known = new Map<string, string | null>();
  const ids = [...new Set(transcripts.map((t) => t.id))];
  for (let i = 0; i < ids.length; i += 1000) for (const c of await repo.callsByExternalId(ctx.db, ctx.orgId, ids.slice(i, i + 1000))) known.set(c.external_id, c.agent_no);
  const unknown = transcripts.filter((t) => !known.has(t.id) || known.get(t.id) !== t.agent.id).map((t) => t.id);
  if (!unknown.length) return;
  fail(
    'QA_CALL_UNKNOWN',
    `${unknown.length} transcript(s) name no call of this organisation answered by their agent (${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}); nothing was stored. A transcript filed by a person must be of a real call (its id is the call's id from the switch); integrations that bring calls of their own send a CTI connection's token.`,
    { calls: unknown.slice(0, 100) },
  );
}

/**
 * Stores (or replaces) one valid transcript and queues its check, inside the caller's transaction.
 * The CTI intake uses it when a call with a transcript ends. Returns the transcript's row id.
 */
export async function storeTranscript(tx: Db, ctx: Ctx, t: Transcript, source: 'api' | 'cti' | 'import'): Promise<string> {
  const row = await repo.upsertTranscript(
    tx,
    ctx.orgId,
    { externalId: t.id, agentNo: t.agent.id, agentName: t.agent.name ?? null, caller: t.caller ?? null, startedAt: new Date(t.startedAt), transcript: t, source },
    ctx.now(),
  );
  await enqueue(tx, qaCheckJob, { transcriptId: row.id }, { orgId: ctx.orgId });
  return row.id;
}

/** Queues every transcript since a date to be checked again (after the standard changed). */
export async function recheckSince(ctx: Ctx, since: Date): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const ids = await repo.transcriptIdsSince(tx, ctx.orgId, since);
    for (const { id } of ids) await enqueue(tx, qaCheckJob, { transcriptId: id }, { orgId: ctx.orgId });
    await recordAudit(tx, { ...ctx, db: tx }, { action: 'qa.recheck', entityType: 'org', entityId: ctx.orgId, after: { since: since.toISOString(), count: ids.length } });
    return ids.length;
  });
}

/**
 * A ticket was made from some calls (at wrap-up, or from the ticket form): their checks ran when the
 * calls ended, before the ticket existed, and rules that apply only when a request was registered
 * (appliesWhen.registered) need to see it. Queues them to be checked again, in the caller's
 * transaction; the re-check keeps people's decisions on the findings it finds again.
 */
export async function recheckCallsOfTicket(tx: Db, orgId: string, callIds: readonly string[]): Promise<number> {
  const ids = await repo.transcriptsOfCalls(tx, orgId, callIds);
  for (const id of ids) await enqueue(tx, qaCheckJob, { transcriptId: id }, { orgId });
  return ids.length;
}

/** A page of QA results, newest calls first (the filter already scoped by `scopeFilter`). */
export function listResults(ctx: Ctx, f: repo.ResultFilter, page: { limit: number; offset: number }) {
  return repo.listResults(ctx.db, ctx.orgId, f, page);
}
export type ResultListRow = Awaited<ReturnType<typeof repo.listResults>>['rows'][number];

/** Average score per agent per day since `from`, the days counted in the organisation's time zone (as reports count them). */
export async function dailyScores(ctx: Ctx, f: { agentNo?: string | undefined; teamId?: string | undefined; from: Date }) {
  return repo.dailyScores(ctx.db, ctx.orgId, { ...f, timeZone: await reportTimeZone(ctx) });
}

/** Agents see their own calls only; everyone else who may see QA sees all. */
export function scopeFilter<T extends { agentNo?: string | undefined }>(ctx: Ctx & { agentNo: string | null }, f: T): T {
  if (ctx.actor.role !== 'agent') return f;
  return { ...f, agentNo: ctx.agentNo ?? '\u0000none' };
}

/** 班组 the QA list can be filtered by: the organisation's queues, code and name only. */
export async function listTeams(ctx: Ctx) {
  return (await repo.listTeams(ctx.db, ctx.orgId)).map(({ code, name }) => ({ code, name }));
}

/**
 * The queue behind a 班组 code for the list's filters. An unknown code is the caller's mistake
 * (a typo, a queue renamed or removed): it is refused, never answered with a silently empty list.
 */
export async function teamIdOf(ctx: Ctx, code: string | undefined): Promise<string | undefined> {
  if (code === undefined) return undefined;
  const team = await repo.findTeamByCode(ctx.db, ctx.orgId, code);
  return team?.id ?? fail('QA_TEAM_UNKNOWN', `There is no team (queue) with the code "${code}". GET /api/qa/teams lists the teams.`);
}

/**
 * One call's scorecard as the viewer may see it. Inspectors score the talk, not the caller: for a role that may not
 * see callers' data the caller's number is masked as on the calls pages (138****5678), and numbers spoken in the talk
 * (a phone or ID number read out) are masked in the utterances and the findings' evidence, character for character,
 * so the findings' positions in the text still hold.
 */
export async function getScorecard(ctx: Ctx & { agentNo: string | null }, transcriptId: string): Promise<z.infer<typeof scorecardResponse>> {
  const t = (await repo.getTranscript(ctx.db, ctx.orgId, transcriptId)) ?? fail('NOT_FOUND', `no QA transcript with id ${transcriptId}`);
  if (ctx.actor.role === 'agent' && t.agent_no !== ctx.agentNo) fail('FORBIDDEN', 'agents can open the scorecards of their own calls only');
  const result = await repo.getResult(ctx.db, ctx.orgId, transcriptId);
  const findings = await scorecardFindings(ctx, transcriptId, result?.pack_version_id);
  const open = ctx.actor.role === 'system' || rolesSeeingPersonalData.includes(ctx.actor.role);
  return {
    id: t.id,
    callId: t.external_id,
    agentNo: t.agent_no,
    agentName: t.agent_name,
    startedAt: new Date(t.started_at).toISOString(),
    transcript: open ? t.transcript : maskTranscript(t.transcript),
    result: result
      ? {
          score: result.score,
          fatal: result.fatal,
          effectiveScore: result.effective_score,
          effectiveFatal: result.effective_fatal,
          reviewed: result.reviewed,
          checks: result.checks,
          checkedAt: new Date(result.checked_at).toISOString(),
        }
      : null,
    findings: open ? findings : findings.map((f) => ({ ...f, evidence: redactNumbers(f.evidence) })),
  };
}

function maskTranscript(t: Transcript): Omit<Transcript, 'caller'> & { caller?: string | null } {
  return { ...t, ...(t.caller !== undefined && { caller: maskPhone(t.caller) }), segments: t.segments.map((s) => ({ ...s, text: redactNumbers(s.text) })) };
}

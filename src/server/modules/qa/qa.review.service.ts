/**
 * Review and appeal of QA findings (复核与申诉): an inspector confirms or overturns each
 * machine finding and may add findings of their own; the call's agent may appeal a finding
 * once, within a window; an inspector or a lead decides the appeal. The call's effective
 * score is re-scored by the engine's own scoring from the findings still standing, with the
 * rules of the pack version the call was checked with; the machine score is kept apart.
 */
import { checkIds } from '../../../shared/qa/config.js';
import { findingDeductions, isFatalFinding, scoreFindings, type CompiledQa, type Violation } from '../../../shared/qa/engine.js';
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as repo from './qa.repo.js';
import * as reviewRepo from './qa.review.repo.js';
import { qaRulesOfVersion } from './qa.rules.js';

/** An agent may appeal a finding for this many calendar days after it was reported. */
export const APPEAL_WINDOW_DAYS = 7;
const APPEAL_WINDOW_MS = APPEAL_WINDOW_DAYS * 86_400_000;

/** The service context of a signed-in user, with their 工号 (agents and leads take calls). */
export type ReviewCtx = Ctx & { agentNo: string | null };

export const appealDeadline = (reportedAt: Date | string): Date => new Date(new Date(reportedAt).getTime() + APPEAL_WINDOW_MS);

const findingKey = (check: string, segment: number | null, at: number) => `${check}\u0000${segment ?? ''}\u0000${Math.round(at)}`;

/**
 * Recomputes a call's effective score from the findings that stand (not overturned),
 * with the engine's scoring, and whether every finding has been decided by a person.
 */
export async function refreshEffective(ctx: Ctx, transcriptId: string, compiled: CompiledQa, reviewedNow = false) {
  const findings = await reviewRepo.findingsWithReview(ctx.db, ctx.orgId, transcriptId);
  const standing = findings.filter((f) => f.status !== 'overturned').map((f) => ({ check: f.check_id, segment: f.segment, evidence: f.evidence }));
  const { score, fatal } = scoreFindings(standing, compiled, standing.some((f) => isFatalFinding(compiled, f)));
  const reviewed = findings.length > 0 && findings.every((f) => f.status !== 'machine');
  await reviewRepo.setEffective(ctx.db, transcriptId, { score, fatal, reviewed, ...(reviewedNow ? { reviewedBy: ctx.actor.id, reviewedAt: ctx.now() } : {}) });
  return { score, fatal, reviewed };
}

/**
 * Stores the engine's findings of a (re-)check inside the caller's transaction. A finding
 * found again — same check, segment and time — keeps its id, review and appeal; a
 * machine finding not found again is removed with its appeal, and if a person had decided
 * on it, what they decided goes to the audit log and a `qa.findings.dropped` event.
 * Manual findings are never touched by a re-check.
 */
export async function storeMachineFindings(ctx: Ctx, transcriptId: string, violations: readonly Violation[], compiled: CompiledQa) {
  const existing = await reviewRepo.findingsWithReview(ctx.db, ctx.orgId, transcriptId);
  const previous = new Map<string, reviewRepo.FindingWithReview[]>();
  for (const f of existing) {
    if (f.source !== 'machine') continue;
    const key = findingKey(f.check_id, f.segment, f.at_ms);
    previous.set(key, [...(previous.get(key) ?? []), f]);
  }
  const fresh: repo.NewFinding[] = [];
  for (const v of violations) {
    const kept = previous.get(findingKey(v.check, v.segment, v.at))?.shift();
    if (!kept) fresh.push(v);
    else if (kept.evidence !== v.evidence) await repo.updateFindingEvidence(ctx.db, String(kept.id), v.evidence);
  }
  const dropped = [...previous.values()].flat();
  await repo.deleteFindings(ctx.db, dropped.map((f) => String(f.id)));
  await repo.insertMachineFindings(ctx.db, ctx.orgId, transcriptId, fresh, ctx.now());
  const decided = dropped.filter((f) => f.status !== 'machine' || f.appeal_id !== null);
  if (decided.length) {
    const lost = decided.map((f) => ({
      findingId: String(f.id),
      check: f.check_id,
      segment: f.segment,
      at: f.at_ms,
      status: f.status,
      reviewedBy: f.reviewer_name,
      note: f.review_note,
      appeal: f.appeal_id ? { id: f.appeal_id, status: f.appeal_status, reason: f.appeal_reason, decisionNote: f.decision_note } : null,
    }));
    await recordAudit(ctx.db, ctx, { action: 'qa.findings.drop', entityType: 'qa_transcript', entityId: transcriptId, before: lost, after: { reason: 'not found again by the re-check' } });
    await recordEvent(ctx.db, ctx, 'qa.findings.dropped', { type: 'qa_transcript', id: transcriptId }, { findings: lost.map((l) => ({ findingId: l.findingId, check: l.check, status: l.status, appeal: l.appeal?.status ?? null })) });
  }
  return refreshEffective(ctx, transcriptId, compiled);
}

/** The transcript and its locked result; the person acting must not be the call's agent. */
async function openForDecision(ctx: ReviewCtx, transcriptId: string, what: string) {
  const transcript = (await repo.getTranscript(ctx.db, ctx.orgId, transcriptId)) ?? fail('NOT_FOUND', `no QA transcript with id ${transcriptId}`);
  if (ctx.agentNo !== null && ctx.agentNo === transcript.agent_no) fail('QA_OWN_CALL', `this is your own call (工号 ${ctx.agentNo}): someone else must ${what}`);
  const result = (await reviewRepo.lockResult(ctx.db, ctx.orgId, transcriptId)) ?? fail('QA_NOT_CHECKED', 'this call has not been checked yet; try again when its result is in');
  return { transcript, result };
}

const inTx = <T>(ctx: ReviewCtx, fn: (c: ReviewCtx) => Promise<T>) => ctx.db.transaction().execute((tx) => fn({ ...ctx, db: tx }));

/** 复核: confirm or overturn one finding, with a note (required to overturn). */
export function reviewFinding(ctx: ReviewCtx, transcriptId: string, findingId: string, input: { decision: 'confirm' | 'overturn'; note: string }) {
  return inTx(ctx, async (c) => {
    const { result } = await openForDecision(c, transcriptId, 'review its findings');
    const f = (await reviewRepo.getFinding(c.db, c.orgId, transcriptId, findingId)) ?? fail('QA_FINDING_NOT_FOUND', `this call has no finding ${findingId}`);
    const appeal = await reviewRepo.appealOfFinding(c.db, String(f.id));
    if (appeal?.status === 'pending') fail('QA_APPEAL_PENDING', 'the agent has appealed this finding: decide the appeal instead');
    if (appeal) fail('QA_APPEAL_DECIDED', 'the appeal on this finding has been decided, and that decision stands');
    const note = input.note.trim();
    if (input.decision === 'overturn' && !note) fail('QA_NOTE_REQUIRED', 'say why the finding is overturned');
    const status = input.decision === 'confirm' ? 'confirmed' : 'overturned';
    await reviewRepo.setFindingReview(c.db, String(f.id), { status, by: c.actor.id, note: note || null, at: c.now() });
    const compiled = await qaRulesOfVersion(c.db, c.orgId, result.pack_version_id);
    const effective = await refreshEffective(c, transcriptId, compiled, true);
    const change = { findingId: String(f.id), check: f.check_id, status, note: note || null, effectiveScore: effective.score, effectiveFatal: effective.fatal };
    await recordAudit(c.db, c, { action: 'qa.finding.review', entityType: 'qa_finding', entityId: String(f.id), before: { status: f.status, note: f.review_note, effectiveScore: result.effective_score }, after: change });
    await recordEvent(c.db, c, 'qa.finding.reviewed', { type: 'qa_transcript', id: transcriptId }, { ...change, machineScore: result.score });
    return effective;
  });
}

/** A finding the machine missed, added by a reviewer: a check of the call's pack, optionally on an utterance. */
export function addManualFinding(ctx: ReviewCtx, transcriptId: string, input: { check: string; segment?: number | undefined; at?: number | undefined; note: string }) {
  return inTx(ctx, async (c) => {
    const { transcript, result } = await openForDecision(c, transcriptId, 'add findings to it');
    const compiled = await qaRulesOfVersion(c.db, c.orgId, result.pack_version_id);
    const known = (checkIds as readonly string[]).includes(input.check) || compiled.rules.some((r) => r.rule.id === input.check) || compiled.config.escalation?.id === input.check;
    if (!known) fail('QA_UNKNOWN_CHECK', `"${input.check}" is neither a standard check nor a custom rule of the standard this call was checked with`);
    const note = input.note.trim();
    if (!note) fail('QA_NOTE_REQUIRED', 'describe what was wrong');
    const segments = transcript.transcript.segments;
    let segment: number | null = null;
    let at = input.at ?? 0;
    let evidence = note;
    if (input.segment !== undefined) {
      const s = segments[input.segment] ?? fail('QA_SEGMENT_INVALID', `segment: this call has utterances 0 to ${segments.length - 1}`);
      segment = input.segment;
      at = s.start;
      evidence = s.text;
    }
    const row = await reviewRepo.insertManualFinding(c.db, { orgId: c.orgId, transcriptId, check: input.check, segment, at, evidence, note, by: c.actor.id ?? fail('FORBIDDEN', 'sign in to add findings'), now: c.now() });
    const effective = await refreshEffective(c, transcriptId, compiled, true);
    const added = { findingId: String(row.id), check: input.check, segment, at: Math.round(at), note, effectiveScore: effective.score, effectiveFatal: effective.fatal };
    await recordAudit(c.db, c, { action: 'qa.finding.add', entityType: 'qa_finding', entityId: String(row.id), before: { effectiveScore: result.effective_score }, after: added });
    await recordEvent(c.db, c, 'qa.finding.added', { type: 'qa_transcript', id: transcriptId }, { ...added, machineScore: result.score });
    return { findingId: String(row.id), ...effective };
  });
}

/** 申诉: the call's agent contests a finding that stands, once, within the window. */
export function fileAppeal(ctx: ReviewCtx, transcriptId: string, findingId: string, input: { reason: string }) {
  return inTx(ctx, async (c) => {
    const transcript = (await repo.getTranscript(c.db, c.orgId, transcriptId)) ?? fail('NOT_FOUND', `no QA transcript with id ${transcriptId}`);
    if (c.agentNo === null || c.agentNo !== transcript.agent_no) fail('FORBIDDEN', 'you can appeal findings on your own calls only');
    if (!(await reviewRepo.lockResult(c.db, c.orgId, transcriptId))) fail('QA_NOT_CHECKED', 'this call has not been checked yet');
    const f = (await reviewRepo.getFinding(c.db, c.orgId, transcriptId, findingId)) ?? fail('QA_FINDING_NOT_FOUND', `this call has no finding ${findingId}`);
    if (await reviewRepo.appealOfFinding(c.db, String(f.id))) fail('QA_APPEAL_EXISTS', 'this finding has already been appealed; a finding can be appealed once');
    if (f.status === 'overturned') fail('QA_FINDING_OVERTURNED', 'this finding has been overturned already: it no longer counts');
    const deadline = appealDeadline(f.created_at);
    if (c.now().getTime() > deadline.getTime())
      fail('QA_APPEAL_WINDOW_CLOSED', `the appeal window closed on ${deadline.toISOString()} (${APPEAL_WINDOW_DAYS} days after the finding was reported)`);
    const reason = input.reason.trim();
    if (!reason) fail('QA_REASON_REQUIRED', 'say why the finding is wrong');
    const appeal = await reviewRepo.insertAppeal(c.db, { orgId: c.orgId, transcriptId, findingId: String(f.id), appellantId: c.actor.id ?? fail('FORBIDDEN', 'sign in to appeal'), reason, now: c.now() });
    const filed = { appealId: appeal.id, findingId: String(f.id), check: f.check_id, reason };
    await recordAudit(c.db, c, { action: 'qa.appeal.file', entityType: 'qa_appeal', entityId: appeal.id, after: filed });
    await recordEvent(c.db, c, 'qa.appeal.filed', { type: 'qa_transcript', id: transcriptId }, filed);
    return { id: appeal.id, status: appeal.status };
  });
}

/** Decides a pending appeal: accepted → the finding is overturned; rejected → the finding stands (confirmed). */
export function decideAppeal(ctx: ReviewCtx, appealId: string, input: { decision: 'accept' | 'reject'; note: string }) {
  return inTx(ctx, async (c) => {
    const found = (await reviewRepo.getAppeal(c.db, c.orgId, appealId)) ?? fail('QA_APPEAL_NOT_FOUND', `no appeal with id ${appealId}`);
    if (found.appellant_id === c.actor.id) fail('QA_OWN_CALL', 'you filed this appeal: someone else must decide it');
    const { result } = await openForDecision(c, found.transcript_id, 'decide its appeals');
    // read again under the call's lock: two deciders at once see one pending appeal between them
    const appeal = (await reviewRepo.getAppeal(c.db, c.orgId, appealId)) ?? fail('QA_APPEAL_NOT_FOUND', `no appeal with id ${appealId}`);
    if (appeal.status !== 'pending') fail('QA_APPEAL_NOT_PENDING', `this appeal has already been decided (${appeal.status})`);
    const note = input.note.trim();
    if (!note) fail('QA_NOTE_REQUIRED', 'give the reason for the decision');
    const status: 'accepted' | 'rejected' = input.decision === 'accept' ? 'accepted' : 'rejected';
    const findingStatus = input.decision === 'accept' ? 'overturned' : 'confirmed';
    await reviewRepo.decideAppeal(c.db, appealId, { status, by: c.actor.id, note, at: c.now() });
    await reviewRepo.setFindingReview(c.db, appeal.finding_id, { status: findingStatus, by: c.actor.id, note, at: c.now() });
    const compiled = await qaRulesOfVersion(c.db, c.orgId, result.pack_version_id);
    const effective = await refreshEffective(c, appeal.transcript_id, compiled, true);
    const decided = { appealId, findingId: String(appeal.finding_id), status, findingStatus, note, effectiveScore: effective.score, effectiveFatal: effective.fatal };
    await recordAudit(c.db, c, { action: 'qa.appeal.decide', entityType: 'qa_appeal', entityId: appealId, before: { status: appeal.status, effectiveScore: result.effective_score }, after: decided });
    await recordEvent(c.db, c, 'qa.appeal.decided', { type: 'qa_transcript', id: appeal.transcript_id }, { ...decided, machineScore: result.score });
    return { id: appealId, status, effective };
  });
}

/** Appeals: an agent's own, or everyone's for those who decide them. */
export async function listAppeals(ctx: ReviewCtx, q: { status?: 'pending' | 'accepted' | 'rejected' | undefined; limit: number; offset: number }) {
  const agentNo = ctx.actor.role === 'agent' ? (ctx.agentNo ?? '\u0000none') : undefined;
  return reviewRepo.listAppeals(ctx.db, ctx.orgId, { status: q.status, agentNo }, { limit: q.limit, offset: q.offset });
}

/** The findings of a call as a scorecard shows them: review, appeal, whether each fails the call, and the appeal deadline. */
export async function scorecardFindings(ctx: Ctx, transcriptId: string, packVersionId: string | null | undefined) {
  const [rows, compiled] = await Promise.all([reviewRepo.findingsWithReview(ctx.db, ctx.orgId, transcriptId), qaRulesOfVersion(ctx.db, ctx.orgId, packVersionId ?? null)]);
  // the same findings, in the same order, as refreshEffective scores: the standing ones
  const standing = rows.filter((f) => f.status !== 'overturned');
  const deductions = new Map(findingDeductions(standing.map((f) => ({ check: f.check_id })), compiled).map((d, i) => [standing[i]!.id, d]));
  return rows.map((f) => ({
    id: String(f.id),
    check: f.check_id,
    segment: f.segment,
    at: f.at_ms,
    evidence: f.evidence,
    source: f.source,
    status: f.status,
    fatal: isFatalFinding(compiled, { check: f.check_id, segment: f.segment, evidence: f.evidence }),
    deduction: deductions.get(f.id) ?? 0,
    note: f.review_note,
    reviewedBy: f.reviewer_name,
    reviewedAt: f.reviewed_at ? new Date(f.reviewed_at).toISOString() : null,
    reportedAt: new Date(f.created_at).toISOString(),
    appealUntil: appealDeadline(f.created_at).toISOString(),
    appeal: f.appeal_id
      ? {
          id: f.appeal_id,
          status: f.appeal_status!,
          reason: f.appeal_reason!,
          appellant: f.appellant_name,
          filedAt: new Date(f.appeal_created_at!).toISOString(),
          decidedBy: f.decider_name,
          decisionNote: f.decision_note,
          decidedAt: f.decided_at ? new Date(f.decided_at).toISOString() : null,
        }
      : null,
  }));
}

import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** Locks a call's result row: every review action and every re-check of one call runs one at a time. */
export function lockResult(db: Db, orgId: string, transcriptId: string) {
  return db.selectFrom('qa_results').selectAll().where('org_id', '=', orgId).where('transcript_id', '=', transcriptId).forUpdate().executeTakeFirst();
}

/** Findings of a call with their review, reviewer and appeal, in timeline order. */
export function findingsWithReview(db: Db, orgId: string, transcriptId: string) {
  return db
    .selectFrom('qa_findings as f')
    .leftJoin('users as rv', 'rv.id', 'f.reviewed_by')
    .leftJoin('qa_appeals as a', 'a.finding_id', 'f.id')
    .leftJoin('users as ap', 'ap.id', 'a.appellant_id')
    .leftJoin('users as dc', 'dc.id', 'a.decided_by')
    .select([
      'f.id',
      'f.check_id',
      'f.segment',
      'f.at_ms',
      'f.evidence',
      'f.source',
      'f.status',
      'f.review_note',
      'f.reviewed_at',
      'f.reviewed_by',
      'f.created_at',
      'rv.display_name as reviewer_name',
      'a.id as appeal_id',
      'a.status as appeal_status',
      'a.reason as appeal_reason',
      'a.created_at as appeal_created_at',
      'a.appellant_id',
      'ap.display_name as appellant_name',
      'a.decision_note',
      'a.decided_at',
      'dc.display_name as decider_name',
    ])
    .where('f.org_id', '=', orgId)
    .where('f.transcript_id', '=', transcriptId)
    .orderBy('f.at_ms')
    .orderBy('f.id')
    .execute();
}
export type FindingWithReview = Awaited<ReturnType<typeof findingsWithReview>>[number];

export function getFinding(db: Db, orgId: string, transcriptId: string, findingId: string) {
  return db
    .selectFrom('qa_findings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('transcript_id', '=', transcriptId)
    .where('id', '=', findingId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setFindingReview(db: Db, id: string, r: { status: 'confirmed' | 'overturned'; by: string | null; note: string | null; at: Date }) {
  await db.updateTable('qa_findings').set({ status: r.status, reviewed_by: r.by, review_note: r.note, reviewed_at: r.at }).where('id', '=', id).execute();
}

export function insertManualFinding(
  db: Db,
  f: { orgId: string; transcriptId: string; check: string; segment: number | null; at: number; evidence: string; note: string; by: string; now: Date },
) {
  return db
    .insertInto('qa_findings')
    .values({
      org_id: f.orgId,
      transcript_id: f.transcriptId,
      check_id: f.check,
      segment: f.segment,
      at_ms: Math.round(f.at),
      evidence: f.evidence,
      source: 'manual',
      status: 'confirmed',
      reviewed_by: f.by,
      review_note: f.note,
      reviewed_at: f.now,
      created_at: f.now,
      created_by: f.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setEffective(db: Db, transcriptId: string, e: { score: number; fatal: boolean; reviewed: boolean; reviewedBy?: string | null; reviewedAt?: Date }) {
  await db
    .updateTable('qa_results')
    .set({
      effective_score: e.score,
      effective_fatal: e.fatal,
      reviewed: e.reviewed,
      ...(e.reviewedAt ? { reviewed_at: e.reviewedAt, reviewed_by: e.reviewedBy ?? null } : {}),
    })
    .where('transcript_id', '=', transcriptId)
    .execute();
}

export function appealOfFinding(db: Db, findingId: string) {
  return db.selectFrom('qa_appeals').selectAll().where('finding_id', '=', findingId).executeTakeFirst();
}

export function insertAppeal(db: Db, a: { orgId: string; transcriptId: string; findingId: string; appellantId: string; reason: string; now: Date }) {
  return db
    .insertInto('qa_appeals')
    .values({ org_id: a.orgId, transcript_id: a.transcriptId, finding_id: a.findingId, appellant_id: a.appellantId, reason: a.reason, created_at: a.now })
    .returning(['id', 'status', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function getAppeal(db: Db, orgId: string, id: string) {
  return db.selectFrom('qa_appeals').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function decideAppeal(db: Db, id: string, d: { status: 'accepted' | 'rejected'; by: string | null; note: string; at: Date }) {
  await db.updateTable('qa_appeals').set({ status: d.status, decided_by: d.by, decision_note: d.note, decided_at: d.at }).where('id', '=', id).execute();
}

export interface AppealFilter {
  status?: 'pending' | 'accepted' | 'rejected' | undefined;
  agentNo?: string | undefined;
}

/** Appeals, oldest pending first (the queue a decider works through), then newest decided. */
export async function listAppeals(db: Db, orgId: string, f: AppealFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('qa_appeals as a')
    .innerJoin('qa_findings as f', 'f.id', 'a.finding_id')
    .innerJoin('qa_transcripts as t', 't.id', 'a.transcript_id')
    .leftJoin('users as ap', 'ap.id', 'a.appellant_id')
    .leftJoin('users as dc', 'dc.id', 'a.decided_by')
    .where('a.org_id', '=', orgId);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.agentNo) q = q.where('t.agent_no', '=', f.agentNo);
  const [rows, total] = await Promise.all([
    q
      .select([
        'a.id',
        'a.status',
        'a.reason',
        'a.created_at',
        'a.decision_note',
        'a.decided_at',
        'a.finding_id',
        'a.transcript_id',
        'f.check_id',
        'f.at_ms',
        'f.evidence',
        't.external_id',
        't.agent_no',
        't.agent_name',
        'ap.display_name as appellant_name',
        'dc.display_name as decider_name',
      ])
      .orderBy(sql`a.status = 'pending'`, 'desc')
      .orderBy(sql`case when a.status = 'pending' then a.created_at end`, 'asc')
      .orderBy('a.decided_at', 'desc')
      .orderBy('a.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

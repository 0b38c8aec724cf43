import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface TranscriptRow {
  externalId: string;
  agentNo: string;
  agentName: string | null;
  caller: string | null;
  startedAt: Date;
  transcript: unknown;
  source: 'api' | 'cti' | 'import';
}

/** Stores a transcript; the same external id again replaces the earlier one (a corrected transcript). */
export async function upsertTranscript(db: Db, orgId: string, t: TranscriptRow, now: Date) {
  return db
    .insertInto('qa_transcripts')
    .values({
      org_id: orgId,
      external_id: t.externalId,
      agent_no: t.agentNo,
      agent_name: t.agentName,
      caller: t.caller,
      started_at: t.startedAt,
      transcript: JSON.stringify(t.transcript),
      source: t.source,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'external_id']).doUpdateSet((eb) => ({
        agent_no: eb.ref('excluded.agent_no'),
        agent_name: eb.ref('excluded.agent_name'),
        caller: eb.ref('excluded.caller'),
        started_at: eb.ref('excluded.started_at'),
        transcript: eb.ref('excluded.transcript'),
      })),
    )
    .returning(['id', 'external_id'])
    .executeTakeFirstOrThrow();
}

export function getTranscript(db: Db, orgId: string, id: string) {
  return db.selectFrom('qa_transcripts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function saveResult(
  db: Db,
  r: { orgId: string; transcriptId: string; score: number; fatal: boolean; checks: string[]; packVersionId: string | null; now: Date },
  findings: Array<{ check: string; segment: number | null; at: number; evidence: string }>,
) {
  await db
    .insertInto('qa_results')
    .values({ transcript_id: r.transcriptId, org_id: r.orgId, score: r.score, fatal: r.fatal, checks: r.checks, pack_version_id: r.packVersionId, checked_at: r.now })
    .onConflict((oc) =>
      oc.column('transcript_id').doUpdateSet({ score: r.score, fatal: r.fatal, checks: r.checks, pack_version_id: r.packVersionId, checked_at: r.now }),
    )
    .execute();
  await db.deleteFrom('qa_findings').where('transcript_id', '=', r.transcriptId).execute();
  if (findings.length)
    await db
      .insertInto('qa_findings')
      .values(findings.map((f) => ({ org_id: r.orgId, transcript_id: r.transcriptId, check_id: f.check, segment: f.segment, at_ms: Math.round(f.at), evidence: f.evidence })))
      .execute();
}

export interface ResultFilter {
  agentNo?: string | undefined;
  check?: string | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
  fatal?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
}

function filtered(db: Db, orgId: string, f: ResultFilter) {
  let q = db
    .selectFrom('qa_transcripts as t')
    .leftJoin('qa_results as r', 'r.transcript_id', 't.id')
    .where('t.org_id', '=', orgId);
  if (f.agentNo) q = q.where('t.agent_no', '=', f.agentNo);
  if (f.check) q = q.where(sql<boolean>`${f.check} = any(r.checks)`);
  if (f.minScore !== undefined) q = q.where('r.score', '>=', f.minScore);
  if (f.maxScore !== undefined) q = q.where('r.score', '<=', f.maxScore);
  if (f.fatal !== undefined) q = q.where('r.fatal', '=', f.fatal);
  if (f.from) q = q.where('t.started_at', '>=', f.from);
  if (f.to) q = q.where('t.started_at', '<', f.to);
  if (f.q) q = q.where((eb) => eb.or([eb('t.external_id', 'ilike', `%${f.q}%`), eb('t.agent_name', 'ilike', `%${f.q}%`)]));
  return q;
}

export async function listResults(db: Db, orgId: string, f: ResultFilter, page: { limit: number; offset: number }) {
  const base = filtered(db, orgId, f);
  const [rows, total] = await Promise.all([
    base
      .select(['t.id', 't.external_id', 't.agent_no', 't.agent_name', 't.caller', 't.started_at', 'r.score', 'r.fatal', 'r.checks', 'r.checked_at'])
      .orderBy('t.started_at', 'desc')
      .orderBy('t.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export function getResult(db: Db, orgId: string, transcriptId: string) {
  return db.selectFrom('qa_results').selectAll().where('org_id', '=', orgId).where('transcript_id', '=', transcriptId).executeTakeFirst();
}

export function listFindings(db: Db, orgId: string, transcriptId: string) {
  return db.selectFrom('qa_findings').selectAll().where('org_id', '=', orgId).where('transcript_id', '=', transcriptId).orderBy('at_ms').orderBy('id').execute();
}

export function transcriptIdsSince(db: Db, orgId: string, since: Date) {
  return db.selectFrom('qa_transcripts').select('id').where('org_id', '=', orgId).where('started_at', '>=', since).orderBy('started_at').execute();
}

/** Average score per agent per day, for the trend chart. */
export function dailyScores(db: Db, orgId: string, f: { agentNo?: string | undefined; from: Date; timeZone: string }) {
  let q = db
    .selectFrom('qa_transcripts as t')
    .innerJoin('qa_results as r', 'r.transcript_id', 't.id')
    .select([
      sql<string>`to_char(t.started_at at time zone ${f.timeZone}, 'YYYY-MM-DD')`.as('day'),
      't.agent_no',
      sql<number>`round(avg(r.score))::int`.as('avg_score'),
      sql<number>`count(*)::int`.as('calls'),
      sql<number>`count(*) filter (where r.fatal)::int`.as('fatal'),
    ])
    .where('t.org_id', '=', orgId)
    .where('t.started_at', '>=', f.from)
    .groupBy(['day', 't.agent_no'])
    .orderBy('day');
  if (f.agentNo) q = q.where('t.agent_no', '=', f.agentNo);
  return q.execute();
}

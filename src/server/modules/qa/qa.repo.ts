import { sql, type RawBuilder } from 'kysely';
import { parseTranscript, type Transcript } from '../../../shared/qa/transcript.js';
import type { Db } from '../../db/database.js';
import { storedDataInvalid } from '../../db/jsonb.js';
import { DEFAULT_MAX_ATTEMPTS, insertJobs } from '../../jobs/runner.js';

export interface TranscriptRow {
  externalId: string;
  agentNo: string;
  agentName: string | null;
  caller: string | null;
  startedAt: Date;
  /** qa_transcripts.transcript (JSONB): a transcript as shared/qa/transcript.ts parses it, read back with the same parser */
  transcript: Transcript;
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

/**
 * Batch form of upsertTranscript for transcripts that came with their calls (source 'cti'), as
 * statement parts (db/compose.ts): each transcript is stored with its check job (`jobName`).
 * `transcriptIdOf` gives, inside the same statement, the id a transcript of an external id got.
 */
export function transcriptsParts(orgId: string, now: Date, rows: ReadonlyArray<Omit<TranscriptRow, 'source'>>, jobName: string): RawBuilder<unknown>[] {
  if (!rows.length) return [];
  const wall = new Date(); // jobs carry the wall clock, as jobs/runner enqueue stamps them
  const input = JSON.stringify(rows.map((t) => ({ external_id: t.externalId, agent_no: t.agentNo, agent_name: t.agentName, caller: t.caller, started_at: t.startedAt.toISOString(), transcript: t.transcript })));
  return [
    sql`qa_new as (
      insert into qa_transcripts (org_id, external_id, agent_no, agent_name, caller, started_at, transcript, source, created_at)
      select ${orgId}::uuid, x.external_id, x.agent_no, x.agent_name, x.caller, x.started_at, x.transcript, 'cti', ${now}::timestamptz
      from jsonb_to_recordset(${input}::jsonb) as x(external_id text, agent_no text, agent_name text, caller text, started_at timestamptz, transcript jsonb)
      order by x.external_id
      on conflict (org_id, external_id) do update set agent_no = excluded.agent_no, agent_name = excluded.agent_name, caller = excluded.caller, started_at = excluded.started_at, transcript = excluded.transcript
      returning id, external_id
    )`,
    sql`qa_new_jobs as (${insertJobs(
      sql`select ${jobName}::text, jsonb_build_object('transcriptId', qa_new.id::text), ${orgId}::uuid, ${wall}::timestamptz, null::text, ${DEFAULT_MAX_ATTEMPTS}::int from qa_new`,
      wall,
    )})`,
  ];
}

/** Inside a statement with transcriptsParts: the id of the transcript stored for an external id (null if none). */
export const transcriptIdOf = (externalId: RawBuilder<unknown>) => sql`(select qa_new.id from qa_new where qa_new.external_id = ${externalId})`;

/** The organisation's calls with these external ids (the switch's call ids), with the agent who answered. */
export function callsByExternalId(db: Db, orgId: string, externalIds: readonly string[]) {
  if (!externalIds.length) return Promise.resolve([]);
  return db.selectFrom('calls').select(['external_id', 'agent_no']).where('org_id', '=', orgId).where('external_id', 'in', externalIds).execute();
}

export async function getTranscript(db: Db, orgId: string, id: string) {
  const row = await db.selectFrom('qa_transcripts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const parsed = parseTranscript(row.transcript);
  if (!parsed.ok) throw storedDataInvalid({ table: 'qa_transcripts', column: 'transcript', id }, parsed.error);
  return { ...row, transcript: parsed.transcript };
}

/** Whether a ticket was created from the call this transcript belongs to (one of the ticket's calls has it). */
/** The QA transcripts of some calls (those that have one). */
export async function transcriptsOfCalls(db: Db, orgId: string, callIds: readonly string[]): Promise<string[]> {
  const uuids = callIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (!uuids.length) return [];
  const rows = await db.selectFrom('calls').select('qa_transcript_id').where('org_id', '=', orgId).where('id', 'in', uuids).where('qa_transcript_id', 'is not', null).execute();
  return rows.map((r) => r.qa_transcript_id!);
}

export async function hasTicketFromTranscript(db: Db, orgId: string, transcriptId: string): Promise<boolean> {
  const row = await db
    .selectFrom('tickets')
    .innerJoin('calls', (j) => j.on(sql<boolean>`calls.id::text = any(tickets.call_ids)`).onRef('calls.org_id', '=', 'tickets.org_id'))
    .select('tickets.id')
    .where('tickets.org_id', '=', orgId)
    .where('calls.qa_transcript_id', '=', transcriptId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores the engine's result of a call: the machine score, and the effective score as the
 * same until the review of findings recomputes it. Findings are stored by the caller
 * (a re-check keeps the human decisions on findings that are found again).
 */
export async function upsertResult(db: Db, r: { orgId: string; transcriptId: string; score: number; fatal: boolean; checks: string[]; packVersionId: string | null; now: Date }) {
  await db
    .insertInto('qa_results')
    .values({
      transcript_id: r.transcriptId,
      org_id: r.orgId,
      score: r.score,
      fatal: r.fatal,
      checks: r.checks,
      pack_version_id: r.packVersionId,
      checked_at: r.now,
      effective_score: r.score,
      effective_fatal: r.fatal,
    })
    .onConflict((oc) =>
      oc.column('transcript_id').doUpdateSet({ score: r.score, fatal: r.fatal, checks: r.checks, pack_version_id: r.packVersionId, checked_at: r.now }),
    )
    .execute();
}

export interface NewFinding {
  check: string;
  segment: number | null;
  at: number;
  evidence: string;
}

export async function insertMachineFindings(db: Db, orgId: string, transcriptId: string, findings: NewFinding[], now: Date) {
  if (findings.length === 0) return;
  await db
    .insertInto('qa_findings')
    .values(findings.map((f) => ({ org_id: orgId, transcript_id: transcriptId, check_id: f.check, segment: f.segment, at_ms: Math.round(f.at), evidence: f.evidence, created_at: now })))
    .execute();
}

export async function updateFindingEvidence(db: Db, id: string, evidence: string) {
  await db.updateTable('qa_findings').set({ evidence }).where('id', '=', id).execute();
}

export async function deleteFindings(db: Db, ids: string[]) {
  if (ids.length) await db.deleteFrom('qa_findings').where('id', 'in', ids).execute();
}

export interface ResultFilter {
  agentNo?: string | undefined;
  /** 班组: a queue's id; calls of the agents who are its members (by 工号). */
  teamId?: string | undefined;
  check?: string | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
  fatal?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  /** Review state: an appeal waits for a decision; every finding decided by a person; a finding waits for review. */
  review?: 'appeals-pending' | 'reviewed' | 'unreviewed' | undefined;
}

/** Calls whose 工号 belongs to a member of the queue (its members now, not when the call was taken). */
const inTeam = (teamId: string) =>
  sql<boolean>`t.agent_no in (select u.agent_no from queue_members m join users u on u.id = m.user_id and u.org_id = m.org_id where m.queue_id = ${teamId} and u.agent_no is not null)`;

const pendingAppeal = sql<boolean>`exists (select 1 from qa_appeals a where a.transcript_id = t.id and a.status = 'pending')`;
const awaitingReview = sql<boolean>`exists (select 1 from qa_findings f where f.transcript_id = t.id and f.status = 'machine')`;

function filtered(db: Db, orgId: string, f: ResultFilter) {
  let q = db
    .selectFrom('qa_transcripts as t')
    .leftJoin('qa_results as r', 'r.transcript_id', 't.id')
    .where('t.org_id', '=', orgId);
  if (f.agentNo) q = q.where('t.agent_no', '=', f.agentNo);
  if (f.teamId) q = q.where(inTeam(f.teamId));
  if (f.check) q = q.where(sql<boolean>`${f.check} = any(r.checks)`);
  if (f.minScore !== undefined) q = q.where('r.score', '>=', f.minScore);
  if (f.maxScore !== undefined) q = q.where('r.score', '<=', f.maxScore);
  if (f.fatal !== undefined) q = q.where('r.fatal', '=', f.fatal);
  if (f.from) q = q.where('t.started_at', '>=', f.from);
  if (f.to) q = q.where('t.started_at', '<', f.to);
  if (f.q) q = q.where((eb) => eb.or([eb('t.external_id', 'ilike', `%${f.q}%`), eb('t.agent_name', 'ilike', `%${f.q}%`)]));
  if (f.review === 'appeals-pending') q = q.where(pendingAppeal);
  if (f.review === 'reviewed') q = q.where('r.reviewed', '=', true);
  if (f.review === 'unreviewed') q = q.where(awaitingReview);
  return q;
}

export async function listResults(db: Db, orgId: string, f: ResultFilter, page: { limit: number; offset: number }) {
  const base = filtered(db, orgId, f);
  const [rows, total] = await Promise.all([
    base
      .select(['t.id', 't.external_id', 't.agent_no', 't.agent_name', 't.caller', 't.started_at', 'r.score', 'r.fatal', 'r.checks', 'r.checked_at'])
      .select(['r.effective_score', 'r.effective_fatal', 'r.reviewed'])
      .select(sql<number>`(select count(*)::int from qa_appeals a where a.transcript_id = t.id and a.status = 'pending')`.as('pending_appeals'))
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

export function transcriptIdsSince(db: Db, orgId: string, since: Date) {
  return db.selectFrom('qa_transcripts').select('id').where('org_id', '=', orgId).where('started_at', '>=', since).orderBy('started_at').execute();
}

/** Average score per agent per day, for the trend chart. */
export function dailyScores(db: Db, orgId: string, f: { agentNo?: string | undefined; teamId?: string | undefined; from: Date; timeZone: string }) {
  let q = db
    .selectFrom('qa_transcripts as t')
    .innerJoin('qa_results as r', 'r.transcript_id', 't.id')
    .select([
      sql<string>`to_char(t.started_at at time zone ${f.timeZone}, 'YYYY-MM-DD')`.as('day'),
      't.agent_no',
      // the effective score: what stands after review and appeal (the machine score until then)
      // one decimal: whole points make 96 and 99 look alike on the chart
      sql<number>`round(avg(r.effective_score)::numeric, 1)::float8`.as('avg_score'),
      sql<number>`count(*)::int`.as('calls'),
      sql<number>`count(*) filter (where r.effective_fatal)::int`.as('fatal'),
    ])
    .where('t.org_id', '=', orgId)
    .where('t.started_at', '>=', f.from)
    .groupBy(['day', 't.agent_no'])
    .orderBy('day');
  if (f.agentNo) q = q.where('t.agent_no', '=', f.agentNo);
  if (f.teamId) q = q.where(inTeam(f.teamId));
  return q.execute();
}

/** 班组 for the list's filter: the organisation's queues, code and name only. */
export function listTeams(db: Db, orgId: string) {
  return db.selectFrom('queues').select(['id', 'code', 'name']).where('org_id', '=', orgId).orderBy('code').execute();
}

export function findTeamByCode(db: Db, orgId: string, code: string) {
  return db.selectFrom('queues').select(['id', 'code', 'name']).where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
}

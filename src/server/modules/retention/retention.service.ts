import type { Logger } from 'pino';
import { DEFAULT_RETENTION, retentionKeys, type RetentionPolicy } from '../../../shared/retention.js';
import { systemActor, type Ctx } from '../../context.js';
import type { Db } from '../../db/database.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { foldRollupMarkers } from '../reports/reports.service.js';
import * as repo from './retention.repo.js';

const DAY_MS = 86_400_000;
/** Rows per delete: small enough that a batch commits in milliseconds and holds no lock for long. */
export const SWEEP_BATCH = 2000;
/** Batches per table and organisation in one sweep; what is left goes at the next hourly sweep. */
const MAX_BATCHES = 100;
/** The audit rows that are sign-in records, kept by the sign-in rule rather than the audit log's. */
export const LOGIN_AUDIT_ACTIONS = ['auth.login', 'auth.logout'];

const fromRow = (r: repo.RetentionRow): RetentionPolicy => ({
  jobsDays: r.jobs_days,
  ctiEventsDays: r.cti_events_days,
  domainEventsDays: r.domain_events_days,
  agentFactsDays: r.agent_facts_days,
  callerTextsDays: r.caller_texts_days,
  loginDays: r.login_days,
  auditDays: r.audit_days,
});

export async function getPolicy(ctx: Ctx): Promise<RetentionPolicy & { updatedAt: string | null; defaults: RetentionPolicy }> {
  const row = await repo.findSettings(ctx.db, ctx.orgId);
  return { ...(row ? fromRow(row) : DEFAULT_RETENTION), updatedAt: row ? new Date(row.updated_at).toISOString() : null, defaults: DEFAULT_RETENTION };
}

export async function savePolicy(ctx: Ctx, p: RetentionPolicy): Promise<RetentionPolicy & { updatedAt: string | null; defaults: RetentionPolicy }> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.findSettings(tx, ctx.orgId);
    await repo.saveSettings(
      tx,
      ctx.orgId,
      { jobs_days: p.jobsDays, cti_events_days: p.ctiEventsDays, domain_events_days: p.domainEventsDays, agent_facts_days: p.agentFactsDays, caller_texts_days: p.callerTextsDays, login_days: p.loginDays, audit_days: p.auditDays },
      ctx.actor.id,
      ctx.now(),
    );
    const after = Object.fromEntries(retentionKeys.map((k) => [k, p[k]]));
    await recordAudit(tx, ctx, { action: 'retention.update', entityType: 'org', entityId: ctx.orgId, before: before ? fromRow(before) : DEFAULT_RETENTION, after });
    await recordEvent(tx, ctx, 'retention.updated', { type: 'org', id: ctx.orgId }, after);
    return { ...p, updatedAt: ctx.now().toISOString(), defaults: DEFAULT_RETENTION };
  });
}

export type SweepCounts = Record<'jobs' | 'ctiEvents' | 'domainEvents' | 'agentFacts' | 'callerTexts' | 'loginAttempts' | 'loginAudit' | 'audit' | 'rollupMarkers', number>;

/** Deletes in batches until a batch comes back short, or MAX_BATCHES ran (the next sweep goes on). */
async function inBatches(batch: (limit: number) => Promise<number>, size: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await batch(size);
    total += n;
    if (n < size) break;
  }
  return total;
}

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * The retention sweep (run by housekeeping every hour): for each organisation, by its own policy,
 * deletes finished jobs, raw CTI events of calls that no longer change (marking those calls final),
 * domain events, agent state facts (after recording how far back they go), texts to callers that are no longer
 * queued (the list of numbers that declined texts stays: it is the callers' standing instruction), sign-in records and, if the organisation set a limit, older audit rows; a deletion from
 * the audit log leaves an audit row saying what went. It first folds the reports' dirty markers
 * into the rollups, so that log does not grow when nobody opens a report.
 */
export async function sweep(db: Db, now: Date, log?: Logger, batch = SWEEP_BATCH): Promise<SweepCounts> {
  const counts: SweepCounts = { jobs: 0, ctiEvents: 0, domainEvents: 0, agentFacts: 0, callerTexts: 0, loginAttempts: 0, loginAudit: 0, audit: 0, rollupMarkers: 0 };
  const settings = new Map((await repo.allSettings(db)).map((r) => [r.org_id, fromRow(r)]));
  const orgs = await repo.orgIds(db);
  for (const orgId of orgs) {
    const p = settings.get(orgId) ?? DEFAULT_RETENTION;
    const ctx: Ctx = { db, orgId, actor: systemActor, now: () => now };
    try {
      counts.rollupMarkers += await foldRollupMarkers(ctx);
    } catch (err) {
      log?.warn({ org: orgId, err: String(err) }, 'retention: folding the report markers failed; the next report does it');
    }
    counts.jobs += await inBatches((n) => repo.deleteFinishedJobs(db, orgId, ago(now, p.jobsDays), n), batch);
    counts.ctiEvents += await inBatches((n) => repo.deleteCtiEvents(db, orgId, ago(now, p.ctiEventsDays), n, now), batch);
    counts.domainEvents += await inBatches((n) => repo.deleteDomainEvents(db, orgId, ago(now, p.domainEventsDays), n), batch);
    // The horizon is recorded before the facts go: a derivation that runs meanwhile already stops at it.
    const factsBefore = ago(now, p.agentFactsDays);
    await repo.advanceAgentFactsHorizon(db, orgId, factsBefore);
    counts.agentFacts += await inBatches((n) => repo.deleteAgentFacts(db, orgId, factsBefore, n), batch);
    counts.callerTexts += await inBatches((n) => repo.deleteCallerTexts(db, orgId, ago(now, p.callerTextsDays), n), batch);
    counts.loginAudit += await inBatches((n) => repo.deleteAuditRows(db, orgId, ago(now, p.loginDays), { only: LOGIN_AUDIT_ACTIONS }, n), batch);
    if (p.auditDays !== null) {
      const before = ago(now, p.auditDays);
      const gone = await inBatches((n) => repo.deleteAuditRows(db, orgId, before, { except: LOGIN_AUDIT_ACTIONS }, n), batch);
      counts.audit += gone;
      if (gone) await recordAudit(db, ctx, { action: 'retention.audit_pruned', entityType: 'org', entityId: orgId, after: { before: before.toISOString(), rows: gone } });
    }
  }
  counts.jobs += await inBatches((n) => repo.deleteFinishedJobs(db, null, ago(now, DEFAULT_RETENTION.jobsDays), n), batch);
  // Sign-in attempts carry no organisation: they are kept as long as the longest rule asks
  const loginDays = Math.max(...orgs.map((o) => (settings.get(o) ?? DEFAULT_RETENTION).loginDays), 1);
  counts.loginAttempts += await inBatches((n) => repo.deleteLoginAttempts(db, ago(now, loginDays), n), batch);
  return counts;
}


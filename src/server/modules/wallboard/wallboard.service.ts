/**
 * The wallboard (大屏): what a supervisor's wall screen shows all day — callers waiting and for how long, agents by
 * state, today's and the last half hour's service level and abandons, tickets due soon and overdue — coloured by the
 * organisation's thresholds. Every figure comes from the module that owns it: call figures from the KPI report
 * (reports.service, docs/kpi.md), agent states from the team board, ticket counts from the ticket list's own filters.
 */
import { agentStates } from '../../../shared/cti/events.js';
import { localDayAndTime, zonedToInstant } from '../../../shared/calendar/zone.js';
import type { CallFigures } from '../../../shared/kpi/index.js';
import { DEFAULT_WALLBOARD_THRESHOLDS, wallboardThresholdsSchema, type WallboardThresholds } from '../../../shared/kpi/wallboard.js';
import type { Ctx } from '../../context.js';
import { recordAudit } from '../audit/audit.repo.js';
import { board } from '../agents/agents.service.js';
import { recordEvent } from '../events/events.repo.js';
import { callFiguresBetween, reportTimeZone } from '../reports/reports.service.js';
import { urgentTicketCounts } from '../tickets/tickets.service.js';
import * as repo from './wallboard.repo.js';
import type { WallboardDto } from './wallboard.schema.js';

/** A call that has rung this long without an answer or an end is a switch that lost it, not a caller still waiting. */
export const WAITING_WINDOW_MS = 60 * 60_000;
export const RECENT_WINDOW_MS = 30 * 60_000;

export async function getSettings(ctx: Ctx): Promise<{ thresholds: WallboardThresholds; updatedAt: string | null }> {
  const row = await repo.findSettings(ctx.db, ctx.orgId);
  const parsed = row ? wallboardThresholdsSchema.safeParse(row.thresholds) : null;
  return parsed?.success ? { thresholds: parsed.data, updatedAt: new Date(row!.updated_at).toISOString() } : { thresholds: DEFAULT_WALLBOARD_THRESHOLDS, updatedAt: null };
}

export async function saveSettings(ctx: Ctx, thresholds: WallboardThresholds) {
  return ctx.db.transaction().execute(async (tx) => {
    const t = { ...ctx, db: tx };
    const before = await getSettings(t);
    await repo.saveSettings(tx, { orgId: ctx.orgId, thresholds, by: ctx.actor.id, now: ctx.now() });
    await recordAudit(tx, t, { action: 'wallboard.settings.update', entityType: 'org', entityId: ctx.orgId, before: before.thresholds, after: thresholds });
    await recordEvent(tx, t, 'wallboard.settings.updated', { type: 'org', id: ctx.orgId }, {});
    return { thresholds, updatedAt: ctx.now().toISOString() };
  });
}

const pick = (f: CallFigures) => ({
  offered: f.offered,
  answered: f.answered,
  abandoned: f.abandoned,
  shortAbandoned: f.shortAbandoned,
  answeredWithinT1: f.answeredWithinT1,
  serviceLevel: f.serviceLevelT1,
  serviceLevelOffered: f.serviceLevelOfferedT1,
  answerRate: f.answerRate,
  abandonRate: f.abandonRate,
  asaSec: f.asaSec,
  longestWaitSec: f.longestWaitSec,
});

export async function snapshot(ctx: Ctx): Promise<WallboardDto> {
  const now = ctx.now();
  const timeZone = await reportTimeZone(ctx);
  const midnight = new Date(zonedToInstant(localDayAndTime(now.getTime(), timeZone).day, 0, timeZone));
  const [waiting, team, today, last30, tickets, settings] = await Promise.all([
    repo.waitingCalls(ctx.db, ctx.orgId, new Date(now.getTime() - WAITING_WINDOW_MS), now),
    board(ctx),
    callFiguresBetween(ctx, midnight, now),
    callFiguresBetween(ctx, new Date(now.getTime() - RECENT_WINDOW_MS), now),
    urgentTicketCounts(ctx),
    getSettings(ctx),
  ]);
  const counts = Object.fromEntries(agentStates.map((s) => [s, team.counts[s]])) as Record<(typeof agentStates)[number], number>;
  return {
    at: now.toISOString(),
    timeZone,
    t1Sec: today.thresholds.t1Sec,
    waiting: {
      calls: waiting.calls,
      oldestRingingAt: waiting.oldest?.toISOString() ?? null,
      longestWaitSec: waiting.oldest ? Math.max(0, Math.round((now.getTime() - waiting.oldest.getTime()) / 1000)) : null,
    },
    agents: { ...counts, signedIn: team.agents.filter((a) => a.state !== 'offline').length },
    today: pick(today.figures),
    last30: pick(last30.figures),
    tickets,
    thresholds: settings.thresholds,
  };
}

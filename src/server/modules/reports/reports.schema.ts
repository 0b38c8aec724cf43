import { z } from 'zod';
import { reportDimensions, THRESHOLD_MAX_SEC, THRESHOLD_MIN_SEC, type CallbackFigures, type CallFigures, type QaFigures, type TicketFigures } from '../../../shared/kpi/index.js';

const date = z.string().describe('YYYY-MM-DD, a day in the organisation\'s time zone');

export const kpiQuery = z.object({
  from: date,
  to: date.describe('last day, included'),
  by: z.enum(reportDimensions).default('day'),
  interval: z.coerce.number().pipe(z.union([z.literal(15), z.literal(30), z.literal(60)])).default(60).describe('minutes, for by=interval'),
});
export type KpiQuery = z.output<typeof kpiQuery>;

export const xlsxQuery = kpiQuery.extend({ lang: z.enum(['zh-CN', 'zh-TW', 'en']).optional().describe('language of the labels; default the browser\'s') });

const n = z.number();
const rate = z.number().nullable();

/** Every key of a figures type, typed so that a figure added to the KPI module must be added here too. */
function figures<T>(counts: ReadonlyArray<keyof T & string>, nullable: ReadonlyArray<keyof T & string>) {
  return z.object({ ...Object.fromEntries(counts.map((k) => [k, n])), ...Object.fromEntries(nullable.map((k) => [k, rate])) } as Record<keyof T & string, z.ZodNumber | z.ZodNullable<z.ZodNumber>>);
}

export const callFiguresSchema = figures<CallFigures>(
  ['offered', 'answered', 'abandoned', 'shortAbandoned', 'answeredWithinT1', 'answeredWithinT2', 'abandonedAfterT1', 'abandonedAfterT2', 'transfers', 'transferredCalls', 'outbound'],
  ['answerRate', 'abandonRate', 'serviceLevelT1', 'serviceLevelT2', 'serviceLevelOfferedT1', 'serviceLevelOfferedT2', 'asaSec', 'longestWaitSec', 'avgTalkSec', 'avgHoldSec', 'avgWrapUpSec', 'avgHandleSec', 'occupancy', 'transferRate'],
);
export const callbackFiguresSchema = figures<CallbackFigures>(
  ['callbacksCreated', 'callbacksDone', 'callbacksReached', 'callbacksNoAnswer', 'callbacksWrongNumber', 'callbacksNotNeeded', 'callbacksOpen'],
  ['callbackReachRate'],
);
export const ticketFiguresSchema = figures<TicketFigures>(
  ['created', 'merged', 'finished', 'finishedOnTime', 'overdueNow', 'dispatched', 'returned', 'extended', 'surveyed', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'closedOnCall'],
  ['finishRate', 'onTimeRate', 'returnRate', 'extensionRate', 'surveyRate', 'satisfactionRate', 'fcrRate'],
);
export const qaFiguresSchema = figures<QaFigures>(['checked', 'fatal'], ['avgScore', 'fatalRate']);

const sections = {
  calls: callFiguresSchema.optional(),
  callbacks: callbackFiguresSchema.optional(),
  tickets: ticketFiguresSchema.optional(),
  qa: qaFiguresSchema.optional(),
};

export const kpiReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  by: z.enum(reportDimensions),
  interval: z.number().nullable(),
  thresholds: z.object({ t1Sec: n, t2Sec: n }),
  targets: z.object({ answerWithinSec: n, answerRate: n }),
  total: z.object(sections),
  rows: z.array(z.object({ key: z.string(), label: z.string(), ...sections })),
  gbt: z.object({ serviceLevel15: rate, worstAnswerRate24h: rate, worstWindowStart: z.string().nullable(), answerRateMet: z.boolean().nullable() }).nullable(),
  heatmap: z.array(z.object({ weekday: n, hour: n, offered: n, answerRate: rate })),
  topChecks: z.array(z.object({ check: z.string(), count: n })),
  /** What this reader may see (an inspector: QA only). */
  sections: z.array(z.enum(['calls', 'callbacks', 'tickets', 'qa'])),
});
export type KpiReportDto = z.output<typeof kpiReportSchema>;

const seconds = z.number().int().min(THRESHOLD_MIN_SEC).max(THRESHOLD_MAX_SEC);
export const settingsBody = z.object({ t1Sec: seconds, t2Sec: seconds });
export const settingsSchema = z.object({ t1Sec: n, t2Sec: n, updatedAt: z.string().nullable() });

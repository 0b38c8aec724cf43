import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD');
export const commitmentStatsQuery = z.object({
  from: day.optional().describe('first day, in the organisation’s time zone (default: the first of the month of `to`)'),
  to: day.optional().describe('last day, inclusive (default: today)'),
});
const kept = z.object({ onTime: z.number(), late: z.number(), missed: z.number(), open: z.number() });
export const commitmentStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  /** 首次联系 of the tickets taken in the period: met in time, met late, missed (past it, no contact), still running. */
  firstContact: kept,
  /** 到达现场 of the repair tickets taken in the period. */
  arrival: kept,
});
export type CommitmentStatsDto = z.infer<typeof commitmentStatsSchema>;

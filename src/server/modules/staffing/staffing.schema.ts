import { z } from 'zod';

const fraction = (what: string) => z.coerce.number().gt(0, { message: `${what} must be above 0` }).max(1, { message: `${what} must be at most 1` });

export const forecastQuery = z.object({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date, YYYY-MM-DD' })
    .optional()
    .describe('the Monday the planned week starts on (local date); default next week'),
  intervalMin: z.coerce
    .number()
    .refine((v) => v === 15 || v === 30 || v === 60, { message: 'must be 15, 30 or 60' })
    .default(30)
    .describe('interval length in minutes'),
  targetSec: z.coerce.number().int().min(0).max(600).optional().describe("answer-time target T in seconds; default the organisation's T1 (报表 settings, 15 s as GB/T 33358 asks unless changed)"),
  targetSl: fraction('the service level target').default(0.8).describe('share of calls to answer within T'),
  maxOccupancy: fraction('the occupancy cap').default(1).describe('highest acceptable occupancy (1 = no cap)'),
  shrinkage: z.coerce.number().min(0).lt(1, { message: 'must be below 1' }).default(0.3).describe('share of paid time off the phones'),
});
export type ForecastQuery = z.infer<typeof forecastQuery>;

export const forecastXlsxQuery = forecastQuery.extend({ lang: z.enum(['zh-CN', 'zh-TW', 'en']).default('zh-CN').describe('language of the labels') });

export const plannedIntervalSchema = z.object({
  start: z.string().describe('local start, ISO 8601 with offset'),
  date: z.string(),
  weekday: z.number().int().describe('1 = Monday … 7 = Sunday'),
  time: z.string().describe('HH:MM local'),
  calls: z.number().describe('forecast offered calls: mean of the four history days'),
  ahtSec: z.number(),
  ahtSource: z.enum(['interval', 'org', 'default']),
  intensity: z.number(),
  agents: z.number().int().describe('Erlang C agents on the phones'),
  scheduledAgents: z.number().int().describe('agents / (1 − shrinkage), rounded up'),
  serviceLevel: z.number(),
  occupancy: z.number(),
  asaSec: z.number(),
});

export const forecastSchema = z.object({
  week: z.string(),
  timeZone: z.string(),
  intervalMin: z.number(),
  targetSec: z.number(),
  targetSl: z.number(),
  maxOccupancy: z.number(),
  shrinkage: z.number(),
  orgAhtSec: z.number(),
  orgAhtSource: z.enum(['org', 'default']),
  historyDays: z.array(z.object({ date: z.string(), from: z.array(z.string()) })).describe('for each planned day, the four past days it is forecast from'),
  totals: z.object({ calls: z.number(), agentHours: z.number(), scheduledHours: z.number(), peakAgents: z.number().int(), peakScheduled: z.number().int() }),
  intervals: z.array(plannedIntervalSchema),
});
export type Forecast = z.infer<typeof forecastSchema>;

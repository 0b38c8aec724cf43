import { z } from 'zod';
import { agentStates } from '../../../shared/cti/events.js';
import { wallboardThresholdsSchema } from '../../../shared/kpi/wallboard.js';

const figures = z.object({
  offered: z.number().int().describe('answered + abandoned (abandons under 5 s apart, docs/kpi.md)'),
  answered: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  answeredWithinT1: z.number().int(),
  serviceLevel: z.number().nullable().describe('answered within T1 / answered'),
  serviceLevelOffered: z.number().nullable().describe('answered within T1 / (answered + abandoned after T1)'),
  answerRate: z.number().nullable().describe('接通率: answered / offered'),
  abandonRate: z.number().nullable(),
  asaSec: z.number().nullable(),
  longestWaitSec: z.number().nullable().describe('longest wait of an answered or abandoned call'),
});

export const wallboardSchema = z.object({
  at: z.string().describe('when the figures were taken'),
  timeZone: z.string(),
  t1Sec: z.number().int().describe("the organisation's service-level threshold T1 in seconds"),
  waiting: z.object({
    calls: z.number().int().describe('inbound calls ringing or queued now (rang within the last hour, not answered, not ended)'),
    oldestRingingAt: z.string().nullable().describe('when the longest-waiting of them started ringing'),
    longestWaitSec: z.number().nullable(),
  }),
  agents: z.object(Object.fromEntries(agentStates.map((s) => [s, z.number().int()])) as Record<(typeof agentStates)[number], z.ZodNumber>).extend({
    signedIn: z.number().int().describe('agents in any state but offline'),
  }),
  today: figures.describe('calls that rang since midnight in the organisation’s time zone'),
  last30: figures.describe('calls that rang in the last 30 minutes'),
  tickets: z.object({ overdue: z.number().int(), dueSoon: z.number().int().describe('in a time limit’s warning period') }),
  thresholds: wallboardThresholdsSchema,
});
export type WallboardDto = z.infer<typeof wallboardSchema>;

export const wallboardSettingsSchema = z.object({ thresholds: wallboardThresholdsSchema, updatedAt: z.string().nullable() });
export const wallboardSettingsBody = z.object({ thresholds: wallboardThresholdsSchema });

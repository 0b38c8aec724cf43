import { z } from 'zod';

export const slugParam = z.object({ slug: z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be a hotline name (lower-case letters, digits, dashes)' }) });

export const publicHotlineSchema = z.object({
  name: z.string(),
  number: z.string().nullable().describe('the number callers dial, from the active standard pack'),
  timeZone: z.string(),
  serviceHours: z.object({
    allDay: z.boolean().describe('answered around the clock'),
    dayFrom: z.string().nullable().describe('full service from HH:MM'),
    dayTo: z.string().nullable().describe('full service until HH:MM'),
    nightHandled: z.array(z.string()).describe('what is still handled in the night service'),
  }),
  now: z.object({
    at: z.string(),
    inDayService: z.boolean(),
    expectedWaitSec: z.number().nullable().describe('mean wait of the calls answered in the last 30 minutes; null when none was answered and callers are waiting'),
    answeredLast30Min: z.number().int(),
    waiting: z.number().int(),
  }),
  weeks: z.number().int().describe('weeks of measured traffic behind the hours'),
  hours: z.array(z.object({ weekday: z.number().int(), hour: z.number().int(), calls: z.number(), level: z.enum(['quiet', 'normal', 'busy', 'closed']) })),
  quietWindows: z.array(z.object({ weekday: z.number().int(), from: z.number().int(), to: z.number().int() })),
});
export type PublicHotline = z.infer<typeof publicHotlineSchema>;

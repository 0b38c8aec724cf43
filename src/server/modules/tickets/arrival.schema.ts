import { z } from 'zod';

/** 到达现场: a repair ticket's arrival limit (null: its category has none, or its 区域类型 matches none). */
export const arrivalSchema = z.object({
  arrival: z
    .object({
      commitmentId: z.string(),
      /** The promise as the pack words it: 抢修人员到达现场(城区). */
      name: z.string(),
      /** The field value that chose it (城区 …), or null. */
      area: z.string().nullable(),
      within: z.string(),
      startedAt: z.string(),
      dueAt: z.string(),
      arrivedAt: z.string().nullable(),
      arrivedBy: z.string().nullable(),
      breachedAt: z.string().nullable(),
      /** met (arrived in time), late (arrived after the limit), missed (past it, not arrived), running. */
      verdict: z.enum(['met', 'late', 'missed', 'running']),
    })
    .nullable(),
});
export type ArrivalDto = z.infer<typeof arrivalSchema>;

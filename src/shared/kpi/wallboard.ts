import { z } from 'zod';

/**
 * The wallboard's colours (大屏): for each figure, when it turns amber (warn) and red (alert). An
 * organisation sets its own (GET/PUT /api/wallboard/settings); the server checks them with this
 * schema and the browser colours with `levelOf`, so both read the same rule.
 */
const pair = (desc: string) =>
  z
    .object({ warn: z.number().min(0).max(1_000_000), alert: z.number().min(0).max(1_000_000) })
    .describe(desc);

export const wallboardThresholdsSchema = z
  .object({
    /** calls waiting now: amber from `warn`, red from `alert` */
    waitingCalls: pair('calls waiting now'),
    /** the longest wait now, in seconds */
    longestWaitSec: pair('longest current wait in seconds'),
    /** service level (share answered within T1): amber below `warn`, red below `alert` (0–1) */
    serviceLevel: pair('service level, 0–1; lower is worse'),
    /** abandon rate (0–1): amber from `warn`, red from `alert` */
    abandonRate: pair('abandon rate, 0–1'),
    /** overdue tickets now */
    overdueTickets: pair('overdue tickets'),
  })
  .refine((t) => t.waitingCalls.warn <= t.waitingCalls.alert && t.longestWaitSec.warn <= t.longestWaitSec.alert && t.abandonRate.warn <= t.abandonRate.alert && t.overdueTickets.warn <= t.overdueTickets.alert, {
    message: 'each amber threshold must come before its red one',
  })
  .refine((t) => t.serviceLevel.warn >= t.serviceLevel.alert && t.serviceLevel.warn <= 1, { message: 'the service level turns amber before it turns red (warn ≥ alert, both at most 1)', path: ['serviceLevel'] });

export type WallboardThresholds = z.infer<typeof wallboardThresholdsSchema>;

/** Defaults: 80 % within T1 (the common 80/20 target; GB/T 33358 asks 15 s), a queue of 5, a minute's wait. */
export const DEFAULT_WALLBOARD_THRESHOLDS: WallboardThresholds = {
  waitingCalls: { warn: 3, alert: 6 },
  longestWaitSec: { warn: 30, alert: 60 },
  serviceLevel: { warn: 0.8, alert: 0.6 },
  abandonRate: { warn: 0.05, alert: 0.1 },
  overdueTickets: { warn: 1, alert: 10 },
};

export type Level = 'ok' | 'warn' | 'alert' | 'none';

/** How a figure stands against its thresholds; `none` when there is no figure (no calls yet). */
export function levelOf(metric: keyof WallboardThresholds, value: number | null, t: WallboardThresholds): Level {
  if (value === null) return 'none';
  const { warn, alert } = t[metric];
  if (metric === 'serviceLevel') return value < alert ? 'alert' : value < warn ? 'warn' : 'ok';
  return value >= alert ? 'alert' : value >= warn ? 'warn' : 'ok';
}

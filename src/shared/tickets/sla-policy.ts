/**
 * Which time limits apply to a ticket: the standard pack's SLA policies matched by category, sub-category and
 * priority (`*` matches all). For each limit the most specific policy that sets it wins, so a category policy
 * can set the resolution time and a wildcard priority policy still supplies `updateEvery`.
 * Specificity: a specific category counts 4, a matching sub-category 2, a specific priority 1.
 */
import type { Pack, SlaPolicy } from '../standards/schema.js';

export const slaLimitKeys = ['firstContact', 'dispatch', 'departmentSignIn', 'reply', 'resolution', 'callback', 'updateEvery'] as const;
export type SlaLimitKey = (typeof slaLimitKeys)[number];
export type SlaLimits = Partial<Record<SlaLimitKey, string>>;

function specificity(p: SlaPolicy, category: string, subCategory: string | null | undefined, priority: string): number | null {
  if (p.category !== '*' && p.category !== category) return null;
  if (p.subCategory !== undefined && p.subCategory !== subCategory) return null;
  if (p.priority !== '*' && p.priority !== priority) return null;
  return (p.category !== '*' ? 4 : 0) + (p.subCategory !== undefined ? 2 : 0) + (p.priority !== '*' ? 1 : 0);
}

export function resolveSlaLimits(pack: Pick<Pack, 'slaPolicies'>, category: string, subCategory: string | null | undefined, priority: string): SlaLimits {
  const matching = pack.slaPolicies
    .map((p, i) => ({ p, i, s: specificity(p, category, subCategory, priority) }))
    .filter((m): m is { p: SlaPolicy; i: number; s: number } => m.s !== null)
    .sort((a, b) => b.s - a.s || a.i - b.i);
  const limits: SlaLimits = {};
  for (const key of slaLimitKeys) {
    const hit = matching.find((m) => m.p[key] !== undefined);
    if (hit) limits[key] = hit.p[key];
  }
  return limits;
}

/** Calibration from reviews (规则校准): how often people overturn each check's machine findings. */
import type { Ctx } from '../../context.js';
import { machineFindingsByCheck, reviewDecisions } from './qa.calibration.repo.js';

export interface CheckCalibration {
  check: string;
  findings: number;
  reviewed: number;
  overturned: number;
  /** overturned / reviewed; null before any review. */
  overturnRate: number | null;
}

export async function calibration(ctx: Ctx): Promise<CheckCalibration[]> {
  const rows = await machineFindingsByCheck(ctx.db, ctx.orgId);
  return rows.map((r) => ({
    check: r.check_id,
    findings: r.findings,
    reviewed: r.reviewed,
    overturned: r.overturned,
    overturnRate: r.reviewed > 0 ? r.overturned / r.reviewed : null,
  }));
}

export interface InspectorAgreement {
  inspectorId: string;
  name: string;
  /** findings this inspector decided that someone else decided too */
  compared: number;
  /** of them, where every other reviewer decided the same */
  agreed: number;
  /** agreed / compared; null before any finding was reviewed twice */
  agreementRate: number | null;
}

/**
 * Per inspector, how often they agree with the others on findings reviewed by more than one person
 * (each person's latest decision): inspectors who often disagree read the standard differently, and
 * the rule or the training needs a look.
 */
export function agreementOf(decisions: ReadonlyArray<{ finding_id: string; actor_id: string; actor_name: string; status: string }>): InspectorAgreement[] {
  const byFinding = new Map<string, Array<{ actor: string; status: string }>>();
  const names = new Map<string, string>();
  for (const d of decisions) {
    names.set(d.actor_id, d.actor_name);
    byFinding.set(d.finding_id, [...(byFinding.get(d.finding_id) ?? []), { actor: d.actor_id, status: d.status }]);
  }
  const tally = new Map<string, { compared: number; agreed: number }>();
  for (const reviews of byFinding.values()) {
    if (reviews.length < 2) continue;
    for (const r of reviews) {
      const t = tally.get(r.actor) ?? { compared: 0, agreed: 0 };
      t.compared++;
      if (reviews.every((o) => o.status === r.status)) t.agreed++;
      tally.set(r.actor, t);
    }
  }
  return [...names.keys()]
    .map((id) => {
      const t = tally.get(id) ?? { compared: 0, agreed: 0 };
      return { inspectorId: id, name: names.get(id)!, ...t, agreementRate: t.compared > 0 ? t.agreed / t.compared : null };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function inspectorAgreement(ctx: Ctx): Promise<InspectorAgreement[]> {
  return agreementOf(await reviewDecisions(ctx.db, ctx.orgId));
}

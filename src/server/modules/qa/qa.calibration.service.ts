/** Calibration from reviews (规则校准): how often people overturn each check's machine findings. */
import type { Ctx } from '../../context.js';
import { machineFindingsByCheck } from './qa.calibration.repo.js';

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

/**
 * Packs written before a number moved to its one place still load.
 *
 * The call rules and the QA thresholds used to state six numbers twice (`callRules.answer.maxRings`
 * and `qa.thresholds.maxRings`, the speech rate, dead air, the interruption overlap, the gap between
 * silent-call prompts), and the simulator took the smaller ring count. Now `callRules` states them
 * and everything reads them from there (`thresholdsFromCallRules` in schema.ts). What happens to
 * the old keys under `qa.thresholds`:
 *
 * - a pack being checked or saved (YAML files, CLI, API): a key that says what `callRules` says is
 *   dropped with a warning (remove it); one that disagrees is an error — the editor decides which
 *   number is meant, rexian does not guess;
 * - a version already stored (immutable, accepted before): the keys are dropped when it is read and
 *   `callRules` wins, as the workbench and the simulator already read it (`readStoredPack`).
 */
import { packSchema, thresholdsFromCallRules, valueAt, type Pack, type ThresholdFromCallRules } from './schema.js';

export interface MovedThreshold {
  key: ThresholdFromCallRules;
  /** Where the old key was, e.g. `['qa', 'thresholds', 'maxRings']`. */
  path: ['qa', 'thresholds', ThresholdFromCallRules];
  /** Its value there. */
  legacy: unknown;
  /** What `callRules` says, in the threshold's unit; `undefined` when `callRules` does not say it (an error of its own). */
  stated: number | undefined;
  /** A message for the pack's editor. */
  message: string;
  /** The two disagree: the pack must be fixed before it is saved. */
  conflict: boolean;
}

const movedKeys = Object.keys(thresholdsFromCallRules) as ThresholdFromCallRules[];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A raw pack value (before validation) without the moved keys of `qa.thresholds`, and what was found
 * there. The input is not changed.
 */
export function withoutMovedThresholds(value: unknown): { value: unknown; moved: MovedThreshold[] } {
  const thresholds = valueAt(value, ['qa', 'thresholds']);
  if (!isPlainObject(value) || !isPlainObject(thresholds)) return { value, moved: [] };
  const present = movedKeys.filter((k) => k in thresholds);
  if (present.length === 0) return { value, moved: [] };
  const moved = present.map((key): MovedThreshold => {
    const { path, scale } = thresholdsFromCallRules[key];
    const raw = valueAt(value, path);
    const stated = typeof raw === 'number' ? raw * scale : undefined;
    const legacy = thresholds[key];
    const where = path.join('.');
    const said = scale === 1 ? `${String(raw)}` : `${String(raw)} (${String(stated)} ms)`;
    const conflict = stated !== undefined && legacy !== stated;
    const message = conflict
      ? `qa.thresholds.${key} = ${JSON.stringify(legacy)} disagrees with ${where} = ${said}: the pack states this number once, in ${where}; put the number you mean there and remove qa.thresholds.${key}`
      : `qa.thresholds.${key} is read from ${where} now; remove it here`;
    return { key, path: ['qa', 'thresholds', key], legacy, stated, message, conflict };
  });
  const kept = Object.fromEntries(Object.entries(thresholds).filter(([k]) => !(movedKeys as string[]).includes(k)));
  const qa = value.qa as Record<string, unknown>;
  return { value: { ...value, qa: { ...qa, thresholds: kept } }, moved };
}

const parsedVersions = new Map<string, Pack>();
const MAX_PARSED = 64;

/**
 * A stored pack version's content (JSONB) as a pack, parsed with the pack schema rather than cast: a
 * version stored before a field with a default existed gets the default, and one that no longer
 * validates is a fault that names its first problem instead of failing somewhere later. One stored
 * before the call-rule numbers moved still has them under `qa.thresholds`; they are dropped first
 * (`callRules` wins). Versions are immutable, so a parse is kept per version id (about 20–50 ms for a
 * large pack).
 */
export function readStoredPack(content: unknown, versionId?: string): Pack {
  const cached = versionId === undefined ? undefined : parsedVersions.get(versionId);
  if (cached) return cached;
  const r = packSchema.safeParse(withoutMovedThresholds(content).value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`stored standard pack${versionId ? ` version ${versionId}` : ''} does not validate: ${first ? `${first.path.join('.')}: ${first.message}` : 'unknown problem'}`);
  }
  if (versionId !== undefined) {
    if (parsedVersions.size >= MAX_PARSED) parsedVersions.delete(parsedVersions.keys().next().value!);
    parsedVersions.set(versionId, r.data);
  }
  return r.data;
}

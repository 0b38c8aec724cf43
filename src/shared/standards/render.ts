/** Filling in script templates for the agent workbench. */
import type { ScriptPlaceholder } from './schema.js';

export type ScriptVars = Partial<Record<ScriptPlaceholder, string | number>> & Record<string, string | number | undefined>;

/**
 * Replaces `{org}`, `{agentId}`, `{agentName}` … with the given values. Placeholders
 * without a value stay as they are, so the agent sees what still has to be filled in
 * (e.g. `{time}`) instead of a silent gap.
 */
export function renderScript(template: string, vars: ScriptVars): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined || v === '' ? whole : String(v);
  });
}

import { compileQa, type CompiledQa } from '../../../shared/qa/engine.js';
import { defaultQaConfig } from '../../../shared/qa/config.js';
import { toQaConfig } from '../../../shared/standards/qa.js';
import type { Pack } from '../../../shared/standards/schema.js';
import type { Db } from '../../db/database.js';
import { activePackCached, packVersionById } from '../standards/active-pack.js';

// One compiled automaton per pack version, reused for every call checked or re-scored with it.
const compiledByVersion = new Map<string, CompiledQa>();
let compiledDefault: CompiledQa | undefined;

const compiledDefaults = () => (compiledDefault ??= compileQa(defaultQaConfig));

function compiledOf(versionId: string, pack: Pack): CompiledQa {
  let compiled = compiledByVersion.get(versionId);
  if (!compiled) {
    compiled = compileQa(toQaConfig(pack));
    if (compiledByVersion.size > 50) compiledByVersion.clear();
    compiledByVersion.set(versionId, compiled);
  }
  return compiled;
}

/** The QA rules an organisation's calls are checked against: its active pack, or the built-in standard. */
export async function qaRulesFor(db: Db, orgId: string): Promise<{ compiled: CompiledQa; packVersionId: string | null }> {
  const active = await activePackCached(db, orgId);
  if (!active) return { compiled: compiledDefaults(), packVersionId: null };
  return { compiled: compiledOf(active.versionId, active.pack), packVersionId: active.versionId };
}

/**
 * The rules of the pack version a result was checked with (versions are immutable), so a
 * call is re-scored after a review with the weights it was scored with, not today's.
 */
export async function qaRulesOfVersion(db: Db, orgId: string, packVersionId: string | null): Promise<CompiledQa> {
  if (packVersionId === null) return compiledDefaults();
  const cached = compiledByVersion.get(packVersionId);
  if (cached) return cached;
  const pack = await packVersionById(db, orgId, packVersionId);
  // a result always names a version of its own organisation; the built-in rules are the fallback
  return pack ? compiledOf(packVersionId, pack) : compiledDefaults();
}

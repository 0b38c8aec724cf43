import { readStoredPack } from '../../../shared/standards/legacy.js';
import type { Pack } from '../../../shared/standards/schema.js';
import type { Db } from '../../db/database.js';

/**
 * The organisation's active pack for hot paths (CTI intake). Pack versions are immutable, so the
 * content is cached by version id; only the small "which version is active" row is read each time.
 */
const byVersion = new Map<string, Pack>();
const MAX_CACHED = 32;

export async function activePackCached(db: Db, orgId: string): Promise<{ versionId: string; pack: Pack } | null> {
  const active = await db.selectFrom('standard_pack_active').select('version_id').where('org_id', '=', orgId).executeTakeFirst();
  if (!active) return null;
  let pack = byVersion.get(active.version_id);
  if (!pack) {
    const row = await db.selectFrom('standard_pack_versions').select('content').where('id', '=', active.version_id).executeTakeFirstOrThrow();
    pack = readStoredPack(row.content, active.version_id);
    if (byVersion.size >= MAX_CACHED) byVersion.delete(byVersion.keys().next().value!);
    byVersion.set(active.version_id, pack);
  }
  return { versionId: active.version_id, pack };
}

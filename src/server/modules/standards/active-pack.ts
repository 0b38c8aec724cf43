import { readStoredPack } from '../../../shared/standards/legacy.js';
import type { Pack } from '../../../shared/standards/schema.js';
import type { Db } from '../../db/database.js';
import * as repo from './standards.repo.js';

/**
 * The organisation's active pack: the one way other modules read it (tickets, QA, CTI intake …). Pack versions
 * are immutable, so the parsed content is cached by version id; only the small "which version is active" row is
 * read each time.
 */
const byVersion = new Map<string, Pack>();
const MAX_CACHED = 32;

async function packOfVersion(db: Db, versionId: string): Promise<Pack> {
  let pack = byVersion.get(versionId);
  if (!pack) {
    pack = readStoredPack(await repo.versionContent(db, versionId), versionId);
    if (byVersion.size >= MAX_CACHED) byVersion.delete(byVersion.keys().next().value!);
    byVersion.set(versionId, pack);
  }
  return pack;
}

export async function activePackCached(db: Db, orgId: string): Promise<{ versionId: string; pack: Pack } | null> {
  const versionId = await repo.activeVersionId(db, orgId);
  return versionId === undefined ? null : { versionId, pack: await packOfVersion(db, versionId) };
}

/** Every stored version of the organisation's standard, oldest first (what its history was handled under). */
export async function packVersionsOf(db: Db, orgId: string): Promise<Pack[]> {
  const packs: Pack[] = [];
  for (const id of await repo.versionIds(db, orgId)) packs.push(await packOfVersion(db, id));
  return packs;
}

/** A version of the organisation's standard by id (results name the version they were checked with), or null. */
export async function packVersionById(db: Db, orgId: string, id: string): Promise<Pack | null> {
  const row = await repo.findVersionById(db, orgId, id);
  return row ? readStoredPack(row.content, row.id) : null;
}

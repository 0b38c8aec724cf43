import type { Db } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import { systemActor, type Actor } from '../../context.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as orgsRepo from './orgs.repo.js';

const slugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates an organisation (one hotline). Done from the CLI or the demo seed, by the system or an admin. */
export async function createOrg(db: Db, input: { slug: string; name: string }, actor: Actor = systemActor, now = () => new Date()) {
  if (!slugPattern.test(input.slug)) fail('VALIDATION_FAILED', `organisation id "${input.slug}" must be 2–63 lowercase letters, digits or dashes`);
  if (!input.name.trim()) fail('VALIDATION_FAILED', 'organisation name must not be empty');
  return db.transaction().execute(async (tx) => {
    if (await orgsRepo.findOrgBySlug(tx, input.slug)) fail('ORG_EXISTS', `organisation "${input.slug}" already exists`);
    const org = await orgsRepo.insertOrg(tx, { slug: input.slug, name: input.name.trim() });
    const ctx = { db: tx, orgId: org.id, actor, now };
    await recordAudit(tx, ctx, { action: 'org.create', entityType: 'org', entityId: org.id, after: org });
    await recordEvent(tx, ctx, 'org.created', { type: 'org', id: org.id }, { slug: org.slug, name: org.name });
    return org;
  });
}

export async function requireOrg(db: Db, slug: string) {
  const org = await orgsRepo.findOrgBySlug(db, slug);
  if (!org) {
    const known = (await orgsRepo.listOrgs(db)).map((o) => o.slug);
    fail('ORG_NOT_FOUND', `no organisation "${slug}"${known.length ? ` (known: ${known.join(', ')})` : ' (none exists yet)'}`);
  }
  return org;
}

import type { OrgProfile } from '../../../shared/standards/identity.js';
import type { Db } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import { systemActor, type Actor, type Ctx } from '../../context.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import * as orgsRepo from './orgs.repo.js';
import type { OrgProfileDto, UpdateOrgProfileInput } from './orgs.schema.js';

const slugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates an organisation (one hotline). Done from the CLI or the demo seed, by the system or an admin. */
export async function createOrg(db: Db, input: { slug: string; name: string; city?: string; hotline?: string }, actor: Actor = systemActor, now = () => new Date()) {
  if (!slugPattern.test(input.slug)) fail('VALIDATION_FAILED', `organisation id "${input.slug}" must be 2–63 lowercase letters, digits or dashes`);
  if (!input.name.trim()) fail('VALIDATION_FAILED', 'organisation name must not be empty');
  return db.transaction().execute(async (tx) => {
    if (await orgsRepo.findOrgBySlug(tx, input.slug)) fail('ORG_EXISTS', `organisation "${input.slug}" already exists`);
    const org = await orgsRepo.insertOrg(tx, { slug: input.slug, name: input.name.trim(), city: input.city?.trim() || null, hotline: input.hotline?.trim() || null });
    const ctx = { db: tx, orgId: org.id, actor, now };
    await recordAudit(tx, ctx, { action: 'org.create', entityType: 'org', entityId: org.id, after: org });
    await recordEvent(tx, ctx, 'org.created', { type: 'org', id: org.id }, { slug: org.slug, name: org.name });
    return org;
  });
}

/** The organisation with this short name, or undefined. */
export function findOrg(db: Db, slug: string) {
  return orgsRepo.findOrgBySlug(db, slug);
}

export async function requireOrg(db: Db, slug: string) {
  const org = await orgsRepo.findOrgBySlug(db, slug);
  if (!org) {
    const known = (await orgsRepo.listOrgs(db)).map((o) => o.slug);
    fail('ORG_NOT_FOUND', `no organisation "${slug}"${known.length ? ` (known: ${known.join(', ')})` : ' (none exists yet)'}`);
  }
  return org;
}

/** The organisation's profile: its name, and the city and number scripts announce (null: the pack's). */
export async function getOrgProfile(ctx: Pick<Ctx, 'db' | 'orgId'>): Promise<OrgProfileDto> {
  return (await orgsRepo.findOrgProfile(ctx.db, ctx.orgId)) ?? fail('ORG_NOT_FOUND', 'no such organisation');
}

/** What scripts and QA need of the profile (packIdentity); read in the statement's transaction. */
export async function orgProfileOf(db: Db, orgId: string): Promise<OrgProfile> {
  const p = await orgsRepo.findOrgProfile(db, orgId);
  return { city: p?.city ?? null, hotline: p?.hotline ?? null };
}

/** Changes the profile (admins, 设置 → 热线信息); an empty city or number goes back to the pack's default. Audited. */
export async function updateOrgProfile(ctx: Ctx, input: UpdateOrgProfileInput): Promise<OrgProfileDto> {
  const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
  const values = {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.city !== undefined && { city: blankToNull(input.city) ?? null }),
    ...(input.hotline !== undefined && { hotline: blankToNull(input.hotline) ?? null }),
  };
  return ctx.db.transaction().execute(async (tx) => {
    const before = (await orgsRepo.findOrgProfile(tx, ctx.orgId)) ?? fail('ORG_NOT_FOUND', 'no such organisation');
    const row = await orgsRepo.updateOrgProfile(tx, ctx.orgId, values);
    const after = { slug: row.slug, name: row.name, city: row.city, hotline: row.hotline };
    const txCtx = { ...ctx, db: tx };
    await recordAudit(tx, txCtx, { action: 'org.profile.update', entityType: 'org', entityId: ctx.orgId, before, after });
    await recordEvent(tx, txCtx, 'org.profile_updated', { type: 'org', id: ctx.orgId }, { fields: Object.keys(values) });
    return after;
  });
}

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Pack } from '../../../shared/standards/schema.js';
import type { VersionSummary } from '../../../shared/standards/versions.js';

export type { VersionSummary };
import { diffPacks } from '../../../shared/standards/diff.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import type { Ctx } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { readStoredPack } from '../../../shared/standards/legacy.js';
import { validatePackValue } from '../../../shared/standards/validate.js';
import { formatProblem, type PackProblem } from './standards.loader.js';
import { validatePackFilesInThread } from './pack-thread.js';
import * as repo from './standards.repo.js';

export type SourceFile = repo.SourceFile;


/** Key order must not change the checksum: the same standard saved twice is the same version. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
export const checksumOf = (pack: Pack) => createHash('sha256').update(canonical(pack)).digest('hex').slice(0, 16);

function invalid(problems: PackProblem[]): never {
  const first = problems[0];
  throw new AppError(
    'PACK_INVALID',
    `the standard pack has ${problems.length} error(s)${first ? `; first: ${formatProblem(first)}` : ''}`,
    { errors: problems },
  );
}

/** Validates YAML files or a pack object without storing anything. */
export async function validate(input: { files?: SourceFile[] | undefined; pack?: unknown }): Promise<{ pack: Pack; warnings: string[]; sources: SourceFile[] }> {
  if (input.files?.length) {
    // in a thread of its own, with a time limit and a memory cap: an upload cannot stall the server
    const r = await validatePackFilesInThread(input.files);
    if (!r.ok) invalid(r.errors);
    return { pack: r.pack, warnings: r.warnings.map(formatProblem), sources: input.files };
  }
  if (input.pack !== undefined) {
    const r = validatePackValue(input.pack);
    if (!r.ok) invalid(r.errors);
    return { pack: r.pack, warnings: r.warnings.map(formatProblem), sources: [{ name: 'pack.yaml', text: stringify(r.pack, { lineWidth: 0 }) }] };
  }
  fail('VALIDATION_FAILED', 'send the pack as YAML files ("files") or as an object ("pack")');
}

interface VersionRow {
  id: string;
  version: number;
  name: string;
  note: string | null;
  checksum: string;
  created_at: Date | string;
  created_by_name?: string | null;
  /** the pack's own metadata: from the full content, or selected alone by the list query */
  content?: unknown;
  meta?: { id?: string; version?: string } | null;
}

function summary(v: VersionRow, activeId: string | null): VersionSummary {
  const meta = v.meta ?? (v.content === undefined ? undefined : readStoredPack(v.content, v.id).pack);
  return {
    id: v.id,
    version: v.version,
    name: v.name,
    packId: meta?.id ?? '',
    packVersion: meta?.version ?? '',
    note: v.note,
    checksum: v.checksum,
    createdAt: new Date(v.created_at).toISOString(),
    createdBy: v.created_by_name ?? null,
    active: v.id === activeId,
  };
}

/**
 * Stores a new immutable version of the organisation's standard. Saving content
 * identical to the newest version stores nothing and returns that version.
 */
export async function saveVersion(
  ctx: Ctx,
  input: { files?: SourceFile[] | undefined; pack?: unknown; note?: string | undefined; activate?: boolean | undefined },
): Promise<{ version: VersionSummary; unchanged: boolean; warnings: string[] }> {
  const { pack, warnings, sources } = await validate(input);
  const checksum = checksumOf(pack);
  return ctx.db.transaction().execute(async (tx) => {
    const latest = await repo.latestVersion(tx, ctx.orgId);
    let row = latest && latest.checksum === checksum ? latest : null;
    const unchanged = Boolean(row);
    if (!row) {
      row = await repo.insertVersion(tx, { orgId: ctx.orgId, name: pack.pack.name, content: pack, sources, checksum, note: input.note ?? null, createdBy: ctx.actor.id, now: ctx.now() });
      await recordAudit(tx, { ...ctx, db: tx }, {
        action: 'standards.version.create',
        entityType: 'standard_pack_version',
        entityId: row.id,
        after: { version: row.version, name: row.name, checksum, note: row.note, packVersion: pack.pack.version },
      });
      await recordEvent(tx, { ...ctx, db: tx }, 'standards.version_created', { type: 'standard_pack_version', id: row.id }, { version: row.version });
    }
    if (input.activate) await activateInTx({ ...ctx, db: tx }, row.version);
    const active = await repo.findActive(tx, ctx.orgId);
    return { version: summary(row, active?.id ?? null), unchanged, warnings };
  });
}

async function activateInTx(ctx: Ctx, version: number) {
  const target = (await repo.findVersion(ctx.db, ctx.orgId, version)) ?? fail('STANDARD_VERSION_NOT_FOUND', `there is no version ${version} of the standard`);
  const before = await repo.findActive(ctx.db, ctx.orgId);
  if (before?.id === target.id) return target;
  // Tickets must stay in states their workflow knows, or nobody could act on them again.
  const states = new Set(ticketWorkflow(readStoredPack(target.content, target.id)).states.map((s) => s.id));
  const stranded = (await repo.ticketStatesInUse(ctx.db, ctx.orgId)).filter((r) => !states.has(r.status));
  if (stranded.length)
    fail(
      'STANDARD_WORKFLOW_STATE_IN_USE',
      `version ${version}'s workflow has no state for tickets that are ${stranded.map((r) => `${r.status.replace(/_/g, '-')} (${Number(r.n)})`).join(', ')}; keep these states in workflow.states, or move those tickets on first`,
      { states: stranded.map((r) => ({ state: r.status, tickets: Number(r.n) })) },
    );
  await repo.setActive(ctx.db, ctx.orgId, target.id, ctx.actor.id, ctx.now());
  await recordAudit(ctx.db, ctx, {
    action: 'standards.activate',
    entityType: 'standard_pack',
    entityId: ctx.orgId,
    before: before ? { version: before.version, name: before.name } : null,
    after: { version: target.version, name: target.name },
  });
  await recordEvent(ctx.db, ctx, 'standards.activated', { type: 'standard_pack', id: ctx.orgId }, { version: target.version, previous: before?.version ?? null });
  return target;
}

export async function activate(ctx: Ctx, version: number): Promise<VersionSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await activateInTx({ ...ctx, db: tx }, version);
    return summary(row, row.id);
  });
}

export async function listVersions(ctx: Ctx): Promise<VersionSummary[]> {
  const [rows, active] = await Promise.all([repo.listVersions(ctx.db, ctx.orgId), repo.findActive(ctx.db, ctx.orgId)]);
  return rows.map((r) => summary(r, active?.id ?? null));
}

export async function getVersion(ctx: Ctx, version: number | 'active'): Promise<VersionSummary & { content: Pack }> {
  const row =
    version === 'active'
      ? ((await repo.findActive(ctx.db, ctx.orgId)) ?? fail('STANDARD_NOT_ACTIVE', 'no standard is active yet; import one and activate it'))
      : ((await repo.findVersion(ctx.db, ctx.orgId, version)) ?? fail('STANDARD_VERSION_NOT_FOUND', `there is no version ${version} of the standard`));
  const active = await repo.findActive(ctx.db, ctx.orgId);
  return { ...summary(row, active?.id ?? null), content: readStoredPack(row.content, row.id) };
}

export async function exportVersion(ctx: Ctx, version: number | 'active'): Promise<{ version: number; files: SourceFile[] }> {
  const v = await getVersion(ctx, version);
  const row = (await repo.findVersion(ctx.db, ctx.orgId, v.version))!;
  return { version: v.version, files: repo.sourcesOf(row) };
}

export async function diff(ctx: Ctx, from: number, to: number) {
  const [a, b] = await Promise.all([getVersion(ctx, from), getVersion(ctx, to)]);
  return { from: a.version, to: b.version, changes: diffPacks(a.content, b.content) };
}

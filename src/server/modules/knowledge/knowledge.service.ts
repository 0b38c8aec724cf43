/**
 * Knowledge base (知识库): articles an organisation's agents look up during calls.
 *
 * Who does what: everyone who takes or checks calls (admin, manager, lead, agent,
 * inspector) reads published articles; admin, manager and lead also see drafts and
 * archived ones and write: create, edit, publish, archive. Department staff have no
 * knowledge-base access (they answer tickets, not calls).
 *
 * Every change is one transaction with its version row, its audit row and its domain
 * event. An edit names the version it started from; if another edit landed first it is
 * refused with 409 KNOWLEDGE_VERSION_CONFLICT instead of overwriting it.
 */
import type { Role } from '../../../shared/roles.js';
import type { Ctx } from '../../context.js';
import type { KnowledgeStatus } from '../../db/schema.js';
import { AppError, fail } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.repo.js';
import { activePackCached } from '../standards/active-pack.js';
import * as repo from './knowledge.repo.js';
import type { Article, ArticleSummary, ArticleVersion, CreateArticleInput, ListArticlesQuery, UpdateArticleInput } from './knowledge.schema.js';
import { fold, highlight, markTerms, plainText, queryTerms, snippet, tokens, tsQuery } from './knowledge.text.js';

export const knowledgeReaders = ['admin', 'manager', 'lead', 'agent', 'inspector'] as const satisfies readonly Role[];
export const knowledgeEditors = ['admin', 'manager', 'lead'] as const satisfies readonly Role[];

const isEditor = (ctx: Ctx) => ctx.actor.role === 'system' || (knowledgeEditors as readonly string[]).includes(ctx.actor.role);

function requireEditor(ctx: Ctx): void {
  if (!isEditor(ctx)) fail('FORBIDDEN', 'only admins, managers and team leads edit the knowledge base');
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toArticle(r: repo.ArticleRow): Article {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    tags: r.tags,
    scenarioIds: r.scenario_ids,
    status: r.status,
    version: r.version,
    createdAt: iso(r.created_at)!,
    createdBy: r.created_by_name ?? null,
    updatedAt: iso(r.updated_at)!,
    updatedBy: r.updated_by_name ?? null,
    publishedAt: iso(r.published_at),
  };
}

function toSummary(r: repo.ArticleRow, terms: readonly string[]): ArticleSummary {
  const s = snippet(r.body, terms);
  return {
    id: r.id,
    title: r.title,
    tags: r.tags,
    scenarioIds: r.scenario_ids,
    status: r.status,
    version: r.version,
    updatedAt: iso(r.updated_at)!,
    updatedBy: r.updated_by_name ?? null,
    snippet: s.text,
    highlights: { title: highlight(r.title, terms), snippet: s.highlights },
  };
}

/** The words of an article for the index. */
export function searchIndex(c: repo.ArticleContent): repo.SearchIndex {
  const tagWords = c.tags.flatMap((t) => [fold(t).replace(/[^\p{L}\p{N}]+/gu, ''), ...tokens(t)]).filter(Boolean);
  const body = plainText(c.body);
  return {
    title: tokens(c.title).join(' '),
    tags: [...new Set(tagWords)].join(' '),
    body: tokens(body).join(' '),
    text: fold(`${c.title}\n${c.tags.join(' ')}\n${body}`),
  };
}

function cleanContent(input: { title: string; body: string; tags: string[]; scenarioIds: string[] }): repo.ArticleContent {
  return {
    title: input.title.trim(),
    body: input.body.replace(/\r\n?/g, '\n'),
    tags: [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))],
    scenarioIds: [...new Set(input.scenarioIds)],
  };
}

/** Scenario ids must be the active standard's (when one is active), so that a typo does not silently unlink an article. */
async function checkScenarios(ctx: Ctx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const active = await activePackCached(ctx.db, ctx.orgId);
  if (!active) return;
  const known = new Set(active.pack.scenarios.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    fail('KNOWLEDGE_INVALID', `scenarioIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a scenario' : 'are not scenarios'} of the active standard (服务规范); pick from its scenario list`, { unknownScenarios: unknown });
  }
}

const auditView = (a: { title: string; tags: string[]; scenario_ids?: string[]; scenarioIds?: string[]; status: string; version: number; body: string }) => ({
  title: a.title,
  tags: a.tags,
  scenarioIds: a.scenarioIds ?? a.scenario_ids ?? [],
  status: a.status,
  version: a.version,
  bodyChars: a.body.length,
});

async function load(ctx: Ctx, id: string): Promise<repo.ArticleRow> {
  const row = await repo.findArticle(ctx.db, ctx.orgId, id);
  // readers do not learn that a draft exists
  if (!row || (!isEditor(ctx) && row.status !== 'published')) fail('KNOWLEDGE_NOT_FOUND', 'there is no such article in the knowledge base');
  return row;
}

export async function getArticle(ctx: Ctx, id: string): Promise<Article> {
  return toArticle(await load(ctx, id));
}

export async function listArticles(ctx: Ctx, query: ListArticlesQuery): Promise<{ items: ArticleSummary[]; total: number; terms: string[] }> {
  let statuses: KnowledgeStatus[] = ['published'];
  if (isEditor(ctx)) statuses = query.status === 'all' ? ['draft', 'published', 'archived'] : query.status ? [query.status] : ['draft', 'published'];
  else if (query.status && query.status !== 'published' && query.status !== 'all') return { items: [], total: 0, terms: [] };
  const terms = query.q ? queryTerms(query.q) : [];
  const likes = query.q ? fold(query.q).split(/[^\p{L}\p{N}]+/u).filter((p) => [...p].length >= 2) : [];
  // a query of stop words only ("怎么办") finds nothing rather than everything
  if (query.q && terms.length === 0 && likes.length === 0) return { items: [], total: 0, terms };
  const filter = { orgId: ctx.orgId, statuses, likes, tag: query.tag, scenarioIds: query.scenario, limit: query.limit, offset: query.offset };
  // articles with every word first; only when none has them all, those with some
  let { rows, total } = await repo.searchArticles(ctx.db, { ...filter, tsquery: tsQuery(terms, 'all') });
  if (total === 0 && terms.length > 1) ({ rows, total } = await repo.searchArticles(ctx.db, { ...filter, likes: [], tsquery: tsQuery(terms, 'any') }));
  const marks = markTerms([...new Set([...terms, ...likes])].sort((a, b) => b.length - a.length));
  return { items: rows.map((r) => toSummary(r, marks)), total, terms };
}

/** Published articles for the workbench: linked to the detected scenarios, ranked by the call's words if given. */
export async function suggestArticles(ctx: Ctx, input: { scenario?: string[] | undefined; q?: string | undefined; limit: number }): Promise<{ items: ArticleSummary[] }> {
  const scenarioIds = input.scenario ?? [];
  const terms = input.q ? queryTerms(input.q) : [];
  if (scenarioIds.length === 0 && terms.length === 0) return { items: [] };
  // the call's words are many and loose: only words of two or more characters are counted and marked
  const marks = terms.filter((t) => [...t].length > 1);
  const { rows } = await repo.searchArticles(ctx.db, {
    orgId: ctx.orgId,
    statuses: ['published'],
    tsquery: scenarioIds.length > 0 ? null : tsQuery(terms, 'any'),
    likes: [],
    scenarioIds,
    limit: 50,
    offset: 0,
  });
  // the more detected scenarios an article covers, the better; then the words of the call
  const order = new Map(scenarioIds.map((id, i) => [id, i]));
  const scored = rows.map((r) => {
    const linked = r.scenario_ids.filter((id) => order.has(id));
    const first = Math.min(...linked.map((id) => order.get(id)!), scenarioIds.length);
    const words = marks.length ? highlight(`${r.title} ${r.tags.join(' ')} ${plainText(r.body)}`, marks).length : 0;
    return { r, linked: linked.length, first, words, rank: Number(r.rank) };
  });
  scored.sort((a, b) => a.first - b.first || b.linked - a.linked || b.words - a.words || b.rank - a.rank);
  return { items: scored.slice(0, input.limit).map((s) => toSummary(s.r, marks)) };
}

export async function createArticle(ctx: Ctx, input: CreateArticleInput): Promise<Article> {
  requireEditor(ctx);
  const content = cleanContent(input);
  await checkScenarios(ctx, content.scenarioIds);
  const index = searchIndex(content);
  return ctx.db.transaction().execute(async (tx) => {
    const c = { ...ctx, db: tx };
    const now = ctx.now();
    const id = await repo.insertArticle(tx, { ...content, orgId: ctx.orgId, status: input.status, index, by: ctx.actor.id, now });
    await repo.insertVersion(tx, { ...content, orgId: ctx.orgId, articleId: id, version: 1, action: 'create', status: input.status, note: input.note ?? null, by: ctx.actor.id, now });
    await recordAudit(tx, c, { action: 'knowledge.create', entityType: 'knowledge_article', entityId: id, after: auditView({ ...content, status: input.status, version: 1 }) });
    await recordEvent(tx, c, 'knowledge.article_created', { type: 'knowledge_article', id }, { title: content.title, status: input.status, scenarioIds: content.scenarioIds });
    return toArticle((await repo.findArticle(tx, ctx.orgId, id))!);
  });
}

function conflict(current: repo.ArticleRow, expected: number): never {
  throw new AppError(
    'KNOWLEDGE_VERSION_CONFLICT',
    `this article was changed by ${current.updated_by_name ?? 'someone else'} since you opened it (you edited version ${expected}, it is now at version ${current.version}); reload it and apply your change again`,
    { currentVersion: current.version, updatedBy: current.updated_by_name ?? null, updatedAt: iso(current.updated_at) },
  );
}

export async function updateArticle(ctx: Ctx, id: string, input: UpdateArticleInput): Promise<Article> {
  requireEditor(ctx);
  const content = cleanContent(input);
  return ctx.db.transaction().execute(async (tx) => {
    const c = { ...ctx, db: tx };
    const before = await load(c, id);
    if (before.version !== input.version) conflict(before, input.version);
    const unchanged =
      before.title === content.title &&
      before.body === content.body &&
      before.tags.join('\u0000') === content.tags.join('\u0000') &&
      before.scenario_ids.join('\u0000') === content.scenarioIds.join('\u0000');
    if (unchanged) return toArticle(before);
    await checkScenarios(c, content.scenarioIds.filter((s) => !before.scenario_ids.includes(s)));
    const now = ctx.now();
    const version = await repo.updateArticle(tx, ctx.orgId, id, input.version, { content: { ...content, index: searchIndex(content) }, by: ctx.actor.id, now });
    if (version === null) conflict((await repo.findArticle(tx, ctx.orgId, id))!, input.version);
    await repo.insertVersion(tx, { ...content, orgId: ctx.orgId, articleId: id, version, action: 'update', status: before.status, note: input.note ?? null, by: ctx.actor.id, now });
    await recordAudit(tx, c, { action: 'knowledge.update', entityType: 'knowledge_article', entityId: id, before: auditView(before), after: auditView({ ...content, status: before.status, version }) });
    await recordEvent(tx, c, 'knowledge.article_updated', { type: 'knowledge_article', id }, { version, title: content.title });
    return toArticle((await repo.findArticle(tx, ctx.orgId, id))!);
  });
}

async function setStatus(ctx: Ctx, id: string, expected: number, to: 'published' | 'archived'): Promise<Article> {
  requireEditor(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const c = { ...ctx, db: tx };
    const before = await load(c, id);
    if (before.version !== expected) conflict(before, expected);
    if (before.status === to) return toArticle(before);
    const now = ctx.now();
    const version = await repo.updateArticle(tx, ctx.orgId, id, expected, { status: to, by: ctx.actor.id, now });
    if (version === null) conflict((await repo.findArticle(tx, ctx.orgId, id))!, expected);
    const action = to === 'published' ? 'publish' : 'archive';
    const content = { title: before.title, body: before.body, tags: before.tags, scenarioIds: before.scenario_ids };
    await repo.insertVersion(tx, { ...content, orgId: ctx.orgId, articleId: id, version, action, status: to, note: null, by: ctx.actor.id, now });
    await recordAudit(tx, c, { action: `knowledge.${action}`, entityType: 'knowledge_article', entityId: id, before: { status: before.status, version: before.version }, after: { status: to, version } });
    await recordEvent(tx, c, to === 'published' ? 'knowledge.article_published' : 'knowledge.article_archived', { type: 'knowledge_article', id }, { version, from: before.status });
    return toArticle((await repo.findArticle(tx, ctx.orgId, id))!);
  });
}

export const publishArticle = (ctx: Ctx, id: string, version: number) => setStatus(ctx, id, version, 'published');
export const archiveArticle = (ctx: Ctx, id: string, version: number) => setStatus(ctx, id, version, 'archived');

export async function articleVersions(ctx: Ctx, id: string): Promise<ArticleVersion[]> {
  requireEditor(ctx);
  await load(ctx, id);
  const rows = await repo.listVersions(ctx.db, ctx.orgId, id);
  return rows.map((v) => ({
    version: v.version,
    action: v.action,
    title: v.title,
    body: v.body,
    tags: v.tags,
    scenarioIds: v.scenario_ids,
    status: v.status,
    note: v.note,
    editedBy: v.edited_by_name ?? null,
    editedAt: iso(v.edited_at)!,
  }));
}

// ---------------------------------------------------------------- bulk (CLI import / export, demo seed)

export interface ArticleFile {
  id?: string | undefined;
  title: string;
  body: string;
  tags: string[];
  scenarioIds: string[];
  /** Default `published`. A `draft` in a file does not take back an article already published. */
  status?: KnowledgeStatus | undefined;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Stores articles from files: an article with the same id (or, without one, the same
 * title) is updated where it differs; the others are created. Each article is its own
 * transaction, with its history, audit and event rows as if edited by hand.
 */
export async function importArticles(ctx: Ctx, files: ArticleFile[]): Promise<Array<{ title: string; id: string; outcome: ImportOutcome }>> {
  const out: Array<{ title: string; id: string; outcome: ImportOutcome }> = [];
  for (const f of files) {
    const status = f.status ?? 'published';
    const byId = f.id ? await repo.findArticle(ctx.db, ctx.orgId, f.id) : undefined;
    const existing = byId ?? (await repo.findByTitle(ctx.db, ctx.orgId, f.title.trim()));
    let a = existing
      ? await updateArticle(ctx, existing.id, { version: existing.version, title: f.title, body: f.body, tags: f.tags, scenarioIds: f.scenarioIds, note: 'import' })
      : await createArticle(ctx, { title: f.title, body: f.body, tags: f.tags, scenarioIds: f.scenarioIds, status: status === 'published' ? 'published' : 'draft', note: 'import' });
    if (status === 'published' && a.status !== 'published') a = await publishArticle(ctx, a.id, a.version);
    if (status === 'archived' && a.status !== 'archived') a = await archiveArticle(ctx, a.id, a.version);
    out.push({ title: a.title, id: a.id, outcome: !existing ? 'created' : a.version !== existing.version ? 'updated' : 'unchanged' });
  }
  return out;
}

export async function exportArticles(ctx: Ctx): Promise<Article[]> {
  return (await repo.allArticles(ctx.db, ctx.orgId)).map(toArticle);
}

export const countArticles = (ctx: Ctx) => repo.countArticles(ctx.db, ctx.orgId);

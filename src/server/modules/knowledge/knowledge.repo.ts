import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { KnowledgeStatus } from '../../db/schema.js';

/** What the service hands over to store: the content, and its words for the index. */
export interface ArticleContent {
  title: string;
  body: string;
  tags: string[];
  scenarioIds: string[];
}

export interface SearchIndex {
  /** Space-separated words, weighted A (title), B (tags), C (body). */
  title: string;
  tags: string;
  body: string;
  /** Folded text for substring matches. */
  text: string;
}

const searchVector = (s: SearchIndex) =>
  sql<string>`setweight(to_tsvector('simple', ${s.title}), 'A') || setweight(to_tsvector('simple', ${s.tags}), 'B') || setweight(to_tsvector('simple', ${s.body}), 'C')`;

const articleColumns = [
  'a.id',
  'a.org_id',
  'a.title',
  'a.body',
  'a.tags',
  'a.scenario_ids',
  'a.status',
  'a.version',
  'a.created_by',
  'a.created_at',
  'a.updated_by',
  'a.updated_at',
  'a.published_at',
] as const;

function withNames(db: Db) {
  return db
    .selectFrom('knowledge_articles as a')
    .leftJoin('users as cu', 'cu.id', 'a.created_by')
    .leftJoin('users as uu', 'uu.id', 'a.updated_by')
    .select(articleColumns)
    .select(['cu.display_name as created_by_name', 'uu.display_name as updated_by_name']);
}

export type ArticleRow = NonNullable<Awaited<ReturnType<typeof findArticle>>>;

export function findArticle(db: Db, orgId: string, id: string) {
  return withNames(db).where('a.org_id', '=', orgId).where('a.id', '=', id).executeTakeFirst();
}

export async function insertArticle(
  db: Db,
  a: ArticleContent & { orgId: string; status: KnowledgeStatus; index: SearchIndex; by: string | null; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('knowledge_articles')
    .values({
      org_id: a.orgId,
      title: a.title,
      body: a.body,
      tags: a.tags,
      scenario_ids: a.scenarioIds,
      status: a.status,
      version: 1,
      search: searchVector(a.index),
      search_text: a.index.text,
      created_by: a.by,
      created_at: a.now,
      updated_by: a.by,
      updated_at: a.now,
      published_at: a.status === 'published' ? a.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes a new version if the article is still at `expected`; returns the new version,
 * or null when someone else saved in between (or the article is not there).
 */
export async function updateArticle(
  db: Db,
  orgId: string,
  id: string,
  expected: number,
  change: { content?: ArticleContent & { index: SearchIndex }; status?: KnowledgeStatus; by: string | null; now: Date },
): Promise<number | null> {
  const c = change.content;
  const row = await db
    .updateTable('knowledge_articles')
    .set({
      ...(c ? { title: c.title, body: c.body, tags: c.tags, scenario_ids: c.scenarioIds, search: searchVector(c.index), search_text: c.index.text } : {}),
      ...(change.status ? { status: change.status } : {}),
      ...(change.status === 'published' ? { published_at: change.now } : {}),
      version: sql<number>`version + 1`,
      updated_by: change.by,
      updated_at: change.now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? null;
}

export async function insertVersion(
  db: Db,
  v: ArticleContent & { orgId: string; articleId: string; version: number; action: 'create' | 'update' | 'publish' | 'archive'; status: KnowledgeStatus; note: string | null; by: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('knowledge_article_versions')
    .values({
      org_id: v.orgId,
      article_id: v.articleId,
      version: v.version,
      action: v.action,
      title: v.title,
      body: v.body,
      tags: v.tags,
      scenario_ids: v.scenarioIds,
      status: v.status,
      note: v.note,
      edited_by: v.by,
      edited_at: v.now,
    })
    .execute();
}

export function listVersions(db: Db, orgId: string, articleId: string) {
  return db
    .selectFrom('knowledge_article_versions as v')
    .leftJoin('users as u', 'u.id', 'v.edited_by')
    .selectAll('v')
    .select('u.display_name as edited_by_name')
    .where('v.org_id', '=', orgId)
    .where('v.article_id', '=', articleId)
    .orderBy('v.version', 'desc')
    .execute();
}

export interface SearchFilter {
  orgId: string;
  statuses: readonly KnowledgeStatus[];
  /** A tsquery in the 'simple' configuration (null: no word search). */
  tsquery: string | null;
  /** Folded pieces that must all occur in the folded text (substring search); empty: none. */
  likes: string[];
  tag?: string | undefined;
  /** Articles linked to any of these scenarios. */
  scenarioIds?: readonly string[] | undefined;
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Articles by relevance: a match in the title ranks above one in the tags, which ranks
 * above one in the body (4 / 2 / 1, from the weight classes of the index), then the
 * ts_rank of the words and a substring match as tie-breakers, then the latest edit.
 * Without words: the latest edit first.
 */
export async function searchArticles(db: Db, f: SearchFilter) {
  const q = f.tsquery === null ? null : sql`to_tsquery('simple', ${f.tsquery})`;
  let query = withNames(db).where('a.org_id', '=', f.orgId).where('a.status', 'in', [...f.statuses]);
  if (f.tag) query = query.where(sql<SqlBool>`${f.tag} = any(a.tags)`);
  if (f.scenarioIds?.length) query = query.where(sql<SqlBool>`a.scenario_ids && ${sql.val([...f.scenarioIds])}::text[]`);
  const like: Expression<SqlBool> | null = f.likes.length ? sql<SqlBool>`(${sql.join(f.likes.map((p) => sql`a.search_text like ${`%${escapeLike(p)}%`}`), sql` and `)})` : null;
  if (q && like) query = query.where(sql<SqlBool>`(a.search @@ ${q} or ${like})`);
  else if (q) query = query.where(sql<SqlBool>`a.search @@ ${q}`);
  else if (like) query = query.where(like);

  const rank =
    q === null
      ? sql<number>`0`
      : sql<number>`(case when ts_filter(a.search, '{a}') @@ ${q} then 4 else 0 end) + (case when ts_filter(a.search, '{b}') @@ ${q} then 2 else 0 end) + (case when ts_filter(a.search, '{c}') @@ ${q} then 1 else 0 end) + ts_rank('{0.05, 0.2, 0.5, 1.0}', a.search, ${q})${like ? sql` + (case when ${like} then 0.5 else 0 end)` : sql``}`;
  const [rows, count] = await Promise.all([
    query.select(rank.as('rank')).orderBy('rank', 'desc').orderBy('a.updated_at', 'desc').orderBy('a.id').limit(f.limit).offset(f.offset).execute(),
    query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Every article of an organisation (for export), oldest first. */
export function allArticles(db: Db, orgId: string) {
  return withNames(db).where('a.org_id', '=', orgId).orderBy('a.created_at').orderBy('a.id').execute();
}

export function findByTitle(db: Db, orgId: string, title: string) {
  return withNames(db).where('a.org_id', '=', orgId).where('a.title', '=', title).orderBy('a.created_at').executeTakeFirst();
}

export async function countArticles(db: Db, orgId: string): Promise<number> {
  const r = await db.selectFrom('knowledge_articles').select(sql<string>`count(*)`.as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

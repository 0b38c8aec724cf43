import { z } from 'zod';

export const statuses = ['draft', 'published', 'archived'] as const;

const SCENARIO_ID = /^[a-z0-9][a-z0-9.-]*$/;
const scenarioId = z.string().regex(SCENARIO_ID, { message: 'scenarioIds: expected scenario ids of the standard pack, e.g. gov.help-request' });
const tag = z.string().trim().min(1, { message: 'tags: a tag must not be empty' }).max(30, { message: 'tags: at most 30 characters per tag' });

export const idParam = z.object({ id: z.uuid({ message: 'expected an article id' }) });

const content = {
  title: z.string().trim().min(1, { message: 'title: give the article a title' }).max(200, { message: 'title: at most 200 characters' }),
  body: z.string().max(100_000, { message: 'body: at most 100,000 characters' }).describe('Markdown: headings, lists, paragraphs, **bold**, [links](https://…)'),
  tags: z.array(tag).max(20, { message: 'tags: at most 20' }),
  scenarioIds: z.array(scenarioId).max(50).describe('scenarios of the standard pack this article helps with; the workbench suggests it when one is detected'),
};

export const createArticleBody = z.object({
  ...content,
  body: content.body.default(''),
  tags: content.tags.default([]),
  scenarioIds: content.scenarioIds.default([]),
  status: z.enum(['draft', 'published']).default('draft').describe('publish at once, or keep as a draft'),
  note: z.string().trim().max(500).optional().describe('what this version is, for the history'),
});
export type CreateArticleInput = z.infer<typeof createArticleBody>;

export const updateArticleBody = z.object({
  version: z.number().int().min(1).describe('the version the edit started from; another edit since gives 409 KNOWLEDGE_VERSION_CONFLICT'),
  ...content,
  note: z.string().trim().max(500).optional().describe('what changed'),
});
export type UpdateArticleInput = z.infer<typeof updateArticleBody>;

export const versionBody = z.object({ version: z.number().int().min(1).describe('the version being published or archived') });

/** `scenario=a&scenario=b` or `scenario=a,b`. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(scenarioId).max(20));

export const listArticlesQuery = z.object({
  q: z.string().trim().max(200).optional().describe('words to look for, in Simplified or Traditional characters'),
  status: z.enum([...statuses, 'all']).optional().describe('editors only: draft, published, archived or all (default: drafts and published)'),
  tag: z.string().trim().max(30).optional(),
  scenario: idList.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListArticlesQuery = z.infer<typeof listArticlesQuery>;

export const suggestQuery = z.object({
  scenario: idList.optional().describe('detected scenario ids'),
  q: z.string().trim().max(200).optional().describe('words from the call or the notes, to rank with'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

const range = z.tuple([z.number(), z.number()]);

export const articleSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  scenarioIds: z.array(z.string()),
  status: z.enum(statuses),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  snippet: z.string().describe('plain text around the first word found (or the start of the article)'),
  highlights: z.object({ title: z.array(range), snippet: z.array(range) }).describe('[start, end) UTF-16 offsets of the words found, for marking'),
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

export const articleSchema = articleSummarySchema.omit({ snippet: true, highlights: true }).extend({
  body: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type Article = z.infer<typeof articleSchema>;

export const articleVersionSchema = z.object({
  version: z.number().int(),
  action: z.enum(['create', 'update', 'publish', 'archive']),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  scenarioIds: z.array(z.string()),
  status: z.enum(statuses),
  note: z.string().nullable(),
  editedBy: z.string().nullable(),
  editedAt: z.string(),
});
export type ArticleVersion = z.infer<typeof articleVersionSchema>;

export const listResultSchema = z.object({
  items: z.array(articleSummarySchema),
  total: z.number().int(),
  terms: z.array(z.string()).describe('the words searched for, after segmentation and Traditional → Simplified folding'),
});

/** Articles suggested for the call’s scenarios and words. */
export const suggestResultSchema = z.object({ items: z.array(articleSummarySchema) });

/** Every saved version of an article, newest first. */
export const versionListSchema = z.object({ items: z.array(articleVersionSchema) });

import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import {
  articleSchema,
  createArticleBody,
  idParam,
  listArticlesQuery,
  listResultSchema,
  suggestQuery,
  suggestResultSchema,
  updateArticleBody,
  versionBody,
  versionListSchema,
} from './knowledge.schema.js';
import * as knowledge from './knowledge.service.js';

const readers = knowledge.knowledgeReaders;
const editors = knowledge.knowledgeEditors;
const tags = ['knowledge'];

export async function knowledgeRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/knowledge/articles',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Search or list the knowledge base (知识库)',
        description:
          'Words are segmented (jieba) and folded from Traditional to Simplified, so 噪音擾民 (Traditional) finds 噪音扰民 (Simplified) and the other way round; a match in the title ranks above the tags, the tags above the body. Readers see published articles; editors (admin, manager, lead) also drafts and, with status=archived or all, archived ones.',
        querystring: listArticlesQuery,
        response: { 200: listResultSchema },
      },
    },
    async (request) => knowledge.listArticles(ctxOf(deps, request), request.query),
  );

  app.get(
    '/api/knowledge/suggest',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Published articles for the workbench: linked to the detected scenarios, ranked by the words of the call',
        querystring: suggestQuery,
        response: { 200: suggestResultSchema },
      },
    },
    async (request) => knowledge.suggestArticles(ctxOf(deps, request), request.query),
  );

  app.get(
    '/api/knowledge/articles/:id',
    { config: { access: readers }, schema: { tags, summary: 'One article with its Markdown body', params: idParam, response: { 200: articleSchema } } },
    async (request) => knowledge.getArticle(ctxOf(deps, request), request.params.id),
  );

  app.get(
    '/api/knowledge/articles/:id/versions',
    {
      config: { access: editors },
      schema: { tags, summary: 'Every saved version of an article, newest first', params: idParam, response: { 200: versionListSchema } },
    },
    async (request) => ({ items: await knowledge.articleVersions(ctxOf(deps, request), request.params.id) }),
  );

  app.post(
    '/api/knowledge/articles',
    { config: { access: editors }, schema: { tags, summary: 'Write a new article (a draft, or published at once)', body: createArticleBody, response: { 201: articleSchema } } },
    async (request, reply) => reply.status(201).send(await knowledge.createArticle(ctxOf(deps, request), request.body)),
  );

  app.put(
    '/api/knowledge/articles/:id',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: 'Save an edited article as its next version',
        description: 'Send the version you started from; if someone saved in between, 409 KNOWLEDGE_VERSION_CONFLICT (error.details.currentVersion) and nothing is overwritten.',
        params: idParam,
        body: updateArticleBody,
        response: { 200: articleSchema },
      },
    },
    async (request) => knowledge.updateArticle(ctxOf(deps, request), request.params.id, request.body),
  );

  app.post(
    '/api/knowledge/articles/:id/publish',
    { config: { access: editors }, schema: { tags, summary: 'Publish a draft (or an archived article again)', params: idParam, body: versionBody, response: { 200: articleSchema } } },
    async (request) => knowledge.publishArticle(ctxOf(deps, request), request.params.id, request.body.version),
  );

  app.post(
    '/api/knowledge/articles/:id/archive',
    { config: { access: editors }, schema: { tags, summary: 'Take an article out of use; it stays in the history', params: idParam, body: versionBody, response: { 200: articleSchema } } },
    async (request) => knowledge.archiveArticle(ctxOf(deps, request), request.params.id, request.body.version),
  );
}

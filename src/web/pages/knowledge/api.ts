import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';
import type { Me } from '../../auth.js';

export type Article = Answer<'GET /api/knowledge/articles/:id'>;
export type ArticleSummary = Answer<'GET /api/knowledge/articles'>['items'][number];
export type ArticleVersion = Answer<'GET /api/knowledge/articles/:id/versions'>['items'][number];
export type ArticleStatus = Article['status'];

/** Who writes the knowledge base (the server decides; this only shapes the page). */
export const canEditKnowledge = (me: Me) => me.role === 'admin' || me.role === 'manager' || me.role === 'lead';

export interface SearchParams {
  q?: string;
  status?: ArticleStatus | 'all';
  tag?: string;
  limit: number;
  offset: number;
}

function queryString(params: Record<string, string | number | string[] | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => s.append(k, x));
    else s.set(k, String(v));
  }
  return s.toString();
}

export function useArticles(p: SearchParams) {
  return useQuery({
    queryKey: keys.knowledge.list(p),
    queryFn: () => api('GET /api/knowledge/articles', { query: queryString({ ...p }) }),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string | undefined) {
  return useQuery({
    queryKey: keys.knowledge.article(id),
    queryFn: () => api('GET /api/knowledge/articles/:id', { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useArticleVersions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.knowledge.versions(id),
    queryFn: () => api('GET /api/knowledge/articles/:id/versions', { params: { id } }),
    enabled,
  });
}

export function useSuggestedArticles(scenarioIds: readonly string[], q: string, limit: number) {
  const ids = [...new Set(scenarioIds)];
  return useQuery({
    queryKey: keys.knowledge.suggest(ids, q, limit),
    queryFn: () => api('GET /api/knowledge/suggest', { query: queryString({ scenario: ids, q: q.trim().slice(0, 200), limit }) }),
    enabled: ids.length > 0 || q.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export interface ArticleInput {
  title: string;
  body: string;
  tags: string[];
  scenarioIds: string[];
}

/** Create (no id) or save the next version (id and version); publish right away if asked. */
export function useSaveArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: ArticleInput & { publish?: boolean } & ({ id?: undefined } | { id: string; version: number })) => {
      const content = { title: v.title, body: v.body, tags: v.tags, scenarioIds: v.scenarioIds };
      if (!v.id) return api('POST /api/knowledge/articles', { json: { ...content, status: v.publish ? 'published' : 'draft' } });
      const saved = await api('PUT /api/knowledge/articles/:id', { params: { id: v.id }, json: { ...content, version: v.version } });
      if (v.publish && saved.status !== 'published') return api('POST /api/knowledge/articles/:id/publish', { params: { id: v.id }, json: { version: saved.version } });
      return saved;
    },
    onSuccess: (a) => {
      qc.setQueryData(keys.knowledge.article(a.id), a);
      void qc.invalidateQueries({ queryKey: keys.knowledge.all });
    },
  });
}

export function useSetStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; to: 'publish' | 'archive' }) => v.to === 'publish'
        ? api('POST /api/knowledge/articles/:id/publish', { params: { id: v.id }, json: { version: v.version } })
        : api('POST /api/knowledge/articles/:id/archive', { params: { id: v.id }, json: { version: v.version } }),
    onSuccess: (a) => {
      qc.setQueryData(keys.knowledge.article(a.id), a);
      void qc.invalidateQueries({ queryKey: keys.knowledge.all });
    },
  });
}

/** The details of a 409 KNOWLEDGE_VERSION_CONFLICT, or null for any other error. */
export function versionConflict(err: unknown): { currentVersion: number; updatedBy: string | null } | null {
  if (err instanceof ApiError && err.code === 'KNOWLEDGE_VERSION_CONFLICT') return err.details as { currentVersion: number; updatedBy: string | null };
  return null;
}

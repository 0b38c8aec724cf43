import { useQuery } from '@tanstack/react-query';
import type { PackProblem } from '../../../shared/standards/validate.js';
import { api, ApiError, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';

export type { PackProblem };
export type VersionSummary = Answer<'GET /api/standards/versions'>['items'][number];
export type PackChange = Answer<'GET /api/standards/diff'>['changes'][number];
export type SaveResult = Answer<'POST /api/standards/versions'>;

export function useActivePack() {
  return useQuery({
    queryKey: keys.standards.active,
    queryFn: async () => {
      try {
        return await api('GET /api/standards/versions/:version', { params: { version: 'active' } });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'STANDARD_NOT_ACTIVE') return null;
        throw err;
      }
    },
  });
}

export function useVersions() {
  return useQuery({ queryKey: keys.standards.versions, queryFn: () => api('GET /api/standards/versions') });
}

/** Problems of a rejected pack, from a 422 PACK_INVALID answer. */
export function problemsOf(err: unknown): PackProblem[] | null {
  if (err instanceof ApiError && err.code === 'PACK_INVALID') return (err.details as { errors?: PackProblem[] } | undefined)?.errors ?? [];
  return null;
}

export const formatProblem = (p: PackProblem) =>
  `${p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''} ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`;

import { useQuery } from '@tanstack/react-query';
import type { PackChange } from '../../../shared/standards/diff.js';
import type { Pack } from '../../../shared/standards/schema.js';
import type { PackProblem } from '../../../shared/standards/validate.js';
import type { VersionSummary } from '../../../shared/standards/versions.js';
import { api, ApiError } from '../../api.js';

export type { VersionSummary, PackProblem, PackChange };

export function useActivePack() {
  return useQuery({
    queryKey: ['standards', 'active'],
    queryFn: async () => {
      try {
        return await api<VersionSummary & { content: Pack }>('/api/standards/versions/active');
      } catch (err) {
        if (err instanceof ApiError && err.code === 'STANDARD_NOT_ACTIVE') return null;
        throw err;
      }
    },
  });
}

export function useVersions() {
  return useQuery({ queryKey: ['standards', 'versions'], queryFn: () => api<{ items: VersionSummary[] }>('/api/standards/versions') });
}

export interface SaveResult {
  version: VersionSummary;
  unchanged: boolean;
  warnings: string[];
}

/** Problems of a rejected pack, from a 422 PACK_INVALID answer. */
export function problemsOf(err: unknown): PackProblem[] | null {
  if (err instanceof ApiError && err.code === 'PACK_INVALID') return (err.details as { errors?: PackProblem[] } | undefined)?.errors ?? [];
  return null;
}

export const formatProblem = (p: PackProblem) =>
  `${p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''} ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`;

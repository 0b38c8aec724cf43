import { useQuery } from '@tanstack/react-query';
import type { Pack } from '../../../shared/standards/schema.js';
import { api, ApiError } from '../../api.js';

export interface VersionSummary {
  id: string;
  version: number;
  name: string;
  packId: string;
  packVersion: string;
  note: string | null;
  checksum: string;
  createdAt: string;
  createdBy: string | null;
  active: boolean;
}

export interface PackProblem {
  file?: string;
  line?: number;
  column?: number;
  path: string;
  message: string;
}

export interface PackChange {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: unknown;
  after?: unknown;
}

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

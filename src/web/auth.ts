import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, Section } from '../shared/roles.js';
import { api, ApiError } from './api.js';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agentNo: string | null;
  org: { id: string; slug: string; name: string };
  sections: Section[];
  /** What the organisation grants this role besides its sections: bulk export of calls and tickets. */
  permissions: { export: boolean };
}

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useAuthActions() {
  const qc = useQueryClient();
  return {
    login: async (username: string, password: string, org?: string) => {
      const me = await api<Me>('/api/auth/login', { method: 'POST', json: { username, password, ...(org ? { org } : {}) } });
      qc.setQueryData(['me'], me);
      return me;
    },
    logout: async () => {
      await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
      // Setting 'me' re-renders the shell as signed out; the rest of the cache belonged to that user.
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  };
}

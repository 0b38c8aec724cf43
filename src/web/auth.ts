import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Answer } from './api.js';
import { keys } from './queryKeys.js';

/** The signed-in user, as GET /api/auth/me answers (meSchema in src/server/modules/auth/auth.schema.ts). */
export type Me = Answer<'GET /api/auth/me'>;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api('GET /api/auth/me');
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
      const me = await api('POST /api/auth/login', { json: { username, password, ...(org ? { org } : {}) } });
      qc.setQueryData(keys.me, me);
      return me;
    },
    logout: async () => {
      await api('POST /api/auth/logout').catch(() => undefined);
      // Setting 'me' re-renders the shell as signed out; the rest of the cache belonged to that user.
      qc.setQueryData(keys.me, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
    },
  };
}

import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import { keys } from '../../queryKeys.js';

/**
 * A call's queue by the name the organisation gave it (综合受理一组), not the switch's code (general); a code no
 * queue has is shown as it is. From GET /api/qa/teams (codes and names only, open to every hotline role).
 */
export function useQueueName(): (code: string | null | undefined) => string {
  const teams = useQuery({ queryKey: keys.qa.teams, queryFn: () => api('GET /api/qa/teams'), staleTime: 60_000 });
  return (code) => (code ? (teams.data?.items.find((q) => q.code === code)?.name ?? code) : '—');
}

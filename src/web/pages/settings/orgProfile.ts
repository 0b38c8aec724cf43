import { useQuery } from '@tanstack/react-query';
import { packIdentity, type HotlineIdentity } from '../../../shared/standards/identity.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { api, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';

/** GET /api/org/profile: the hotline's name, and the city and number its scripts announce (null: the pack's). */
export type OrgProfile = Answer<'GET /api/org/profile'>;

export function useOrgProfile() {
  return useQuery({ queryKey: keys.orgProfile, queryFn: () => api('GET /api/org/profile'), staleTime: 60_000 });
}

/**
 * `{org}`, `{hotline}` and `{city}` for the scripts of this pack as this organisation says them: the
 * profile's city and number over the pack's defaults (the pack's own while the profile loads).
 */
export function useHotlineIdentity(pack: Pick<Pack, 'identity'> | null | undefined): HotlineIdentity | null {
  const profile = useOrgProfile();
  return pack ? packIdentity(pack, profile.data ?? null) : null;
}

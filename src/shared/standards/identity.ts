/**
 * Who answers the phone: the pack's identity with the organisation's profile over it.
 *
 * A pack is written once and used by hotlines of several cities; the organisation's
 * profile (设置 → 热线信息) says its own city and number. `{city}` and `{hotline}` in
 * scripts, and in `identity.org` itself (`{city} 12345 政务服务便民热线`), are filled
 * from here, so the greeting the agent reads, the name QA expects in it and the header
 * of the app say the same place.
 */
import { renderScript } from './render.js';
import type { Pack } from './schema.js';

/** What an organisation's profile may say about itself; empty or absent values fall back to the pack. */
export interface OrgProfile {
  city?: string | null;
  hotline?: string | null;
}

export interface HotlineIdentity {
  /** The name agents announce (`{org}`). */
  org: string;
  /** The number callers dial (`{hotline}`). */
  hotline: string;
  /** The city (`{city}`); empty when neither the profile nor the pack gives one. */
  city: string;
}

const given = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

export function packIdentity(pack: Pick<Pack, 'identity'>, profile?: OrgProfile | null): HotlineIdentity {
  const city = given(profile?.city) ?? pack.identity.city ?? '';
  const hotline = given(profile?.hotline) ?? pack.identity.hotline;
  return { org: renderScript(pack.identity.org, { city, hotline }), hotline, city };
}

import { createHash } from 'node:crypto';

/**
 * The id of the call a switch names `externalId` on a connection: a name-based UUID (version 5,
 * RFC 9562) in the connection's namespace. Known before the call's row exists, so the screen pop
 * can be pushed to the agent while the event is still being stored (cti.service previewsOf), and
 * the same whichever process or transaction creates the row. Calls stored before this rule keep
 * the random id they were given.
 */
export function callIdOf(connectionId: string, externalId: string): string {
  const h = createHash('sha1').update(Buffer.from(connectionId.replace(/-/g, ''), 'hex')).update(externalId, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Cross-site request protection. A page on another origin can make the browser send the
 * session cookie with a form post or fetch (SameSite=Lax does not stop another port or a
 * sibling subdomain: they are the "same site"). Browsers say where a request comes from:
 * `Sec-Fetch-Site`, `Origin` (always on POST/PUT/PATCH/DELETE and WebSocket handshakes) and
 * `Referer`. A state-changing request, or a WebSocket handshake, that names an origin other
 * than the app's own (its Host) or one listed in REXIAN_ALLOWED_ORIGINS is refused with 403
 * CROSS_ORIGIN_REFUSED.
 *
 * A request that names no origin at all does not come from a page (browsers always send
 * Origin on these methods): a PBX, curl, an integration. It passes, as in Go's
 * http.CrossOriginProtection. Token routes (CTI webhooks) are not checked at all: a session
 * cookie does not authenticate them, so there is nothing to forge.
 */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin a request says it comes from: Origin, else the origin of Referer; 'null' for an opaque one, undefined when neither is sent. */
function claimedOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') return origin === 'null' ? 'null' : normalize(origin);
  const referer = request.headers.referer;
  if (typeof referer === 'string' && referer !== '') return normalize(referer);
  return undefined;
}

function normalize(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : 'null';
  } catch {
    return 'null';
  }
}

/** host[:port] of the app as this request reached it (X-Forwarded-Host when the proxy is trusted). */
function ownHost(request: FastifyRequest): string | undefined {
  try {
    return new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return undefined;
  }
}

export function isAllowedOrigin(request: FastifyRequest, config: Pick<Config, 'allowedOrigins'>): boolean {
  const claimed = claimedOrigin(request);
  if (claimed === undefined) {
    // No Origin or Referer: a browser still says cross-site in Sec-Fetch-Site; anything else is not a page.
    const site = request.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  if (claimed === 'null') return false;
  if (config.allowedOrigins.includes(claimed)) return true;
  // The scheme is left out on purpose: behind a TLS-terminating proxy the app sees http while the page is https.
  const own = ownHost(request);
  return own !== undefined && new URL(claimed).host === own;
}

/** onRequest hook: refuses cross-origin writes and WebSocket handshakes before anything else happens. */
export function originGuard(config: Pick<Config, 'allowedOrigins'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config?.access;
    if (access === 'token') return;
    const websocket = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (!websocket && !unsafeMethods.has(request.method)) return;
    if (isAllowedOrigin(request, config)) return;
    throw new AppError('CROSS_ORIGIN_REFUSED', 'this request comes from a page on another site; it was refused (an administrator can allow an origin with REXIAN_ALLOWED_ORIGINS)');
  };
}

/** Whether the route takes form-encoded bodies: only routes for machines that cannot send JSON say `config: { formBody: true }`. */
export function formBodyAllowed(request: FastifyRequest): boolean {
  return request.routeOptions.config?.formBody === true;
}

/**
 * application/x-www-form-urlencoded, for the routes that opt in; every other route refuses it
 * (415), so an HTML form on another site cannot post to the JSON API at all.
 */
export function formBodyParser(request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void): void {
  if (!formBodyAllowed(request)) {
    done(new AppError('UNSUPPORTED_MEDIA_TYPE', 'this endpoint takes JSON (content-type: application/json), not a form'));
    return;
  }
  // querystring gives a null-prototype object, so a field named __proto__ stays a field
  done(null, parseQuery(body));
}

/**
 * Security headers on every response. The web app is a Vite build (scripts from its own
 * origin only); antd writes its styles into <style> elements at run time, hence
 * 'unsafe-inline' for styles alone. No page may frame the app (click-jacking).
 * Media (the call page's recording player) come from the app itself and from the switch's
 * recording servers an administrator lists in REXIAN_RECORDING_ORIGINS, nowhere else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

/** The policy for a list of recording origins, already validated by the config (scheme://host[:port]). */
export function contentSecurityPolicy(recordingOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    ["media-src 'self'", ...recordingOrigins].join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(config: Pick<Config, 'recordingOrigins'>) {
  const csp = contentSecurityPolicy(config.recordingOrigins);
  return async function securityHeadersHook(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    void reply.headers({
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY', // frame-ancestors for browsers that predate it
      // links to other sites do not carry ticket or call ids in the URL; same-origin requests keep the Referer the origin check may use
      'referrer-policy': 'same-origin',
    });
  };
}

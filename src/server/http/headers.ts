/**
 * Security headers on every response. The web app is a Vite build (scripts from its own
 * origin only); antd writes its styles into <style> elements at run time, hence
 * 'unsafe-inline' for styles alone. No page may frame the app (click-jacking).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  void reply.headers({
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY', // frame-ancestors for browsers that predate it
    // links to other sites do not carry ticket or call ids in the URL; same-origin requests keep the Referer the origin check may use
    'referrer-policy': 'same-origin',
  });
}

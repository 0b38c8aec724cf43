import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { resolveSession } from '../modules/auth/auth.service.js';
import { registerModules } from '../modules/index.js';
import { roleHasPermission } from '../modules/permissions/permissions.service.js';
import { LiveHub } from '../ws/hub.js';
import { liveRoutes } from '../ws/live.routes.js';
import { bearerToken } from './context.js';
import { AppError, type ErrorBody } from './errors.js';
import { createMetrics } from './metrics.js';
import { securityHeaders } from './headers.js';
import { isDataException, isOutOfRange, isUniqueViolation, refuseBadText } from './input.js';
import { multipartParser } from './multipart.js';
import { formBodyParser, originGuard } from './origin.js';
import { logSerializers } from './redact.js';
import type { App, AppDeps, RegisteredRoute } from './types.js';

export const SESSION_COOKIE = 'rexian_session';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const defaultWebDir = path.join(packageRoot, 'dist', 'web');

export interface BuildOptions {
  /** A pino logger to share with the rest of the process; otherwise one is made from the config. */
  logger?: FastifyBaseLogger;
  /** Directory with the built web app; served at / when it exists. */
  webDir?: string;
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App & { rexianRoutes: RegisteredRoute[]; liveHub: LiveHub }> {
  let requestSeq = 0;
  const loggerOptions: Pick<FastifyServerOptions, 'logger'> | { loggerInstance: FastifyBaseLogger } = opts.logger
    ? { loggerInstance: opts.logger }
    : { logger: { level: deps.config.logLevel, serializers: logSerializers } };
  const app = Fastify({
    ...loggerOptions,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 10 * 1024 * 1024,
    genReqId: () => `req-${Date.now().toString(36)}-${(++requestSeq).toString(36)}`,
    // A URL Fastify cannot decode answers in the API's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const body: ErrorBody = { error: { code: 'BAD_REQUEST', message: error.message } };
      void (reply as FastifyReply).code(400).send(body);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    const url = r.url;
    if (!url.startsWith('/api/')) return;
    const access = r.config?.access;
    // A route that forgets to say who may call it is a bug; refuse to start.
    if (!access) throw new Error(`route ${String(r.method)} ${url} does not declare config.access`);
    const permission = r.config?.permission;
    const response = r.schema?.response as Record<string, unknown> | undefined;
    const body: unknown = r.schema?.body;
    for (const method of [r.method].flat())
      if (method !== 'HEAD') routes.push({ method, url, access, ...(permission ? { permission } : {}), ...(response ? { response } : {}), ...(body ? { body } : {}) });
  });

  const metrics = createMetrics();
  app.decorateRequest('user', null);

  await app.register(cookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, formBodyParser);
  app.addContentTypeParser('multipart/form-data', multipartParser);
  await app.register(websocket);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'rexian API',
        description: 'rexian (热线): service standards, tickets, calls and QA for telephone hotlines. Sign in with POST /api/auth/login; the session cookie authenticates every other call.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          ctiToken: { type: 'http', scheme: 'bearer', description: 'the token of a CTI connection (shown once when an admin creates it)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', securityHeaders(deps.config));

  // Cross-origin writes are refused before the session is even looked at.
  app.addHook('onRequest', originGuard(deps.config));

  // Authentication first, so that an anonymous caller learns "sign in" before "your body is wrong".
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'token') return;
    // an integration with its token (no session): the route authenticates it
    if (request.routeOptions.config?.integrationToken && bearerToken(request.headers.authorization) && !request.cookies[SESSION_COOKIE]) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.user = await resolveSession(deps.database.db, token, deps.clock());
    if (access === 'public') return;
    if (!request.user) throw new AppError(token ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', token ? 'your session has ended; please sign in again' : 'please sign in');
    if (access !== 'authenticated' && !access.includes(request.user.role))
      throw new AppError('FORBIDDEN', `the ${request.user.role} role may not do this`);
    const permission = request.routeOptions.config?.permission;
    if (permission && !(await roleHasPermission(deps.database.db, request.user.orgId, request.user.role, permission)))
      throw new AppError('FORBIDDEN', `your organisation has not granted the ${permission} permission to the ${request.user.role} role (an admin can, in Settings → Permissions)`, { permission });
  });

  // NUL characters and lone surrogates never reach a route, whatever its schema says.
  app.addHook('preValidation', refuseBadText);

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error, request.id);
    const status = statusOf(error);
    metrics.errors.inc({ code: body.error.code });
    if (status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    else if (isDataException(error)) request.log.warn({ err: error, requestId: request.id }, 'the database refused a value of the request');
    if (error instanceof AppError && error.code === 'AUTH_THROTTLED') {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('retry-after', String(retry));
    }
    return reply.status(status).send(body);
  });

  const webDir = opts.webDir ?? defaultWebDir;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb)
      return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no such endpoint: ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody);
    // Client-side routes (/tickets/…) are answered by the single-page app.
    return reply.type('text/html').sendFile('index.html');
  });

  const hub = new LiveHub(deps.database, app.log);
  await registerModules(app, deps, { metrics, live: hub });

  await hub.start();
  app.addHook('onClose', async () => hub.close());
  await liveRoutes(app, deps, hub);
  return Object.assign(app, { rexianRoutes: routes, liveHub: hub });
}

function statusOf(error: FastifyError): number {
  if (error instanceof AppError) return error.status;
  if (error.validation || isDataException(error)) return 400;
  if (isUniqueViolation(error)) return 409;
  const s = error.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

/** The body of an error answer (exported for tests). */
export function toErrorBody(error: FastifyError, requestId: string): ErrorBody {
  if (error instanceof AppError) return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    const problems = error.validation.map((v) => {
      const field = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      return `${where}${field ? `.${field}` : ''}: ${v.message ?? 'invalid'}`;
    });
    return { error: { code: 'VALIDATION_FAILED', message: problems.join('; '), details: problems } };
  }
  // SQL refused a value a route let through (a malformed id, a number or date out of range): still the caller's input
  if (isOutOfRange(error)) return { error: { code: 'VALUE_OUT_OF_RANGE', message: 'a number in the request is too large to store; nothing was saved' } };
  if (isDataException(error)) return { error: { code: 'BAD_REQUEST', message: 'a value in the request is malformed or out of range' } };
  if (isUniqueViolation(error)) return { error: { code: 'CONFLICT', message: 'this already exists (another request created it at the same moment); reload and try again' } };
  const status = statusOf(error);
  if (status < 500) {
    const code =
      status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST';
    return { error: { code, message: error.message } };
  }
  return { error: { code: 'INTERNAL', message: 'something went wrong on our side; the error was logged', requestId } };
}

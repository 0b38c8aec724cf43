import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Permission, Role } from '../../shared/roles.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { SessionUser } from '../modules/auth/auth.service.js';

/**
 * Who may call a route: a list of roles, any signed-in user, anyone, or a machine holding a token
 * the route checks itself (a CTI connection's token; a session does not count). Every /api route must say.
 */
export type RouteAccess = readonly Role[] | 'authenticated' | 'public' | 'token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Accept application/x-www-form-urlencoded bodies (for PBXes that cannot send JSON); every other route refuses them. */
    formBody?: boolean;
    /**
     * Also answers integrations that send `Authorization: Bearer <CTI connection token>` instead of a session
     * (the route checks the token itself and acts for the connection's organisation); without that header the
     * route's `access` applies as usual.
     */
    integrationToken?: boolean;
    /** A permission the organisation grants to roles of its choice (src/shared/roles.ts), needed besides `access`. */
    permission?: Permission;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  clock: () => Date;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  permission?: Permission;
  /** The answers the route declares (status → zod schema), checked against src/server/http/contract.ts. */
  response?: Record<string, unknown>;
  /** The request body's zod schema, if the route takes one. */
  body?: unknown;
}

export type AuthedRequest = FastifyRequest & { user: SessionUser };

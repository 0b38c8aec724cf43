import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import type { AppDeps } from './types.js';
import { fail } from './errors.js';

/** The service context for the signed-in user making this request. */
export function ctxOf(deps: AppDeps, request: FastifyRequest): Ctx {
  const user = request.user ?? fail('AUTH_REQUIRED', 'please sign in');
  return {
    db: deps.database.db,
    orgId: user.orgId,
    actor: { id: user.id, name: user.username, role: user.role },
    requestId: request.id,
    ip: request.ip,
    now: deps.clock,
    readDb: deps.database.reader,
  };
}

/** The token of `Authorization: Bearer <token>`, if the header says that. */
export function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/**
 * Input that no route should ever see, refused at the edge for every route at once:
 *
 * - text with a NUL character (PostgreSQL cannot store it) or a lone UTF-16 surrogate (not
 *   text at all: it cannot be written as UTF-8), in any string or key of the body, the query
 *   or the path;
 * - a database "data exception" (SQLSTATE class 22: a malformed uuid, a number or date out of
 *   range) that a route let through to SQL — still the caller's mistake, so 400, never 500.
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

// eslint-disable-next-line no-control-regex -- the NUL character is exactly what is looked for
const badText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(s: string): string {
  return s.includes('\u0000') ? 'contains a NUL character (U+0000)' : 'contains a lone UTF-16 surrogate (not valid Unicode text)';
}

/** The path of the first bad string or key in `value`, walked without recursion (a deeply nested body cannot overflow the stack). */
export function findBadText(value: unknown, where: string): string | null {
  const stack: Array<[unknown, string]> = [[value, where]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (++visited > 1_000_000) return null; // the body limit bounds this long before; a guard, not a rule
    if (typeof v === 'string') {
      if (badText.test(v)) return `${path}: ${describe(v)}`;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (badText.test(key)) return `${path}: a key ${describe(key)}`;
        stack.push([(v as Record<string, unknown>)[key], `${path}.${key}`]);
      }
    }
  }
  return null;
}

/** preValidation hook: 400 VALIDATION_FAILED for bad text anywhere in params, query or body. */
export async function refuseBadText(request: FastifyRequest): Promise<void> {
  const problem = findBadText(request.params, 'params') ?? findBadText(request.query, 'querystring') ?? findBadText(request.body, 'body');
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [problem]);
}

/** A unique constraint refused a row (SQLSTATE 23505): two requests created the same thing at once, the check before it passed for both. */
export function isUniqueViolation(error: FastifyError | Error): boolean {
  const e = error as { code?: unknown; severity?: unknown };
  return e.code === '23505' && typeof e.severity === 'string';
}

/** A number the column cannot hold (SQLSTATE 22003, e.g. more than 2^31 - 1 in an integer), from node-postgres or PGlite. */
export function isOutOfRange(error: FastifyError | Error): boolean {
  const e = error as { code?: unknown; severity?: unknown };
  return e.code === '22003' && typeof e.severity === 'string';
}

/** A PostgreSQL data exception (SQLSTATE 22xxx) from node-postgres or PGlite. */
export function isDataException(error: FastifyError | Error): boolean {
  const e = error as { code?: unknown; severity?: unknown };
  return typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && typeof e.severity === 'string';
}

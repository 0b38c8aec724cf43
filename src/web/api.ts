import type { z } from 'zod';
import { errorLabel } from '../shared/labels/errors.js';
import type { WebBodies, WebContract } from '../server/http/contract.js';
import { currentLanguage } from './i18n/index.js';

/**
 * A failed API call, with the server's stable code. Its `message` is the code's label in the person's language
 * (src/shared/labels/errors.ts), never the server's English sentence, which stays in `serverMessage` for the console.
 */
export class ApiError extends Error {
  readonly serverMessage: string;
  constructor(
    readonly status: number,
    readonly code: string,
    serverMessage: string,
    readonly details?: unknown,
  ) {
    super(errorLabel(code, currentLanguage(), details));
    this.serverMessage = serverMessage;
  }
}

/** A route the browser calls, as `METHOD /url` the way the server registers it (src/server/http/contract.ts). */
export type Route = keyof WebContract;

/**
 * What a route answers, as JSON: the output of the zod schema the route declares (void for a 204). The browser does
 * not check it again at run time: the server parses every answer with that schema before it sends it
 * (fastify-type-provider-zod's serializer), and src/server/http/contract.test.ts checks that the contract's
 * schema is the route's own.
 */
export type Answer<R extends Route> = WebContract[R] extends z.ZodType ? z.output<WebContract[R]> : void;

type ParamNames<S extends string> = S extends `${string}:${infer P}/${infer Rest}` ? P | ParamNames<Rest> : S extends `${string}:${infer P}` ? P : never;

/** What a route takes as its JSON body: the input of the schema the route declares (any JSON where it declares none). */
export type Body<R extends Route> = R extends keyof WebBodies ? z.input<WebBodies[R]> : unknown;

export type CallOptions<R extends Route> = Omit<RequestInit, 'method' | 'body'> & {
  /** The query string, without its `?` (empty: none). */
  query?: string | URLSearchParams;
  json?: Body<R>;
} & ([ParamNames<R>] extends [never] ? { params?: undefined } : { params: Record<ParamNames<R>, string | number> });

/**
 * Call a route of the server by its name in the contract, e.g. `api('GET /api/tickets/:id', { params: { id } })`:
 * the answer's type is the route's declared one. Path parameters are URI-encoded. Failures throw ApiError.
 */
export function api<R extends Route>(route: R, ...[options]: [ParamNames<R>] extends [never] ? [options?: CallOptions<R>] : [options: CallOptions<R>]): Promise<Answer<R>> {
  const { params, query, ...init } = (options ?? {}) as CallOptions<Route> & { params?: Record<string, string | number> };
  const space = route.indexOf(' ');
  const path = route.slice(space + 1).replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
  const qs = query === undefined ? '' : String(query);
  return request<Answer<R>>(qs ? `${path}?${qs}` : path, { ...init, method: route.slice(0, space) });
}

async function request<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err)); // offline, or the server is restarting
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? res.statusText, err?.details);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One error type for everything a caller can get wrong, with a stable code and a sentence a person understands (in
 * English, for logs, the CLI and API users). The codes, their HTTP status and their labels in the UI languages are one
 * closed table (src/shared/labels/errors.ts): a code missing there does not compile, and no caller picks a status.
 */
import { errorCodes, type ErrorCode } from '../../shared/labels/errors.js';

export type { ErrorCode };

/** The HTTP status of each code. */
export const errorStatus: { readonly [C in ErrorCode]: (typeof errorCodes)[C]['status'] } = Object.fromEntries(
  Object.entries(errorCodes).map(([code, def]) => [code, def.status]),
) as { readonly [C in ErrorCode]: (typeof errorCodes)[C]['status'] };

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = errorCodes[code].status;
  }
}

export function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new AppError(code, message, details);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string; details?: unknown };
}

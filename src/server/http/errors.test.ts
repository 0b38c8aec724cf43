import { describe, expect, it } from 'vitest';
import { AppError, errorStatus, fail } from './errors.js';

describe('AppError', () => {
  it('takes its status from the code, never from the caller', () => {
    expect(new AppError('TICKET_NOT_FOUND', 'no ticket').status).toBe(404);
    expect(new AppError('EXPORT_TOO_LARGE', 'too many', { rows: 2, limit: 1 }).status).toBe(422);
    expect(new AppError('AUTH_THROTTLED', 'wait', { retryAfterSeconds: 5 }).details).toEqual({ retryAfterSeconds: 5 });
    expect(errorStatus.QA_CALL_UNKNOWN).toBe(422);
    expect(() => fail('CALL_NOT_YOURS', 'not yours')).toThrowError(expect.objectContaining({ status: 403, code: 'CALL_NOT_YOURS' }));
  });

  it('an unknown code does not compile (checked by npm run typecheck) and has no status', () => {
    // @ts-expect-error: the codes are a closed list (src/shared/labels/errors.ts)
    expect(() => fail('NO_SUCH_CODE', 'x')).toThrow();
    // @ts-expect-error: the status comes from the table, the constructor takes none
    expect(new AppError('NOT_FOUND', 'x', undefined, 418).status).toBe(404);
  });
});

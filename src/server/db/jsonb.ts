/**
 * JSONB columns are parsed with their column's zod schema where a repository reads them, not cast: a value
 * written before a field existed gets its default, and a damaged one (edited by hand, written by an older
 * build) is a clear STORED_DATA_INVALID naming the table, column, row and first problem, instead of a
 * TypeError somewhere later. Each column has one schema, next to the repository that owns the table, and the
 * same schema shapes what is written (`toJsonb`).
 */
import type { z } from 'zod';
import { AppError } from '../http/errors.js';

/** Which stored value: for the error that names it. */
export interface JsonbAt {
  table: string;
  column: string;
  id?: string | number | bigint | null | undefined;
}

/** The first problem of a failed parse, as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.length ? first.path.join('.') : '(the value)'}: ${first.message}` : 'unknown problem';
}

export function storedDataInvalid(at: JsonbAt, problem: string): AppError {
  return new AppError('STORED_DATA_INVALID', `${at.table}.${at.column}${at.id == null ? '' : ` of row ${String(at.id)}`} does not match its schema: ${problem}`, {
    table: at.table,
    column: at.column,
  });
}

/** A JSONB value read from the database, parsed with its column's schema. */
export function readJsonb<S extends z.ZodType>(schema: S, value: unknown, at: JsonbAt): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw storedDataInvalid(at, firstIssue(r.error));
  return r.data;
}

/** A value for a JSONB column, checked with the column's schema (a fault here is the caller's bug, not the user's). */
export function toJsonb<S extends z.ZodType>(schema: S, value: z.input<S>): string {
  return JSON.stringify(schema.parse(value));
}

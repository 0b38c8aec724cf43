/**
 * 到达现场 (95598): the repair crew's arrival limit of a ticket — 城区 45 分钟, 农村 90 分钟, 特殊边远地区
 * 2 小时 — from the pack's commitments with `measure: arrival`: the one of the ticket's category whose
 * `when` matches the ticket's field (区域类型). Counted from the ticket's acceptance.
 */
import type { Commitment, Pack } from '../standards/schema.js';

export interface ArrivalLimit {
  commitment: Pick<Commitment, 'id' | 'name' | 'within'>;
  /** The field and value that chose it (区域类型 = 城区), or null for a commitment without `when`. */
  field: { id: string; name: string; value: string } | null;
}

/** The arrival commitments of a category (what the ticket page offers), in pack order. */
export function arrivalCommitments(pack: Pick<Pack, 'commitments'>, category: string): Commitment[] {
  return pack.commitments.filter((c) => c.measure === 'arrival' && c.category === category);
}

/** The arrival limit of a ticket, or null when its category has none or its field matches none. */
export function arrivalLimitOf(pack: Pick<Pack, 'commitments' | 'ticketFields'>, ticket: { category: string; fields: Record<string, unknown> }): ArrivalLimit | null {
  for (const c of arrivalCommitments(pack, ticket.category)) {
    if (!c.when) return { commitment: c, field: null };
    if (ticket.fields[c.when.field] === c.when.is) {
      const name = pack.ticketFields.find((f) => f.id === c.when!.field)?.name ?? c.when.field;
      return { commitment: c, field: { id: c.when.field, name, value: c.when.is } };
    }
  }
  return null;
}
